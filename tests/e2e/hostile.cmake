# The hostile pass (tests/hostile/hostile.py): every tool and every kind of input, fed as a
# hostile user would, each case checked for crashes, hangs, lost lines and unnamed refusals.
add_test(NAME hostile_pass COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/hostile/hostile.py)
set_tests_properties(hostile_pass PROPERTIES ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin"
                     LABELS "e2e;hostile" TIMEOUT 1800)
