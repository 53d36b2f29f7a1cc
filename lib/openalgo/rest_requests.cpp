#include "openalgo/rest_requests.hpp"

#include "event/json_writer.hpp"
#include "instrument/symbology.hpp"

namespace sos::openalgo {

namespace {

// A request body: the key first, as OpenAlgo's own clients write it.
class Body {
public:
    explicit Body(std::string_view api_key) : w_(out_) { w_.str("apikey", api_key); }
    event::JsonWriter& w() { return w_; }
    std::string take() {
        w_.finish_line();
        out_.pop_back();  // a body, not a line
        return std::move(out_);
    }

private:
    std::string out_;
    event::JsonWriter w_;
};

}  // namespace

std::string encode_history(std::string_view api_key, const HistoryRequest& r) {
    Body b(api_key);
    b.w()
        .str("symbol", r.symbol)
        .str("exchange", r.exchange)
        .str("interval", r.interval)
        .str("start_date", time::format_date(r.start_date))
        .str("end_date", time::format_date(r.end_date))
        .str_if("source", r.source);
    return b.take();
}

std::string encode_quotes(std::string_view api_key, std::string_view symbol, std::string_view exchange) {
    Body b(api_key);
    b.w().str("symbol", symbol).str("exchange", exchange);
    return b.take();
}

std::string encode_multiquotes(std::string_view api_key, std::span<const Instrument> instruments) {
    Body b(api_key);
    b.w().array("symbols");
    for (const Instrument& in : instruments)
        b.w().element_object().str("symbol", in.symbol).str("exchange", in.exchange).end_object();
    b.w().end_array();
    return b.take();
}

std::string encode_expiry(std::string_view api_key, std::string_view symbol, std::string_view exchange,
                          InstrumentType type) {
    Body b(api_key);
    b.w()
        .str("symbol", symbol)
        .str("exchange", exchange)
        .str("instrumenttype", type == InstrumentType::Options ? "options" : "futures");
    return b.take();
}

std::string encode_optionchain(std::string_view api_key, const OptionChainRequest& r) {
    Body b(api_key);
    b.w()
        .str("underlying", r.underlying)
        .str("exchange", r.exchange)
        .str("expiry_date", instrument::format_expiry_code(r.expiry));
    if (r.strike_count) b.w().integer("strike_count", *r.strike_count);
    if (r.with_greeks) b.w().boolean("with_greeks", *r.with_greeks);
    if (r.interest_rate) b.w().num("interest_rate", *r.interest_rate);
    return b.take();
}

std::string encode_intervals(std::string_view api_key) {
    Body b(api_key);
    return b.take();
}

}  // namespace sos::openalgo
