#include "sentiment/sentiment_writer.hpp"

#include "diag/log.hpp"
#include "event/encoder.hpp"
#include "instrument/symbology.hpp"

namespace sos::sentiment {

SentimentWriter::SentimentWriter(SentimentEngine& engine, std::string state_path)
    : engine_(engine), state_path_(std::move(state_path)) {
    if (!state_path_.empty()) engine_.history() = load_state(state_path_);
}

void SentimentWriter::before(const event::Event& e, ndjson::Output& out) {
    if (!has_pending_) return;
    if (e.env.kind == event::Kind::Sentiment && e.env.timestamp == pending_.env.timestamp &&
        instrument::underlying_of(e.env.symbol) == pending_.env.symbol) {
        has_pending_ = false;  // upstream already wrote it
        return;
    }
    flush(out);
}

void SentimentWriter::after(const event::Event& e, ndjson::Output& out) {
    const auto day_before = engine_.day();
    if (engine_.observe(e, derived_)) {
        flush(out);  // only when the caller skipped before(): never lose an update
        std::swap(pending_, derived_);
        has_pending_ = true;
    }
    // A new trading day: yesterday's closing figures are final, so the state is saved now
    // rather than only at the end (a crash then loses at most a day).
    if (day_before && engine_.day() != day_before) save();
}

void SentimentWriter::flush(ndjson::Output& out) {
    if (!has_pending_) return;
    has_pending_ = false;
    line_.clear();
    event::encode(pending_, line_);
    out.emit_encoded("SENTIMENT_UPDATE", line_);
    ++written_;
}

void SentimentWriter::finish(ndjson::Output& out) {
    flush(out);
    save();
}

void SentimentWriter::save() {
    if (state_path_.empty()) return;
    try {
        save_state(state_path_, engine_.history());
    } catch (const StateFileError& e) {
        if (ok_) diag::error("{}", e.what());
        ok_ = false;
    }
}

}  // namespace sos::sentiment
