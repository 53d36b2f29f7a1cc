#include "journal/market_writer.hpp"

#include <algorithm>

#include "journal/schema.hpp"

namespace sos::journal {

MarketWriter::MarketWriter(Database& db, std::int64_t run_id)
    : run_id_(run_id),
      shapes_(load_shapes(db, run_id)),
      block_(memory_),
      insert_shape_(db.prepare("INSERT INTO market_shapes (run_id, id, shape, type, symbol, hist, quotes) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")),
      insert_block_(db.prepare("INSERT INTO market_blocks (id, run_id, first_seq, last_seq, lines, first_ts, "
                               "last_ts, independent, counts, data) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")) {
    count_of_.assign(shapes_.size(), kNone);
    next_.assign(shapes_.size(), kNone);
    for (std::uint32_t id = 0; id < shapes_.size(); ++id)
        matchers_.emplace_back(shapes_[id].text);
}

std::optional<std::uint32_t> MarketWriter::shape_of(std::string_view line, const LineFacts& facts) {
    // First the shape that came after the previous line's the last time: a feed writes each
    // minute's lines in the same order of symbols, so this is right nearly always, and costs
    // no lookup.
    if (previous_ != kNone) {
        const std::uint32_t guess = next_[previous_];
        if (guess != kNone && shapes_[guess].symbol == facts.symbol && shapes_[guess].type == facts.type &&
            matchers_[guess].match(line, numbers_))
            return follow(guess);
    }
    // Then the shape of the last line of this type and symbol, then the line's own shape.
    key_.assign(facts.type).push_back('\0');
    key_.append(facts.symbol);
    auto last = last_shape_.find(key_);
    if (last != last_shape_.end() && matchers_[last->second].match(line, numbers_))
        return follow(last->second);
    if (!split_line(line, shape_, numbers_)) return std::nullopt;
    auto id = shapes_.find(shape_);
    if (!id) id = new_shape(facts);
    if (!id) return std::nullopt;
    if (last != last_shape_.end())
        last->second = *id;
    else
        last_shape_.emplace(key_, *id);
    return follow(*id);
}

std::uint32_t MarketWriter::follow(std::uint32_t id) {
    if (previous_ != kNone) next_[previous_] = id;
    previous_ = id;
    return id;
}

std::optional<std::uint32_t> MarketWriter::new_shape(const LineFacts& facts) {
    if (shapes_.size() >= kMaxShapes) return std::nullopt;
    const auto id = static_cast<std::uint32_t>(shapes_.size());
    // Stored first: a failed insert leaves the table as it was.
    insert_shape_.bind_int(1, run_id_);
    insert_shape_.bind_int(2, id);
    insert_shape_.bind_text(3, shape_);
    insert_shape_.bind_text(4, facts.type);
    if (facts.symbol.empty())
        insert_shape_.bind_null(5);
    else
        insert_shape_.bind_text(5, facts.symbol);
    insert_shape_.bind_int(6, facts.hist ? 1 : 0);
    insert_shape_.bind_int(7, facts.quotes);
    insert_shape_.run();
    shapes_.add(Shape{shape_, static_cast<std::uint32_t>(numbers_.size()), std::string(facts.type),
                      std::string(facts.symbol), facts.hist, facts.quotes});
    count_of_.push_back(kNone);
    next_.push_back(kNone);
    matchers_.emplace_back(shape_);
    return id;
}

bool MarketWriter::add(std::int64_t seq, std::string_view line, const LineFacts& facts) {
    // A full block is written before the line is added, so that a failure leaves the line out.
    if (block_.bytes().size() >= kBlockBytes) write_block();
    const auto id = shape_of(line, facts);
    if (!id) return false;
    if (block_.lines() == 0) {
        block_.start(seq - 1);
        first_seq_ = seq;
        first_ts_.reset();
        if (facts.ts) first_ts_ = facts.ts->seconds();
    }
    block_.add(*id, shapes_[*id].slots, seq, facts.ts, numbers_);
    last_seq_ = seq;
    last_ts_.reset();
    if (facts.ts) last_ts_ = facts.ts->seconds();
    if (count_of_[*id] == kNone) {
        count_of_[*id] = static_cast<std::uint32_t>(counts_.size());
        counts_.push_back(ShapeCount{*id, 0, {}, {}});
    }
    counts_[count_of_[*id]].add(facts.ts);
    return true;
}

void MarketWriter::write_block() {
    if (block_.lines() == 0) return;
    const auto bind_time = [this](int i, const std::optional<double>& t) {
        if (t)
            insert_block_.bind_real(i, *t);
        else
            insert_block_.bind_null(i);
    };
    insert_block_.bind_int(1, raw_id(run_id_, first_seq_));
    insert_block_.bind_int(2, run_id_);
    insert_block_.bind_int(3, first_seq_);
    insert_block_.bind_int(4, last_seq_);
    insert_block_.bind_int(5, static_cast<std::int64_t>(block_.lines()));
    bind_time(6, first_ts_);
    bind_time(7, last_ts_);
    insert_block_.bind_int(8, independent_ ? 1 : 0);
    counts_bytes_.clear();
    encode_counts(counts_, counts_bytes_);
    insert_block_.bind_blob(9, counts_bytes_);
    insert_block_.bind_blob(10, block_.bytes());
    insert_block_.run();
    independent_ = false;
    for (const ShapeCount& c : counts_)
        count_of_[c.shape] = kNone;
    counts_.clear();
    block_.start(last_seq_);
}

}  // namespace sos::journal
