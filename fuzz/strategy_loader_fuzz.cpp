// libFuzzer target: arbitrary bytes as a strategy file. Every refusal must carry at least one
// error naming the file; every strategy that loads must run: a few candles, a sentiment and a
// regime line through the engine, with its state saved and restored.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "event/decoder.hpp"
#include "small_stack.hpp"
#include "strategy/engine.hpp"
#include "strategy/loader.hpp"
#include "strategy/state_file.hpp"

namespace {

void load_and_run(const std::string& text) {
    auto r = sos::strategy::load_strategy("fuzz.json", text);
    if (!r.strategy) {
        if (r.errors.empty()) std::abort();
        for (const auto& e : r.errors)
            if (e.rfind("fuzz.json: ", 0) != 0) std::abort();
        return;
    }
    static const auto calendar = sos::time::Calendar::nse_default();
    sos::strategy::EngineOptions o;
    o.calendar = &calendar;
    o.explain = {"*"};
    sos::strategy::Engine engine(o);
    engine.set_strategies({r.strategy});
    static sos::event::Decoder decoder;
    sos::event::EventList events;
    sos::strategy::Derived out;
    const char* lines[] = {
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704685400,"pcr":0.9,"pcr_velocity":-0.1,"iv_rank":70,"iv":0.2,"hv":0.1,"vix":18})",
        R"({"type":"REGIME","timestamp":1704685401,"symbol":"NIFTY","regime":"SIDEWAYS"})",
        R"({"type":"CANDLE","timestamp":1704685500,"symbol":"NIFTY","tf":"1m","o":100,"h":104,"l":98,"c":99,"v":1000})",
        R"({"type":"CANDLE","timestamp":1704685560,"symbol":"NIFTY","tf":"1m","o":98.5,"h":99,"l":96.5,"c":97,"v":3000})",
        R"({"type":"CANDLE","timestamp":1704685620,"symbol":"NIFTY","tf":"1m","o":97.5,"h":98.5,"l":96.5,"c":97.6,"v":10})",
        R"({"type":"CANDLE","timestamp":1704685500,"symbol":"NIFTY","tf":"15m","o":100,"h":104,"l":98,"c":99,"v":1000})",
        R"({"type":"CANDLE","timestamp":1704772200,"symbol":"NIFTY","tf":"1m","o":97,"h":99,"l":96,"c":98,"v":0})",
        R"({"type":"CANDLE","timestamp":1704772200,"symbol":"NIFTY","tf":"1d","o":97,"h":99,"l":96,"c":98,"v":0})",
    };
    for (const char* l : lines) {
        if (!decoder.decode(l, events)) std::abort();
        engine.on_events(events, out);
    }
    const std::string saved = sos::strategy::serialize_state(engine);
    sos::strategy::Engine again(o);
    again.set_strategies({r.strategy});
    auto load = sos::strategy::restore_state(again, saved, "fuzz");
    if (!load.refusals.empty()) std::abort();
}

}  // namespace

// On a small stack, so recursion that grows with the file's nesting is found.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    sos::fuzz::on_small_stack([&] { load_and_run(text); });
    return 0;
}
