// sos-alert's choices and words, without threads or sockets: which lines become notices (level,
// cooldown per code on the event clock, hist never, trades only as the broker confirmed them),
// the words a person reads, where the Telegram secrets come from (and that a dummy token is in
// no refusal), the sendMessage request and what Telegram's answers mean.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "alerts/credentials.hpp"
#include "alerts/http_delivery.hpp"
#include "alerts/notice_text.hpp"
#include "alerts/selection.hpp"
#include "alerts/telegram.hpp"
#include "config/json_config.hpp"
#include "event/decoder.hpp"

#include "temp_dir.hpp"

using namespace sos;
using namespace sos::alerts;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kToken = "123456789:DUMMYtokenAAE-_x9f00dfeed";
constexpr const char* kChat = "-1009876543210";

event::Event decode(std::string_view line) {
    static event::Decoder d;
    event::EventList list;
    REQUIRE(d.decode(line, list));
    REQUIRE(list.size() == 1);
    return list[0];
}

std::string alert(double t, std::string_view level, std::string_view code, std::string_view extra = "") {
    return fmt::format(
        R"({{"type":"ALERT","timestamp":{},"level":"{}","code":"{}","message":"m","tool":"sos-risk"{}}})", t,
        level, code, extra);
}

using sos::test::TempDir;

template <class F>
std::string refusal(F&& f) {
    try {
        f();
    } catch (const config::ConfigError& e) {
        return e.what();
    }
    FAIL("no ConfigError");
    return "";
}

// Sets an environment variable for the life of the object.
struct EnvVar {
    std::string name;
    EnvVar(std::string n, const char* value) : name(std::move(n)) {
        if (value)
            ::setenv(name.c_str(), value, 1);
        else
            ::unsetenv(name.c_str());
    }
    ~EnvVar() { ::unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("an alert code is told once per cooldown of event time, each code on its own, unless graver") {
    NoticeSelector s({.min_level = AlertLevel::Info, .cooldown_s = 60, .trades = TradeMode::All});
    CHECK(s.select(decode(alert(1000, "warn", "FEED_STALE"))));
    CHECK_FALSE(s.select(decode(alert(1030, "warn", "FEED_STALE"))));
    CHECK(s.select(decode(alert(1031, "crit", "DAILY_LOSS_HIT"))));  // another code
    CHECK_FALSE(s.select(decode(alert(1059.5, "warn", "FEED_STALE"))));
    CHECK(s.select(decode(alert(1060, "warn", "FEED_STALE"))));        // 60 s after the last told
    CHECK_FALSE(s.select(decode(alert(1010, "warn", "FEED_STALE"))));  // earlier than the last told
    CHECK(s.cooled() == 3);
    // Graver than the one told passes: no feed left, right after one instance went down.
    CHECK(s.select(decode(alert(2000, "warn", "FEED_DOWN"))));
    CHECK(s.select(decode(alert(2001, "crit", "FEED_DOWN"))));
    CHECK_FALSE(s.select(decode(alert(2002, "crit", "FEED_DOWN"))));
    CHECK_FALSE(s.select(decode(alert(2003, "warn", "FEED_DOWN"))));

    NoticeSelector every({.cooldown_s = 0});
    CHECK(every.select(decode(alert(1000, "info", "X"))));
    CHECK(every.select(decode(alert(1000, "info", "X"))));
    CHECK(every.cooled() == 0);
}

TEST_CASE("alerts below the level, history and anything but a confirmed trade are not told") {
    NoticeSelector warn({.min_level = AlertLevel::Warn, .cooldown_s = 0});
    CHECK_FALSE(warn.select(decode(alert(1000, "info", "FEED_RECOVERED"))));
    CHECK(warn.select(decode(alert(1000, "warn", "FEED_STALE"))));
    CHECK(warn.select(decode(alert(1000, "crit", "FEED_DOWN"))));
    CHECK_FALSE(warn.select(decode(alert(1000, "crit", "FEED_DOWN", R"(,"hist":true)"))));

    const auto fill = decode(
        R"({"type":"FILL","timestamp":1000,"symbol":"SBIN","order_id":"o1","side":"BUY","qty":10,"price":600.05,"mode":"live"})");
    const auto paper_fill = decode(
        R"({"type":"FILL","timestamp":1000,"symbol":"SBIN","order_id":"o1","side":"BUY","qty":10,"price":600.05,"mode":"paper"})");
    const auto exit_line = decode(
        R"({"type":"EXIT","timestamp":1000,"symbol":"SBIN","order_id":"o1","reason":"SL","price":590,"qty":10,"pnl":-100.5,"mode":"live"})");
    const auto order = decode(
        R"({"type":"ORDER","timestamp":1000,"symbol":"SBIN","id":"o1","signal_id":"s1","side":"BUY","qty":10,"order_type":"MARKET","product":"MIS"})");
    const auto ack = decode(
        R"({"type":"ORDER_UPDATE","timestamp":1000,"symbol":"SBIN","id":"o1","broker_order_id":"b1","status":"OPEN","filled_qty":0,"mode":"live"})");
    NoticeSelector all({.trades = TradeMode::All});
    CHECK(all.select(fill) == NoticeKind::Trade);
    CHECK(all.select(paper_fill) == NoticeKind::Trade);
    CHECK(all.select(exit_line) == NoticeKind::Trade);
    CHECK_FALSE(all.select(order));  // an intent, not a trade
    CHECK_FALSE(all.select(ack));    // an acknowledgement, not a fill
    NoticeSelector live({.trades = TradeMode::Live});
    CHECK(live.select(fill));
    CHECK_FALSE(live.select(paper_fill));
    NoticeSelector none({.trades = TradeMode::None});
    CHECK_FALSE(none.select(fill));
    CHECK_FALSE(none.select(exit_line));
}

TEST_CASE("a notice's words say what, where and when, in the exchange's time") {
    const auto a = decode(
        R"({"type":"ALERT","timestamp":1704706503,"symbol":"NIFTY","level":"crit","code":"DAILY_LOSS_HIT","message":"day loss 5000.00","tool":"sos-risk"})");
    CHECK(notice_text(a, time::kIndia) ==
          "CRIT DAILY_LOSS_HIT from sos-risk\nday loss 5000.00\nNIFTY, 2024-01-08 15:05:03 IST");
    CHECK(local_time_words(time::Timestamp::from_seconds(1704706503), time::ZoneOffset{-14400}) ==
          "2024-01-08 05:35:03 -04:00");
    const auto f = decode(
        R"({"type":"FILL","timestamp":1704706503,"symbol":"NIFTY24JAN21500CE","order_id":"o1","side":"SELL","qty":75,"price":123.4,"fees":20.5,"mode":"live"})");
    CHECK(notice_text(f, time::kIndia) ==
          "FILL live: SELL 75 NIFTY24JAN21500CE at 123.40\norder o1, fees 20.50\n2024-01-08 15:05:03 IST");
    const auto x = decode(
        R"({"type":"EXIT","timestamp":1704706503,"symbol":"SBIN","order_id":"o1","reason":"TP","price":610,"qty":10,"pnl":99.95,"mode":"paper"})");
    CHECK(notice_text(x, time::kIndia) ==
          "EXIT paper: TP 10 SBIN at 610.00, P&L 99.95\norder o1\n2024-01-08 15:05:03 IST");
}

TEST_CASE("a text too long for one message is cut on a character boundary") {
    CHECK(cut_text("short", 10) == "short");
    CHECK(cut_text("abcdefghijkl", 10) == "abcdefg...");
    // "é" is two bytes: a cut between them goes back to before it.
    CHECK(cut_text("abcdef\xc3\xa9xyz", 10) == "abcdef...");
}

TEST_CASE("a token and a chat id must look like Telegram's") {
    CHECK(plausible_token(kToken));
    CHECK_FALSE(plausible_token("123456789"));
    CHECK_FALSE(plausible_token(":abc"));
    CHECK_FALSE(plausible_token("12a:abc"));
    CHECK_FALSE(plausible_token("123:abc/../x"));  // would reach into the request's path
    CHECK_FALSE(plausible_token("123:abc\""));
    CHECK(plausible_chat_id("42"));
    CHECK(plausible_chat_id(kChat));
    CHECK(plausible_chat_id("@sos_alerts"));
    CHECK_FALSE(plausible_chat_id("@"));
    CHECK_FALSE(plausible_chat_id("4 2"));
    CHECK_FALSE(plausible_chat_id(""));
}

TEST_CASE("Telegram's secrets come from the environment, naming the variable that is missing") {
    {
        EnvVar t(kTokenVariable, kToken), c(kChatVariable, kChat);
        const auto creds = telegram_credentials("");
        CHECK(creds.token.reveal() == kToken);
        CHECK(creds.chat_id.reveal() == kChat);
    }
    {
        EnvVar t(kTokenVariable, nullptr), c(kChatVariable, kChat);
        CHECK(refusal([] { telegram_credentials(""); }) ==
              "--telegram: the environment variable SOS_TELEGRAM_TOKEN is not set (or give --telegram-file)");
    }
    {
        EnvVar t(kTokenVariable, kToken), c(kChatVariable, "");
        CHECK_THAT(refusal([] { telegram_credentials(""); }), Contains("SOS_TELEGRAM_CHAT_ID is empty"));
    }
    {
        const std::string bad = std::string(kToken) + "\"";
        EnvVar t(kTokenVariable, bad.c_str()), c(kChatVariable, kChat);
        const auto why = refusal([] { telegram_credentials(""); });
        CHECK_THAT(why, Contains("SOS_TELEGRAM_TOKEN: not a bot token"));
        CHECK_THAT(why, !Contains("DUMMY"));
    }
}

TEST_CASE("Telegram's secrets from an owner-only file; a file others can read is refused") {
    TempDir dir;
    EnvVar t(kTokenVariable, nullptr), c(kChatVariable, nullptr);
    const std::string text = std::string("# the bot\nSOS_TELEGRAM_TOKEN=") + kToken +
                             "\n\nSOS_TELEGRAM_CHAT_ID=\"" + kChat + "\"\n";
    const auto good = telegram_credentials(dir.write("bot.env", text));
    CHECK(good.token.reveal() == kToken);
    CHECK(good.chat_id.reveal() == kChat);

    const auto wide = dir.write("wide.env", text, 0644);
    const auto why = refusal([&] { telegram_credentials(wide); });
    CHECK(why == "--telegram-file " + wide +
                     " can be read by others (mode 0644): make it owner-only with chmod 600 " + wide);
    CHECK_THAT(refusal([&] { telegram_credentials(dir.write("group.env", text, 0640)); }),
               Contains("(mode 0640)"));
    CHECK_THAT(refusal([&] { telegram_credentials((dir.path / "none").string()); }), Contains("cannot read"));
    CHECK_THAT(refusal([&] { telegram_credentials(dir.path.string()); }), Contains("is not a regular file"));

    const auto other =
        refusal([&] { telegram_credentials(dir.write("other.env", std::string("TOKEN=") + kToken + "\n")); });
    CHECK_THAT(other,
               Contains("other.env: line 1: expected SOS_TELEGRAM_TOKEN=... or SOS_TELEGRAM_CHAT_ID=..."));
    CHECK_THAT(other, !Contains("DUMMY"));
    CHECK_THAT(
        refusal([&] {
            telegram_credentials(dir.write("half.env", std::string("SOS_TELEGRAM_TOKEN=") + kToken + "\n"));
        }),
        Contains("half.env: no SOS_TELEGRAM_CHAT_ID=... line"));
    for (const auto& w : {why, other})
        CHECK_THAT(w, !Contains(kToken) && !Contains(kChat));
}

TEST_CASE("sendMessage carries the token in its path, shown masked, and the chat in its body") {
    TelegramOptions o{
        .url = "http://127.0.0.1:1", .token = brokers::Secret(kToken), .chat_id = brokers::Secret(kChat)};
    const auto r = telegram_request(o, "CRIT X\nwords \"quoted\"");
    CHECK(r.path == std::string("/bot") + kToken + "/sendMessage");
    CHECK(r.shown_path == "/bot***/sendMessage");
    CHECK(r.body == std::string(R"({"chat_id":")") + kChat +
                        R"(","disable_web_page_preview":true,"text":"CRIT X\nwords \"quoted\""})");
    CHECK(r.idempotent);
}

TEST_CASE("what Telegram's answers mean: 2xx delivered, 429 and 5xx again, other 4xx refused") {
    TelegramOptions o{.token = brokers::Secret(kToken), .chat_id = brokers::Secret(kChat)};
    auto answered = [](int status, std::string body) {
        net::HttpResult r;
        r.outcome = net::HttpOutcome::Answered;
        r.status = status;
        r.body = std::move(body);
        return r;
    };
    CHECK(telegram_verdict(answered(200, R"({"ok":true})"), o).verdict == Verdict::Delivered);
    const auto flood = telegram_verdict(
        answered(
            429,
            R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}})"),
        o);
    CHECK(flood.verdict == Verdict::Retry);
    CHECK(flood.retry_after_s == 7);
    CHECK(flood.problem == "telegram: HTTP 429: Too Many Requests: retry after 7");
    CHECK(telegram_verdict(answered(502, "<html>Bad Gateway</html>"), o).verdict == Verdict::Retry);
    const auto refused = telegram_verdict(
        answered(401, std::string(R"({"ok":false,"error_code":401,"description":"Unauthorized )") + kToken +
                          " " + kChat + "\"}"),
        o);
    CHECK(refused.verdict == Verdict::Refused);
    CHECK(refused.problem == "telegram: HTTP 401: Unauthorized *** ***");
    CHECK(telegram_verdict(answered(400, "not json"), o).problem == "telegram: HTTP 400");

    net::HttpResult down;
    down.outcome = net::HttpOutcome::NotSent;
    down.error = "POST /bot***/sendMessage to http://127.0.0.1:1: connection refused";
    const auto d = telegram_verdict(down, o);
    CHECK(d.verdict == Verdict::Retry);
    CHECK(d.problem == "telegram: POST /bot***/sendMessage to http://127.0.0.1:1: connection refused");
    CHECK(judge_http(answered(408, ""), "webhook").verdict == Verdict::Retry);
    CHECK(judge_http(answered(404, ""), "webhook").verdict == Verdict::Refused);
    CHECK(judge_http(answered(204, ""), "webhook").verdict == Verdict::Delivered);
}
