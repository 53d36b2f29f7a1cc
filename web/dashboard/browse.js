// Browse mode: a finished run (or the running one so far) as `sos-journal report` sees it, with
// its equity, drawdown and trades.
import { dateTime, el, fill, money, signClass } from './format.js';

export function report(r) {
  document.getElementById('report-run').textContent = r.run + (r.modes.length ? ' (' + r.modes.join(', ') + ')' : '');
  const o = r.overall;
  const cells = [
    ['trades', String(o.trades)], ['net P&L', money(o.net_paise)], ['win rate',
      o.win_rate === null || o.win_rate === undefined ? '–' : (o.win_rate * 100).toFixed(1) + '%'],
    ['profit factor', o.profit_factor === null ? '–' : o.profit_factor.toFixed(2)],
    ['max drawdown', money(r.equity_max_drawdown.max_paise)],
    ['sharpe', o.sharpe === null ? '–' : o.sharpe.toFixed(2)], ['days', String(r.days)],
    ['signals', String(o.signals ?? '')], ['fees', money(o.fees_paise)],
  ];
  document.getElementById('report').replaceChildren(...cells.map(([k, v]) => {
    const d = el('div', '', k);
    const b = el('b', '', v);
    b.dataset.field = k;
    d.prepend(b);
    return d;
  }));
  fill(document.getElementById('trades'), r.trades.map((t) => [
    dateTime(t.entry_at), dateTime(t.exit_at), t.strategy, t.symbol, t.side, [String(t.qty), 'num'],
    [t.pnl_paise === null ? 'open' : money(t.pnl_paise), 'num ' + signClass(t.pnl_paise)], t.exit_reasons]));
}
