add_test(NAME e2e_dashboard COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/dashboard_e2e.sh)
set_tests_properties(e2e_dashboard PROPERTIES ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin"
    LABELS e2e TIMEOUT 120)
