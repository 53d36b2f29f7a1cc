#include "pipeline/line_decoder.hpp"

#include <fmt/format.h>

#include "ndjson/line_reader.hpp"

namespace sos::pipeline {

void LineDecoder::refuse(std::uint64_t number, std::string_view reason, DecodedLine& out) {
    out.ok = false;
    out.stop = !bad_.report(source_, number, reason);
}

void LineDecoder::decode(const char* data, std::size_t len, std::size_t capacity, std::uint64_t number,
                         DecodedLine& out, bool time_order) {
    out.stop = false;
    if (!decoder_.decode(data, len, capacity, out.events))
        return refuse(number, decoder_.error().message(), out);
    for (const auto& e : decoder_.element_errors()) {
        if (!bad_.report(source_, number, e.message())) {
            out.ok = false;
            out.stop = true;
            return;
        }
    }
    for (const auto& e : out.events) {
        if (!time_order) break;
        if (auto why = order_.check(e))
            return refuse(number, fmt::format("{}: {}", event::type_name(e.env.kind), *why), out);
    }
    out.ok = true;
    out.canonical = decoder_.canonical();
    out.kind = decoder_.kind();
    out.type.assign(decoder_.type());
}

namespace {
void take_result(const event::Decoder& decoder, bool ok, DecodedLine& out) {
    out.stop = false;
    out.error.clear();
    out.ok = ok;
    if (!ok) {
        out.error = decoder.error().message();
        return;
    }
    // A SYNC_RECOVERY's bad elements: reported (in order) by check(), the rest kept.
    for (const auto& e : decoder.element_errors())
        out.error.append(e.message()).push_back('\n');
    out.canonical = decoder.canonical();
    out.kind = decoder.kind();
    out.type.assign(decoder.type());
}
}  // namespace

void LineDecoder::decode_only(event::Decoder& decoder, const char* data, std::size_t len,
                              std::size_t capacity, DecodedLine& out) {
    bool ok = decoder.decode(data, len, capacity, out.events);
    take_result(decoder, ok, out);
}

void LineDecoder::decode_batch(event::Decoder& decoder, const ndjson::LineBatch& lines,
                               std::vector<DecodedLine>& out) {
    if (out.size() < lines.lines.size()) out.resize(lines.lines.size());
    for (std::size_t i = 0; i < lines.lines.size(); ++i) {
        const auto& span = lines.lines[i];
        if (span.overlong) continue;  // reported when decided
        bool ok = decoder.decode(lines.data(span), span.length, lines.capacity(span), out[i].events);
        take_result(decoder, ok, out[i]);
    }
}

void LineDecoder::check(std::uint64_t number, DecodedLine& out, bool time_order) {
    if (!out.ok) return refuse(number, out.error, out);
    if (!out.error.empty()) {
        std::string_view rest = out.error;
        while (!rest.empty()) {
            auto nl = rest.find('\n');
            if (!bad_.report(source_, number, rest.substr(0, nl))) {
                out.ok = false;
                out.stop = true;
                return;
            }
            rest.remove_prefix(nl + 1);
        }
    }
    if (!time_order) return;
    for (const auto& e : out.events) {
        if (auto why = order_.check(e))
            return refuse(number, fmt::format("{}: {}", event::type_name(e.env.kind), *why), out);
    }
}

void LineDecoder::overlong(std::uint64_t number, std::size_t length, DecodedLine& out) {
    out.ok = false;
    out.error = ndjson::overlong_message(length);
    refuse(number, out.error, out);
}

}  // namespace sos::pipeline
