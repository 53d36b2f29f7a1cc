#include "broker/paper/paper_config_file.hpp"

#include <fmt/format.h>

#include "config/json_config.hpp"
#include "money/fee_file.hpp"

namespace sos::broker {

extern const char* const kShippedExec;

std::string_view shipped_exec_config() {
    return kShippedExec;
}

PaperConfig load_paper_config(const std::string& path, const std::string& fees_path,
                              const time::Calendar& calendar) {
    PaperConfig c;
    c.calendar = &calendar;
    config::naming_file(path.empty() ? "exec defaults" : path, [&] {
        const auto j = config::load_layered(kShippedExec, "exec defaults", path);
        config::ObjectReader top(j, "");
        auto p = top.object("paper");
        c.entry_valid_bars = static_cast<int>(p.integer("entry_valid_bars", 1, 1000));
        c.slippage_ticks = static_cast<int>(p.integer("slippage_ticks", 0, 1000));
        c.square_off_seconds = p.clock("square_off");
        c.structure_take_profit = p.number("structure_take_profit", 0.01, 1);
        c.structure_stop = p.number("structure_stop", 1.01, 100);
        p.finish();
        top.finish();
    });
    c.fees = money::load_fee_schedule(fees_path);
    return c;
}

}  // namespace sos::broker
