sos_unit_test(test_event SOURCES event_decode_test.cpp event_encode_test.cpp event_validate_test.cpp event_json_test.cpp LIBS sos_event)
