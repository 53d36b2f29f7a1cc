sos_unit_test(test_candles SOURCES candles_test.cpp LIBS sos_candles)
