// Numbers as a reader in India groups their digits: the last three, then pairs (12,34,567.50
// rupees is twelve lakh, thirty-four thousand ...), for the value axes and figures of charts.
#pragma once

#include <string>

namespace sos::plot {

// `value` rounded to `decimals` places with Indian digit grouping; a leading '-' when it is
// negative and does not round to zero.
std::string indian_grouped(double value, int decimals);

}  // namespace sos::plot
