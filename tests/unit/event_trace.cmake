sos_unit_test(test_event_trace SOURCES event_trace_test.cpp LIBS sos_event)
