add_test(NAME e2e_journal COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/journal_e2e.sh)
set_tests_properties(e2e_journal PROPERTIES ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin" LABELS e2e)
