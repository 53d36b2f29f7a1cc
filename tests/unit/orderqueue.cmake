# The queue lives on the executor's deciding thread alone (order_queue.hpp): no tsan label.
sos_unit_test(test_orderqueue SOURCES orderqueue_test.cpp LIBS sos_orderqueue sos_ratelimit)
