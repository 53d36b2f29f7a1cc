sos_unit_test(test_money SOURCES money_test.cpp LIBS sos_money)
