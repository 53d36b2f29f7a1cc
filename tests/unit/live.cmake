sos_unit_test(test_live SOURCES live_connection_test.cpp live_candles_test.cpp LIBS sos_live sos_candles)
