#include "nse/option_chain_answer.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "event/json_fields.hpp"
#include "event/json_values.hpp"

namespace sos::nse {

namespace od = simdjson::ondemand;
namespace json = event::json;
using json::each_element;
using json::each_field;
using json::Refusal;

namespace {

// A number NSE may write as a number, a numeric string, "-" or null: what is not a number is
// absent. An object or array is left to be walked (0).
int lenient_number(od::value& v, event::OptNum& out) {
    od::json_type t;
    if (v.type().get(t)) return 0;
    if (t == od::json_type::object || t == od::json_type::array) return 0;
    if (t == od::json_type::boolean) {
        bool b;
        return v.get_bool().get(b) ? 0 : 1;
    }
    if (!json::read_optional_number(v, out)) out.reset();
    return 1;
}

// A date field: a string that reads as a date, or nothing.
int date_text(od::value& v, std::optional<time::Date>& out) {
    od::json_type t;
    if (v.type().get(t) || (t != od::json_type::string && t != od::json_type::null)) return 0;
    std::string_view text;
    if (t == od::json_type::string && json::read_text(v, text)) out = parse_nse_date(text);
    return 1;
}

int leg_field(std::string_view key, od::value& v, NseLeg& leg, std::optional<time::Date>& expiry,
              event::OptNum& spot, std::string& underlying) {
    if (key == "openInterest") return lenient_number(v, leg.oi);
    if (key == "changeinOpenInterest") return lenient_number(v, leg.oi_change);
    if (key == "totalTradedVolume") return lenient_number(v, leg.volume);
    if (key == "impliedVolatility") return lenient_number(v, leg.iv_percent);
    if (key == "lastPrice") return lenient_number(v, leg.ltp);
    if (key == "bidprice" || key == "buyPrice1") return lenient_number(v, leg.bid);
    if (key == "askPrice" || key == "sellPrice1") return lenient_number(v, leg.ask);
    if (key == "underlyingValue") return lenient_number(v, spot);
    if (key == "expiryDate") return date_text(v, expiry);
    if (key == "underlying") {
        od::json_type t;
        if (v.type().get(t) || t != od::json_type::string) return 0;
        return json::read_string(v, underlying) ? 1 : 0;
    }
    return 0;
}

struct RowRead {
    NseRow row;
    bool has_strike = false;
    std::optional<time::Date> expiry, leg_expiry;
    event::OptNum leg_spot;
    std::string underlying;
};

bool read_leg(od::value& v, std::optional<NseLeg>& out, RowRead& r, std::string_view where, Refusal& f) {
    if (json::is_null(v)) return true;
    NseLeg& leg = out.emplace();
    return each_field(v, where, f, [&](std::string_view key, od::value& fv) {
        return leg_field(key, fv, leg, r.leg_expiry, r.leg_spot, r.underlying);
    });
}

bool read_row(od::value& v, RowRead& r, std::string_view where, Refusal& f) {
    return each_field(v, where, f, [&](std::string_view key, od::value& fv) {
        if (key == "strikePrice") {
            event::OptNum strike;
            int used = lenient_number(fv, strike);
            r.has_strike = strike && *strike > 0 && std::isfinite(*strike);
            if (r.has_strike) r.row.strike = *strike;
            return used;
        }
        if (key == "expiryDate" || key == "expiryDates") return date_text(fv, r.expiry);
        if (key == "CE" || key == "PE")
            return read_leg(fv, key == "CE" ? r.row.ce : r.row.pe, r, json::field_path(where, key), f) ? 1
                                                                                                       : -1;
        return 0;
    });
}

bool read_records(od::value& v, NseChain& c, Refusal& f, std::size_t& fields) {
    return each_field(
        v, "records", f,
        [&](std::string_view key, od::value& fv) {
            if (key == "expiryDates") {
                return each_element(fv, "records.expiryDates", f,
                                    [&](std::size_t, od::value& ev) {
                                        std::optional<time::Date> d;
                                        if (date_text(ev, d) == 0 && !json::walk(ev, nullptr))
                                            return f.fail("records.expiryDates", "malformed value");
                                        if (d) c.expiries.push_back(*d);
                                        return true;
                                    })
                           ? 1
                           : -1;
            }
            if (key == "timestamp") {
                od::json_type t;
                std::string_view text;
                if (fv.type().get(t) || t != od::json_type::string) return 0;
                if (json::read_text(fv, text)) c.as_of = parse_nse_time(text);
                return 1;
            }
            if (key == "underlyingValue") return lenient_number(fv, c.underlying_value);
            if (key == "data") {
                return each_element(fv, "records.data", f,
                                    [&](std::size_t i, od::value& ev) {
                                        RowRead r;
                                        std::string where = json::element_path("records.data", i);
                                        if (!read_row(ev, r, where, f)) return false;
                                        if (!c.underlying_value && r.leg_spot)
                                            c.underlying_value = r.leg_spot;
                                        if (c.underlying.empty()) c.underlying = r.underlying;
                                        if (!r.expiry) r.expiry = r.leg_expiry;
                                        if (!r.has_strike)
                                            c.bad_rows.push_back(where + ": no strike price");
                                        else if (!r.expiry)
                                            c.bad_rows.push_back(where + ": no expiry date");
                                        else if (!r.row.ce && !r.row.pe)
                                            c.bad_rows.push_back(where + ": neither CE nor PE");
                                        else
                                            r.row.expiry = *r.expiry, c.rows.push_back(std::move(r.row));
                                        return true;
                                    })
                           ? 1
                           : -1;
            }
            return 0;
        },
        &fields);
}

bool read_filtered(od::value& v, NseChain& c, Refusal& f) {
    return each_field(v, "filtered", f, [&](std::string_view key, od::value& fv) {
        if (key != "CE" && key != "PE") return 0;
        event::OptNum& slot = key == "CE" ? c.filtered_ce_oi : c.filtered_pe_oi;
        return each_field(fv, json::field_path("filtered", key), f,
                          [&](std::string_view k, od::value& tv) {
                              return k == "totOI" ? lenient_number(tv, slot) : 0;
                          })
                   ? 1
                   : -1;
    });
}

// Parses the body into a padded buffer; `read(top)` reads the top object.
template <class Read>
bool read_body(std::string_view body, Refusal& f, Read read) {
    static thread_local od::parser parser;
    simdjson::padded_string padded(body);
    od::document doc;
    if (auto err = parser.iterate(padded).get(doc)) return f.fail("", simdjson::error_message(err));
    od::value top;
    if (doc.get_value().get(top)) return f.fail("", "not JSON");
    if (!read(top)) return false;
    if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) return f.fail("", "text after the object");
    return true;
}

std::string first_line(std::string_view body) {
    std::string out;
    for (char ch : body) {
        if (ch == '\n' || ch == '\r' || out.size() >= 160) break;
        out.push_back(ch >= ' ' && ch < 127 ? ch : '?');
    }
    return out;
}

std::string failure_text(const Refusal& f) {
    return f.where.empty() ? f.why : "field '" + f.where + "': " + f.why;
}

template <class T>
NseResult<T> http_error(int http, std::string_view body) {
    NseResult<T> r;
    r.error.http_status = http;
    r.error.kind = http == 401 || http == 403   ? NseErrorKind::SessionExpired
                   : http == 429                ? NseErrorKind::RateLimited
                   : http >= 500 && http <= 599 ? NseErrorKind::ServerFault
                                                : NseErrorKind::Other;
    r.error.message = first_line(body);
    return r;
}

template <class T>
NseResult<T> body_error(int http, NseErrorKind kind, std::string message) {
    NseResult<T> r;
    r.error.http_status = http;
    r.error.kind = kind;
    r.error.message = std::move(message);
    return r;
}

}  // namespace

std::string NseError::describe() const {
    static constexpr std::string_view kWords[] = {"session expired", "rate limited", "server fault",
                                                  "malformed", "error"};
    std::string out =
        "HTTP " + std::to_string(http_status) + " (" + std::string(kWords[static_cast<int>(kind)]) + ")";
    if (!message.empty()) out += ": " + message;
    return out;
}

std::optional<time::Date> parse_nse_date(std::string_view s) {
    // D-Mon-YYYY or DD-Mon-YYYY.
    auto dash1 = s.find('-');
    if (dash1 == std::string_view::npos || dash1 == 0 || dash1 > 2 || s.size() != dash1 + 9 ||
        s[dash1 + 4] != '-')
        return std::nullopt;
    const int month = time::month_from_abbrev(s.substr(dash1 + 1, 3));
    int day = 0, year = 0;
    auto r1 = std::from_chars(s.data(), s.data() + dash1, day);
    auto r2 = std::from_chars(s.data() + dash1 + 5, s.data() + s.size(), year);
    if (!month || r1.ptr != s.data() + dash1 || r2.ptr != s.data() + s.size()) return std::nullopt;
    time::Date d{year, month, day};
    if (year < 2000 || year > 2200 || time::parse_date(time::format_date(d)) != d) return std::nullopt;
    return d;
}

std::optional<time::Timestamp> parse_nse_time(std::string_view s) {
    auto space = s.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    auto d = parse_nse_date(s.substr(0, space));
    auto clock = time::parse_clock(s.substr(space + 1));
    if (!d || !clock) return std::nullopt;
    return time::kIndia.at(*d, *clock);
}

std::string format_nse_date(time::Date d) {
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::string out = (d.day < 10 ? "0" : "") + std::to_string(d.day) + "-" + kMonths[d.month - 1] + "-" +
                      std::to_string(d.year);
    return out;
}

NseResult<NseChain> parse_option_chain(int http, std::string_view body) {
    if (http != 200) return http_error<NseChain>(http, body);
    NseChain chain;
    Refusal f;
    std::size_t top_fields = 0, record_fields = 0;
    bool has_records = false;
    bool ok = read_body(body, f, [&](od::value& top) {
        return each_field(
            top, "", f,
            [&](std::string_view key, od::value& v) {
                if (key == "records") {
                    if (json::is_null(v)) return 1;
                    has_records = true;
                    return read_records(v, chain, f, record_fields) ? 1 : -1;
                }
                if (key == "filtered") return json::is_null(v) ? 1 : read_filtered(v, chain, f) ? 1 : -1;
                return 0;
            },
            &top_fields);
    });
    if (!ok)
        return body_error<NseChain>(http, NseErrorKind::Malformed, "not an option chain: " + failure_text(f));
    if (top_fields == 0 || !has_records || record_fields == 0)
        return body_error<NseChain>(http, NseErrorKind::SessionExpired, "NSE answered without records");
    NseResult<NseChain> r;
    r.value = std::move(chain);
    return r;
}

NseResult<std::vector<time::Date>> parse_contract_info(int http, std::string_view body) {
    using Dates = std::vector<time::Date>;
    if (http != 200) return http_error<Dates>(http, body);
    Dates dates;
    Refusal f;
    std::size_t fields = 0;
    bool has_dates = false;
    bool ok = read_body(body, f, [&](od::value& top) {
        return each_field(
            top, "", f,
            [&](std::string_view key, od::value& v) {
                if (key != "expiryDates") return 0;
                has_dates = true;
                return each_element(v, "expiryDates", f,
                                    [&](std::size_t i, od::value& ev) {
                                        std::optional<time::Date> d;
                                        if (date_text(ev, d) == 0 || !d)
                                            return f.fail(json::element_path("expiryDates", i),
                                                          "not a date (DD-Mon-YYYY)");
                                        dates.push_back(*d);
                                        return true;
                                    })
                           ? 1
                           : -1;
            },
            &fields);
    });
    if (!ok)
        return body_error<Dates>(http, NseErrorKind::Malformed,
                                 "not NSE's contract info: " + failure_text(f));
    if (fields == 0)
        return body_error<Dates>(http, NseErrorKind::SessionExpired, "NSE answered an empty object");
    if (!has_dates)
        return body_error<Dates>(http, NseErrorKind::Malformed, "not NSE's contract info: no expiryDates");
    std::sort(dates.begin(), dates.end());
    dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
    NseResult<Dates> r;
    r.value = std::move(dates);
    return r;
}

}  // namespace sos::nse
