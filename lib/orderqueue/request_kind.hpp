// What a queued request does to the account, which decides whether it may be refused.
#pragma once

#include <cstdint>
#include <string_view>

namespace sos::orderqueue {

enum class RequestKind : std::uint8_t {
    Entry,   // opens or adds to a position (an ORDER's placeorder, optionsorder, optionsmultiorder)
    Exit,    // closes or reduces one (stop, target, square-off, kill switch, the exchange stop)
    Modify,  // changes a working order (a trailing stop moved)
    Cancel,  // cancels a working order
};

// Only entries add risk; refusing anything else could leave a position without its exit.
constexpr bool refusable(RequestKind k) {
    return k == RequestKind::Entry;
}

std::string_view kind_name(RequestKind k);

}  // namespace sos::orderqueue
