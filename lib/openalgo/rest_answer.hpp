// How every OpenAlgo REST answer is read: the error envelope, and a success with the
// endpoint's own payload. Internal to lib/openalgo.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

#include "event/json_values.hpp"
#include "openalgo/frame_fields.hpp"
#include "openalgo/rest_responses.hpp"

namespace sos::openalgo::detail {

namespace json = event::json;

inline RestErrorKind kind_for_status(int http) {
    switch (http) {
        case 400:
            return RestErrorKind::BadRequest;
        case 401:
            return RestErrorKind::Unauthorized;
        case 403:
            return RestErrorKind::Forbidden;
        case 404:
            return RestErrorKind::NotFound;
        case 429:
            return RestErrorKind::RateLimited;
        default:
            return http >= 500 && http <= 599 ? RestErrorKind::ServerFault : RestErrorKind::Rejected;
    }
}

struct Envelope {
    std::string status;
    std::string message;
    std::string errors;
    std::optional<double> retry_after;
};

// A value as text: a string as it is, anything else as compact JSON (a validation dict).
inline bool read_any_text(od::value& v, std::string& out) {
    od::json_type t;
    if (v.type().get(t)) return false;
    out.clear();
    if (t == od::json_type::string) return json::read_string(v, out);
    return json::walk(v, &out);
}

inline int read_envelope_field(std::string_view key, od::value& v, Envelope& env, Failure& f) {
    if (key == "status")
        return json::read_string(v, env.status) ? 1 : f.refuse(BadReason::Invalid, key, "not a string");
    if (key == "message")
        return read_any_text(v, env.message) ? 1 : f.refuse(BadReason::NotJson, key, "malformed");
    if (key == "errors")
        return read_any_text(v, env.errors) ? 1 : f.refuse(BadReason::NotJson, key, "malformed");
    if (key == "retry_after") {
        event::OptNum n;
        if (!json::read_optional_number(v, n)) return f.refuse(BadReason::Invalid, key, "not a number");
        env.retry_after = n;
        return 1;
    }
    return 0;
}

inline std::string failure_text(const Failure& f) {
    std::string field = f.field.empty() ? std::string() : "field '" + f.field + "': ";
    if (f.reason == BadReason::Missing) return field + "missing";
    return field + (f.detail.empty() ? "invalid" : f.detail);
}

// Reads a body: the envelope's fields, and every other top-level key through
// payload(key, value, answer, failure) -> 1 used, 0 unknown, -1 refused. A success needs
// HTTP 200, status "success", and the `required` key read.
template <class T, class Payload>
RestResult<T> read_answer(int http, std::string_view body, std::string_view required, Payload payload) {
    static thread_local od::parser parser;
    RestResult<T> result;
    T answer{};
    Envelope env;
    Failure f;
    bool seen_required = required.empty();
    simdjson::padded_string padded(body);
    od::document doc;
    od::object obj;
    bool readable = false;
    if (auto err = parser.iterate(padded).get(doc)) {
        f.fail(BadReason::NotJson, "", simdjson::error_message(err));
    } else if (doc.get_object().get(obj)) {
        f.fail(BadReason::NotJson, "", "not a JSON object");
    } else {
        readable = for_each_field(obj, "", f, [&](std::string_view key, od::value& v) {
            if (int r = read_envelope_field(key, v, env, f)) return r;
            int r = payload(key, v, answer, f);
            if (r > 0 && key == required) seen_required = true;
            return r;
        });
        if (readable && doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
            readable = false;
            f.fail(BadReason::NotJson, "", "text after the object");
        }
    }
    if (http == 200 && readable && env.status == "success") {
        if (seen_required) {
            result.value = std::move(answer);
            return result;
        }
        f.fail(BadReason::Missing, required, "");
        readable = false;
    }
    RestError& e = result.error;
    e.http_status = http;
    e.kind = http != 200                         ? kind_for_status(http)
             : readable && env.status == "error" ? RestErrorKind::Rejected
                                                 : RestErrorKind::Malformed;
    e.retry_after_s = env.retry_after;
    if (readable) {
        e.message = env.message;
        if (!env.errors.empty()) e.message += (e.message.empty() ? "" : " ") + env.errors;
        if (env.status.empty() && e.kind == RestErrorKind::Malformed) e.message = "no status in the answer";
    } else {
        e.message =
            (f.reason == BadReason::NotJson && f.field.empty() ? "not JSON: " + f.detail : failure_text(f));
    }
    return result;
}

inline int refuse(Failure& f, std::string_view where, std::string_view why) {
    f.fail(BadReason::Invalid, where, why);
    return -1;
}

}  // namespace sos::openalgo::detail
