sos_unit_test(test_ratelimit SOURCES ratelimit_test.cpp LIBS sos_ratelimit)
