#include "yahoo/yahoo_names.hpp"

#include <fstream>
#include <sstream>
#include <vector>

namespace sos::yahoo {

extern const char* const kShippedYahooNames;  // generated from lib/yahoo/yahoo-names.txt

namespace {

std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        std::size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t')
            ++j;
        if (j > i) out.push_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

// Upper-case letters, digits and '_' (OpenAlgo's exchange codes).
bool is_exchange(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

// What Yahoo's names are made of (^NSEI, NIFTY_FIN_SERVICE.NS, BSE-BANK.BO, M&M.NS): printable
// ASCII without blanks, quotes, '/' or '#', so a name never breaks the URL path it goes into.
bool is_yahoo_text(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c <= ' ' || c > '~' || c == '"' || c == '/' || c == '#' || c == '?' || c == '\\') return false;
    return true;
}

}  // namespace

YahooNames YahooNames::parse(std::string_view text, std::string_view source) {
    YahooNames table;
    std::size_t line_no = 0, pos = 0;
    auto fail = [&](const std::string& why) {
        throw NamesError(std::string(source) + ":" + std::to_string(line_no) + ": " + why);
    };
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        auto w = words(line);
        if (w.empty()) continue;
        if (w.size() != 2) fail("expected 'EXCHANGE:SYMBOL YAHOO_NAME' (two words)");
        auto colon = w[0].find(':');
        if (colon == std::string_view::npos) fail("'" + std::string(w[0]) + "': expected EXCHANGE:SYMBOL");
        std::string_view exchange = w[0].substr(0, colon), symbol = w[0].substr(colon + 1);
        if (!is_exchange(exchange))
            fail("'" + std::string(exchange) + "': not an exchange code (NSE, NSE_INDEX, BSE, ...)");
        if (symbol.empty()) fail("'" + std::string(w[0]) + "': no symbol after the exchange");
        if (symbol == "*") {
            if (w[1] == "none") {
                table.exchanges_[std::string(exchange)] = std::nullopt;
            } else if (w[1].size() > 1 && w[1][0] == '.' && is_yahoo_text(w[1])) {
                table.exchanges_[std::string(exchange)] = std::string(w[1]);
            } else {
                fail("an exchange rule wants a suffix (.NS) or 'none', not '" + std::string(w[1]) + "'");
            }
            continue;
        }
        if (!is_yahoo_text(symbol)) fail("'" + std::string(symbol) + "': not a symbol");
        if (!is_yahoo_text(w[1])) fail("'" + std::string(w[1]) + "': not a Yahoo name");
        table.names_[std::string(w[0])] = std::string(w[1]);
    }
    return table;
}

YahooNames YahooNames::shipped() {
    static const YahooNames table = parse(kShippedYahooNames, "yahoo-names.txt (shipped)");
    return table;
}

YahooNames YahooNames::load_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw NamesError(path + ": cannot read the Yahoo names file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path);
}

YahooNames YahooNames::from_option(const std::string& path) {
    YahooNames table = shipped();
    if (!path.empty()) table.overlay(load_file(path));
    return table;
}

void YahooNames::overlay(const YahooNames& other) {
    for (const auto& [k, v] : other.exchanges_)
        exchanges_[k] = v;
    for (const auto& [k, v] : other.names_)
        names_[k] = v;
}

YahooName YahooNames::lookup(std::string_view symbol, std::string_view exchange) const {
    std::string key = std::string(exchange) + ":" + std::string(symbol);
    YahooName out;
    if (auto it = names_.find(key); it != names_.end()) {
        out.name = it->second;
        return out;
    }
    auto rule = exchanges_.find(exchange);
    if (rule == exchanges_.end()) {
        out.refusal = key + ": no Yahoo Finance name is known (add a line '" + key +
                      " YAHOO_NAME' to the Yahoo names file)";
    } else if (!rule->second) {
        out.refusal = key + ": Yahoo Finance carries no " + std::string(exchange) + " instruments";
    } else if (!is_yahoo_text(symbol)) {
        out.refusal = key + ": not a symbol Yahoo Finance can be asked for";
    } else {
        out.name = std::string(symbol) + *rule->second;
    }
    return out;
}

}  // namespace sos::yahoo
