// The live view: each part drawn from its JSON view. Every value is written as text, never HTML.
import { age, el, fill, money, signClass, time } from './format.js';

// The order tools stand in a pipeline; others follow, by name.
const PIPELINE = ['sos-feed', 'sos-regime', 'sos-match', 'sos-risk', 'sos-exec', 'sos-journal', 'sos-alert'];

export function header(status) {
  document.getElementById('run').textContent = 'run ' + status.run + (status.ended_at ? ' (ended)' : '');
  const v = document.getElementById('verdict');
  v.textContent = status.verdict.activity + (status.verdict.reason ? ': ' + status.verdict.reason : '');
  v.className = 'badge ' + (status.verdict.activity === 'NOT_TRADING' ? 'bad' : 'good');
  document.getElementById('evidence').textContent = status.verdict.evidence;
}

function toolBox(t) {
  const box = el('div', 'tool ' + (t.silent ? 'bad' : t.bad > 0 ? 'warn' : 'good'));
  box.dataset.tool = t.tool;
  box.append(el('h3', '', t.tool + (t.silent ? ' (silent)' : '')));
  const dl = el('dl');
  const rows = [['in', t.in], ['out', t.out], ['bad', t.bad], ['lag', t.lag_s === null ? '–' : age(t.lag_s)],
    ['beat', age(t.age_s) + ' ago'], ['pid', t.pid]];
  for (const [k, v] of Object.entries(t.state || {}))
    if (typeof v !== 'object' || v === null) rows.push([k, String(v)]);
  for (const [k, v] of rows) {
    const dd = el('dd', '', String(v));
    dd.dataset.field = k;
    dl.append(el('dt', '', k), dd);
  }
  box.append(dl);
  return box;
}

export function pipeline(p) {
  const tools = [...p.tools].sort((a, b) => {
    const ia = PIPELINE.indexOf(a.tool), ib = PIPELINE.indexOf(b.tool);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.tool.localeCompare(b.tool);
  });
  const parts = [];
  for (const src of p.feed.sources) {
    const box = el('div', 'tool ' + (src.fresh ? 'good' : 'warn'));
    box.dataset.source = src.src;
    box.append(el('h3', '', 'source ' + src.src));
    const dl = el('dl');
    dl.append(el('dt', '', 'lines'), el('dd', '', String(src.lines)), el('dt', '', 'age'), el('dd', '', age(src.age_s)));
    box.append(dl);
    parts.push(box);
  }
  for (const t of tools) {
    if (parts.length) parts.push(el('span', 'arrow', '→'));
    parts.push(toolBox(t));
  }
  if (!parts.length) parts.push(el('p', 'muted', 'no HEALTH lines yet'));
  document.getElementById('pipeline').replaceChildren(...parts);
  const sw = [['kill', p.kill.on], ['pause', p.pause.on], ['breaker', p.breaker.open === true]];
  document.getElementById('switches').replaceChildren(...sw.map(([name, on]) => {
    const b = el('span', 'badge ' + (on ? 'bad' : 'good'), name + (on ? ' ON' : ' off'));
    b.dataset.switch = name;
    return b;
  }));
}

export function regimes(r) {
  fill(document.getElementById('regimes'),
    r.regimes.map((x) => [x.symbol, x.regime, x.flags.join(' '), time(x.at)]));
}

// sos-exec --live's exit orders for an order ("ID/stop", "ID/exit") and its parts that ended with
// nothing while it went on ("ID/part-S..."), by their part of the id.
function exitsText(exits) {
  return exits.map((x) => x.order_id.slice(x.order_id.lastIndexOf('/') + 1) + ' ' + (x.status || '')).join(', ');
}

export function positions(p) {
  fill(document.getElementById('positions'), p.positions.map((x) => [
    x.symbol, [String(x.qty), 'num'], [money(x.avg_price_paise), 'num'],
    [money(x.unrealized_paise), 'num ' + signClass(x.unrealized_paise)],
    [money(x.realized_paise), 'num ' + signClass(x.realized_paise)]]));
  fill(document.getElementById('orders'), p.orders.map((o) => [
    time(o.at), o.order_id, o.symbol || '', o.side || '', [String(o.qty ?? ''), 'num'], o.status,
    [o.avg_price_paise === null ? '–' : money(o.avg_price_paise), 'num'], exitsText(o.exits || [])]));
  const total = document.getElementById('day-total');
  total.textContent = money(p.day.total_paise);
  total.className = 'figure ' + signClass(p.day.total_paise);
  total.dataset.paise = p.day.total_paise;
  document.getElementById('day-parts').textContent = (p.day.date || 'no trading day yet') +
    ': realised ' + money(p.day.realized_paise) + ', marked ' + money(p.day.unrealized_paise) +
    ', ' + p.day.orders + ' signals routed';
}

export function signals(s) {
  fill(document.getElementById('signals'), s.signals.map((x) => [
    time(x.at), x.symbol, x.strategy, x.side,
    [x.outcome, x.outcome === 'REJECTED' ? 'neg' : x.outcome === 'FILLED' ? 'pos' : ''],
    x.reason ? x.reason + (x.detail ? ' – ' + x.detail : '') + (x.stage ? ' (' + x.stage + ')' : '') : '']));
  fill(document.getElementById('reasons'), s.reasons.map((r) => [r.strategy, r.stage, r.reason,
    [String(r.count), 'num']]));
}

export function alerts(a) {
  fill(document.getElementById('alerts'), a.alerts.map((x) => [
    time(x.at), [x.level || '', x.level === 'crit' ? 'neg' : x.level === 'warn' ? 'warn' : ''], x.code || '',
    x.tool || '', x.message || '']));
}

export function seriesChoice(view, id = 'series') {
  const select = document.getElementById(id);
  const want = view.symbol + '|' + view.tf;
  const keys = view.series.map((s) => s.symbol + '|' + s.tf);
  if (select.options.length !== keys.length || [...select.options].some((o, i) => o.value !== keys[i])) {
    select.replaceChildren(...view.series.map((s) => {
      const o = el('option', '', s.symbol + ' ' + s.tf);
      o.value = s.symbol + '|' + s.tf;
      return o;
    }));
  }
  select.value = want;
}
