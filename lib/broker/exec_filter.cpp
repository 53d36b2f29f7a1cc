#include "broker/exec_filter.hpp"

#include "broker/lot_check.hpp"
#include "broker/order_convert.hpp"
#include "broker/order_refusal.hpp"
#include "diag/log.hpp"
#include "event/encoder.hpp"

namespace sos::broker {

namespace {
class OutputSink : public EventSink {
public:
    OutputSink(ndjson::Output& out, pipeline::FeedbackSender* feedback, OrderTally& tally)
        : out_(out), feedback_(feedback), tally_(tally) {}
    void emit(const event::Event& e) override {
        tally_.note(e);
        if (!feedback_) {
            out_.emit(e);
            return;
        }
        line_.clear();
        event::encode(e, line_);
        out_.emit_encoded(event::type_name(e.env.kind), line_);
        feedback_->send(line_);
    }

    void emit_line(std::string_view type, std::string_view line) override {
        out_.emit_encoded(type, line);
        if (feedback_) feedback_->send(line);
    }

private:
    ndjson::Output& out_;
    pipeline::FeedbackSender* feedback_;
    OrderTally& tally_;
    std::string line_;
};
void learn_lot(const event::Event& e, instrument::Registry& lots) {
    if (const auto* ch = e.as<event::OptionChain>(); ch && ch->lot_size)
        lots.learn_lot_size(e.env.symbol,
                            static_cast<std::int64_t>(*ch->lot_size));  // bounded by the decoder
}

}  // namespace

void OrderTally::note(const event::Event& e) {
    if (const auto* u = e.as<event::OrderUpdate>()) {
        open_orders[u->id] = !vocab::is_final(u->status);
    } else if (const auto* p = e.as<event::Position>()) {
        positions[e.env.symbol] = p->qty;
    }
}

std::int64_t OrderTally::open_order_count() const {
    std::int64_t n = 0;
    for (const auto& [id, open] : open_orders)
        n += open ? 1 : 0;
    return n;
}

std::int64_t OrderTally::open_position_count() const {
    std::int64_t n = 0;
    for (const auto& [symbol, qty] : positions)
        n += qty != 0 ? 1 : 0;
    return n;
}

void ExecFilter::health(pipeline::HealthState& s) const {
    s.add_text("mode", broker_->mode());
    s.add_int("orders_placed", static_cast<std::int64_t>(placed_.size()));
    s.add_int("open_orders", tally_.open_order_count());
    s.add_int("open_positions", tally_.open_position_count());
    s.add_bool("reconciled", reconciled_);
    static constexpr std::string_view kSweep[] = {"", "in_progress", "done", "unconfirmed"};
    if (const auto w = broker_->sweep_state(); w != Broker::SweepState::None)
        s.add_text("kill", kSweep[static_cast<std::size_t>(w)]);
    static constexpr std::string_view kStream[] = {"", "up", "connecting", "down"};
    if (const auto w = broker_->stream_state(); w != Broker::StreamState::None)
        s.add_text("order_stream", kStream[static_cast<std::size_t>(w)]);
}

std::optional<OrderRequest> ExecFilter::accepted(const event::Event& e, std::string& why) const {
    auto req = to_request(e, why);
    if (!req) return req;
    if (auto lots = lot_problem(*req, *instruments_)) {
        why = *lots;
        return std::nullopt;
    }
    return req;
}

void ExecFilter::place(const event::Event& e, EventSink& sink) {
    const auto& id = e.as<event::Order>()->id;
    // An order id seen before (in the history, or twice in the stream) was placed already:
    // placing it again would double the trade.
    if (placed_.contains(id)) return;
    std::string why;
    auto req = accepted(e, why);
    if (!req) {
        sink.emit(order_refused(id, e.env.timestamp, e.env.symbol, broker_->mode(), why));
        return;
    }
    placed_.emplace(id);
    broker_->place(*req, sink);
}

void ExecFilter::on_line(const pipeline::InputLine& line, const event::EventList& events,
                         ndjson::Output& out) {
    // sos-risk's handshake ends here: it is not market data, and nothing after sos-exec needs it.
    if (line.kind == event::Kind::Sync) {
        if (const auto seq = events.empty() ? std::nullopt : pipeline::sync_seq(events[0]); seq && feedback_)
            feedback_->acknowledge(*seq);
        return;
    }
    out.pass(line.type, line.text);
    OutputSink sink(out, feedback_, tally_);
    for (const auto& e : events) {
        if (!e.env.hist) reconcile_once(last_seen_.value_or(e.time()), sink);  // the history is over
        last_seen_ = e.time();
        if (e.env.hist) {
            if (const auto* o = e.as<event::Order>()) {
                placed_.emplace(o->id);
                std::string why;
                if (!accepted(e, why)) continue;  // refused then: nothing to rebuild
            }
            learn_lot(e, *instruments_);
            broker_->restore(e);
            continue;
        }
        switch (e.env.kind) {
            case event::Kind::Order:
                place(e, sink);
                break;
            case event::Kind::OptionChain:
                learn_lot(e, *instruments_);
                broker_->on_market(e, sink);
                break;
            case event::Kind::Candle:
                broker_->on_market(e, sink);
                break;
            case event::Kind::Control: {
                const auto* c = e.as<event::Control>();
                if (event::is_kill_for(*c, "sos-exec"))
                    broker_->flatten(c->scope, e.time(), sink);
                else
                    broker_->control(*c, e.time(), sink);
                break;
            }
            default:
                break;
        }
    }
    // A busy stream never goes quiet: what the broker received meanwhile goes out here.
    broker_->poll(sink);
}

void ExecFilter::reconcile_once(time::Timestamp at, EventSink& sink) {
    if (reconciled_) return;
    reconciled_ = true;
    broker_->reconcile(at, sink);
}

void ExecFilter::on_idle(ndjson::Output& out) {
    OutputSink sink(out, feedback_, tally_);
    broker_->poll(sink);
}

void ExecFilter::on_end(ndjson::Output& out) {
    OutputSink sink(out, feedback_, tally_);
    reconcile_once(last_seen_.value_or(time::Timestamp{}), sink);  // all history, or no input
    broker_->poll(sink);
}

}  // namespace sos::broker
