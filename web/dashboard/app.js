// The page's wiring: refresh the views when the journal changes (at most one refresh at a time,
// and again at once if a change came meanwhile), the clock-driven ages every few seconds, the
// control buttons and the order ticket (both need the token), and the browse mode.
import { act, follow, setToken, token, view } from './api.js';
import { alerts, header, pipeline, positions, regimes, seriesChoice, signals } from './live.js';
import { report } from './browse.js';
import { CandleChart, EquityChart, PnlChart } from './charts.js';

const state = {
  busy: false, again: false, change: 0, mode: 'live', series: '', heavyAt: 0, heavyKey: '', trailing: null,
};
// The views that read a run from its start (candles decode its market lines, the report rebuilds
// its trades) are read again at most this often while the journal is written; the others at each
// change. On a live day of many symbols a change comes every tenth of a second.
const HEAVY_EVERY_MS = 2000;

function heavyDue() {
  const key = state.mode + '|' + state.series;
  const wait = HEAVY_EVERY_MS - (Date.now() - state.heavyAt);
  if (key === state.heavyKey && wait > 0) {
    // The last change is drawn in full once the wait is over, even if no other change comes.
    if (!state.trailing) state.trailing = setTimeout(() => { state.trailing = null; refresh(); }, wait + 10);
    return false;
  }
  state.heavyKey = key;
  state.heavyAt = Date.now();
  return true;
}
const charts = {};
// For the browser test and the bench: which change the page shows, and when it drew it.
window.sosDashboard = { change: -1, renderedAt: 0, lastError: '' };

function candlesPath() {
  if (!state.series) return '/api/candles';
  const [symbol, tf] = state.series.split('|');
  return '/api/candles?symbol=' + encodeURIComponent(symbol) + '&tf=' + encodeURIComponent(tf);
}

async function drawLive() {
  const [status, pipe, reg, pos, pnl, sig, alr, cdl] = await Promise.all([
    view('/api/status?signals=0'), view('/api/pipeline'), view('/api/regimes'), view('/api/positions'),
    view('/api/pnl'), view('/api/signals'), view('/api/alerts'), heavyDue() ? view(candlesPath()) : null,
  ]);
  header(status);
  pipeline(pipe);
  regimes(reg);
  positions(pos);
  charts.pnl.show(pnl.points);
  signals(sig);
  alerts(alr);
  if (cdl) {
    seriesChoice(cdl);
    charts.candles.show(cdl);
  }
}

async function drawBrowse() {
  if (!heavyDue()) return;
  const [r, cdl] = await Promise.all([view('/api/report'), view(candlesPath())]);
  report(r);
  charts.equity.show(r.equity);
  seriesChoice(cdl, 'browse-series');
  charts.browseCandles.show(cdl);
}

async function refresh() {
  if (state.busy) {
    state.again = true;
    return;
  }
  state.busy = true;
  const change = state.change;
  try {
    if (state.mode === 'live') await drawLive(); else await drawBrowse();
    window.sosDashboard.change = change;
    window.sosDashboard.renderedAt = Date.now();
    window.sosDashboard.lastError = '';
    document.body.dataset.change = String(change);
  } catch (e) {
    window.sosDashboard.lastError = e.message;
    document.getElementById('evidence').textContent = e.status === 503 ? 'waiting for the journal: ' + e.message
      : 'cannot read the journal: ' + e.message;
  } finally {
    state.busy = false;
    if (state.again) {
      state.again = false;
      refresh();
    }
  }
}

function setMode(mode) {
  state.mode = mode;
  document.getElementById('live-view').hidden = mode !== 'live';
  document.getElementById('browse-view').hidden = mode !== 'browse';
  document.getElementById('mode-live').classList.toggle('on', mode === 'live');
  document.getElementById('mode-browse').classList.toggle('on', mode === 'browse');
  if (mode === 'browse' && !charts.equity) {
    charts.equity = new EquityChart('equity-chart');
    charts.browseCandles = new CandleChart('browse-candle-chart');
  }
  refresh();
}

async function control(command) {
  if (command === 'kill' && !window.confirm('Kill: flatten everything and stop new entries?')) return;
  if (command === 'reset' && !window.confirm('Reset: lift the kill switch and the breaker?')) return;
  const r = await act('/api/control', { command });
  document.getElementById('control-result').textContent = command + ': ' + r.status + ' ' + r.message;
}

async function sendTicket(event) {
  event.preventDefault();
  const f = new FormData(event.target);
  const ticket = Object.fromEntries(f.entries());
  ticket.qty = Number(ticket.qty);
  const r = await act('/api/order', ticket);
  document.getElementById('ticket-result').textContent = 'order: ' + r.status + ' ' + r.message;
}

async function brokers() {
  const b = await view('/api/brokers').catch(() => ({ brokers: [] }));
  for (const name of ['feed_broker', 'exec_broker']) {
    const select = document.querySelector('#ticket select[name=' + name + ']');
    select.replaceChildren(...b.brokers.map((n) => Object.assign(document.createElement('option'), { textContent: n })));
  }
}

function start() {
  charts.candles = new CandleChart('candle-chart');
  charts.pnl = new PnlChart('pnl-chart');
  const tokenInput = document.getElementById('token');
  // A token given in the address's fragment (#token=...) is never sent to the server in a URL.
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    setToken(fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  tokenInput.value = token();
  tokenInput.addEventListener('change', () => setToken(tokenInput.value.trim()));
  document.getElementById('mode-live').addEventListener('click', () => setMode('live'));
  document.getElementById('mode-browse').addEventListener('click', () => setMode('browse'));
  for (const c of ['pause', 'resume', 'kill', 'reset']) document.getElementById(c).addEventListener('click', () => control(c));
  document.getElementById('ticket').addEventListener('submit', sendTicket);
  for (const id of ['series', 'browse-series']) {
    document.getElementById(id).addEventListener('change', (e) => {
      state.series = e.target.value;
      refresh();
    });
  }
  if (new URLSearchParams(location.search).get('mode') === 'browse') setMode('browse');
  brokers();
  follow((change) => {
    state.change = change;
    refresh();
  }, (s) => {
    const live = document.getElementById('live');
    live.textContent = s;
    live.className = 'badge ' + (s === 'live' ? 'good' : 'warn');
  });
  setInterval(refresh, 5000);  // ages move with the clock even when nothing is written
}

start();
