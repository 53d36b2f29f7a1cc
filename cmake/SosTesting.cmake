# sos_unit_test(NAME SOURCES... LIBS ... [LABELS ...]): one Catch2 executable per library
# module; every TEST_CASE becomes its own CTest entry (labelled "unit" and LABELS), so failures
# name the behaviour. Executables labelled "tsan" (the concurrent parts) are also gathered in
# the target tsan_tests, which a ThreadSanitizer build (SOS_TSAN) builds alone.
# TIMEOUT SECONDS bounds each entry (network tests).
include(/usr/lib/cmake/Catch2/Catch.cmake OPTIONAL RESULT_VARIABLE SOS_CATCH_MODULE)
if(NOT SOS_CATCH_MODULE)
    find_package(Catch2 REQUIRED)
    include(Catch)
endif()

function(sos_unit_test name)
    cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE Catch2::Catch2WithMain ${T_LIBS} sos_build)
    # tests/support: helpers every test may use (a temporary directory).
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
    target_compile_definitions(${name} PRIVATE SOS_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                               SOS_BINARY_DIR="${PROJECT_BINARY_DIR}")
    set(labels unit ${T_LABELS})
    if("tsan" IN_LIST T_LABELS)
        set_property(GLOBAL APPEND PROPERTY SOS_TSAN_TEST_TARGETS ${name})
    endif()
    catch_discover_tests(${name} TEST_PREFIX "${name}: " TEST_LIST ${name}_TESTS)
    # Catch2 2.x passes PROPERTIES through a flattened list, so a value that is itself a list
    # (two labels, two variables) came out split and misread: `ctest -L stress` found nothing.
    # The properties are set instead by a file CTest reads after the discovered tests.
    set(timeout_property "")
    if(T_TIMEOUT)
        set(timeout_property "TIMEOUT ${T_TIMEOUT}")
    endif()
    set(properties ${CMAKE_CURRENT_BINARY_DIR}/${name}_properties.cmake)
    file(WRITE ${properties}
         "if(${name}_TESTS)\n"
         "  set_tests_properties(\${${name}_TESTS} PROPERTIES LABELS \"${labels}\"\n"
         "      ${timeout_property} ENVIRONMENT \"SOS_BIN=${PROJECT_BINARY_DIR}/bin;SOS_SOURCE_DIR=${PROJECT_SOURCE_DIR}\")\n"
         "endif()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${properties})
endfunction()
