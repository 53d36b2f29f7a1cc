// libFuzzer target: arbitrary bytes as a strategy file found in a folder by sos-match, read
// the way the playbook reads it (size limit, JSON with depth and duplicate-key checks, every
// error naming the file), on a small stack so recursion that grows with the file's nesting is
// found. strategy_loader_fuzz runs what loads; this one holds the file-reading promises.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "small_stack.hpp"
#include "strategy/playbook.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string dir = [] {
        auto d =
            std::filesystem::temp_directory_path() / ("sos-fuzz-strategies-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d.string();
    }();
    static const std::string path = dir + "/fuzz.json";
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    sos::fuzz::on_small_stack([&] {
        auto pb = sos::strategy::load_playbook({dir});
        if (pb.files.size() != 1) std::abort();
        const auto& f = pb.files[0];
        if (!f.strategy && f.errors.empty()) std::abort();
        for (const auto& e : f.errors)
            if (e.rfind(path + ": ", 0) != 0) std::abort();
    });
    return 0;
}
