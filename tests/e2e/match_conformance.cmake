# The shared conformance cases of the strategy spec, each a CTest test running the real binary
# and the cases' own checker. tests/conformance is a copy of the project's shared folder
# (../shared/conformance), kept in the repository so a clean clone (CI's) runs the cases too.
set(SOS_CONFORMANCE_DIR ${PROJECT_SOURCE_DIR}/tests/conformance)
file(GLOB SOS_CONFORMANCE_CASES CONFIGURE_DEPENDS ${SOS_CONFORMANCE_DIR}/cases/*.in.ndjson)
foreach(input ${SOS_CONFORMANCE_CASES})
    get_filename_component(name ${input} NAME)
    string(REPLACE ".in.ndjson" "" name ${name})
    add_test(NAME "conformance: ${name}"
             COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/match_conformance.sh ${SOS_CONFORMANCE_DIR} ${name})
    set_tests_properties("conformance: ${name}" PROPERTIES ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin"
                         LABELS "e2e;conformance")
endforeach()
