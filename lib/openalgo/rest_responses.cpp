#include "openalgo/rest_responses.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>

#include "event/json_values.hpp"
#include "instrument/symbology.hpp"
#include "openalgo/rest_answer.hpp"

namespace sos::openalgo {

namespace od = simdjson::ondemand;
namespace json = event::json;
using detail::Failure;
using detail::field_path;
using detail::for_each_field;
using detail::read_answer;
using detail::read_any_text;
using detail::refuse;

std::string RestError::describe() const {
    static constexpr std::string_view kWords[] = {"bad request", "unauthorized",    "forbidden",
                                                  "not found",   "rate limited",    "server fault",
                                                  "rejected",    "malformed answer"};
    std::string out =
        "HTTP " + std::to_string(http_status) + " (" + std::string(kWords[static_cast<int>(kind)]) + ")";
    if (!message.empty()) out += ": " + message;
    if (retry_after_s)
        out += "; retry after " + std::to_string(static_cast<long long>(*retry_after_s)) + " s";
    return out;
}

bool Intervals::offers(std::string_view interval) const {
    for (const auto* list : {&seconds, &minutes, &hours, &days, &weeks, &months})
        if (std::find(list->begin(), list->end(), interval) != list->end()) return true;
    return false;
}

namespace {

bool read_quote(od::value& v, Quote& q, std::string_view where, Failure& f) {
    od::object obj;
    if (v.get_object().get(obj)) return f.fail(BadReason::Invalid, where, "not an object");
    return for_each_field(obj, where, f, [&](std::string_view key, od::value& fv) {
        event::OptNum* slot = key == "open"         ? &q.open
                              : key == "high"       ? &q.high
                              : key == "low"        ? &q.low
                              : key == "ltp"        ? &q.ltp
                              : key == "prev_close" ? &q.prev_close
                              : key == "bid"        ? &q.bid
                              : key == "ask"        ? &q.ask
                              : key == "oi"         ? &q.oi
                              : key == "volume"     ? &q.volume
                                                    : nullptr;
        if (!slot) return 0;
        return json::read_optional_number(fv, *slot) ? 1 : refuse(f, field_path(where, key), "not a number");
    });
}

}  // namespace

RestResult<Quote> parse_quotes(int http_status, std::string_view body) {
    return read_answer<Quote>(http_status, body, "data",
                              [](std::string_view key, od::value& v, Quote& q, Failure& f) {
                                  if (key != "data") return 0;
                                  return read_quote(v, q, "data", f) ? 1 : -1;
                              });
}

namespace {

bool read_quote_item(od::value& v, QuoteItem& item, const std::string& where, Failure& f) {
    od::object obj;
    if (v.get_object().get(obj)) return f.fail(BadReason::Invalid, where, "not an object");
    return for_each_field(obj, where, f, [&](std::string_view key, od::value& fv) {
        if (key == "symbol" || key == "exchange" || key == "error") {
            std::string& slot = key == "symbol"     ? item.symbol
                                : key == "exchange" ? item.exchange
                                                    : item.error;
            return read_any_text(fv, slot) ? 1 : refuse(f, field_path(where, key), "not a string");
        }
        if (key == "data") {
            if (json::is_null(fv)) return 1;
            item.quote.emplace();
            return read_quote(fv, *item.quote, field_path(where, key), f) ? 1 : -1;
        }
        return 0;
    });
}

}  // namespace

RestResult<std::vector<QuoteItem>> parse_multiquotes(int http_status, std::string_view body) {
    using Items = std::vector<QuoteItem>;
    return read_answer<Items>(http_status, body, "results",
                              [](std::string_view key, od::value& v, Items& out, Failure& f) {
                                  if (key != "results") return 0;
                                  od::array arr;
                                  if (v.get_array().get(arr)) return refuse(f, key, "not an array");
                                  for (auto element : arr) {
                                      od::value ev;
                                      if (std::move(element).get(ev))
                                          return f.refuse(BadReason::NotJson, key, "malformed array");
                                      std::string where = "results[" + std::to_string(out.size()) + "]";
                                      if (!read_quote_item(ev, out.emplace_back(), where, f)) return -1;
                                  }
                                  return 1;
                              });
}

RestResult<std::vector<time::Date>> parse_expiry(int http_status, std::string_view body) {
    using Dates = std::vector<time::Date>;
    return read_answer<Dates>(http_status, body, "data",
                              [](std::string_view key, od::value& v, Dates& out, Failure& f) {
                                  if (key != "data") return 0;
                                  od::array arr;
                                  if (v.get_array().get(arr)) return refuse(f, key, "not an array");
                                  for (auto element : arr) {
                                      od::value ev;
                                      std::string_view text;
                                      std::string where = "data[" + std::to_string(out.size()) + "]";
                                      if (std::move(element).get(ev) || !json::read_text(ev, text))
                                          return refuse(f, where, "not a string");
                                      auto d = instrument::parse_expiry_code(text);
                                      if (!d) return refuse(f, where, "not an expiry date (DD-MMM-YY)");
                                      out.push_back(*d);
                                  }
                                  std::sort(out.begin(), out.end());
                                  return 1;
                              });
}

RestResult<Intervals> parse_intervals(int http_status, std::string_view body) {
    return read_answer<Intervals>(
        http_status, body, "data", [](std::string_view key, od::value& v, Intervals& out, Failure& f) {
            if (key != "data") return 0;
            od::object obj;
            if (v.get_object().get(obj)) return refuse(f, key, "not an object");
            bool ok = for_each_field(obj, "data", f, [&](std::string_view unit, od::value& list) {
                std::vector<std::string>* slot = unit == "seconds"   ? &out.seconds
                                                 : unit == "minutes" ? &out.minutes
                                                 : unit == "hours"   ? &out.hours
                                                 : unit == "days"    ? &out.days
                                                 : unit == "weeks"   ? &out.weeks
                                                 : unit == "months"  ? &out.months
                                                                     : nullptr;
                if (!slot) return 0;
                od::array arr;
                if (list.get_array().get(arr)) return refuse(f, field_path("data", unit), "not an array");
                for (auto element : arr) {
                    od::value ev;
                    std::string_view text;
                    if (std::move(element).get(ev) || !json::read_text(ev, text))
                        return refuse(f, field_path("data", unit), "not a list of strings");
                    slot->emplace_back(text);
                }
                return 1;
            });
            return ok ? 1 : -1;
        });
}

}  // namespace sos::openalgo
