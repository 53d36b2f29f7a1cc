sos_unit_test(test_nse SOURCES nse_chain_test.cpp nse_session_test.cpp LIBS sos_nse sos_sentiment sos_openalgo)
