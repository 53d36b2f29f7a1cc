// Yahoo Finance's names for sos's instruments (^NSEI for NSE_INDEX:NIFTY, SBIN.NS for NSE:SBIN):
// a table compiled in from lib/yahoo/yahoo-names.txt, which a user's file in the same format
// extends. Indices have names of their own; an exchange's equities take a suffix; Indian
// options and futures have none on Yahoo and are refused, as is any instrument the table does
// not know, with the words to say why.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sos::yahoo {

class NamesError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The Yahoo name, or why there is none.
struct YahooName {
    std::optional<std::string> name;
    std::string refusal;  // "NFO:NIFTY26AUG2524800CE: Yahoo Finance carries no NFO instruments"
};

class YahooNames {
public:
    // The shipped table.
    static YahooNames shipped();
    // Throws NamesError naming "source:line: reason".
    static YahooNames parse(std::string_view text, std::string_view source_name);
    static YahooNames load_file(const std::string& path);
    // The shipped table with the user's file (if a path is given) laid over it.
    static YahooNames from_option(const std::string& path_or_empty);

    // Lays `other` over this table: its entries and exchange rules win.
    void overlay(const YahooNames& other);

    YahooName lookup(std::string_view symbol, std::string_view exchange) const;

private:
    // An exchange's rule: a suffix for its equities, or none at all (nullopt).
    std::map<std::string, std::optional<std::string>, std::less<>> exchanges_;
    std::map<std::string, std::string, std::less<>> names_;  // "NSE_INDEX:NIFTY" -> "^NSEI"
};

}  // namespace sos::yahoo
