sos_unit_test(test_journal
    SOURCES journal_test.cpp journal_trades_test.cpp journal_report_test.cpp journal_replay_test.cpp
            journal_faults_test.cpp journal_codec_test.cpp journal_storage_test.cpp
    LIBS sos_journal sos_ndjson SQLite::SQLite3 nlohmann_json::nlohmann_json fmt::fmt)

# sos-journal's live views (status, quality): their own binary, so they build without the rest.
sos_unit_test(test_journal_views
    SOURCES journal_status_judge_test.cpp journal_status_test.cpp journal_quality_test.cpp
    LIBS sos_journal sos_ndjson SQLite::SQLite3 nlohmann_json::nlohmann_json fmt::fmt)
