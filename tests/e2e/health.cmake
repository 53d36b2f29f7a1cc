add_test(NAME e2e_health COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/health_e2e.sh)
set_tests_properties(e2e_health PROPERTIES
    ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin;SOS_STRATEGIES=${PROJECT_SOURCE_DIR}/strategies"
    LABELS e2e TIMEOUT 300)
