sos_unit_test(test_yahoo SOURCES yahoo_names_test.cpp yahoo_chart_test.cpp LIBS sos_yahoo sos_event)
