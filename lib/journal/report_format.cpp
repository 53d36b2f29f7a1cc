#include "journal/report_format.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "journal/text_table.hpp"
#include "money/paise.hpp"

namespace sos::journal {

namespace {

using Json = nlohmann::ordered_json;

std::string rupees(std::int64_t paise) {
    return money::Paise{paise}.to_string();
}

// An average of paise is a ratio: shown to the nearest paisa.
std::int64_t nearest_paisa(double paise) {
    return static_cast<std::int64_t>(std::llround(paise));
}

std::string opt_rupees(const std::optional<double>& paise) {
    return paise ? rupees(nearest_paisa(*paise)) : "-";
}

std::string fixed(const std::optional<double>& v, int decimals) {
    return v ? fmt::format("{:.{}f}", *v, decimals) : "-";
}

std::string percent(const std::optional<double>& share) {
    return share ? fmt::format("{:.1f}%", 100.0 * *share) : "-";
}

std::string profit_factor(const TradeStats& s) {
    if (s.profit_factor) return fmt::format("{:.2f}", *s.profit_factor);
    return s.wins > 0 ? "inf" : "-";  // winners and no loser
}

std::string hold(const std::optional<double>& seconds) {
    if (!seconds) return "-";
    const auto m = static_cast<std::int64_t>(std::llround(*seconds / 60));
    return m < 60 ? fmt::format("{}m", m) : fmt::format("{}h{:02}m", m / 60, m % 60);
}

// The time the report covers; with a range that holds nothing (a day the run did not trade),
// the range asked for, so a nightly report still names its day.
std::string period(const Report& r) {
    if (r.first_ts || !r.range.bounded())
        return fmt::format("{} .. {}", local_time(r.first_ts), local_time(r.last_ts));
    const auto to = r.range.to ? std::optional<double>(*r.range.to - 0.001) : std::nullopt;
    return fmt::format("nothing from {} to {}", local_time(r.range.from), local_time(to));
}

std::string header(const Report& r) {
    std::string mode = r.modes.empty() ? "" : " (";
    for (std::size_t i = 0; i < r.modes.size(); ++i)
        mode += (i ? ", " : "") + r.modes[i] + (i + 1 == r.modes.size() ? ")" : "");
    return fmt::format(
        "report {}, run {}{}: {} (IST), {} trading day{}\n"
        "capital {} INR; Sharpe and Sortino on daily returns, annualised by sqrt(252); "
        "drawdown and returns on closed trades\n",
        r.path, r.run.name, mode, period(r), r.days, r.days == 1 ? "" : "s", rupees(r.capital_paise));
}

std::vector<const TradeStats*> rows(const Report& r) {
    std::vector<const TradeStats*> out;
    for (const auto& s : r.strategies)
        out.push_back(&s);
    out.push_back(&r.overall);
    return out;
}

Json opt(const std::optional<double>& v) {
    return v ? Json(*v) : Json(nullptr);
}

Json opt_paise(const std::optional<double>& paise) {
    return paise ? Json(nearest_paisa(*paise)) : Json(nullptr);
}

Json drawdown_json(const Drawdown& d) {
    Json j;
    j["max_paise"] = d.max_paise;
    j["max_pct"] = d.max_pct;
    j["peak_ts"] = opt(d.peak_ts);
    j["trough_ts"] = opt(d.trough_ts);
    j["recovered_ts"] = opt(d.recovered_ts);
    return j;
}

Json stats_json(const TradeStats& s) {
    Json j;
    j["strategy"] = s.strategy;
    j["signals"] = s.signals;
    j["rejected"] = s.rejected;
    j["trades"] = s.trades;
    j["open"] = s.open;
    j["wins"] = s.wins;
    j["losses"] = s.losses;
    j["win_rate"] = opt(s.win_rate);
    j["avg_win_paise"] = opt_paise(s.avg_win_paise);
    j["avg_loss_paise"] = opt_paise(s.avg_loss_paise);
    j["expectancy_r"] = opt(s.expectancy_r);
    j["r_trades"] = s.r_trades;
    j["profit_factor"] = opt(s.profit_factor);
    j["gross_paise"] = s.gross_paise;
    j["fees_paise"] = s.fees_paise;
    j["net_paise"] = s.net_paise;
    j["max_drawdown"] = drawdown_json(s.drawdown);
    j["sharpe"] = opt(s.ratios.sharpe);
    j["sortino"] = opt(s.ratios.sortino);
    j["exposure"] = s.exposure;
    j["avg_hold_s"] = opt(s.avg_hold_s);
    j["reported_pnl_mismatches"] = s.reported_mismatches;
    return j;
}

Json report_json(const Report& r) {
    Json j;
    j["journal"] = r.path;
    j["run"] = r.run.name;
    j["modes"] = r.modes;
    j["from"] = opt(r.range.from);
    j["to"] = opt(r.range.to);
    j["first"] = opt(r.first_ts);
    j["last"] = opt(r.last_ts);
    j["days"] = r.days;
    j["capital_paise"] = r.capital_paise;
    j["annualisation_days"] = kTradingDaysPerYear;
    j["overall"] = stats_json(r.overall);
    auto strategies = Json::array();
    for (const auto& s : r.strategies)
        strategies.push_back(stats_json(s));
    j["strategies"] = std::move(strategies);
    auto rejects = Json::array();
    for (const auto& x : r.rejects)
        rejects.push_back(Json{{"stage", x.stage}, {"reason", x.reason}, {"count", x.count}});
    j["rejects"] = std::move(rejects);
    j["marked_to_market"] = r.marked_to_market;
    j["equity_max_drawdown"] = drawdown_json(r.equity_drawdown);
    j["equity_final_paise"] = r.equity.empty() ? 0 : r.equity.back().equity_paise;
    return j;
}

std::string dump(const Json& j) {
    // Replace rather than throw on text that is not UTF-8 (a run name can hold anything).
    return j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string format_report_text(const Report& r) {
    std::string out = header(r) + '\n';
    TextTable trades({"STRATEGY", "SIGNALS", "REJECTED", "TRADES", "OPEN", "WIN%", "AVG WIN", "AVG LOSS",
                      "EXP R", "PF", "FEES", "NET P&L", "AVG HOLD"},
                     {false, true, true, true, true, true, true, true, true, true, true, true, true});
    TextTable risk({"STRATEGY", "MAX DD", "MAX DD%", "SHARPE", "SORTINO", "EXPOSURE"},
                   {false, true, true, true, true, true});
    for (const TradeStats* s : rows(r)) {
        trades.add({s->strategy, std::to_string(s->signals), std::to_string(s->rejected),
                    std::to_string(s->trades), std::to_string(s->open), percent(s->win_rate),
                    opt_rupees(s->avg_win_paise), opt_rupees(s->avg_loss_paise), fixed(s->expectancy_r, 2),
                    profit_factor(*s), rupees(s->fees_paise), rupees(s->net_paise), hold(s->avg_hold_s)});
        risk.add({s->strategy, rupees(s->drawdown.max_paise), fmt::format("{:.2f}%", s->drawdown.max_pct),
                  fixed(s->ratios.sharpe, 2), fixed(s->ratios.sortino, 2), percent(s->exposure)});
    }
    out += trades.render() + '\n' + risk.render();
    if (r.marked_to_market)
        out += fmt::format("\nmarked to market (POSITION lines): max drawdown {} ({:.2f}%)\n",
                           rupees(r.equity_drawdown.max_paise), r.equity_drawdown.max_pct);
    if (const int n = r.overall.reported_mismatches; n > 0)
        out += fmt::format("\nwarning: {} closed trade{} whose EXIT pnl differs from the P&L of {} fills\n",
                           n, n == 1 ? "" : "s", n == 1 ? "its" : "their");
    out += '\n';
    if (r.rejects.empty()) return out + "no rejected signals\n";
    TextTable rejects({"STAGE", "REASON", "REJECTS"}, {false, false, true});
    for (const auto& x : r.rejects)
        rejects.add(
            {x.stage.empty() ? "-" : x.stage, x.reason.empty() ? "-" : x.reason, std::to_string(x.count)});
    return out + rejects.render();
}

std::string format_report_json(const Report& r) {
    return dump(report_json(r));
}

std::string format_compare_text(const std::vector<Report>& reports) {
    std::vector<std::string> head{"RUN"};
    std::vector<bool> right{false};
    for (const auto& r : reports) {
        head.push_back(r.run.name);
        right.push_back(true);
    }
    TextTable t(head, right);
    auto row = [&](const std::string& label, auto cell) {
        std::vector<std::string> cells{label};
        for (const auto& r : reports)
            cells.push_back(cell(r));
        t.add(std::move(cells));
    };
    row("first", [](const Report& r) { return local_time(r.first_ts); });
    row("last", [](const Report& r) { return local_time(r.last_ts); });
    row("trading days", [](const Report& r) { return std::to_string(r.days); });
    row("signals", [](const Report& r) { return std::to_string(r.overall.signals); });
    row("rejected", [](const Report& r) { return std::to_string(r.overall.rejected); });
    row("trades", [](const Report& r) { return std::to_string(r.overall.trades); });
    row("open", [](const Report& r) { return std::to_string(r.overall.open); });
    row("win rate", [](const Report& r) { return percent(r.overall.win_rate); });
    row("avg win", [](const Report& r) { return opt_rupees(r.overall.avg_win_paise); });
    row("avg loss", [](const Report& r) { return opt_rupees(r.overall.avg_loss_paise); });
    row("expectancy R", [](const Report& r) { return fixed(r.overall.expectancy_r, 2); });
    row("profit factor", [](const Report& r) { return profit_factor(r.overall); });
    row("fees", [](const Report& r) { return rupees(r.overall.fees_paise); });
    row("net P&L", [](const Report& r) { return rupees(r.overall.net_paise); });
    row("max drawdown", [](const Report& r) { return rupees(r.overall.drawdown.max_paise); });
    row("max drawdown %", [](const Report& r) { return fmt::format("{:.2f}%", r.overall.drawdown.max_pct); });
    row("Sharpe", [](const Report& r) { return fixed(r.overall.ratios.sharpe, 2); });
    row("Sortino", [](const Report& r) { return fixed(r.overall.ratios.sortino, 2); });
    row("exposure", [](const Report& r) { return percent(r.overall.exposure); });
    row("avg hold", [](const Report& r) { return hold(r.overall.avg_hold_s); });
    std::string out =
        fmt::format("compare {}: {} runs, capital {} INR; Sharpe and Sortino annualised by sqrt(252)\n\n",
                    reports.empty() ? std::string() : reports[0].path, reports.size(),
                    reports.empty() ? std::string("-") : rupees(reports[0].capital_paise));
    return out + t.render();
}

std::string format_compare_json(const std::vector<Report>& reports) {
    Json j;
    j["journal"] = reports.empty() ? Json(nullptr) : Json(reports[0].path);
    auto runs = Json::array();
    for (const auto& r : reports)
        runs.push_back(report_json(r));
    j["runs"] = std::move(runs);
    return dump(j);
}

}  // namespace sos::journal
