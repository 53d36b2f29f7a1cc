#include "broker/exec_filter.hpp"

#include "broker/order_convert.hpp"
#include "diag/log.hpp"
#include "event/encoder.hpp"

namespace sos::broker {

namespace {
class OutputSink : public EventSink {
public:
    OutputSink(ndjson::Output& out, pipeline::FeedbackSender* feedback) : out_(out), feedback_(feedback) {}
    void emit(const event::Event& e) override {
        if (!feedback_) {
            out_.emit(e);
            return;
        }
        line_.clear();
        event::encode(e, line_);
        out_.emit_encoded(event::type_name(e.env.kind), line_);
        feedback_->send(line_);
    }

private:
    ndjson::Output& out_;
    pipeline::FeedbackSender* feedback_;
    std::string line_;
};
}  // namespace

void ExecFilter::on_line(const pipeline::InputLine& line, const event::EventList& events,
                         ndjson::Output& out) {
    // sos-risk's handshake ends here: it is not market data, and nothing after sos-exec needs it.
    if (line.type == "SYNC") {
        if (const auto seq = pipeline::sync_seq(line.text); seq && feedback_) feedback_->acknowledge(*seq);
        return;
    }
    out.pass(line.type, line.text);
    OutputSink sink(out, feedback_);
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
                    b.status = vocab::OrderStatus::Rejected;
                    b.message = why;
                    sink.emit(u);
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
