// What a tool writes: input lines passed through byte for byte, and the lines it derives,
// in canonical form, filtered by --only/--drop. Writes go to a sink: the pipeline's writer
// ring in a tool, a string in tests.
#pragma once

#include <string>
#include <string_view>

#include "event/event.hpp"
#include "ndjson/type_filter.hpp"

namespace sos::ndjson {

class OutputSink {
public:
    virtual ~OutputSink() = default;
    // The buffer to append whole lines to.
    virtual std::string& buffer() = 0;
    // Called after each line: may hand a full buffer to the writer.
    virtual void line_done() = 0;
    // Hands over whatever is buffered now (input went idle, or before sleeping).
    virtual void flush() = 0;
    // True once the reader downstream has gone away: stop producing.
    virtual bool closed() const = 0;
};

class StringSink : public OutputSink {
public:
    std::string& buffer() override { return text; }
    void line_done() override {}
    void flush() override {}
    bool closed() const override { return false; }
    std::string text;
};

class Output {
public:
    explicit Output(OutputSink& sink, TypeFilter filter = {}) : sink_(sink), filter_(std::move(filter)) {}

    // Copies an input line (without its newline) unchanged, adding '\n'.
    void pass(std::string_view type, std::string_view line) {
        if (!filter_.allows(type)) return;
        std::string& b = sink_.buffer();
        b.append(line);
        b.push_back('\n');
        ++lines_;
        sink_.line_done();
    }
    // Writes a derived event in canonical form.
    void emit(const event::Event& e);
    // Writes an already-encoded canonical line (ending in '\n') of the given type.
    void emit_encoded(std::string_view type, std::string_view line_with_newline) {
        if (!filter_.allows(type)) return;
        sink_.buffer().append(line_with_newline);
        ++lines_;
        sink_.line_done();
    }
    // A line --only and --drop do not apply to: the tools' own handshake (SYNC), which must
    // arrive whatever the user filters.
    void always(std::string_view line_with_newline) {
        sink_.buffer().append(line_with_newline);
        ++lines_;
        sink_.line_done();
    }
    void flush() { sink_.flush(); }
    bool closed() const { return sink_.closed(); }
    std::uint64_t lines_written() const { return lines_; }
    const TypeFilter& filter() const { return filter_; }

private:
    OutputSink& sink_;
    TypeFilter filter_;
    std::uint64_t lines_ = 0;
};

}  // namespace sos::ndjson
