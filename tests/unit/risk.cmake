sos_unit_test(test_risk SOURCES risk_test.cpp LIBS sos_risk)
sos_unit_test(test_config_files SOURCES config_files_test.cpp LIBS sos_risk sos_broker sos_money sos_config sos_regime sos_sentiment)
