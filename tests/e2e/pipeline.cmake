add_test(NAME e2e_pipeline COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/pipeline_e2e.sh)
set_tests_properties(e2e_pipeline PROPERTIES ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin" LABELS e2e TIMEOUT 300)
