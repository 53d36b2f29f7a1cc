add_test(NAME e2e_yahoo_tier COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/yahoo_tier_e2e.sh)
set_tests_properties(e2e_yahoo_tier PROPERTIES
    ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin;SOS_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    LABELS "e2e;sim" TIMEOUT 180)
