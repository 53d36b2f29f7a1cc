#include "journal/text_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "time/civil.hpp"

namespace sos::journal {

TextTable::TextTable(std::vector<std::string> header, std::vector<bool> right_aligned)
    : right_(std::move(right_aligned)) {
    rows_.push_back(std::move(header));
}

void TextTable::add(std::vector<std::string> row) {
    rows_.push_back(std::move(row));
}

std::string TextTable::render() const {
    std::vector<std::size_t> width(rows_[0].size(), 0);
    for (const auto& r : rows_)
        for (std::size_t i = 0; i < r.size(); ++i)
            width[i] = std::max(width[i], r[i].size());
    std::string out;
    for (const auto& r : rows_) {
        std::string line;
        for (std::size_t i = 0; i < r.size(); ++i) {
            if (i) line += "  ";
            const std::string pad(width[i] - r[i].size(), ' ');
            line += right_[i] ? pad + r[i] : r[i] + (i + 1 < r.size() ? pad : "");
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out += line + '\n';
    }
    return out;
}

std::string local_time(const std::optional<double>& t) {
    if (!t) return "-";
    const auto ts = time::Timestamp::from_seconds(static_cast<std::int64_t>(std::floor(*t)));
    const int sod = time::kIndia.local_seconds_of_day(ts);
    return fmt::format("{} {:02}:{:02}:{:02}", time::format_date(time::kIndia.local_date(ts)), sod / 3600,
                       sod / 60 % 60, sod % 60);
}

std::string local_date_text(double t) {
    return time::format_date(
        time::kIndia.local_date(time::Timestamp::from_seconds(static_cast<std::int64_t>(std::floor(t)))));
}

std::string duration_text(double seconds) {
    if (seconds < 0) return "-" + duration_text(-seconds);
    const auto s = static_cast<std::int64_t>(std::floor(seconds));
    if (s < 60) return fmt::format("{}s", s);
    if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
    if (s < 86400) return fmt::format("{}h{:02}m", s / 3600, s / 60 % 60);
    return fmt::format("{}d{:02}h", s / 86400, s / 3600 % 24);
}

}  // namespace sos::journal
