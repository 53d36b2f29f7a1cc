// sos-journal's place in a pipeline: each valid line goes into the journal, then on downstream
// unchanged. Pending rows are committed whenever input goes idle and at the end, so a live
// stream is queryable moments after it arrives.
#pragma once

#include <cstdint>
#include <exception>

#include "journal/store.hpp"
#include "pipeline/filter.hpp"

namespace sos::journal {

class JournalFilter : public pipeline::Filter {
public:
    explicit JournalFilter(Store& store) : store_(store) {}

    void on_line(const pipeline::InputLine& line, const event::EventList& events,
                 ndjson::Output& out) override;
    void on_idle(ndjson::Output&) override { commit(); }
    void on_end(ndjson::Output&) override { commit(); }

    // A write failed: later lines were still passed on but not journaled.
    bool failed() const { return failed_; }

private:
    void commit();
    void fail(const std::exception& e) noexcept;

    Store& store_;
    std::uint64_t line_number_ = 0;
    std::uint64_t committed_line_ = 0;  // input lines up to this one are committed
    bool failed_ = false;
};

}  // namespace sos::journal
