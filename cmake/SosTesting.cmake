# sos_unit_test(NAME SOURCES... LIBS ...): one Catch2 executable per library module; every
# TEST_CASE becomes its own CTest entry (labelled "unit"), so failures name the behaviour.
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
    target_compile_definitions(${name} PRIVATE SOS_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                               SOS_BINARY_DIR="${PROJECT_BINARY_DIR}")
    set(labels unit ${T_LABELS})
    set(timeout "")
    if(T_TIMEOUT)
        set(timeout TIMEOUT ${T_TIMEOUT})
    endif()
    catch_discover_tests(${name} TEST_PREFIX "${name}: " PROPERTIES LABELS "${labels}" ${timeout}
                         ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin;SOS_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
