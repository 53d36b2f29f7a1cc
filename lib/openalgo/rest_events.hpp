// OpenAlgo REST answers as contract events: /history rows as CANDLE lines (flagged hist when
// they rebuild state rather than report the present), /optionchain as an OPTION_CHAIN line in
// the form sos-feed synth writes, so the sentiment analytics read live chains unchanged.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "event/event.hpp"
#include "openalgo/rest_responses.hpp"
#include "time/calendar.hpp"
#include "time/timeframe.hpp"

namespace sos::openalgo {

struct CandleSeries {
    std::string_view symbol;
    std::string_view exchange;
    std::string_view src;  // "openalgo-rest:zerodha"
    time::Timeframe tf;
    bool hist = false;
};

struct HistoryConversion {
    std::uint64_t outside_session = 0;  // rows whose bar is not in a session (pre-open prints)
    std::uint64_t still_open = 0;       // rows whose bar had not ended by `closed_by`
};

// Appends one CANDLE per row whose bar has ended by `closed_by` (the bar still forming is
// left out), stamped with the bar's open as the calendar anchors it: an intraday row at its
// own time, a daily row at its session's open (OpenAlgo dates daily rows at midnight IST).
HistoryConversion history_to_candles(const std::vector<HistoryRow>& rows, const CandleSeries& series,
                                     const time::Calendar& calendar, time::Timestamp closed_by,
                                     std::vector<event::Event>& out);

// The chain as an OPTION_CHAIN for the underlying, timed `at` (when it was asked for, on the
// exchange's clock). IV goes from OpenAlgo's percent to the contract's fraction; the lot size
// is the first leg's. A chain without expiry or underlying price has no canonical form: nullopt.
std::optional<event::Event> option_chain_event(const OptionChainAnswer& chain, std::string_view exchange,
                                               time::Timestamp at, std::string_view src);

}  // namespace sos::openalgo
