# sos_unit_test(NAME SOURCES... LIBS ...): one Catch2 executable per library module; every
# TEST_CASE becomes its own CTest entry (labelled "unit"), so failures name the behaviour.
include(/usr/lib/cmake/Catch2/Catch.cmake OPTIONAL RESULT_VARIABLE SOS_CATCH_MODULE)
if(NOT SOS_CATCH_MODULE)
    find_package(Catch2 REQUIRED)
    include(Catch)
endif()

function(sos_unit_test name)
    cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE Catch2::Catch2WithMain ${T_LIBS} sos_build)
    target_compile_definitions(${name} PRIVATE SOS_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                               SOS_BINARY_DIR="${PROJECT_BINARY_DIR}")
    catch_discover_tests(${name} TEST_PREFIX "${name}: ")
    # Properties with several values (labels, variables) set on the discovered tests from a file
    # CTest reads after the discovery's: catch_discover_tests' PROPERTIES splits such lists
    # into separate arguments, which kept every label but the first (and the second variable).
    set(labels unit ${T_LABELS})
    set(properties_file ${CMAKE_CURRENT_BINARY_DIR}/${name}_properties.cmake)
    file(WRITE ${properties_file}
         "if(DEFINED ${name}_TESTS)  # not yet when the test program is not built\n"
         "    set_tests_properties(\${${name}_TESTS} PROPERTIES LABELS \"${labels}\"\n"
         "        ENVIRONMENT \"SOS_BIN=${PROJECT_BINARY_DIR}/bin;SOS_SOURCE_DIR=${PROJECT_SOURCE_DIR}\")\n"
         "endif()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${properties_file})
endfunction()
