# The account lock: its tests run a second, real process (lock_holder) that holds or is refused.
add_executable(lock_holder lock_holder_main.cpp)
target_link_libraries(lock_holder PRIVATE sos_lockfile sos_build)
sos_unit_test(test_lockfile SOURCES lockfile_test.cpp LIBS sos_lockfile TIMEOUT 60)
target_compile_definitions(test_lockfile PRIVATE SOS_LOCK_HOLDER="$<TARGET_FILE:lock_holder>")
add_dependencies(test_lockfile lock_holder)
