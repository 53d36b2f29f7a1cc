sos_unit_test(test_wsfeed SOURCES wsfeed_test.cpp LIBS sos_wsfeed sos_event)
