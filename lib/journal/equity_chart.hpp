// The picture of a report: the run's equity curve (P&L since the start, marked to market when
// the executor wrote POSITION lines) with its drawdown from the running peak beneath it, on a
// time axis of trading sessions in IST, with labelled axes and a title. One Scene, drawn as
// PNG or SVG (lib/plot).
#pragma once

#include "journal/report.hpp"
#include "plot/scene.hpp"

namespace sos::journal {

struct ChartOptions {
    int width = 1200;
    int height = 800;
};

plot::Scene equity_chart(const Report& report, const ChartOptions& options = {});

}  // namespace sos::journal
