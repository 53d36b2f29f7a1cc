#include "feed/replay/csv_layout.hpp"

#include <algorithm>
#include <cctype>

namespace sos::feed {

void split_csv(std::string_view line, char sep, std::vector<std::string_view>& fields, std::string& scratch) {
    fields.clear();
    scratch.clear();
    // Quoted fields that contain "" are unescaped into scratch; reserve so views stay valid.
    scratch.reserve(line.size());
    std::size_t i = 0;
    while (i <= line.size()) {
        if (i < line.size() && line[i] == '"') {
            std::size_t start = scratch.size();
            ++i;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        scratch.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                scratch.push_back(line[i++]);
            }
            fields.emplace_back(scratch.data() + start, scratch.size() - start);
            while (i < line.size() && line[i] != sep)
                ++i;  // junk after a closing quote
            ++i;
        } else {
            std::size_t j = line.find(sep, i);
            if (j == std::string_view::npos) j = line.size();
            std::string_view f = line.substr(i, j - i);
            while (!f.empty() && (f.front() == ' ' || f.front() == '\t'))
                f.remove_prefix(1);
            while (!f.empty() && (f.back() == ' ' || f.back() == '\t' || f.back() == '\r'))
                f.remove_suffix(1);
            fields.push_back(f);
            i = j + 1;
        }
    }
}

namespace {

std::string normalise(std::string_view name) {
    std::string out;
    for (char c : name)
        if (std::isalnum(static_cast<unsigned char>(c)))
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return out;
}

bool any_of(const std::string& n, std::initializer_list<const char*> names) {
    return std::any_of(names.begin(), names.end(), [&](const char* x) { return n == x; });
}

}  // namespace

std::optional<CsvLayout> read_csv_header(std::string_view header, std::string& error) {
    if (header.size() >= 3 && static_cast<unsigned char>(header[0]) == 0xEF)
        header.remove_prefix(3);  // UTF-8 BOM
    CsvLayout l;
    // The separator is whichever of , ; TAB the header uses most.
    std::size_t commas = std::count(header.begin(), header.end(), ',');
    std::size_t semis = std::count(header.begin(), header.end(), ';');
    std::size_t tabs = std::count(header.begin(), header.end(), '\t');
    if (semis > commas && semis >= tabs)
        l.separator = ';';
    else if (tabs > commas && tabs > semis)
        l.separator = '\t';
    std::vector<std::string_view> fields;
    std::string scratch;
    split_csv(header, l.separator, fields, scratch);
    l.columns = fields.size();
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string n = normalise(fields[i]);
        int c = static_cast<int>(i);
        auto take = [&](int& slot) {
            if (slot < 0) slot = c;
        };
        if (any_of(n,
                   {"datetime", "timestamp", "timestampist", "ts", "datetimeist", "tradetimestamp", "epoch"}))
            take(l.datetime);
        else if (any_of(n, {"date", "tradedate", "day", "dt"}))
            take(l.date);
        else if (any_of(n, {"time", "tradetime", "tm", "exchangetime", "exchtime", "ltt"}))
            take(l.time);
        else if (any_of(n, {"symbol", "ticker", "tradingsymbol", "instrument", "scrip", "sym", "name"}))
            take(l.symbol);
        else if (any_of(n, {"exchange", "exch", "segment"}))
            take(l.exchange);
        else if (any_of(n, {"tf", "timeframe", "interval", "resolution"}))
            take(l.tf);
        else if (any_of(n, {"open", "o", "openprice", "opn"}))
            take(l.open);
        else if (any_of(n, {"high", "h", "highprice"}))
            take(l.high);
        else if (any_of(n, {"low", "l", "lowprice"}))
            take(l.low);
        else if (any_of(n, {"close", "c", "closeprice", "adjclose"}))
            take(l.close);
        else if (any_of(n, {"volume", "v", "vol", "tradedvolume", "totaltradedvolume", "cumvolume"}))
            take(l.volume);
        else if (any_of(n, {"qty", "quantity", "ltq", "lastqty", "tradeqty", "lastquantity"}))
            take(l.trade_qty);
        else if (any_of(n, {"oi", "openinterest"}))
            take(l.oi);
        else if (any_of(n, {"ltp", "price", "lastprice", "last", "lasttradedprice", "tradeprice"}))
            take(l.price);
    }
    // "Date" holding both date and time, with no separate time column, is the datetime.
    if (l.datetime < 0 && l.date >= 0 && l.time < 0) {
        l.datetime = l.date;
        l.date = -1;
    }
    if (l.datetime < 0 && !(l.date >= 0 && l.time >= 0)) {
        error = "no time column (expected one of datetime, timestamp, date [+ time])";
        return std::nullopt;
    }
    if (!l.candles() && !l.ticks()) {
        error = "neither open/high/low/close columns (candles) nor a price/ltp column (ticks)";
        return std::nullopt;
    }
    return l;
}

}  // namespace sos::feed
