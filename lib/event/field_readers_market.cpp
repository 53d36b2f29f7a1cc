#include "event/field_readers.hpp"
#include "instrument/symbology.hpp"

namespace sos::event::detail {

namespace {

// Expiry dates come as 2024-11-28 (the contract), 28NOV24 (OpenAlgo symbols) or 28-NOV-24
// (OpenAlgo's master contract).
std::optional<time::Date> parse_expiry(std::string_view s) {
    if (auto d = time::parse_date(s)) return d;
    return instrument::parse_expiry_code(s);
}

// Errors inside a leg or a strike row get their place ("strikes[3].ce.") put in front of
// the field only when they happen: building the path for every row was a tenth of a chain.
bool in_place(Ctx& c, std::size_t mark, std::string_view where) {
    c.err.field.insert(mark, where);
    return false;
}

Read leg_field(std::string_view key, od::value& fv, OptionLeg& leg, Ctx& c) {
    switch (key.size()) {
        case 2:
            if (key == "oi") return opt_num(fv, leg.oi, c, key);
            if (key == "iv") return opt_num(fv, leg.iv, c, key);
            break;
        case 3:
            if (key == "ltp") return opt_num(fv, leg.ltp, c, key);
            break;
        case 5:
            if (key == "delta") return opt_num(fv, leg.delta, c, key);
            if (key == "price") return c.aliased(opt_num(fv, leg.ltp, c, key));
            break;
        case 6:
            if (key == "volume") return opt_num(fv, leg.volume, c, key);
            if (key == "oi_chg") return c.aliased(opt_num(fv, leg.oi_change, c, key));
            break;
        case 9:
            if (key == "oi_change") return opt_num(fv, leg.oi_change, c, key);
            break;
    }
    return Read::Unknown;
}

bool read_leg(od::value& v, OptionLeg& leg, Ctx& c, std::string_view side) {
    od::object obj;
    if (v.get_object().get(obj)) {
        c.bad(side, "not an object");
        return false;
    }
    const std::size_t mark = c.path.size();
    json::KeySet keys;
    for (auto fr : obj) {
        std::string_view key;
        if (fr.error() || !json::field_key(fr.value_unsafe(), key)) {
            c.fail("", "malformed JSON");
            return in_place(c, mark, std::string(side) + ".");
        }
        od::value& fv = fr.value_unsafe().value();
        Read r = keys.insert(key) ? leg_field(key, fv, leg, c) : c.bad(key, kKeyTwice);
        if (r == Read::Unknown && !json::walk(fv, nullptr)) r = c.bad(key, "malformed JSON");
        if (r == Read::Bad) return in_place(c, mark, std::string(side) + ".");
    }
    return true;
}

bool read_strike_row(od::value& v, StrikeRow& row, Ctx& c, bool& has_strike) {
    od::object obj;
    if (v.get_object().get(obj)) return c.fail("", "not an object");
    json::KeySet keys;
    for (auto fr : obj) {
        std::string_view key;
        if (fr.error() || !json::field_key(fr.value_unsafe(), key)) return c.fail("", "malformed JSON");
        if (!keys.insert(key)) return c.fail(key, kKeyTwice);
        od::value& fv = fr.value_unsafe().value();
        Read r = Read::Unknown;
        if (key == "strike") {
            r = num(fv, row.strike, c, key);
            has_strike = r == Read::Used;
        } else if (key == "ce") {
            if (json::is_null(fv)) continue;
            if (!read_leg(fv, row.ce, c, key)) return false;
            row.has_ce = true;
            continue;
        } else if (key == "pe") {
            if (json::is_null(fv)) continue;
            if (!read_leg(fv, row.pe, c, key)) return false;
            row.has_pe = true;
            continue;
        } else if (key == "call_oi_chg") {  // the SOS bridge's OPTION_CHAIN_UPDATE
            r = c.aliased(opt_num(fv, row.ce.oi_change, c, key));
            row.has_ce = true;
        } else if (key == "put_oi_chg") {
            r = c.aliased(opt_num(fv, row.pe.oi_change, c, key));
            row.has_pe = true;
        }
        if (r == Read::Bad) return false;
        if (r == Read::Unknown && !json::walk(fv, nullptr)) return c.fail(key, "malformed JSON");
    }
    return true;
}

}  // namespace

Read read_tick(std::string_view key, od::value& v, Tick& t, Seen& s, Ctx& c) {
    if (key == "ltp") return s.mark(0, num(v, t.ltp, c, key));
    if (key == "last_price") return c.aliased(s.mark(0, num(v, t.ltp, c, key)));
    if (key == "volume") return opt_num(v, t.volume, c, key);
    if (key == "oi") return opt_num(v, t.oi, c, key);
    if (key == "bid") return opt_num(v, t.bid, c, key);
    if (key == "ask") return opt_num(v, t.ask, c, key);
    if (key == "bid_qty") return opt_num(v, t.bid_qty, c, key);
    if (key == "ask_qty") return opt_num(v, t.ask_qty, c, key);
    return Read::Unknown;
}

bool finish_tick(const Seen& s, Ctx& c) {
    return s.has(0) || c.missing("ltp");
}

enum CandleBits { kO, kH, kL, kC, kV, kTf };

Read read_candle(std::string_view key, od::value& v, Candle& k, Seen& s, Ctx& c) {
    if (key.size() == 1) {
        switch (key[0]) {
            case 'o':
                return s.mark(kO, num(v, k.o, c, key));
            case 'h':
                return s.mark(kH, num(v, k.h, c, key));
            case 'l':
                return s.mark(kL, num(v, k.l, c, key));
            case 'c':
                return s.mark(kC, num(v, k.c, c, key));
            case 'v':
                return s.mark(kV, num(v, k.v, c, key));
        }
        return Read::Unknown;
    }
    if (key == "tf") return s.mark(kTf, timeframe(v, k.tf, c, key));
    if (key == "oi") return opt_num(v, k.oi, c, key);
    if (key == "gap") return json::read_bool(v, k.gap) ? Read::Used : c.bad(key, "not true or false");
    if (key == "partial") return json::read_bool(v, k.partial) ? Read::Used : c.bad(key, "not true or false");
    if (key == "open") return c.aliased(s.mark(kO, num(v, k.o, c, key)));
    if (key == "high") return c.aliased(s.mark(kH, num(v, k.h, c, key)));
    if (key == "low") return c.aliased(s.mark(kL, num(v, k.l, c, key)));
    if (key == "close") return c.aliased(s.mark(kC, num(v, k.c, c, key)));
    if (key == "volume" || key == "vol") return c.aliased(s.mark(kV, num(v, k.v, c, key)));
    return Read::Unknown;
}

bool finish_candle(const Seen& s, Ctx& c, bool tf_required) {
    static const char* kNames[] = {"o", "h", "l", "c", "v", "tf"};
    for (int b = kO; b <= kV; ++b)
        if (!s.has(b)) return c.missing(kNames[b]);
    if (tf_required && !s.has(kTf)) return c.missing("tf");
    return true;
}

bool read_ohlcv_object(od::value& v, Candle& k, Ctx& c, std::string_view key) {
    od::object obj;
    if (v.get_object().get(obj)) return c.fail(key, "not an object");
    const std::size_t mark = c.path.size();
    c.path.append(key).push_back('.');
    Seen s;
    json::KeySet keys;
    for (auto fr : obj) {
        std::string_view k2;
        if (fr.error() || !json::field_key(fr.value_unsafe(), k2)) return c.fail("", "malformed JSON");
        if (!keys.insert(k2)) return c.fail(k2, kKeyTwice);
        od::value& fv = fr.value_unsafe().value();
        Read r = read_candle(k2, fv, k, s, c);
        if (r == Read::Bad) return false;
        if (r == Read::Unknown && !json::walk(fv, nullptr)) return c.fail(k2, "malformed JSON");
    }
    if (!finish_candle(s, c, false)) return false;
    c.path.resize(mark);
    return true;
}

enum ChainBits { kExpiry, kSpot, kStrikes };

Read read_chain(std::string_view key, od::value& v, OptionChain& ch, Seen& s, Ctx& c) {
    if (key == "expiry" || key == "expiry_date") {
        std::string_view text;
        if (!json::read_text(v, text)) return c.bad(key, "not a string");
        auto d = parse_expiry(text);
        if (!d) return c.bad(key, "not a date (YYYY-MM-DD)");
        if (key != "expiry" || !time::parse_date(text)) c.alias = true;
        ch.expiry = d;
        return s.mark(kExpiry, Read::Used);
    }
    if (key == "spot") return s.mark(kSpot, opt_num(v, ch.spot, c, key));
    if (key == "underlying_ltp") return c.aliased(s.mark(kSpot, opt_num(v, ch.spot, c, key)));
    if (key == "lot_size") return opt_num(v, ch.lot_size, c, key);
    if (key == "lotsize") return c.aliased(opt_num(v, ch.lot_size, c, key));
    if (key == "strikes" || key == "chain") {
        if (key == "chain") c.alias = true;
        od::array arr;
        if (v.get_array().get(arr)) return c.bad(key, "not an array");
        const std::size_t mark = c.path.size();
        std::size_t i = 0;
        for (auto er : arr) {
            if (er.error()) return c.bad(key, "malformed JSON");
            ch.strikes.emplace_back();
            bool has_strike = false;
            if (!read_strike_row(er.value_unsafe(), ch.strikes.back(), c, has_strike) ||
                (!has_strike && !c.missing("strike"))) {
                in_place(c, mark, std::string(key) + "[" + std::to_string(i) + "].");
                return Read::Bad;
            }
            ++i;
        }
        return s.mark(kStrikes, Read::Used);
    }
    return Read::Unknown;
}

bool finish_chain(const Seen& s, Ctx& c, bool bridge_form) {
    if (!s.has(kStrikes)) return c.missing(bridge_form ? "chain" : "strikes");
    if (bridge_form) return true;
    if (!s.has(kExpiry)) return c.missing("expiry");
    if (!s.has(kSpot)) return c.missing("spot");
    return true;
}

Read read_breadth(std::string_view key, od::value& v, Breadth& b, Seen& s, Ctx& c) {
    if (key == "adv") return s.mark(0, num(v, b.adv, c, key));
    if (key == "dec") return s.mark(1, num(v, b.dec, c, key));
    if (key == "advances") return c.aliased(s.mark(0, num(v, b.adv, c, key)));
    if (key == "declines") return c.aliased(s.mark(1, num(v, b.dec, c, key)));
    if (key == "unchanged") return opt_num(v, b.unchanged, c, key);
    return Read::Unknown;
}

bool finish_breadth(const Seen& s, Ctx& c) {
    if (!s.has(0)) return c.missing("adv");
    if (!s.has(1)) return c.missing("dec");
    return true;
}

Read read_sentiment(std::string_view key, od::value& v, Sentiment& m, Ctx& c) {
    if (key == "pcr") return opt_num(v, m.pcr, c, key);
    if (key == "pcr_velocity") return opt_num(v, m.pcr_velocity, c, key);
    if (key == "velocity" || key == "pcrVelocity") return c.aliased(opt_num(v, m.pcr_velocity, c, key));
    if (key == "pcr_volume") return opt_num(v, m.pcr_volume, c, key);
    if (key == "breadth") {
        if (json::is_null(v)) return Read::Used;
        od::object obj;
        if (v.get_object().get(obj)) return c.bad(key, "not an object");
        json::KeySet keys;
        for (auto fr : obj) {
            std::string_view k2;
            if (fr.error() || !json::field_key(fr.value_unsafe(), k2)) return c.bad(key, "malformed JSON");
            if (!keys.insert(k2)) return c.bad(std::string(key) + "." + std::string(k2), kKeyTwice);
            od::value& fv = fr.value_unsafe().value();
            Read r = Read::Unknown;
            if (k2 == "adv")
                r = opt_num(fv, m.breadth_adv, c, "breadth.adv");
            else if (k2 == "dec")
                r = opt_num(fv, m.breadth_dec, c, "breadth.dec");
            else if (k2 == "advances")
                r = c.aliased(opt_num(fv, m.breadth_adv, c, "breadth.adv"));
            else if (k2 == "declines")
                r = c.aliased(opt_num(fv, m.breadth_dec, c, "breadth.dec"));
            if (r == Read::Bad) return r;
            if (r == Read::Unknown && !json::walk(fv, nullptr)) return c.bad(key, "malformed JSON");
        }
        return Read::Used;
    }
    if (key == "advances") return c.aliased(opt_num(v, m.breadth_adv, c, key));
    if (key == "declines") return c.aliased(opt_num(v, m.breadth_dec, c, key));
    if (key == "oi_wall_above") return opt_num(v, m.oi_wall_above, c, key);
    if (key == "oi_wall_below") return opt_num(v, m.oi_wall_below, c, key);
    if (key == "max_pain") return opt_num(v, m.max_pain, c, key);
    if (key == "oiWallAbove") return c.aliased(opt_num(v, m.oi_wall_above, c, key));
    if (key == "oiWallBelow") return c.aliased(opt_num(v, m.oi_wall_below, c, key));
    if (key == "maxPain") return c.aliased(opt_num(v, m.max_pain, c, key));
    if (key == "iv") return opt_num(v, m.iv, c, key);
    if (key == "iv_rank") return opt_num(v, m.iv_rank, c, key);
    if (key == "iv_percentile") return opt_num(v, m.iv_percentile, c, key);
    if (key == "hv") return opt_num(v, m.hv, c, key);
    if (key == "skew") return opt_num(v, m.skew, c, key);
    if (key == "term") return opt_num(v, m.term, c, key);
    if (key == "vix") return opt_num(v, m.vix, c, key);
    if (key == "regime") return regime_any_case(v, m.regime, c, key, true);
    return Read::Unknown;
}

bool read_sentiment_object(od::value& v, Sentiment& m, Ctx& c, std::string_view key) {
    od::object obj;
    if (v.get_object().get(obj)) return c.fail(key, "not an object");
    const std::size_t mark = c.path.size();
    c.path.append(key).push_back('.');
    json::KeySet keys;
    for (auto fr : obj) {
        std::string_view k2;
        if (fr.error() || !json::field_key(fr.value_unsafe(), k2)) return c.fail("", "malformed JSON");
        if (!keys.insert(k2)) return c.fail(k2, kKeyTwice);
        od::value& fv = fr.value_unsafe().value();
        Read r = read_sentiment(k2, fv, m, c);
        if (r == Read::Bad) return false;
        if (r == Read::Unknown && !json::walk(fv, nullptr)) return c.fail(k2, "malformed JSON");
    }
    c.path.resize(mark);
    return true;
}

}  // namespace sos::event::detail
