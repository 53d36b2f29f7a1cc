# Operator control (lib/control): the socket's permissions and peer check, requests, answers and
# lines; and injection into a running stage. Both run threads (the socket's, the stage's): label tsan.
sos_unit_test(test_control SOURCES control_test.cpp LIBS sos_control sos_event LABELS tsan)
sos_unit_test(test_control_inject SOURCES control_inject_test.cpp LIBS sos_control sos_pipeline LABELS tsan)
