// libFuzzer target: arbitrary bytes as a user's settings file for every tool that reads one
// (risk, paper execution, fees, regime, sentiment). Whatever the bytes, a loader either loads
// or throws ConfigError with a message that starts with the file's name; no other exception,
// no crash, and nothing that recurses with the nesting (run on a small stack).
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "broker/paper/paper_config_file.hpp"
#include "config/json_config.hpp"
#include "money/fee_file.hpp"
#include "regime/regime_config.hpp"
#include "risk/risk_config_file.hpp"
#include "sentiment/sentiment_config.hpp"
#include "small_stack.hpp"

namespace {

template <class Load>
void must_load_or_name(const std::string& path, Load&& load) {
    try {
        load();
    } catch (const sos::config::ConfigError& e) {
        if (std::string(e.what()).rfind(path + ": ", 0) != 0) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The file lives in memory; the loaders open it by its /proc path as they would any file.
    static const int fd = ::memfd_create("settings", 0);
    if (fd < 0 || ::ftruncate(fd, 0) != 0 || ::pwrite(fd, data, size, 0) != static_cast<ssize_t>(size))
        std::abort();
    static const std::string path = "/proc/self/fd/" + std::to_string(fd);
    static const auto calendar = sos::time::Calendar::nse_default();
    sos::fuzz::on_small_stack([&] {
        must_load_or_name(path, [&] { sos::risk::load_risk_config(path, calendar); });
        must_load_or_name(path, [&] { sos::broker::load_paper_config(path, "", calendar); });
        must_load_or_name(path, [&] { sos::money::load_fee_schedule(path); });
        must_load_or_name(path, [&] { sos::regime::load_regime_config(path); });
        must_load_or_name(path, [&] { sos::sentiment::load_sentiment_config(path); });
    });
    return 0;
}
