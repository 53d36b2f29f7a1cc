sos_unit_test(test_risk SOURCES risk_test.cpp LIBS sos_risk)
