// The ORDER_UPDATE id of one part of an ORDER that sos-exec --live sends in several requests (a
// freeze slice of a placeorder, a leg of an optionsmultiorder) when that part ends with nothing
// (refused, cancelled, withdrawn) while the ORDER goes on: another part is still on its way or
// has filled (docs/decisions.md "A part refused while the ORDER goes on"). Its end is not the
// ORDER's, so it is not said under the ORDER's id: sos-risk would free the ORDER's reservation
// and forget the fills and the EXIT still to come. "ORDER_ID/part-CLIENT_ID": the client id
// names the request as the state file does (for a placeorder, also the `strategy` tag the
// broker's books show). Like "ORDER_ID/stop" and "ORDER_ID/exit", it sorts under the ORDER's
// "ORDER_ID/" prefix.
#pragma once

#include <string>
#include <string_view>

namespace sos::event {

inline constexpr std::string_view kPartMark = "/part-";

inline std::string part_update_id(std::string_view order_id, std::string_view client_id) {
    std::string id(order_id);
    id += kPartMark;
    id += client_id;
    return id;
}

// True for an id part_update_id made: a word on one part, not on the ORDER.
inline bool is_part_update(std::string_view id) {
    return id.find(kPartMark) != std::string_view::npos;
}

}  // namespace sos::event
