sos_unit_test(test_routing SOURCES routing_test.cpp LIBS sos_routing sos_config)
