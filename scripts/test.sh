#!/bin/sh
# Sets up, builds and passes the whole test suite:
#   1. the format of the project's own C++ files (scripts/check-format.sh);
#   2. the normal build (GCC) and every test (unit, golden, end-to-end, conformance);
#   3. the same suite built with AddressSanitizer and UndefinedBehaviorSanitizer;
#   4. the concurrent parts' tests (labelled tsan) built with ThreadSanitizer;
#   5. everything (tools, tests, benchmarks, fuzz targets) built with clang, warnings as errors,
#      with ASan, UBSan and libFuzzer's coverage; its unit tests run, then every fuzz target
#      for a bounded time on its seed corpus.
# Stops at the first failure with a non-zero status; prints each stage's time at the end.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${SOS_FUZZ_SECONDS:-30}  # per target; longer runs: SOS_FUZZ_SECONDS=600
start=$(date +%s)
times=""
stage_name=""
stage_start=$start
end_stage() {  # adds the stage that ran to the table of times
    now=$(date +%s)
    [ -n "$stage_name" ] && times="$times$(printf '   %-30s %5d s' "$stage_name" $((now - stage_start)))
"
    stage_start=$now
}
stage() {  # stage NAME
    end_stage
    stage_name=$1
    echo "== $1"
}

sh scripts/install-deps.sh

stage "format (clang-format)"
sh scripts/check-format.sh

# Debug information is line tables only (-g1): enough for a sanitizer's or a debugger's stack
# trace with files and lines, and a fifth less compile time than full -g (CI's time is bounded).
stage "build and test (GCC)"
sh scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG"
ctest --test-dir build -j"$jobs" --output-on-failure

stage "ASan + UBSan (GCC)"
sh scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DSOS_SANITIZE=ON -DCMAKE_CXX_FLAGS=-O1 -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
    -DSOS_BENCH=OFF
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan -j"$jobs" --output-on-failure

stage "ThreadSanitizer (GCC)"
# Only what the tests labelled tsan need is built in this tree.
SOS_BUILD_TARGETS=tsan_tests sh scripts/build.sh build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" -DSOS_TSAN=ON -DSOS_BENCH=OFF
# TSan needs the address layout it was built for; some kernels randomise more than it expects.
norandom=""
setarch "$(uname -m)" -R true 2>/dev/null && norandom="setarch $(uname -m) -R"
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    $norandom ctest --test-dir build-tsan -L tsan -j"$jobs" --output-on-failure --no-tests=error

stage "clang: build all, unit tests"
CXX=clang++ sh scripts/build.sh build-clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -gline-tables-only -DNDEBUG" -DSOS_FUZZ=ON
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-clang -L unit -j"$jobs" --output-on-failure

stage "fuzz (${fuzz_seconds}s per target)"
for target in build-clang/bin/fuzz_*; do
    name=$(basename "$target")
    corpus=$(mktemp -d)
    seeds=fuzz/corpus/${name#fuzz_}
    [ -d "$seeds" ] && cp -r "$seeds"/. "$corpus"/
    echo "-- $name"
    (cd "$corpus" && "$OLDPWD/$target" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 . 2>&1 | tail -3)
    if ls "$corpus"/crash-* "$corpus"/timeout-* "$corpus"/leak-* >/dev/null 2>&1; then
        echo "fuzzing $name found a failure:"
        ls "$corpus"/crash-* "$corpus"/timeout-* "$corpus"/leak-* 2>/dev/null
        exit 1
    fi
    rm -rf "$corpus"
done

end_stage
printf '%s' "$times"
echo "== all tests passed in $(($(date +%s) - start)) s"
