# sos-journal serve's handlers, access rules and token (lib/dashboard), and its control port against a socket.
sos_unit_test(test_dashboard
    SOURCES dashboard_test.cpp dashboard_access_test.cpp dashboard_control_test.cpp
    LIBS sos_dashboard sos_control sos_pipeline sos_journal sos_ndjson SQLite::SQLite3 nlohmann_json::nlohmann_json fmt::fmt)
