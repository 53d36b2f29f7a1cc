sos_unit_test(test_paper_broker SOURCES paper_broker_test.cpp LIBS sos_broker)
sos_unit_test(test_exec_filter SOURCES exec_filter_test.cpp LIBS sos_broker)
sos_unit_test(test_live_order SOURCES live_order_test.cpp live_state_test.cpp live_exec_test.cpp live_settle_test.cpp live_queue_test.cpp live_reconcile_test.cpp live_exits_test.cpp live_armed_test.cpp live_structure_test.cpp live_structure_broker_test.cpp live_part_reject_test.cpp live_marks_test.cpp
              LIBS sos_broker_live sos_test_support)
# The order_update stream: its client runs on libwebsockets' thread beside the test's.
sos_unit_test(test_live_stream SOURCES live_stream_test.cpp LIBS sos_broker_live sos_test_support LABELS tsan TIMEOUT 120)
# The brokers file's "limits" reaching the live broker, opened as sos-exec opens it.
sos_unit_test(test_live_budget SOURCES live_budget_test.cpp LIBS sos_broker_live sos_test_support TIMEOUT 60)
