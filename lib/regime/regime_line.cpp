#include "regime/regime_line.hpp"

#include "event/json_writer.hpp"

namespace sos::regime {

void encode_regime_line(const RegimeLine& r, std::string& out) {
    event::JsonWriter w(out);
    w.str("type", "REGIME").time("timestamp", r.t).str_if("symbol", r.symbol).str_if("exchange", r.exchange);
    w.str("regime", vocab::name(r.regime)).num_if("score", r.score).array("flags");
    for (auto f : r.flags)
        w.element_string(f);
    w.end_array().boolean("changed", r.changed);
    w.raw("inputs", r.inputs);
    w.str("model", r.model).str_if("phase", r.phase).boolean("congestion", r.congestion);
    if (r.stale) w.boolean("stale", true);
    w.str("src", "sos-regime");
    if (r.hist) w.boolean("hist", true);
    w.str_if("true_regime", r.true_regime);
    w.finish_line();
}

}  // namespace sos::regime
