# The ring, the stage and the feedback channel are the concurrent core: their tests (stress cases included) carry the
# label `tsan`, to be run in a ThreadSanitizer build (ctest -L tsan; see docs/architecture.md).
sos_unit_test(test_ring SOURCES ring_test.cpp LIBS sos_pipeline LABELS stress tsan)
sos_unit_test(test_stage SOURCES stage_test.cpp LIBS sos_pipeline LABELS stress tsan)
sos_unit_test(test_feedback SOURCES feedback_test.cpp LIBS sos_pipeline LABELS tsan)
sos_unit_test(test_health SOURCES health_test.cpp LIBS sos_pipeline nlohmann_json::nlohmann_json)
