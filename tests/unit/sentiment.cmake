sos_unit_test(test_sentiment
    SOURCES sentiment_oi_test.cpp sentiment_iv_test.cpp sentiment_history_test.cpp sentiment_engine_test.cpp
    LIBS sos_sentiment)
