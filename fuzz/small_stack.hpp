// Runs a fuzz input on a thread with a small stack. libFuzzer's inputs are a few kilobytes, so
// recursion that grows with the input (one frame per level of nesting) would only overflow the
// usual 8 MiB stack on inputs far longer than it tries; on 256 KiB it overflows within them, and
// the class of bug that took every tool down on a line nested 60,000 levels deep is found.
#pragma once

#include <pthread.h>

#include <cstdlib>
#include <utility>

namespace sos::fuzz {

template <class Body>
void on_small_stack(Body&& body) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 << 10);
    auto run = [](void* p) -> void* {
        (*static_cast<Body*>(p))();
        return nullptr;
    };
    pthread_t thread;
    if (pthread_create(&thread, &attr, run, &body) != 0) std::abort();
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
}

}  // namespace sos::fuzz
