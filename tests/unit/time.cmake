sos_unit_test(test_time SOURCES time_test.cpp LIBS sos_time)
