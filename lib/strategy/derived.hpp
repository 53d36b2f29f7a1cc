// The lines sos-match derives from one input line (SIGNAL, REJECT, TRACE), encoded and kept
// with their kinds so the writer can apply --only/--drop and so parallel work can be merged
// back in input order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "event/encoder.hpp"

namespace sos::strategy {

class Derived {
public:
    void add(const event::Event& e) {
        event::encode(e, text_);
        ends_.emplace_back(e.env.kind, static_cast<std::uint32_t>(text_.size()));
    }
    // A line written in place: fn(text) appends it, newline included.
    template <class Fn>
    void write(event::Kind kind, Fn&& fn) {
        fn(text_);
        ends_.emplace_back(kind, static_cast<std::uint32_t>(text_.size()));
    }
    void clear() {
        text_.clear();
        ends_.clear();
    }
    bool empty() const { return ends_.empty(); }
    std::size_t size() const { return ends_.size(); }
    // Calls fn(kind, line with its newline) for each line in order.
    template <class Fn>
    void for_each(Fn&& fn) const {
        std::uint32_t begin = 0;
        for (const auto& [kind, end] : ends_) {
            fn(kind, std::string_view(text_).substr(begin, end - begin));
            begin = end;
        }
    }
    const std::string& text() const { return text_; }

private:
    std::string text_;
    std::vector<std::pair<event::Kind, std::uint32_t>> ends_;
};

}  // namespace sos::strategy
