add_test(NAME e2e_journal_status COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/journal_status_e2e.sh)
set_tests_properties(e2e_journal_status PROPERTIES ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin"
    LABELS e2e TIMEOUT 120)
