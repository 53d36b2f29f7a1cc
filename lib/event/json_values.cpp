#include "event/json_values.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <utility>

namespace sos::event::json {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    return s;
}

bool number_from_text(std::string_view s, double& out) {
    s = trim(s);
    if (s.empty()) return false;
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc{} && r.ptr == s.data() + s.size() && std::isfinite(out);
}

}  // namespace

// Prices and volumes are short decimals ("21700.05", "1250"): read them straight from the
// token. With at most 15 significant digits the mantissa and the power of ten are exact
// doubles and one IEEE division is correctly rounded, so the result is the very double
// simdjson's parser would give. Anything else (exponents, long mantissas, a leading zero,
// a malformed token) goes to simdjson, which also reports errors. A scalar left unconsumed
// is skipped by the object iteration, so the fast path costs no extra pass.
const char* read_short_decimal(const char* p, double& out) {
    static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const bool negative = *p == '-';
    if (negative) ++p;
    if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9')) return nullptr;
    std::uint64_t m = 0;
    int digits = 0, frac = 0;
    for (; *p >= '0' && *p <= '9'; ++p) {
        m = m * 10 + static_cast<std::uint64_t>(*p - '0');
        if (++digits > 15) return nullptr;
    }
    if (*p == '.') {
        ++p;
        if (*p < '0' || *p > '9') return nullptr;
        for (; *p >= '0' && *p <= '9'; ++p, ++frac) {
            m = m * 10 + static_cast<std::uint64_t>(*p - '0');
            if (++digits > 15) return nullptr;
        }
    }
    const char c = *p;
    if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\t' && c != '\r' && c != '\n') return nullptr;
    double d = static_cast<double>(m);
    if (frac) d /= kPow10[frac];
    out = negative ? -d : d;
    return p;
}

bool read_number(od::value& v, double& out, bool* was_string) {
    if (read_short_decimal(v.raw_json_token().data(), out)) return true;
    // A failed get_double leaves the value unconsumed for the string case.
    auto err = v.get_double().get(out);
    if (!err) return std::isfinite(out);
    if (err != simdjson::INCORRECT_TYPE) return false;
    std::string_view s;
    if (v.get_string().get(s)) return false;
    if (was_string) *was_string = true;
    return number_from_text(s, out);
}

bool field_key(od::field& f, std::string_view& key) {
    const char* p = f.key().raw();
    const char* q = p;
    while (*q != '"' && *q != '\\')
        ++q;  // the string is closed: stage 1 checked it
    if (*q == '"') {
        key = std::string_view(p, static_cast<std::size_t>(q - p));
        return true;
    }
    return !f.unescaped_key().get(key);
}

bool is_null(od::value& v) {
    od::json_type t;
    if (v.type().get(t) || t != od::json_type::null) return false;
    bool null = false;
    return !v.is_null().get(null) && null;
}

bool read_optional_number(od::value& v, OptNum& out) {
    od::json_type t;
    if (v.type().get(t)) return false;
    if (t == od::json_type::null) {
        out.reset();
        return is_null(v);
    }
    double d;
    if (!read_number(v, d)) return false;
    out = d;
    return true;
}

bool read_integer(od::value& v, std::int64_t& out) {
    double d;
    if (!read_number(v, d) || d != std::floor(d) || std::fabs(d) > 9.0e15) return false;
    out = static_cast<std::int64_t>(d);
    return true;
}

bool read_text(od::value& v, std::string_view& out) {
    // Symbols, exchanges and types never hold escapes: taking them from the line skips
    // simdjson's unescaping copy. The string is closed (stage 1 checked it), so the scan
    // stops at its quote; an escape or a control character goes the general way.
    const char* p = v.raw_json_token().data();
    if (*p == '"') {
        const char* q = ++p;
        while (static_cast<unsigned char>(*q) >= 0x20 && *q != '"' && *q != '\\')
            ++q;
        if (*q == '"') {
            out = std::string_view(p, static_cast<std::size_t>(q - p));
            return true;
        }
    }
    return !v.get_string().get(out);
}

bool read_string(od::value& v, std::string& out) {
    std::string_view s;
    if (!read_text(v, s)) return false;
    out.assign(s);
    return true;
}

bool read_optional_string(od::value& v, std::optional<std::string>& out) {
    od::json_type t;
    if (v.type().get(t)) return false;
    if (t == od::json_type::null) {
        out.reset();
        return is_null(v);
    }
    std::string_view s;
    if (!read_text(v, s)) return false;
    out.emplace(s);
    return true;
}

bool read_bool(od::value& v, bool& out) {
    return !v.get_bool().get(out);
}

bool read_timestamp(od::value& v, time::Timestamp& out, bool* unusual) {
    // Whole epoch seconds are by far the most common form.
    std::uint64_t whole;
    if (!v.get_uint64().get(whole)) {
        if (whole > 0 && whole <= 9'000'000'000ULL) {
            out = time::Timestamp::from_seconds(static_cast<std::int64_t>(whole));
            return true;
        }
        if (unusual) *unusual = true;
        auto ms = time::parse_epoch(std::to_string(whole));
        if (!ms) return false;
        out = *ms;
        return true;
    }
    if (unusual) *unusual = true;  // settled below for fractional seconds
    od::json_type t;
    if (v.type().get(t)) return false;
    std::string_view text;
    if (t == od::json_type::number) {
        text = v.raw_json_token();
        double check;
        if (v.get_double().get(check)) return false;  // consumes the value and proves it is a number
    } else if (t == od::json_type::string) {
        if (v.get_string().get(text)) return false;
    } else {
        return false;
    }
    text = trim(text);
    auto ts = time::parse_epoch(text);
    if (!ts) return false;
    if (unusual && t == od::json_type::number && text.substr(0, text.find_first_of(".eE")).size() < 12)
        *unusual = false;
    out = *ts;
    return true;
}

void append_escaped(std::string& out, std::string_view s) {
    out.push_back('"');
    append_escaped_inner(out, s);
    out.push_back('"');
}

namespace {
bool plain(unsigned char ch) {
    return ch >= 0x20 && ch != '"' && ch != '\\';
}
}  // namespace

void append_escaped_inner(std::string& out, std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && plain(static_cast<unsigned char>(s[i])))
        ++i;
    if (i == s.size()) {
        out.append(s);  // the common case: nothing to escape
        return;
    }
    const std::size_t n = out.size();
    out.resize(n + i + 6 * (s.size() - i));
    std::memcpy(out.data() + n, s.data(), i);
    char* end = write_escaped_inner(out.data() + n + i, s.substr(i));
    out.resize(static_cast<std::size_t>(end - out.data()));
}

char* write_escaped_inner(char* p, std::string_view s) {
    static const char kHex[] = "0123456789abcdef";
    for (const char c : s) {
        const auto ch = static_cast<unsigned char>(c);
        if (plain(ch)) {
            *p++ = c;
            continue;
        }
        *p++ = '\\';
        switch (ch) {
            case '"':
                *p++ = '"';
                break;
            case '\\':
                *p++ = '\\';
                break;
            case '\n':
                *p++ = 'n';
                break;
            case '\r':
                *p++ = 'r';
                break;
            case '\t':
                *p++ = 't';
                break;
            default:
                std::memcpy(p, "u00", 3);
                p[3] = kHex[ch >> 4];
                p[4] = kHex[ch & 15];
                p += 5;
        }
    }
    return p;
}

namespace {

bool walk_below(od::value& v, std::string* out, int levels_left) {
    od::json_type t;
    if (v.type().get(t)) return false;
    switch (t) {
        case od::json_type::object: {
            if (levels_left == 0) return false;
            od::object obj;
            if (v.get_object().get(obj)) return false;
            if (out) out->push_back('{');
            bool first = true;
            for (auto field_result : obj) {
                if (field_result.error()) return false;
                od::field& field = field_result.value_unsafe();
                std::string_view key;
                if (!field_key(field, key)) return false;
                if (out) {
                    if (!first) out->push_back(',');
                    append_escaped(*out, key);
                    out->push_back(':');
                }
                first = false;
                if (!walk_below(field.value(), out, levels_left - 1)) return false;
            }
            if (out) out->push_back('}');
            return true;
        }
        case od::json_type::array: {
            if (levels_left == 0) return false;
            od::array arr;
            if (v.get_array().get(arr)) return false;
            if (out) out->push_back('[');
            bool first = true;
            for (auto element : arr) {
                od::value e;
                if (std::move(element).get(e)) return false;
                if (out && !first) out->push_back(',');
                first = false;
                if (!walk_below(e, out, levels_left - 1)) return false;
            }
            if (out) out->push_back(']');
            return true;
        }
        case od::json_type::number: {
            std::string_view raw;
            raw = v.raw_json_token();
            double d;
            if (v.get_double().get(d)) return false;
            if (out) out->append(trim(raw));
            return true;
        }
        case od::json_type::string: {
            std::string_view s;
            if (v.get_string().get(s)) return false;
            if (out) append_escaped(*out, s);
            return true;
        }
        case od::json_type::boolean: {
            bool b;
            if (v.get_bool().get(b)) return false;
            if (out) out->append(b ? "true" : "false");
            return true;
        }
        case od::json_type::null: {
            if (!is_null(v)) return false;
            if (out) out->append("null");
            return true;
        }
    }
    return false;
}

}  // namespace

bool walk(od::value& v, std::string* out) {
    return walk_below(v, out, kMaxDepth);
}

bool KeySet::contains(std::string_view key) const {
    for (std::size_t i = 0; i < count_; ++i)
        if (std::string_view(inline_[i].data, inline_[i].size) == key) return true;
    return more_ && more_->count(key) != 0;
}

bool KeySet::spill(std::string_view key) {
    if (!more_) more_.emplace();
    return more_->insert(key).second;
}

}  // namespace sos::event::json
