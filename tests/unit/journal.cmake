sos_unit_test(test_journal SOURCES journal_test.cpp LIBS sos_journal SQLite::SQLite3 nlohmann_json::nlohmann_json)
