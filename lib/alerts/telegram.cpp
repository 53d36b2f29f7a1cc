#include "alerts/telegram.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "alerts/http_delivery.hpp"

namespace sos::alerts {

net::HttpRequest telegram_request(const TelegramOptions& o, const std::string& text) {
    net::HttpRequest r;
    r.method = net::HttpMethod::Post;
    r.path = fmt::format("/bot{}/sendMessage", o.token.reveal());
    r.shown_path = "/bot***/sendMessage";
    nlohmann::json body = {
        {"chat_id", std::string(o.chat_id.reveal())}, {"text", text}, {"disable_web_page_preview", true}};
    // Replacement rather than an exception for text that is not UTF-8 (an alert's message
    // quoting a server's bytes).
    r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    // A message twice is better than none: libcurl may send it again on a fresh connection
    // when a kept-alive one died before any answer.
    r.idempotent = true;
    r.connect_timeout = std::min(o.timeout, std::chrono::milliseconds(5000));
    r.timeout = o.timeout;
    return r;
}

Delivery telegram_verdict(const net::HttpResult& r, const TelegramOptions& o) {
    Delivery d = judge_http(r, "telegram");
    if (r.outcome != net::HttpOutcome::Answered || d.verdict == Verdict::Delivered) return d;
    const auto answer = nlohmann::json::parse(r.body, nullptr, false);
    if (!answer.is_object()) return d;
    if (const auto p = answer.find("parameters"); p != answer.end() && p->is_object()) {
        if (const auto ra = p->find("retry_after");
            ra != p->end() && ra->is_number() && ra->get<double>() >= 0)
            d.retry_after_s = ra->get<double>();
    }
    if (const auto desc = answer.find("description"); desc != answer.end() && desc->is_string()) {
        std::string words = desc->get<std::string>();
        o.token.mask_in(words);
        o.chat_id.mask_in(words);
        d.problem += ": " + words;
    }
    return d;
}

TelegramTransport::TelegramTransport(TelegramOptions options)
    : options_(std::move(options)),
      http_(
          std::make_unique<net::HttpClient>(net::HttpOptions{.base_url = options_.url, .max_in_flight = 4})) {
}

Delivery TelegramTransport::deliver(const Notice& notice, int stop_fd) {
    auto result = exchange(*http_, telegram_request(options_, notice.text), stop_fd);
    if (!result) return {Verdict::Stopped, std::nullopt, "telegram: stopped"};
    return telegram_verdict(*result, options_);
}

}  // namespace sos::alerts
