// Test harness for the strategy engine: strategies from JSON text, input as NDJSON lines, and
// the derived lines back as parsed JSON.
#pragma once

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "event/decoder.hpp"
#include "strategy/engine.hpp"
#include "strategy/loader.hpp"
#include "time/calendar.hpp"

namespace harness {

using Json = nlohmann::json;

inline std::shared_ptr<const sos::strategy::Strategy> load(const std::string& text,
                                                           const std::string& file = "t.json") {
    auto r = sos::strategy::load_strategy(file, text);
    if (!r.strategy) {
        std::string all;
        for (const auto& e : r.errors)
            all += e + "\n";
        throw std::runtime_error(all);
    }
    return r.strategy;
}

// 2024-01-08 09:15 IST, a Monday.
inline constexpr long kT0 = 1704685500;

inline std::string candle(const std::string& symbol, long ts, double o, double h, double l, double c,
                          double v = 1000, const std::string& tf = "1m", bool hist = false) {
    return fmt::format(
        R"({{"type":"CANDLE","timestamp":{},"symbol":"{}","tf":"{}","o":{},"h":{},"l":{},"c":{},"v":{}{}}})",
        ts, symbol, tf, o, h, l, c, v, hist ? R"(,"hist":true)" : "");
}

struct Harness {
    sos::time::Calendar calendar = sos::time::Calendar::nse_default();
    sos::strategy::Engine engine;
    sos::event::Decoder decoder;
    sos::event::EventList events;

    explicit Harness(const std::vector<std::string>& strategies, std::vector<std::string> explain = {})
        : engine(options(std::move(explain))) {
        std::vector<std::shared_ptr<const sos::strategy::Strategy>> v;
        for (const auto& s : strategies)
            v.push_back(load(s));
        engine.set_strategies(v);
    }
    sos::strategy::EngineOptions options(std::vector<std::string> explain) {
        sos::strategy::EngineOptions o;
        o.calendar = &calendar;
        o.explain = std::move(explain);
        return o;
    }

    // The lines derived from one input line.
    std::vector<Json> line(const std::string& text) {
        if (!decoder.decode(text, events))
            throw std::runtime_error("bad test line: " + decoder.error().message());
        sos::strategy::Derived d;
        engine.on_events(events, d);
        std::vector<Json> out;
        d.for_each([&](sos::event::Kind, std::string_view l) { out.push_back(Json::parse(l)); });
        return out;
    }
    // All lines derived from several input lines, in order.
    std::vector<Json> run(const std::vector<std::string>& lines) {
        std::vector<Json> out;
        for (const auto& l : lines)
            for (auto& j : line(l))
                out.push_back(std::move(j));
        return out;
    }
    std::vector<Json> decisions(const std::vector<std::string>& lines) {
        std::vector<Json> out;
        for (auto& j : run(lines))
            if (j["type"] != "TRACE") out.push_back(std::move(j));
        return out;
    }
};

}  // namespace harness
