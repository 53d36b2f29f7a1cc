// --watch: notices strategy files added, changed or removed in the strategy folders (inotify,
// on a thread of its own that sleeps in poll), and raises a flag the deciding thread checks
// before each line for the price of one atomic load.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace sos::strategy {

class Watcher {
public:
    // Watches each folder (for a file argument, the folder holding it). Throws
    // std::runtime_error when inotify cannot be set up.
    explicit Watcher(const std::vector<std::string>& paths);
    ~Watcher();
    Watcher(const Watcher&) = delete;
    Watcher& operator=(const Watcher&) = delete;

    bool pending() const { return changed_.load(std::memory_order_relaxed); }
    // True once after something changed.
    bool take_change() { return changed_.load(std::memory_order_relaxed) && changed_.exchange(false); }

private:
    void run();

    int inotify_fd_ = -1;
    int stop_fd_ = -1;
    std::atomic<bool> changed_{false};
    std::thread thread_;
};

}  // namespace sos::strategy
