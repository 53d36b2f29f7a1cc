sos_unit_test(test_ndjson SOURCES ndjson_test.cpp LIBS sos_ndjson)
