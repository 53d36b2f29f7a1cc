// The client order id of a live request, derived from the ORDER's id alone, so the same order
// gets the same id after a restart, and a replayed history can recognise what it already sent.
//
// OpenAlgo's placeorder has no field for a client id; its one free text is `strategy`
// (shared/reference/openalgo.md §1.2), which brokers pass on as the order's tag, and Zerodha's
// tag, the strictest, is at most 20 characters, letters and digits only. ORDER ids
// ("ORB:NIFTY:1m:1704685740#1") are longer and carry ':' and '#', so the id is a digest:
//   "S" + 16 lower-case hex digits (FNV-1a 64 of the ORDER id) + 2 decimal digits (the slice)
// 19 characters, [0-9a-zA-Z] only. FNV-1a is fixed by its definition (std::hash is not stable
// across builds or runs). Slices: an order split at the freeze quantity sends one request per
// slice, each with its own id; at most kMaxSlices.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sos::broker::live {

inline constexpr int kMaxSlices = 100;
inline constexpr std::size_t kClientIdLength = 19;

// FNV-1a, 64 bits.
std::uint64_t fnv1a64(std::string_view bytes);

// The id of slice `slice` (0-based) of the ORDER `order_id`; nothing when slice is outside
// [0, kMaxSlices).
std::optional<std::string> client_order_id(std::string_view order_id, int slice);

}  // namespace sos::broker::live
