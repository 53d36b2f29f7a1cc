# sos-alert's choices, words and secrets, without threads or sockets.
sos_unit_test(test_alerts SOURCES alerts_test.cpp LIBS sos_alerts sos_files sos_config fmt::fmt)
# The senders' threads and the ways out (a scripted HTTP server, commands): for ThreadSanitizer.
sos_unit_test(test_alerts_send SOURCES alerts_send_test.cpp LIBS sos_alerts sos_test_support sos_diag
              LABELS tsan TIMEOUT 120)
