sos_unit_test(test_synth SOURCES synth_test.cpp LIBS sos_synth)
