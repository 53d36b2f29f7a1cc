// The page's charts, drawn by TradingView's lightweight-charts (window.LightweightCharts, from
// vendor/): candles with entries and exits, the day's P&L, and a run's equity with its drawdown.
import { IST_OFFSET_S } from './format.js';

const LC = window.LightweightCharts;
const COLORS = { text: '#d8dee9', grid: '#232b36', good: '#3fb27f', bad: '#e5534b', accent: '#4c9aff' };

// Sized to its box by hand at each drawing (and on a resize of the window): autoSize's
// ResizeObserver may not have run yet when a headless browser takes its screenshot.
const charts = [];
window.addEventListener('resize', () => charts.forEach(fit));

function fit(chart) {
  const box = chart.box;
  if (box.clientWidth && (box.clientWidth !== chart.width || box.clientHeight !== chart.height)) {
    chart.width = box.clientWidth;
    chart.height = box.clientHeight;
    chart.api.resize(chart.width, chart.height);
  }
}

function chartIn(id) {
  const box = document.getElementById(id);
  const api = LC.createChart(box, {
    width: box.clientWidth || 600,
    height: box.clientHeight || 300,
    layout: { background: { type: 'solid', color: '#19202a' }, textColor: COLORS.text, fontFamily: 'DejaVu Sans' },
    grid: { vertLines: { color: COLORS.grid }, horzLines: { color: COLORS.grid } },
    timeScale: { timeVisible: true, secondsVisible: false },
    rightPriceScale: { borderColor: '#2a3340' },
  });
  const chart = { api, box, width: 0, height: 0 };
  charts.push(chart);
  fit(chart);
  return chart;
}

const ist = (t) => Math.round(t) + IST_OFFSET_S;

// The bar a moment falls in: markers sit on bars.
function barOf(times, t) {
  let lo = 0, hi = times.length - 1, found = times[0];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) { found = times[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

export class CandleChart {
  constructor(id) {
    this.box = chartIn(id);
    this.chart = this.box.api;
    this.series = this.chart.addCandlestickSeries({
      upColor: COLORS.good, downColor: COLORS.bad, borderVisible: false,
      wickUpColor: COLORS.good, wickDownColor: COLORS.bad,
    });
    this.key = '';
  }

  show(view) {
    fit(this.box);
    const bars = view.candles.map((c) => ({ time: ist(c.t), open: c.o, high: c.h, low: c.l, close: c.c }));
    this.series.setData(bars);
    const times = bars.map((b) => b.time);
    const markers = times.length === 0 ? [] : view.markers.map((m) => {
      const entry = m.kind === 'entry';
      const buy = m.side === 'BUY';
      return {
        time: barOf(times, ist(m.t)),
        position: buy ? 'belowBar' : 'aboveBar',
        color: entry ? COLORS.accent : (m.reason === 'SL' ? COLORS.bad : COLORS.good),
        shape: buy ? 'arrowUp' : 'arrowDown',
        text: (entry ? 'entry ' : 'exit ') + m.side + ' ' + m.qty + (m.reason ? ' ' + m.reason : ''),
      };
    });
    markers.sort((a, b) => a.time - b.time);
    this.series.setMarkers(markers);
    // A new series, or a short one, is shown whole; a long one keeps the reader's scroll.
    const key = view.symbol + '/' + view.tf;
    if (key !== this.key || bars.length <= 240) this.chart.timeScale().fitContent();
    this.key = key;
  }
}

// Rupees from paise, above or below zero in colour.
function moneySeries(chart) {
  return chart.addBaselineSeries({
    baseValue: { type: 'price', price: 0 },
    topLineColor: COLORS.good, topFillColor1: 'rgba(63,178,127,0.3)', topFillColor2: 'rgba(63,178,127,0.05)',
    bottomLineColor: COLORS.bad, bottomFillColor1: 'rgba(229,83,75,0.05)', bottomFillColor2: 'rgba(229,83,75,0.3)',
    priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
  });
}

export class PnlChart {
  constructor(id) {
    this.box = chartIn(id);
    this.chart = this.box.api;
    this.series = moneySeries(this.chart);
  }

  show(points) {
    fit(this.box);
    this.series.setData(points.map((p) => ({ time: ist(p.t), value: p.total_paise / 100 })));
    this.chart.timeScale().fitContent();
  }
}

export class EquityChart {
  constructor(id) {
    this.box = chartIn(id);
    this.chart = this.box.api;
    this.equity = moneySeries(this.chart);
    this.drawdown = this.chart.addHistogramSeries({ color: 'rgba(229,83,75,0.6)', priceScaleId: 'drawdown' });
    this.chart.priceScale('drawdown').applyOptions({ scaleMargins: { top: 0.75, bottom: 0 } });
    this.equity.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.3 } });
  }

  show(points) {
    fit(this.box);
    // One point per second: the chart wants times strictly ascending.
    const byTime = new Map();
    for (const p of points) byTime.set(ist(p.t), p);
    const rows = [...byTime.entries()].sort((a, b) => a[0] - b[0]);
    this.equity.setData(rows.map(([t, p]) => ({ time: t, value: p.equity_paise / 100 })));
    this.drawdown.setData(rows.map(([t, p]) => ({ time: t, value: p.drawdown_paise / 100 })));
    this.chart.timeScale().fitContent();
  }
}
