#include "broker/live/position_line.hpp"

#include "event/json_writer.hpp"
#include "vocab/names.hpp"

namespace sos::broker::live {

std::string position_line(const PositionCheck& c, const openalgo::BookPosition* row, std::string_view verdict,
                          std::string_view broker, time::Timestamp at) {
    std::string line;
    event::JsonWriter w(line);
    w.str("type", "POSITION")
        .time("timestamp", at)
        .str("symbol", c.key.symbol)
        .str("exchange", c.key.exchange);
    w.integer("qty", c.broker_qty)
        .num("avg_price", row ? row->average_price.rupees() : 0.0)
        .num("realized_pnl", 0.0)
        .num("unrealized_pnl", row ? row->pnl.rupees() : 0.0);
    w.word("product", c.key.product).integer("sos_qty", c.sos_qty).str("reconcile", verdict);
    w.str("broker", broker).str("src", "sos-exec").str("mode", "live");
    w.finish_line();
    return line;
}

const openalgo::BookPosition* row_of(const std::vector<openalgo::BookPosition>& rows, const PositionKey& k) {
    for (const auto& r : rows)
        if (r.symbol == k.symbol && r.exchange == k.exchange && r.product == k.product && r.quantity != 0)
            return &r;
    return nullptr;
}

Holdings holdings_of(const std::vector<openalgo::BookPosition>& rows) {
    Holdings h;
    for (const auto& r : rows)
        add_to(h, PositionKey{r.symbol, r.exchange, r.product}, r.quantity);
    return h;
}

}  // namespace sos::broker::live
