#include "instrument/registry_file.hpp"

#include <fmt/format.h>
#include <cmath>

namespace sos::instrument {

extern const char* const kShippedInstruments;

namespace {

using config::ConfigError;
using config::ObjectReader;

money::Paise tick(ObjectReader& r, std::string_view key) {
    const double rupees = r.number(key, 0.0001, 1000);
    const money::Paise p = money::Paise::from_rupees(rupees);
    // Prices are kept in paise: a tick finer than a paisa (currency futures) cannot be held.
    if (std::abs(static_cast<double>(p.value) - rupees * 100.0) > 1e-6)
        throw ConfigError(fmt::format("{}: must be a whole number of paise (0.05, 0.01, ...)", r.where(key)));
    return p;
}

vocab::Exchange exchange(ObjectReader& r, std::string_view key) {
    const std::string s = r.string(key);
    if (auto e = vocab::parse<vocab::Exchange>(s)) return *e;
    throw ConfigError(fmt::format("{}: {}", r.where(key), vocab::not_one_of<vocab::Exchange>(s)));
}

// One entry over `base` (what the registry had, if anything).
Instrument entry(ObjectReader in, const Instrument* base) {
    Instrument i = base ? *base : Instrument{};
    if (in.has("lot_size"))
        i.lot_size = in.integer("lot_size", 1, 1'000'000);
    else if (!base)
        throw ConfigError(fmt::format("{}: missing (a lot size is never guessed)", in.where("lot_size")));
    if (in.has("freeze_qty")) i.freeze_qty = in.integer("freeze_qty", 0, 100'000'000);
    if (in.has("tick_size")) i.tick = tick(in, "tick_size");
    if (in.has("exchange")) i.exchange = exchange(in, "exchange");
    in.finish();
    return i;
}

void read_equity(ObjectReader r, Registry& reg) {
    const auto lot = r.integer("lot_size", 0, 1'000'000);
    Instrument i;
    i.lot_size = lot;
    i.tick = tick(r, "tick_size");
    i.exchange = exchange(r, "exchange");
    r.finish();
    if (lot > 0)
        reg.set_equity_default(i);
    else
        reg.set_equity_default(std::nullopt);
}

}  // namespace

void read_entries(ObjectReader& parent, std::string_view key, Registry& reg) {
    const nlohmann::json& j = parent.value(key);
    ObjectReader r = parent.object(key);
    for (const auto& [name, value] : j.items()) {
        if (name == "comment" || value.is_null()) continue;  // null: removed by the user's patch
        reg.set(name, entry(r.object(name), reg.entry(name)));
    }
    r.finish();
}

std::string_view shipped_instruments() {
    return kShippedInstruments;
}

Registry load_registry(const std::string& path) {
    return config::naming_file(path.empty() ? "instruments defaults" : path, [&] {
        const auto j = config::load_layered(kShippedInstruments, "instruments defaults", path);
        ObjectReader top(j, "");
        Registry reg;
        read_entries(top, "instruments", reg);
        read_equity(top.object("equity"), reg);
        top.finish();
        return reg;
    });
}

}  // namespace sos::instrument
