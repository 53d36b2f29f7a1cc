#include "broker/exec_filter.hpp"

#include "broker/order_convert.hpp"
#include "diag/log.hpp"

namespace sos::broker {

namespace {
class OutputSink : public EventSink {
public:
    explicit OutputSink(ndjson::Output& out) : out_(out) {}
    void emit(const event::Event& e) override { out_.emit(e); }

private:
    ndjson::Output& out_;
};
}  // namespace

void ExecFilter::on_line(const pipeline::InputLine& line, const event::EventList& events,
                         ndjson::Output& out) {
    out.pass(line.type, line.text);
    OutputSink sink(out);
    for (const auto& e : events) {
        if (e.env.hist) {
            if (e.env.kind == event::Kind::Order) placed_.emplace(e.as<event::Order>()->id);
            broker_->restore(e);
            continue;
        }
        switch (e.env.kind) {
            case event::Kind::Order: {
                const auto& id = e.as<event::Order>()->id;
                // An order id seen before (in the history, or twice in the stream) was placed
                // already: placing it again would double the trade.
                if (placed_.contains(id)) break;
                std::string why;
                auto req = to_request(e, why);
                if (!req) {
                    event::Event u;
                    u.env.kind = event::Kind::OrderUpdate;
                    u.env.timestamp = e.env.timestamp;
                    u.env.symbol = e.env.symbol;
                    u.env.src = "sos-exec";
                    u.env.mode = std::string(broker_->mode());
                    auto& b = u.body.emplace<event::OrderUpdate>();
                    b.id = id;
                    b.status = "REJECTED";
                    b.message = why;
                    out.emit(u);
                    break;
                }
                placed_.emplace(id);
                broker_->place(*req, sink);
                break;
            }
            case event::Kind::Candle:
            case event::Kind::OptionChain:
                broker_->on_market(e, sink);
                break;
            case event::Kind::Control: {
                const auto* c = e.as<event::Control>();
                if (c->command == "kill" && (c->target.empty() || c->target == "sos-exec"))
                    broker_->flatten(c->scope, e.time(), sink);
                break;
            }
            default:
                break;
        }
    }
}

}  // namespace sos::broker
