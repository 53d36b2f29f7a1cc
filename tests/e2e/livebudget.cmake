add_test(NAME e2e_livebudget COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/livebudget_e2e.sh)
set_tests_properties(e2e_livebudget PROPERTIES
    ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin;SOS_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    LABELS "e2e;sim" TIMEOUT 120)
