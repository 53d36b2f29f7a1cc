// Plain-text tables for people: columns padded to their widest cell, numbers right-aligned so
// they line up on their last digit; and times as India Standard Time, where the sessions are.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sos::journal {

class TextTable {
public:
    TextTable(std::vector<std::string> header, std::vector<bool> right_aligned);
    void add(std::vector<std::string> row);
    std::string render() const;

private:
    std::vector<std::vector<std::string>> rows_;
    std::vector<bool> right_;
};

// "2024-01-08 09:15:00" (IST) for epoch seconds; "-" when unset.
std::string local_time(const std::optional<double>& t);
// "2024-01-08" (IST).
std::string local_date_text(double t);
// A span of seconds, to the second, in its two largest units: "0s", "42s", "4m05s", "1h02m",
// "3d04h"; negative spans (a time ahead of the view's) with a minus sign.
std::string duration_text(double seconds);

}  // namespace sos::journal
