#include <catch2/catch.hpp>

#include "event/decoder.hpp"
#include "event/encoder.hpp"
#include "event/json_values.hpp"

using namespace sos::event;

namespace {
struct Decoded {
    bool ok;
    std::string error;
    EventList events;
    std::string type;
    std::vector<std::string> element_errors;
};

Decoded decode(std::string_view line) {
    static Decoder d;
    Decoded r;
    r.ok = d.decode(line, r.events);
    r.error = d.error().message();
    r.type = std::string(d.type());
    for (const auto& e : d.element_errors())
        r.element_errors.push_back(e.message());
    return r;
}
}  // namespace

TEST_CASE("TICK decodes with optional fields") {
    auto r = decode(
        R"({"type":"TICK","timestamp":1704685500.5,"symbol":"NIFTY","exchange":"NSE_INDEX","ltp":22000.5,"volume":1000,"bid":22000,"ask":22001})");
    REQUIRE(r.ok);
    REQUIRE(r.events.size() == 1);
    const auto& e = r.events[0];
    REQUIRE(e.env.kind == Kind::Tick);
    REQUIRE(e.env.symbol == "NIFTY");
    REQUIRE(e.env.exchange == "NSE_INDEX");
    REQUIRE(e.as<Tick>()->ltp == 22000.5);
    REQUIRE(*e.as<Tick>()->volume == 1000);
    REQUIRE_FALSE(e.as<Tick>()->oi);
}

TEST_CASE("CANDLE decodes every field and in any order") {
    auto r = decode(
        R"({"v":200,"c":104,"l":99,"h":105,"o":100,"tf":"5m","symbol":"TSTA","timestamp":1704685500,"type":"CANDLE","oi":7})");
    REQUIRE(r.ok);
    const auto* k = r.events[0].as<Candle>();
    REQUIRE(k->tf.seconds == 300);
    REQUIRE(k->o == 100);
    REQUIRE(k->h == 105);
    REQUIRE(k->l == 99);
    REQUIRE(k->c == 104);
    REQUIRE(k->v == 200);
    REQUIRE(*k->oi == 7);
}

TEST_CASE("OPTION_CHAIN decodes strikes and legs with expiry in OpenAlgo forms too") {
    auto r = decode(
        R"({"type":"OPTION_CHAIN","timestamp":1704685500,"symbol":"NIFTY","expiry":"28-NOV-24","spot":24010,"lot_size":65,"strikes":[{"strike":24000,"ce":{"ltp":100,"oi":5000,"oi_change":100,"volume":10,"iv":0.12,"delta":0.52},"pe":{"ltp":90,"oi":6000}},{"strike":24050,"ce":{"ltp":75,"oi":3000}}]})");
    REQUIRE(r.ok);
    const auto* ch = r.events[0].as<OptionChain>();
    REQUIRE(ch->expiry == sos::time::Date{2024, 11, 28});
    REQUIRE(*ch->spot == 24010);
    REQUIRE(*ch->lot_size == 65);
    REQUIRE(ch->strikes.size() == 2);
    REQUIRE(ch->strikes[0].has_ce);
    REQUIRE(ch->strikes[0].has_pe);
    REQUIRE(*ch->strikes[0].ce.delta == 0.52);
    REQUIRE_FALSE(ch->strikes[1].has_pe);
}

TEST_CASE("BREADTH and SENTIMENT_UPDATE decode while sentiment without symbol is market-wide") {
    auto b = decode(R"({"type":"BREADTH","timestamp":1,"symbol":"NIFTY","adv":30,"dec":20,"unchanged":0})");
    REQUIRE(b.ok);
    REQUIRE(b.events[0].as<Breadth>()->adv == 30);
    auto s = decode(
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704685499,"pcr":0.9,"velocity":-0.01,"breadth":{"adv":30,"dec":20},"oi_wall_above":22500,"iv":0.14,"iv_rank":55,"regime":"SIDEWAYS"})");
    REQUIRE(s.ok);
    const auto& m = *s.events[0].as<Sentiment>();
    REQUIRE(s.events[0].env.symbol.empty());
    REQUIRE(*m.pcr == 0.9);
    REQUIRE(*m.pcr_velocity == -0.01);
    REQUIRE(*m.breadth_adv == 30);
    REQUIRE(*m.breadth_dec == 20);
    REQUIRE(*m.oi_wall_above == 22500);
    REQUIRE_FALSE(m.oi_wall_below);
    REQUIRE(m.regime == sos::vocab::Regime::Sideways);
}

TEST_CASE("decision and trading messages decode") {
    REQUIRE(
        decode(
            R"({"type":"REGIME","timestamp":1,"symbol":"NIFTY","regime":"BULLISH","score":0.4,"flags":["HALF_SIZE"],"changed":true,"inputs":{"pcr":0.8,"model":"blend"}})")
            .ok);
    auto sig = decode(
        R"({"type":"SIGNAL","timestamp":1704685800,"symbol":"TSTA","id":"A:TSTA:1m:1","pattern_id":"A","kind":"pattern","side":"BUY","tf":"1m","candle_ts":1704685740,"entry":106,"sl":99,"tp":120,"risk":7,"tp_mult":2,"quantity_mod":1,"regime":null,"vars":{"a_h":105,"u":null}})");
    REQUIRE(sig.ok);
    const auto& g = *sig.events[0].as<Signal>();
    REQUIRE(g.id == "A:TSTA:1m:1");
    REQUIRE_FALSE(g.f.regime);
    REQUIRE(g.f.vars.size() == 2);
    REQUIRE_FALSE(g.f.vars[1].second);
    REQUIRE(
        decode(
            R"({"type":"ORDER","timestamp":1,"symbol":"NIFTY","id":"o1","signal_id":"s1","side":"SELL","qty":65,"order_type":"SL","price":1,"trigger_price":1,"product":"MIS"})")
            .ok);
    REQUIRE(
        decode(
            R"({"type":"ORDER","timestamp":1,"symbol":"NIFTY","id":"o2","legs":[{"action":"SELL","option_type":"CE","offset":"OTM1","qty":65}]})")
            .ok);
    REQUIRE(
        decode(
            R"({"type":"REJECT","timestamp":1,"stage":"risk","ref":"s1","reason":"DAILY_LOSS","detail":"limit hit"})")
            .ok);
    REQUIRE(
        decode(
            R"({"type":"ORDER_UPDATE","timestamp":1,"id":"o1","broker_order_id":null,"status":"UNKNOWN","filled_qty":0})")
            .ok);
    REQUIRE(
        decode(
            R"({"type":"FILL","timestamp":1,"symbol":"NIFTY","order_id":"o1","side":"BUY","qty":65,"price":100.5,"fees":20})")
            .ok);
    REQUIRE(
        decode(
            R"({"type":"EXIT","timestamp":1,"symbol":"NIFTY","order_id":"o1","reason":"TP","price":110,"qty":65,"pnl":617.5})")
            .ok);
    REQUIRE(
        decode(
            R"({"type":"POSITION","timestamp":1,"symbol":"NIFTY","qty":-65,"avg_price":100,"realized_pnl":0,"unrealized_pnl":-10})")
            .ok);
    REQUIRE(
        decode(
            R"({"type":"ALERT","level":"warn","code":"FEED_STALE","message":"no ticks","tool":"sos-feed"})")
            .ok);
    REQUIRE(decode(R"({"type":"HEALTH","tool":"sos-feed","pid":1,"uptime_s":3,"in":1,"out":2,"bad":0})").ok);
    REQUIRE(decode(R"({"type":"CONTROL","command":"kill","scope":"NIFTY"})").ok);
}

TEST_CASE("CANDLE_UPDATE seed form gives one CANDLE per timeframe and in timeframe order") {
    auto r = decode(
        R"({"type":"CANDLE_UPDATE","symbol":"NIFTY","timestamp":1704711600,"5m":{"o":1,"h":3,"l":1,"c":2,"v":9},"1m":{"o":1,"h":2,"l":1,"c":2,"v":3}})");
    REQUIRE(r.ok);
    REQUIRE(r.events.size() == 2);
    REQUIRE(r.events[0].env.kind == Kind::Candle);
    REQUIRE(r.events[0].as<Candle>()->tf.seconds == 60);
    REQUIRE(r.events[1].as<Candle>()->tf.seconds == 300);
    REQUIRE(r.events[1].as<Candle>()->v == 9);
}

TEST_CASE("MARKET_UPDATE seed form gives its SENTIMENT_UPDATE first and then the CANDLE") {
    auto r = decode(
        R"({"type":"MARKET_UPDATE","symbol":"NIFTY_BANK","timestamp":1704711600,"data":{"candle":{"o":48100,"h":48250,"l":48050,"c":48150,"v":15000},"sentiment":{"pcr":1.15,"pcr_velocity":0.02,"breadth":{"adv":35,"dec":15},"oi_wall_above":48500,"oi_wall_below":47500}}})");
    REQUIRE(r.ok);
    REQUIRE(r.events.size() == 2);
    REQUIRE(r.events[0].env.kind == Kind::Sentiment);
    REQUIRE(r.events[0].env.symbol == "NIFTY_BANK");
    REQUIRE(*r.events[0].as<Sentiment>()->breadth_adv == 35);
    REQUIRE(r.events[1].env.kind == Kind::Candle);
    REQUIRE(r.events[1].as<Candle>()->tf.seconds == 60);
    REQUIRE(r.events[1].time().whole_seconds() == 1704711600);
}

TEST_CASE("SOS bridge wire form: data wrapper and long names and camelCase and milliseconds") {
    auto c = decode(
        R"({"type":"CANDLE_UPDATE","timestamp":1704711600000,"data":{"symbol":"NIFTY","candle":{"open":1,"high":2,"low":0.5,"close":1.5,"volume":10}}})");
    REQUIRE(c.ok);
    REQUIRE(c.events.size() == 1);
    REQUIRE(c.events[0].env.symbol == "NIFTY");
    REQUIRE(c.events[0].time().whole_seconds() == 1704711600);
    REQUIRE(c.events[0].as<Candle>()->l == 0.5);
    auto s = decode(
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704711600000,"data":{"regime":"bearish","pcr":1.2,"advances":10,"declines":40,"pcrVelocity":0.1,"oiWallAbove":22500,"oiWallBelow":22000}})");
    REQUIRE(s.ok);
    const auto& m = *s.events[0].as<Sentiment>();
    REQUIRE(m.regime == sos::vocab::Regime::Bearish);
    REQUIRE(*m.breadth_dec == 40);
    REQUIRE(*m.pcr_velocity == 0.1);
    REQUIRE(*m.oi_wall_below == 22000);
    auto u = decode(R"({"type":"SENTIMENT_UPDATE","timestamp":1,"data":{"regime":"UNKNOWN","pcr":1}})");
    REQUIRE(u.ok);
    REQUIRE_FALSE(u.events[0].as<Sentiment>()->regime);
    auto ch = decode(
        R"({"type":"OPTION_CHAIN_UPDATE","timestamp":1704711600000,"data":{"symbol":"NIFTY","chain":[{"strike":22000,"call_oi_chg":100,"put_oi_chg":-50}]}})");
    REQUIRE(ch.ok);
    REQUIRE(ch.events[0].env.kind == Kind::OptionChain);
    REQUIRE(*ch.events[0].as<OptionChain>()->strikes[0].pe.oi_change == -50);
}

TEST_CASE("SYNC_RECOVERY gives its messages flagged hist while a bad element is dropped alone") {
    auto r = decode(
        R"({"type":"SYNC_RECOVERY","history_data":[{"type":"CANDLE","timestamp":1704685500,"symbol":"X","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":3},{"type":"CANDLE","timestamp":1704685560,"symbol":"X","tf":"1m","o":1,"h":0.5,"l":1,"c":2,"v":3},{"type":"MARKET_UPDATE","symbol":"X","timestamp":1704685620,"data":{"candle":{"o":1,"h":2,"l":1,"c":2,"v":3}}}]})");
    REQUIRE(r.ok);
    REQUIRE(r.events.size() == 2);
    REQUIRE(r.events[0].env.hist);
    REQUIRE(r.events[1].env.hist);
    REQUIRE(r.events[1].time().whole_seconds() == 1704685620);
    REQUIRE(r.element_errors.size() == 1);
    REQUIRE(r.element_errors[0] == "SYNC_RECOVERY: field 'history_data[1]': CANDLE: h < l");
}

TEST_CASE("unknown types pass as Unknown events when well-formed") {
    auto r = decode(R"({"type":"MY_THING","timestamp":"whatever","x":[1,{"y":null}],"z":true})");
    REQUIRE(r.ok);
    REQUIRE(r.type == "MY_THING");
    REQUIRE(r.events.size() == 1);
    REQUIRE(r.events[0].env.kind == Kind::Unknown);
}

TEST_CASE("SYNC is a kind of its own: its number and source read, written back byte for byte") {
    for (const std::string line : {R"({"type":"SYNC","timestamp":1704685500,"src":"sos-risk","seq":42})",
                                   R"({"type":"SYNC","src":"sos-exec","seq":0})"}) {
        auto r = decode(line);
        REQUIRE(r.ok);
        REQUIRE(r.events.size() == 1);
        const auto& e = r.events[0];
        REQUIRE(e.env.kind == Kind::Sync);
        REQUIRE(type_name(e.env.kind) == "SYNC");
        REQUIRE(e.env.seq.has_value());
        REQUIRE(encode(e) == line + "\n");
    }
    REQUIRE(decode(R"({"type":"SYNC","src":"sos-exec","seq":7})").events[0].env.seq == 7);
    REQUIRE(decode(R"({"type":"SYNC","timestamp":1704685500,"src":"sos-risk","seq":9})").events[0].env.src ==
            "sos-risk");
}

TEST_CASE("a SYNC nobody could answer is refused, naming its number") {
    REQUIRE(decode(R"({"type":"SYNC","src":"sos-risk"})").error == "SYNC: field 'seq' is missing");
    REQUIRE(decode(R"({"type":"SYNC","seq":"x"})").error == "SYNC: field 'seq': not a whole number");
    REQUIRE(decode(R"({"type":"SYNC","seq":-1})").error == "SYNC: field 'seq': must not be negative");
}

TEST_CASE("a later contract version is passed on unread") {
    auto r = decode(R"({"type":"CANDLE","ver":2,"timestamp":1,"symbol":"X","tf":"1m","o":1})");
    REQUIRE(r.ok);
    REQUIRE(r.events[0].env.kind == Kind::Unknown);
}

TEST_CASE("lines that are not JSON objects are refused with a reason") {
    REQUIRE(decode("not json").error == "not a JSON object");
    REQUIRE_FALSE(decode("[1,2]").ok);
    REQUIRE(decode(R"({"no":"type"})").error == "no \"type\" field");
    REQUIRE(decode(R"({"type":5})").error == "field 'type': not a string");
    REQUIRE_FALSE(decode(R"({"type":"CANDLE","timestamp":1704685500)").ok);
    REQUIRE_FALSE(decode(R"({"type":"X"} {"type":"Y"})").ok);
    REQUIRE_FALSE(decode(R"({"type":"X","a":[1,2,}]})").ok);
    REQUIRE_FALSE(decode(R"({"type":"X","a":tru})").ok);
    // A second "type" is still checked, though the first is read only once.
    REQUIRE_FALSE(decode(R"({"type":"FOO","type":tru})").ok);
    REQUIRE_FALSE(decode(R"({"type":"FOO","type":"\q"})").ok);
    REQUIRE_FALSE(decode(R"({"type":"X","a":"\q"})").ok);
    REQUIRE_FALSE(decode("{\"type\":\"X\",\"a\":\"\xff\xfe\"}").ok);  // invalid UTF-8
    REQUIRE_FALSE(decode(R"({"type":"TICK","timestamp":1,"symbol":"A","ltp":NaN})").ok);
}

TEST_CASE("missing and mistyped fields are named") {
    REQUIRE(
        decode(R"({"type":"CANDLE","timestamp":1704685500,"symbol":"A","tf":"1m","o":1,"h":2,"l":1,"c":2})")
            .error == "CANDLE: field 'v' is missing");
    REQUIRE(decode(R"({"type":"CANDLE","timestamp":1704685500,"symbol":"A","o":1,"h":2,"l":1,"c":2,"v":1})")
                .error == "CANDLE: field 'tf' is missing");
    REQUIRE(
        decode(
            R"({"type":"CANDLE","timestamp":1704685500,"symbol":"A","tf":"7x","o":1,"h":2,"l":1,"c":2,"v":1})")
            .error == "CANDLE: field 'tf': not a timeframe (1m, 3m, 5m, 15m, 1h, 1d, ...)");
    REQUIRE(
        decode(R"({"type":"CANDLE","timestamp":"soon","symbol":"A","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":1})")
            .error == "CANDLE: field 'timestamp': not an epoch time in seconds");
    REQUIRE(
        decode(R"({"type":"CANDLE","timestamp":1,"symbol":"A","tf":"1m","o":"x","h":2,"l":1,"c":2,"v":1})")
            .error == "CANDLE: field 'o': not a finite number");
    REQUIRE(decode(R"({"type":"TICK","timestamp":1,"ltp":5})").error == "TICK: field 'symbol' is missing");
    REQUIRE(decode(R"({"type":"TICK","symbol":"A","ltp":5})").error == "TICK: field 'timestamp' is missing");
    REQUIRE(decode(R"({"type":"OPTION_CHAIN","timestamp":1,"symbol":"N","spot":1,"strikes":[]})").error ==
            "OPTION_CHAIN: field 'expiry' is missing");
    REQUIRE(
        decode(
            R"({"type":"OPTION_CHAIN","timestamp":1,"symbol":"N","expiry":"2024-01-01","spot":1,"strikes":[{"ce":{"ltp":1,"oi":1}}]})")
            .error == "OPTION_CHAIN: field 'strikes[0].strike' is missing");
    REQUIRE(
        decode(
            R"({"type":"OPTION_CHAIN","timestamp":1,"symbol":"N","expiry":"2024-01-01","spot":1,"strikes":[{"strike":1,"ce":{"ltp":"x","oi":1}}]})")
            .error == "OPTION_CHAIN: field 'strikes[0].ce.ltp': not a finite number or null");
    REQUIRE(decode(R"({"type":"SIGNAL","timestamp":1,"symbol":"A","pattern_id":"P","side":"BUY"})").error ==
            "SIGNAL: field 'id' is missing");
    REQUIRE(
        decode(
            R"({"type":"FILL","timestamp":1,"symbol":"A","order_id":"o","side":"BUY","qty":1.5,"price":1})")
            .error == "FILL: field 'qty': not a whole number");
}

TEST_CASE("the decoder tells canonical lines from seed and bridge spellings") {
    Decoder d;
    EventList out;
    auto canonical = [&](std::string_view line) {
        REQUIRE(d.decode(line, out));
        return d.canonical();
    };
    REQUIRE(canonical(
        R"({"type":"CANDLE","timestamp":1704685500,"symbol":"A","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":3})"));
    REQUIRE(canonical(
        R"({"type":"SENTIMENT_UPDATE","timestamp":1704685500.5,"pcr":1,"breadth":{"adv":1,"dec":2},"regime":"BULLISH"})"));
    REQUIRE(canonical(R"({"type":"FOO","x":1})"));
    REQUIRE_FALSE(canonical(
        R"({"type":"CANDLE","timestamp":1704685500000,"symbol":"A","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":3})"));
    REQUIRE_FALSE(canonical(
        R"({"type":"CANDLE","timestamp":"1704685500","symbol":"A","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":3})"));
    REQUIRE_FALSE(canonical(
        R"({"type":"CANDLE","timestamp":1704685500,"symbol":"A","tf":"1m","open":1,"h":2,"l":1,"c":2,"v":3})"));
    REQUIRE_FALSE(canonical(
        R"({"type":"CANDLE","timestamp":1704685500,"symbol":"A","tf":"1m","o":"1","h":2,"l":1,"c":2,"v":3})"));
    REQUIRE_FALSE(canonical(R"({"type":"SENTIMENT_UPDATE","timestamp":1,"data":{"pcr":1}})"));
    REQUIRE_FALSE(canonical(R"({"type":"SENTIMENT_UPDATE","timestamp":1,"pcrVelocity":1})"));
    REQUIRE_FALSE(canonical(R"({"type":"SENTIMENT_UPDATE","timestamp":1,"regime":"bullish"})"));
    REQUIRE_FALSE(canonical(
        R"({"type":"OPTION_CHAIN","timestamp":1,"symbol":"N","expiry":"28NOV24","spot":1,"strikes":[]})"));
    REQUIRE_FALSE(canonical(
        R"({"type":"CANDLE_UPDATE","symbol":"N","timestamp":1,"1m":{"o":1,"h":2,"l":1,"c":2,"v":3}})"));
}

TEST_CASE("short decimals read from the token equal what the full number parser gives") {
    Decoder d;
    EventList out;
    // Each of these is read by the fast path; the reference is strtod, correctly rounded.
    const char* numbers[] = {"0",     "-0",       "7",    "21700.05",        "0.1",
                             "0.3",   "48123.45", "1e3",  "12.345678901234", "999999999999999",
                             "-12.5", "0.000001", "13.05"};
    for (const char* n : numbers) {
        std::string line =
            std::string(R"({"type":"SENTIMENT_UPDATE","timestamp":1,"pcr_velocity":)") + n + "}";
        INFO(n);
        REQUIRE(d.decode(line, out));
        REQUIRE(*out[0].as<Sentiment>()->pcr_velocity == std::strtod(n, nullptr));
    }
    // Malformed numbers still fail.
    for (const char* n : {"01", "1.", "-", "1.2.3", "--1", ".5"}) {
        std::string line =
            std::string(R"({"type":"SENTIMENT_UPDATE","timestamp":1,"pcr_velocity":)") + n + "}";
        INFO(n);
        REQUIRE_FALSE(d.decode(line, out));
    }
}

TEST_CASE("strings read in place equal what simdjson unescapes") {
    // Plain strings come straight from the line; escaped ones go through simdjson.
    auto plain = decode(R"({"type":"TICK","timestamp":1,"symbol":"NIFTY","exchange":"NSE_INDEX","ltp":1})");
    REQUIRE(plain.ok);
    REQUIRE(plain.events[0].env.symbol == "NIFTY");
    auto escaped =
        decode(R"({"type":"TICK","timestamp":1,"symbol":"NI\u0046TY","exchange":"NSE\"X\\","ltp":1})");
    REQUIRE(escaped.ok);
    REQUIRE(escaped.events[0].env.symbol == "NIFTY");
    REQUIRE(escaped.events[0].env.exchange == "NSE\"X\\");
    auto empty = decode(R"({"type":"TICK","timestamp":1,"symbol":"A","exchange":"","ltp":1})");
    REQUIRE(empty.ok);
    REQUIRE(empty.events[0].env.exchange.empty());
    auto typed = decode(
        R"({"type":"CAN\u0044LE","timestamp":1704685500,"symbol":"A","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":3})");
    REQUIRE(typed.ok);
    REQUIRE(typed.events[0].env.kind == Kind::Candle);
    REQUIRE(decode(R"({"type":"TICK","timestamp":1,"symbol":7,"ltp":1})").error ==
            "TICK: field 'symbol': not a string");
    REQUIRE(decode(R"({"type":"CANDLE","timestamp":1,"symbol":"A","tf":5,"o":1,"h":2,"l":1,"c":2,"v":3})")
                .error == "CANDLE: field 'tf': not a string");
}

TEST_CASE("an error deep in a chain names its row and leg, and the next line decodes clean") {
    Decoder d;
    EventList out;
    const std::string head =
        R"({"type":"OPTION_CHAIN","timestamp":1,"symbol":"N","expiry":"2024-01-01","spot":1,"strikes":[)";
    const std::string good = R"({"strike":1,"ce":{"ltp":1,"oi":1},"pe":{"ltp":3,"oi":2,"iv":null}})";
    REQUIRE_FALSE(d.decode(head + good + "," + good + R"(,{"strike":3,"pe":{"ltp":1,"oi":"x"}}]})", out));
    REQUIRE(d.error().message() == "OPTION_CHAIN: field 'strikes[2].pe.oi': not a finite number or null");
    REQUIRE_FALSE(d.decode(head + good + R"(,{"strike":2,"ce":5}]})", out));
    REQUIRE(d.error().message() == "OPTION_CHAIN: field 'strikes[1].ce': not an object");
    REQUIRE_FALSE(d.decode(head + good + R"(,{"ce":{"ltp":1,"oi":1}}]})", out));
    REQUIRE(d.error().message() == "OPTION_CHAIN: field 'strikes[1].strike' is missing");
    REQUIRE(d.decode(head + good + "]}", out));
    const auto* ch = out[0].as<OptionChain>();
    REQUIRE(ch->strikes.size() == 1);
    REQUIRE(*ch->strikes[0].pe.ltp == 3);
    REQUIRE_FALSE(ch->strikes[0].pe.iv);
    REQUIRE(*ch->strikes[0].pe.oi == 2);
    REQUIRE(out[0].env.symbol == "N");
}

TEST_CASE("a reused event slot keeps nothing of the line before") {
    Decoder d;
    EventList out;
    REQUIRE(d.decode(
        R"({"type":"CANDLE","timestamp":1704685500,"symbol":"A","exchange":"NSE","src":"s","hist":true,"seq":4,"true_regime":"CONGESTION","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":3})",
        out));
    REQUIRE(d.decode(
        R"({"type":"CANDLE","timestamp":1704685560,"symbol":"B","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":3})",
        out));
    const auto& env = out[0].env;
    REQUIRE(env.symbol == "B");
    REQUIRE(env.exchange.empty());
    REQUIRE(env.src.empty());
    REQUIRE_FALSE(env.hist);
    REQUIRE_FALSE(env.seq);
    REQUIRE(env.true_regime.empty());
}

namespace {
std::string nested(int levels, char open, char close, std::string_view inner = "1") {
    return std::string(static_cast<std::size_t>(levels), open) + std::string(inner) +
           std::string(static_cast<std::size_t>(levels), close);
}
}  // namespace

TEST_CASE("a value nested past the depth limit is refused with the reason, anywhere in the line") {
    const int limit = sos::event::json::kMaxDepth;
    // At the limit: read.
    REQUIRE(decode(R"({"type":"X","a":)" + nested(limit, '[', ']') + "}").ok);
    // One past it, in an unknown field, inside a known object, and in every kind of reader.
    const std::string deep = nested(limit + 1, '[', ']');
    auto u = decode(R"({"type":"X","a":)" + deep + "}");
    REQUIRE_FALSE(u.ok);
    REQUIRE(u.error == "X: field 'a': not JSON: nested more than 64 levels deep");
    auto k =
        decode(R"({"type":"CANDLE","timestamp":1,"symbol":"A","tf":"1m","o":1,"h":1,"l":1,"c":1,"v":1,"x":)" +
               nested(limit + 1, '{', '}', R"("k":1)") + "}");
    REQUIRE_FALSE(k.ok);
    REQUIRE(k.error == "CANDLE: field 'x': not JSON: nested more than 64 levels deep");
    const std::string chain =
        R"({"type":"OPTION_CHAIN","timestamp":1,"symbol":"N","expiry":"2024-01-01","spot":1,"strikes":[{"strike":1,"ce":{"ltp":1,"oi":1,"z":)" +
        deep + "}}]}";
    REQUIRE(decode(chain).error ==
            "OPTION_CHAIN: field 'strikes[0].ce.z': not JSON: nested more than 64 levels deep");
    auto h = decode(R"({"type":"SYNC_RECOVERY","history_data":[{"type":"X","q":)" + deep + "}]}");
    REQUIRE_FALSE(h.ok);
    REQUIRE(h.error.find("nested more than 64 levels deep") != std::string::npos);
    REQUIRE(decode(R"({"type":"ORDER","z":)" + deep + "}").error.find("nested more than 64") !=
            std::string::npos);
    // 60,000 levels (the line that took every tool down): refused, and the decoder still works.
    REQUIRE(decode(R"({"type":"X","a":)" + nested(60000, '[', ']') + "}").error ==
            "X: field 'a': not JSON: nested more than 64 levels deep");
    REQUIRE(decode(R"({"type":"X","a":)" + nested(60000, '{', '}', R"("k":1)") + "}").error.find("nested") !=
            std::string::npos);
    // Brackets inside strings do not count; an unclosed deep line is still refused.
    REQUIRE(decode(R"({"type":"X","a":")" + std::string(100000, '[') + R"("})").ok);
    REQUIRE_FALSE(decode(R"({"type":"X","a":)" + std::string(100000, '[')).ok);
    REQUIRE(decode(R"({"type":"TICK","timestamp":1,"symbol":"A","ltp":5})").ok);
}

TEST_CASE("a key given twice in one object refuses the line, naming the key") {
    REQUIRE(decode(R"({"type":"CANDLE","type":"TICK","timestamp":1,"symbol":"A","ltp":5})").error ==
            "CANDLE: field 'type': given twice in one object");
    REQUIRE(decode(R"({"type":"TICK","timestamp":1,"symbol":"A","ltp":5,"ltp":6})").error ==
            "TICK: field 'ltp': given twice in one object");
    REQUIRE(decode(R"({"type":"TICK","timestamp":1,"timestamp":2,"symbol":"A","ltp":5})").error ==
            "TICK: field 'timestamp': given twice in one object");
    // Unknown fields and unknown types too: which one was meant is a guess either way.
    REQUIRE(decode(R"({"type":"TICK","timestamp":1,"symbol":"A","ltp":5,"note":1,"note":2})").error ==
            "TICK: field 'note': given twice in one object");
    REQUIRE(decode(R"({"type":"MINE","a":1,"a":1})").error == "MINE: field 'a': given twice in one object");
    // Escaped spellings of one key are the same key.
    REQUIRE(decode(R"({"type":"TICK","timestamp":1,"symbol":"A","ltp":5,"\u006ctp":6})").error ==
            "TICK: field 'ltp': given twice in one object");
    // Inside the objects the contract reads: candles of seed forms, chain rows and legs, sentiment.
    REQUIRE(
        decode(
            R"({"type":"CANDLE_UPDATE","timestamp":1,"symbol":"A","1m":{"o":1,"h":2,"l":1,"c":2,"v":1,"h":9}})")
            .error == "CANDLE_UPDATE: field '1m.h': given twice in one object");
    const std::string head =
        R"({"type":"OPTION_CHAIN","timestamp":1,"symbol":"N","expiry":"2024-01-01","spot":1,"strikes":[)";
    REQUIRE(decode(head + R"({"strike":1,"strike":2,"ce":{"ltp":1,"oi":1}}]})").error ==
            "OPTION_CHAIN: field 'strikes[0].strike': given twice in one object");
    REQUIRE(decode(head + R"({"strike":1,"ce":{"ltp":1,"oi":1,"ltp":2}}]})").error ==
            "OPTION_CHAIN: field 'strikes[0].ce.ltp': given twice in one object");
    REQUIRE(decode(R"({"type":"SENTIMENT_UPDATE","timestamp":1,"breadth":{"adv":1,"adv":2}})").error ==
            "SENTIMENT_UPDATE: field 'breadth.adv': given twice in one object");
    REQUIRE(
        decode(
            R"({"type":"MARKET_UPDATE","timestamp":1,"symbol":"A","data":{"sentiment":{"pcr":1,"pcr":2}}})")
            .error == "MARKET_UPDATE: field 'sentiment.pcr': given twice in one object");
    // The same key in two different objects is no duplicate.
    REQUIRE(
        decode(
            R"({"type":"MARKET_UPDATE","timestamp":1,"symbol":"A","data":{"symbol":"A","candle":{"o":1,"h":2,"l":1,"c":2,"v":1}}})")
            .ok);
    // Many keys: still found, in linear time.
    std::string many = R"({"type":"MINE")";
    for (int i = 0; i < 200000; ++i)
        many += ",\"k" + std::to_string(i) + "\":1";
    REQUIRE(decode(many + "}").ok);
    REQUIRE(decode(many + R"(,"k123456":2})").error == "MINE: field 'k123456': given twice in one object");
}
