add_test(NAME e2e_regime COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/regime_e2e.sh)
set_tests_properties(e2e_regime PROPERTIES ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin;SOS_CALENDAR="
                     LABELS e2e TIMEOUT 300)
