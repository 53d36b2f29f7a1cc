// The event codec against nlohmann/json on the same candle lines: decode (with the contract's
// validation) and encode, lines per second and MB/s.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "event/decoder.hpp"
#include "event/encoder.hpp"

namespace {
double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main() {
    const int n = 500'000;
    std::string buf;
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (int i = 0; i < n; ++i) {
        std::size_t at = buf.size();
        buf += "{\"type\":\"CANDLE\",\"timestamp\":" + std::to_string(1704685500 + 60 * i) +
               ",\"symbol\":\"NIFTY\",\"exchange\":\"NSE_INDEX\",\"tf\":\"1m\",\"o\":21700.5,\"h\":21720.25,"
               "\"l\":21690,"
               "\"c\":21710.05,\"v\":" +
               std::to_string(1000 + i % 977) + ",\"src\":\"synth\"}";
        spans.emplace_back(at, buf.size() - at);
        buf.push_back('\n');
    }
    buf.append(sos::event::Decoder::padding(), ' ');
    const double mb = static_cast<double>(buf.size()) / 1e6;

    sos::event::Decoder d;
    sos::event::EventList events;
    auto t0 = std::chrono::steady_clock::now();
    double check = 0;
    for (auto [at, len] : spans) {
        d.decode(buf.data() + at, len, buf.size() - at, events);
        check += events[0].as<sos::event::Candle>()->v;
    }
    double s1 = since(t0);

    t0 = std::chrono::steady_clock::now();
    double check2 = 0;
    for (auto [at, len] : spans) {
        auto j = nlohmann::json::parse(buf.data() + at, buf.data() + at + len);
        check2 += j["v"].get<double>();
    }
    double s2 = since(t0);

    std::string out;
    t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
        out.clear();
        sos::event::encode(events[0], out);
    }
    double s3 = since(t0);
    auto j =
        nlohmann::json::parse(buf.data() + spans[0].first, buf.data() + spans[0].first + spans[0].second);
    t0 = std::chrono::steady_clock::now();
    std::size_t sz = 0;
    for (int i = 0; i < n; ++i)
        sz += j.dump().size();
    double s4 = since(t0);

    std::printf("decode  sos (simdjson, validated) %6.2f M lines/s %7.0f MB/s\n", n / s1 / 1e6, mb / s1);
    std::printf("decode  nlohmann::json::parse     %6.2f M lines/s %7.0f MB/s   (baseline)\n", n / s2 / 1e6,
                mb / s2);
    std::printf("encode  sos (fmt)                 %6.2f M lines/s\n", n / s3 / 1e6);
    std::printf("encode  nlohmann::json::dump      %6.2f M lines/s   (baseline)\n", n / s4 / 1e6);
    return check == check2 && sz > 0 ? 0 : 1;
}
