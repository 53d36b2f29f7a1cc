sos_unit_test(test_ring SOURCES ring_test.cpp LIBS sos_pipeline LABELS stress tsan)
sos_unit_test(test_stage SOURCES stage_test.cpp LIBS sos_pipeline LABELS tsan)
sos_unit_test(test_feedback SOURCES feedback_test.cpp LIBS sos_pipeline LABELS tsan)
