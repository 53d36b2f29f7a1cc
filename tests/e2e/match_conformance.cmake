# The shared conformance cases of the strategy spec, each a CTest test running the real binary
# and the cases' own checker. The folder lives beside the repository (../shared/conformance).
set(SOS_CONFORMANCE_DIR ${PROJECT_SOURCE_DIR}/../shared/conformance)
file(GLOB SOS_CONFORMANCE_CASES CONFIGURE_DEPENDS ${SOS_CONFORMANCE_DIR}/cases/*.in.ndjson)
if(SOS_CONFORMANCE_CASES)
    foreach(input ${SOS_CONFORMANCE_CASES})
        get_filename_component(name ${input} NAME)
        string(REPLACE ".in.ndjson" "" name ${name})
        add_test(NAME "conformance: ${name}"
                 COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/match_conformance.sh ${SOS_CONFORMANCE_DIR} ${name})
        set_tests_properties("conformance: ${name}" PROPERTIES ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin"
                             LABELS "e2e;conformance" SKIP_RETURN_CODE 77)
    endforeach()
else()
    add_test(NAME "conformance: cases" COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/match_conformance.sh
             ${SOS_CONFORMANCE_DIR} none)
    set_tests_properties("conformance: cases" PROPERTIES ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin"
                         LABELS "e2e;conformance" SKIP_RETURN_CODE 77)
endif()
