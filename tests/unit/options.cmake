sos_unit_test(test_options SOURCES options_test.cpp options_structures_test.cpp LIBS sos_options)
