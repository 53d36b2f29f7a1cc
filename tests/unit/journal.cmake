sos_unit_test(test_journal
    SOURCES journal_test.cpp journal_trades_test.cpp journal_report_test.cpp journal_replay_test.cpp
            journal_faults_test.cpp journal_codec_test.cpp journal_storage_test.cpp
    LIBS sos_journal sos_ndjson SQLite::SQLite3 nlohmann_json::nlohmann_json fmt::fmt)
