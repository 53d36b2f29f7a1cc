#include "config/json_document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

#include "event/json_nesting.hpp"

namespace sos::config {

namespace {

// nlohmann's messages start "[json.exception.parse_error.101] parse error at line 1, column
// 2: "; the position is given here in the same words for every problem, so only the reason
// is kept.
std::string reason_of(const nlohmann::detail::exception& e) {
    std::string_view what = e.what();
    if (auto p = what.find("] "); p != std::string_view::npos) what.remove_prefix(p + 2);
    if (what.starts_with("parse error")) {
        if (auto p = what.find(": "); p != std::string_view::npos) what.remove_prefix(p + 2);
    }
    return std::string(what);
}

// Builds the document with nlohmann's own DOM builder while keeping the path of the value
// being read (for messages), the depth, and each open object's keys.
template <class Json>
class CheckingSax {
public:
    using number_integer_t = typename Json::number_integer_t;
    using number_unsigned_t = typename Json::number_unsigned_t;
    using number_float_t = typename Json::number_float_t;
    using string_t = typename Json::string_t;
    using binary_t = typename Json::binary_t;

    CheckingSax(Json& out, std::string_view text, std::vector<std::string>& problems)
        : dom_(out, false), text_(text), problems_(problems) {}

    bool null() { return element() && dom_.null(); }
    bool boolean(bool v) { return element() && dom_.boolean(v); }
    bool number_integer(number_integer_t v) { return element() && dom_.number_integer(v); }
    bool number_unsigned(number_unsigned_t v) { return element() && dom_.number_unsigned(v); }
    bool number_float(number_float_t v, const string_t& s) { return element() && dom_.number_float(v, s); }
    bool string(string_t& v) { return element() && dom_.string(v); }
    bool binary(binary_t& v) { return element() && dom_.binary(v); }

    bool start_object(std::size_t n) { return element() && open(false) && dom_.start_object(n); }
    bool start_array(std::size_t n) { return element() && open(true) && dom_.start_array(n); }
    bool end_object() {
        frames_.pop_back();
        return dom_.end_object();
    }
    bool end_array() {
        frames_.pop_back();
        return dom_.end_array();
    }
    bool key(string_t& k) {
        Frame& f = frames_.back();
        if (!f.keys.insert(k).second)
            problems_.push_back(fmt::format("{}the key '{}' is given twice in one object",
                                            f.path.empty() ? "" : f.path + ": ", k));
        f.key = k;
        return dom_.key(k);
    }

    bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) {
        // position counts the bytes read, the offending one included. A number's token is the
        // number alone (the caret goes under its start); the token of other errors holds what
        // was read since the last value, so the caret goes under the last byte read.
        if (e.id == 406) {  // a number beyond the range of a double (1e400)
            const std::size_t at = position >= token.size() ? position - token.size() : 0;
            problems_.push_back(fmt::format("{}{}: the number {} is out of range{}", place_prefix(),
                                            text_position(text_, at), token, text_excerpt(text_, at)));
            return false;
        }
        const std::size_t at = position > 0 ? position - 1 : 0;
        problems_.push_back(fmt::format("not valid JSON: {}: {}{}", text_position(text_, at), reason_of(e),
                                        text_excerpt(text_, at)));
        return false;
    }

private:
    struct Frame {
        bool array = false;
        std::size_t next = 0;  // arrays: the index of the next element
        std::string key;       // objects: the key being read
        std::string path;      // of this container
        std::unordered_set<std::string> keys;
    };

    // The path of the value about to be read ("phases[1].conditions[0]").
    std::string value_path() const {
        if (frames_.empty()) return {};
        const Frame& f = frames_.back();
        if (f.array) return fmt::format("{}[{}]", f.path, f.next);
        return f.path.empty() ? f.key : f.path + "." + f.key;
    }
    std::string place_prefix() const {
        const std::string p = value_path();
        return p.empty() ? std::string() : p + ": ";
    }

    // Every value (a container too) counts as the next element of the array holding it.
    bool element() {
        if (!frames_.empty() && frames_.back().array) ++frames_.back().next;
        return true;
    }
    bool open(bool array) {
        if (static_cast<int>(frames_.size()) >= kMaxJsonDepth) {
            const std::size_t at = event::json::first_too_deep(text_, kMaxJsonDepth);
            problems_.push_back(fmt::format("{}: nested more than {} levels deep{}", text_position(text_, at),
                                            kMaxJsonDepth, text_excerpt(text_, at)));
            return false;
        }
        Frame f;
        f.array = array;
        // element() already counted this container: its own index is one less.
        if (!frames_.empty() && frames_.back().array) {
            const Frame& up = frames_.back();
            f.path = fmt::format("{}[{}]", up.path, up.next - 1);
        } else {
            f.path = value_path();
        }
        frames_.push_back(std::move(f));
        return true;
    }

    nlohmann::detail::json_sax_dom_parser<Json> dom_;
    std::string_view text_;
    std::vector<std::string>& problems_;
    std::vector<Frame> frames_;
};

}  // namespace

namespace {

// A place at the end of the text or on a blank line (an object left open at the end of the
// file) is shown at the end of the last line with something on it.
std::size_t settle(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    const std::size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
    const std::size_t from = nl == std::string_view::npos ? 0 : nl + 1;
    const bool blank_before =
        text.substr(from, offset - from).find_first_not_of(" \t\r") == std::string_view::npos;
    const bool blank_at =
        offset == text.size() || std::string_view(" \t\r\n").find(text[offset]) != std::string_view::npos;
    if (!blank_before || !blank_at || offset == 0) return offset;
    const std::size_t last = text.find_last_not_of(" \t\r\n", offset - 1);
    return last == std::string_view::npos ? offset : last + 1;
}

}  // namespace

std::string text_position(std::string_view text, std::size_t offset) {
    offset = settle(text, offset);
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
    const std::size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
    const std::size_t column = nl == std::string_view::npos ? offset + 1 : offset - nl;
    return fmt::format("line {}, column {}", line, column);
}

std::string text_excerpt(std::string_view text, std::size_t offset) {
    offset = settle(text, offset);
    const std::size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
    std::size_t begin = nl == std::string_view::npos ? 0 : nl + 1;
    std::size_t end = text.find('\n', offset);
    if (end == std::string_view::npos) end = text.size();
    if (end > begin && text[end - 1] == '\r') --end;
    // Long lines (a whole file on one line) are cut to a window around the place.
    constexpr std::size_t kBefore = 60, kAfter = 40;
    const bool cut_front = offset - begin > kBefore;
    const bool cut_back = end > offset && end - offset > kAfter;
    if (cut_front) begin = offset - kBefore;
    if (cut_back) end = offset + kAfter;
    std::string quoted = cut_front ? "..." : "";
    std::string caret = cut_front ? "   " : "";
    for (std::size_t i = begin; i < end; ++i) {
        const auto ch = static_cast<unsigned char>(text[i]);
        quoted.push_back(ch == '\t' || (ch >= 0x20 && ch != 0x7f) ? static_cast<char>(ch) : '?');
        // One caret column per character shown: UTF-8 continuation bytes take none.
        if (i < offset && (ch & 0xC0) != 0x80) caret.push_back(ch == '\t' ? '\t' : ' ');
    }
    if (cut_back) quoted += "...";
    if (quoted.find_first_not_of(" \t") == std::string::npos) return {};
    return fmt::format("\n    {}\n    {}^", quoted, caret);
}

template <class Json>
JsonDocument<Json> parse_document(std::string_view text) {
    JsonDocument<Json> doc;
    CheckingSax<Json> sax(doc.value, text, doc.problems);
    const bool parsed = Json::sax_parse(text.begin(), text.end(), &sax);
    if (!parsed || !doc.problems.empty()) doc.value = Json();
    return doc;
}

template JsonDocument<nlohmann::json> parse_document<nlohmann::json>(std::string_view);
template JsonDocument<nlohmann::ordered_json> parse_document<nlohmann::ordered_json>(std::string_view);

}  // namespace sos::config
