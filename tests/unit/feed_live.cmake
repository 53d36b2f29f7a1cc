sos_unit_test(test_feed_live SOURCES feed_live_test.cpp LIBS sos_feed_live)
