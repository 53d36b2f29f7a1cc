#include "alerts/notice_text.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "money/paise.hpp"
#include "vocab/exit_reason.hpp"
#include "vocab/side.hpp"

namespace sos::alerts {

namespace {

std::string price_words(double rupees) {
    return money::Paise::from_price(rupees).to_string();
}

// "NIFTY, 2024-01-08 10:15:03 IST", or the time alone for a line without a symbol.
std::string where_and_when(const event::Event& e, time::ZoneOffset zone) {
    std::string out;
    if (!e.env.symbol.empty()) out = e.env.symbol + ", ";
    if (e.env.timestamp) out += local_time_words(*e.env.timestamp, zone);
    return out;
}

std::string mode_words(const event::Event& e) {
    return e.env.mode.empty() ? std::string() : " " + e.env.mode;
}

std::string alert_text(const event::Event& e, const event::Alert& a, time::ZoneOffset zone) {
    std::string head = a.level;
    for (auto& c : head)
        c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    head += " " + a.code;
    if (!a.tool.empty()) head += " from " + a.tool;
    std::string out = head + "\n";
    if (!a.message.empty()) out += a.message + "\n";
    return out + where_and_when(e, zone);
}

std::string fill_text(const event::Event& e, const event::Fill& f, time::ZoneOffset zone) {
    std::string out = fmt::format("FILL{}: {} {} {} at {}\norder {}", mode_words(e), vocab::name(f.side),
                                  f.qty, e.env.symbol, price_words(f.price), f.order_id);
    if (f.fees) out += ", fees " + price_words(*f.fees);
    return out + "\n" + (e.env.timestamp ? local_time_words(*e.env.timestamp, zone) : std::string());
}

std::string exit_text(const event::Event& e, const event::Exit& x, time::ZoneOffset zone) {
    std::string out =
        fmt::format("EXIT{}: {} {} {} at {}, P&L {}\norder {}", mode_words(e), vocab::name(x.reason), x.qty,
                    e.env.symbol, price_words(x.price), price_words(x.pnl), x.order_id);
    return out + "\n" + (e.env.timestamp ? local_time_words(*e.env.timestamp, zone) : std::string());
}

}  // namespace

std::string local_time_words(time::Timestamp t, time::ZoneOffset zone) {
    const int s = zone.local_seconds_of_day(t);
    std::string out = fmt::format("{} {:02}:{:02}:{:02}", time::format_date(zone.local_date(t)), s / 3600,
                                  s / 60 % 60, s % 60);
    if (zone.seconds == time::kIndia.seconds) return out + " IST";
    const int m = std::abs(zone.seconds) / 60;
    return out + fmt::format(" {}{:02}:{:02}", zone.seconds < 0 ? '-' : '+', m / 60, m % 60);
}

std::string cut_text(std::string text, std::size_t max) {
    if (text.size() <= max) return text;
    const std::string_view ellipsis = "...";
    std::size_t end = max > ellipsis.size() ? max - ellipsis.size() : 0;
    // Back to the first byte of a character: continuation bytes are 10xxxxxx.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    text.resize(end);
    return text.append(ellipsis);
}

std::string notice_text(const event::Event& e, time::ZoneOffset zone) {
    std::string out;
    if (const auto* a = e.as<event::Alert>())
        out = alert_text(e, *a, zone);
    else if (const auto* f = e.as<event::Fill>())
        out = fill_text(e, *f, zone);
    else if (const auto* x = e.as<event::Exit>())
        out = exit_text(e, *x, zone);
    return cut_text(std::move(out), kMaxTextBytes);
}

}  // namespace sos::alerts
