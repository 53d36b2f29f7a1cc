sos_unit_test(test_feed_replay SOURCES feed_replay_test.cpp LIBS sos_feed)
