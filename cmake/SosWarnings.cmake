# Warnings are errors in sos's own code; third-party headers come in as system includes.
add_library(sos_warnings INTERFACE)
target_compile_options(sos_warnings INTERFACE -Wall -Wextra -Werror -Wno-missing-field-initializers)
# GCC 12 at -O3 reports impossible overlaps inside std::string (GCC bug 105329): a false
# positive in the standard library's code, not ours.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(sos_warnings INTERFACE -Wno-restrict)
endif()

add_library(sos_sanitize INTERFACE)
# float-cast-overflow is named apart: GCC's "undefined" leaves it out (clang's has it), and a
# double beyond int64 converted to it (an order size, a timestamp) is what it catches.
if(SOS_SANITIZE)
    target_compile_options(sos_sanitize INTERFACE -fsanitize=address,undefined,float-cast-overflow
                                                  -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(sos_sanitize INTERFACE -fsanitize=address,undefined,float-cast-overflow
                                               -fno-sanitize-recover=all)
endif()

if(SOS_TSAN)
    if(SOS_SANITIZE OR SOS_FUZZ)
        message(FATAL_ERROR "sos: SOS_TSAN cannot be combined with SOS_SANITIZE or SOS_FUZZ (one sanitizer runtime per build)")
    endif()
    # GCC warns that TSan does not model std::atomic_thread_fence. The one fence in sos (the
    # wait strategy's signal) orders the sequence's publication before reading the count of
    # sleepers, a wake-up handshake that guards no data: what TSan checks, the data handed over
    # through the ring's acquire/release sequences, does not depend on it.
    target_compile_options(sos_sanitize INTERFACE -fsanitize=thread -fno-omit-frame-pointer
                                                  $<$<CXX_COMPILER_ID:GNU>:-Wno-tsan>)
    target_link_options(sos_sanitize INTERFACE -fsanitize=thread)
endif()

if(SOS_FUZZ)
    # Coverage instrumentation for libFuzzer everywhere; the fuzz targets add the driver.
    target_compile_options(sos_sanitize INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                                  -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(sos_sanitize INTERFACE -fsanitize=address,undefined)
endif()

# Every sos target links this: warnings plus, in a sanitizer build, the sanitizers.
add_library(sos_build INTERFACE)
target_link_libraries(sos_build INTERFACE sos_warnings sos_sanitize)

# simdjson's on-demand parser picks its SIMD kernel at compile time: without these flags it
# falls back to scalar code several times slower. sos is built from source on the machine
# that runs it, so build for that machine unless asked not to.
# A floating-point formula must give the same bits wherever the compiler inlined it. With FMA
# (-march=native) GCC by default fuses a * b + c into one rounding at one call site and not at
# another: a VWAP restored from saved state then drifted from the one that had run on (found by
# test_indicators in a Release build, -O3). Each operation rounds on its own, as written, as in
# the Python and TA-Lib references the indicators are checked against.
target_compile_options(sos_build INTERFACE -ffp-contract=off)

option(SOS_NATIVE "Optimise for the building machine's CPU (-march=native)" ON)
include(CheckCXXCompilerFlag)
check_cxx_compiler_flag(-march=native SOS_HAS_MARCH_NATIVE)
if(SOS_NATIVE AND SOS_HAS_MARCH_NATIVE)
    target_compile_options(sos_build INTERFACE -march=native)
endif()
