# The hostile pass (tests/hostile/hostile.py): every tool and every kind of input, fed as a
# hostile user would, each case checked for crashes, hangs, lost lines and unnamed refusals.
# Run as four shards (every fourth case each) so that CTest's jobs share it: whole, it was the
# longest test under the sanitizers (six minutes), the last one still running in CI.
set(SOS_HOSTILE_SHARDS 4)
foreach(shard RANGE 1 ${SOS_HOSTILE_SHARDS})
    add_test(NAME hostile_pass_${shard}
             COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/hostile/hostile.py --shard ${shard}/${SOS_HOSTILE_SHARDS})
    set_tests_properties(hostile_pass_${shard} PROPERTIES ENVIRONMENT "SOS_BIN=${PROJECT_BINARY_DIR}/bin"
                         LABELS "e2e;hostile" TIMEOUT 900)
endforeach()
