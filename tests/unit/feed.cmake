sos_unit_test(test_feed_replay SOURCES feed_replay_test.cpp LIBS sos_feed)
sos_unit_test(test_feed_producer SOURCES feed_producer_test.cpp LIBS sos_feed)
