#include "journal/run_lines.hpp"

#include "journal/schema.hpp"

namespace sos::journal {

namespace {

Statement raw_statement(Database& db, std::int64_t run_id, bool ranged) {
    Statement s =
        ranged ? db.prepare("SELECT id - ?1, ts, type, line FROM raw WHERE id > ?1 AND id < ?2 ORDER BY id")
               : db.prepare("SELECT seq, ts, type, line FROM raw WHERE run_id = ?3 ORDER BY seq");
    if (ranged) {
        s.bind_int(1, raw_id(run_id, 0));
        s.bind_int(2, raw_id(run_id + 1, 0));
    } else {
        s.bind_int(3, run_id);
    }
    return s;
}

}  // namespace

RunLines::RunLines(Database& db, std::int64_t run_id)
    : ranged_(schema_version(db) >= 2),
      has_blocks_(schema_version(db) >= 3),
      raw_(raw_statement(db, run_id, ranged_)),
      shapes_(load_shapes(db, run_id)) {
    if (has_blocks_) {
        blocks_ = db.prepare(
            "SELECT first_seq, independent, data FROM market_blocks WHERE id > ?1 AND id < ?2 ORDER BY id");
        blocks_.bind_int(1, raw_id(run_id, 0));
        blocks_.bind_int(2, raw_id(run_id + 1, 0));
    } else {
        blocks_done_ = true;
    }
}

void RunLines::step_raw() {
    raw_pending_ = false;
    if (raw_done_) return;
    if (raw_.step())
        raw_seq_ = raw_.column_int(0);
    else
        raw_done_ = true;
}

void RunLines::step_block_entry() {
    entry_pending_ = false;
    while (!blocks_done_) {
        if (block_ && block_->next(entry_)) return;
        block_.reset();
        if (!blocks_.step()) {
            blocks_done_ = true;
            return;
        }
        if (blocks_.column_int(1) != 0) memory_.forget();
        block_.emplace(memory_, shapes_, blocks_.column_blob(2), blocks_.column_int(0) - 1);
    }
}

bool RunLines::next() {
    if (finished_) return false;
    if (raw_pending_) step_raw();
    if (entry_pending_) step_block_entry();
    if (raw_done_ && blocks_done_) {
        finish();
        return false;
    }
    from_raw_ = blocks_done_ || (!raw_done_ && raw_seq_ < entry_.seq);
    if (from_raw_)
        raw_pending_ = true;
    else
        entry_pending_ = true;
    joined_ = false;
    return true;
}

void RunLines::finish() {
    if (finished_) return;
    finished_ = true;
    block_.reset();
    raw_.reset();
    if (has_blocks_) blocks_.reset();
}

std::optional<double> RunLines::ts() const {
    if (from_raw_) return raw_.column_opt_real(1);
    if (!entry_.ts) return std::nullopt;
    return entry_.ts->seconds();
}

std::string_view RunLines::type() const {
    return from_raw_ ? raw_.column_view(2) : std::string_view(shapes_[entry_.shape].type);
}

std::string_view RunLines::line() {
    if (from_raw_) return raw_.column_view(3);
    if (!joined_) {
        text_.clear();
        join_line(shapes_[entry_.shape].text, entry_.numbers.data(), text_);
        joined_ = true;
    }
    return text_;
}

}  // namespace sos::journal
