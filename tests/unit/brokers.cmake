sos_unit_test(test_brokers SOURCES brokers_file_test.cpp broker_limits_test.cpp secret_test.cpp LIBS sos_brokers)
