sos_unit_test(test_ndjson SOURCES ndjson_test.cpp LIBS sos_ndjson)
sos_unit_test(test_endpoint SOURCES endpoint_test.cpp LIBS sos_ndjson)
