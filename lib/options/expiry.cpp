#include "options/expiry.hpp"

namespace sos::options {

namespace {

int days_in_month(int year, int month) {
    time::Date first{year, month, 1};
    time::Date next = month == 12 ? time::Date{year + 1, 1, 1} : time::Date{year, month + 1, 1};
    return static_cast<int>(time::days_from_civil(next) - time::days_from_civil(first));
}

time::Date last_weekday_of_month(int year, int month, int weekday) {
    time::Date last{year, month, days_in_month(year, month)};
    int back = (time::weekday(last) - weekday + 7) % 7;
    return time::add_days(last, -back);
}

// The first nominal expiry of the cycle whose date is on or after `d`.
time::Date first_nominal_on_or_after(const ExpiryRule& rule, time::Date d) {
    if (rule.cycle == ExpiryCycle::Weekly)
        return time::add_days(d, (rule.weekday - time::weekday(d) + 7) % 7);
    time::Date m = last_weekday_of_month(d.year, d.month, rule.weekday);
    if (m >= d) return m;
    return d.month == 12 ? last_weekday_of_month(d.year + 1, 1, rule.weekday)
                         : last_weekday_of_month(d.year, d.month + 1, rule.weekday);
}

time::Date next_nominal(const ExpiryRule& rule, time::Date nominal) {
    return rule.cycle == ExpiryCycle::Weekly ? time::add_days(nominal, 7)
                                             : first_nominal_on_or_after(rule, time::add_days(nominal, 1));
}

}  // namespace

std::optional<ExpiryRule> expiry_rule_for(std::string_view underlying) {
    if (underlying == "NIFTY") return ExpiryRule{ExpiryCycle::Weekly, 2};
    if (underlying == "BANKNIFTY" || underlying == "FINNIFTY" || underlying == "MIDCPNIFTY" ||
        underlying == "NIFTYNXT50")
        return ExpiryRule{ExpiryCycle::Monthly, 2};
    return std::nullopt;
}

time::Date adjust_to_trading_day(time::Date nominal, const time::Calendar& cal) {
    return cal.is_trading_day(nominal) ? nominal : cal.previous_trading_day(nominal);
}

std::vector<time::Date> nearest_expiries(const ExpiryRule& rule, time::Date on, const time::Calendar& cal,
                                         int count) {
    std::vector<time::Date> out;
    if (count <= 0) return out;
    // A nominal date just after `on` may move back before it, so start a cycle early.
    time::Date nominal = first_nominal_on_or_after(rule, time::add_days(on, -35));
    while (static_cast<int>(out.size()) < count) {
        time::Date d = adjust_to_trading_day(nominal, cal);
        if (d >= on && (out.empty() || d > out.back())) out.push_back(d);
        nominal = next_nominal(rule, nominal);
    }
    return out;
}

}  // namespace sos::options
