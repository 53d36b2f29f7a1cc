sos_unit_test(test_live_libraries SOURCES live_libraries_test.cpp LIBS CURL::libcurl PkgConfig::libwebsockets)
