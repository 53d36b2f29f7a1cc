# Test support shared by the network tests: a scripted WebSocket server and the OpenAlgo
# simulator as a child process, and a loopback REST server answering canned bodies.
add_library(sos_test_support STATIC ${PROJECT_SOURCE_DIR}/tests/support/ws_test_server.cpp
                                    ${PROJECT_SOURCE_DIR}/tests/support/sim_process.cpp
                                    ${PROJECT_SOURCE_DIR}/tests/support/fake_rest_server.cpp)
target_include_directories(sos_test_support PUBLIC ${PROJECT_SOURCE_DIR}/tests/support)
target_compile_definitions(sos_test_support PRIVATE SOS_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(sos_test_support PUBLIC PkgConfig::libwebsockets CURL::libcurl PRIVATE sos_build)

sos_unit_test(test_net SOURCES net_queue_test.cpp LIBS sos_net LABELS net tsan TIMEOUT 120)
# Every client test runs the client's own thread beside the test's: all are for ThreadSanitizer.
sos_unit_test(test_net_ws SOURCES ws_client_test.cpp ws_raw_client_test.cpp LIBS sos_net sos_test_support LABELS net tsan TIMEOUT 120)
sos_unit_test(test_net_ws_sim SOURCES ws_sim_test.cpp LIBS sos_net sos_test_support LABELS net tsan TIMEOUT 300)
sos_unit_test(test_net_http SOURCES http_outcome_test.cpp http_sim_test.cpp http_headers_test.cpp
              LIBS sos_net sos_test_support CURL::libcurl nlohmann_json::nlohmann_json LABELS net tsan TIMEOUT 300)
sos_unit_test(test_net_secrets SOURCES net_secrets_test.cpp LIBS sos_net sos_test_support LABELS net tsan TIMEOUT 300)
sos_unit_test(test_net_tls SOURCES net_tls_test.cpp LIBS sos_net LABELS net tsan TIMEOUT 120)
# The ws:// client's own framing and handshake, without a socket.
sos_unit_test(test_net_ws_frames SOURCES ws_frames_test.cpp LIBS sos_net LABELS net TIMEOUT 120)
