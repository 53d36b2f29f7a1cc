// Which format a recorded file is in, from its first bytes: NDJSON starts with '{' (after
// blank space and a UTF-8 byte-order mark, which Windows editors write), anything else is
// taken for CSV, whose header names its columns. Only a regular file is looked at: standard
// input, sockets and other transports carry NDJSON.
#pragma once

#include <string_view>

#include "ndjson/endpoint.hpp"

namespace sos::feed {

enum class RecordFormat { Ndjson, Csv };

RecordFormat sniff_format(std::string_view head);
// Reads the file's first bytes without moving its offset; a descriptor that is not a regular
// file is NDJSON.
RecordFormat sniff_format(const ndjson::Endpoint& input);

}  // namespace sos::feed
