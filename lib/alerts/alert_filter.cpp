#include "alerts/alert_filter.hpp"

#include "alerts/notice_text.hpp"
#include "diag/log.hpp"
#include "event/json_writer.hpp"

namespace sos::alerts {

namespace {

std::string what_of(const event::Event& e) {
    if (const auto* a = e.as<event::Alert>()) return "ALERT " + a->code;
    return e.env.kind == event::Kind::Fill ? "FILL" : "EXIT";
}

}  // namespace

AlertFilter::AlertFilter(AlertFilterOptions options, std::vector<std::unique_ptr<Sender>> senders)
    : options_(options), selector_(options.selection), senders_(std::move(senders)) {}

void AlertFilter::on_line(const pipeline::InputLine& line, const event::EventList& events,
                          ndjson::Output& out) {
    out.pass(line.type, line.text);
    if (line.kind != event::Kind::Alert && line.kind != event::Kind::Fill && line.kind != event::Kind::Exit)
        return;
    for (const auto& e : events) {
        const auto kind = selector_.select(e);
        if (!kind) continue;
        ++notices_;
        Notice n;
        n.kind = *kind;
        n.line.assign(line.text);
        n.text = notice_text(e, options_.zone);
        n.what = what_of(e);
        for (std::size_t i = 0; i + 1 < senders_.size(); ++i)
            senders_[i]->offer(n);
        if (!senders_.empty()) senders_.back()->offer(std::move(n));
        break;  // one notice a line
    }
}

void AlertFilter::on_end(ndjson::Output&) {
    const auto deadline = Sender::Clock::now() + options_.drain;
    for (auto& s : senders_) {
        const auto unsent = s->finish(deadline);
        if (unsent > 0)
            diag::warn("{}: {} notice{} not delivered by the end (--drain {} s)", s->name(), unsent,
                       unsent == 1 ? "" : "s", static_cast<double>(options_.drain.count()) / 1000);
    }
}

void AlertFilter::health(pipeline::HealthState& s) const {
    s.add_int("notices", static_cast<std::int64_t>(notices_));
    s.add_int("cooled", static_cast<std::int64_t>(selector_.cooled()));
    std::string sinks;
    event::JsonWriter w(sinks);
    w.array("sinks");
    for (const auto& sender : senders_) {
        const SenderStats st = sender->stats();
        w.element_object()
            .str("sink", sender->name())
            .word("state", st.state)
            .integer("sent", static_cast<std::int64_t>(st.sent))
            .integer("retries", static_cast<std::int64_t>(st.retries))
            .integer("failed", static_cast<std::int64_t>(st.failed))
            .integer("dropped", static_cast<std::int64_t>(st.dropped))
            .integer("unsent", static_cast<std::int64_t>(st.unsent))
            .integer("queued", static_cast<std::int64_t>(st.queued))
            .str_if("problem", st.problem)
            .end_object();
    }
    w.end_array();
    // The writer's text is {"sinks":[...]: the member without its opening brace.
    s.add("sinks", std::string_view(sinks).substr(sinks.find(':') + 1));
}

}  // namespace sos::alerts
