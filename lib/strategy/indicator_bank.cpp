#include "strategy/indicator_bank.hpp"

#include <cstring>

namespace sos::strategy {

namespace {

bool common_slot(expr::Slot s) {
    namespace slots = expr::slots;
    const bool candle = s >= slots::kCandle && s < slots::kPrev;
    const bool market = s >= slots::kSentiment && s <= slots::kSessionMinute;
    return candle || market || s >= expr::kTempBase;
}

bool same_code(const expr::Program& a, const expr::ExprRef& ra, const expr::Program& b,
               const expr::ExprRef& rb) {
    if (ra.result != rb.result || ra.end - ra.begin != rb.end - rb.begin) return false;
    for (std::uint32_t i = 0; i < ra.end - ra.begin; ++i) {
        const expr::Instr& x = a.code[ra.begin + i];
        const expr::Instr& y = b.code[rb.begin + i];
        if (x.op != y.op || x.imm != y.imm || x.dst != y.dst || x.a != y.a || x.b != y.b ||
            std::memcmp(&x.k, &y.k, sizeof x.k) != 0)
            return false;
    }
    return true;
}

// What an entry was made from, to find the sites that may share it.
struct EntryKey {
    const Tracker* tracker;
    std::size_t site;
    bool shareable;
    std::vector<double> state;
};

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

bool input_is_common(const expr::Program& program, const expr::IndicatorSite& site) {
    if (!site.has_input) return true;
    if (site.input.begin == site.input.end) return common_slot(site.input.result);
    for (std::uint32_t i = site.input.begin; i < site.input.end; ++i) {
        const expr::Instr& in = program.code[i];
        if (in.op == expr::Op::Const) continue;
        if (!common_slot(in.a) || (!in.imm && !common_slot(in.b))) return false;
    }
    return true;
}

void share_indicators(IndicatorBank& bank, std::vector<Tracker>& trackers) {
    own_indicators(bank, trackers);
    std::vector<EntryKey> keys;
    for (auto& t : trackers) {
        const expr::Program& p = t.s->program;
        t.entries.assign(p.sites.size(), 0);
        t.feeds.clear();
        for (std::size_t i = 0; i < p.sites.size(); ++i) {
            const expr::IndicatorSite& site = p.sites[i];
            EntryKey key{&t, i, input_is_common(p, site), {}};
            t.inds[i].save(key.state);
            std::size_t e = 0;
            for (; e < keys.size(); ++e) {
                const EntryKey& k = keys[e];
                const expr::IndicatorSite& other = k.tracker->s->program.sites[k.site];
                if (k.shareable && key.shareable && other.kind == site.kind && other.period == site.period &&
                    other.has_input == site.has_input && k.tracker->has_last == t.has_last &&
                    k.tracker->last_ts == t.last_ts && same_bits(k.state, key.state) &&
                    (!site.has_input || same_code(k.tracker->s->program, other.input, p, site.input)))
                    break;
            }
            if (e == keys.size()) {
                keys.push_back(std::move(key));
                bank.inds.push_back(std::move(t.inds[i]));
                t.feeds.push_back(static_cast<std::uint32_t>(i));
            }
            t.entries[i] = static_cast<std::uint32_t>(e);
        }
        t.inds.clear();
    }
    bank.values.assign(bank.inds.size(), expr::kUndefined);
    bank.inputs.assign(bank.inds.size(), expr::kUndefined);
    bank.fed.assign(bank.inds.size(), 0);
    bank.values_day = INT64_MIN;  // read at the next candle
}

void own_indicators(IndicatorBank& bank, std::vector<Tracker>& trackers) {
    for (auto& t : trackers) {
        if (t.entries.empty()) continue;
        t.inds.clear();
        for (const std::uint32_t e : t.entries)
            t.inds.push_back(bank.inds[e]);
        t.entries.clear();
        t.feeds.clear();
    }
    bank = IndicatorBank{};
}

const indicators::Indicator& site_indicator(const IndicatorBank& bank, const Tracker& t, std::size_t site) {
    return t.entries.empty() ? t.inds[site] : bank.inds[t.entries[site]];
}

}  // namespace sos::strategy
