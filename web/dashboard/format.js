// How the page writes money (rupees from paise, Indian digit grouping) and times (IST).
const rupees = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const clock = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});
const day = new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', day: '2-digit', month: 'short' });

// Seconds east of UTC: the charts draw UTC, so their times are moved by this to read as IST.
export const IST_OFFSET_S = 19800;

export function money(paise) {
  if (paise === null || paise === undefined) return '–';
  return (paise < 0 ? '−₹' : '₹') + rupees.format(Math.abs(paise) / 100);
}

export function signClass(paise) {
  return paise > 0 ? 'pos' : paise < 0 ? 'neg' : '';
}

export function time(epochS) {
  if (epochS === null || epochS === undefined) return '–';
  return clock.format(new Date(epochS * 1000));
}

export function dateTime(epochS) {
  if (epochS === null || epochS === undefined) return '–';
  return day.format(new Date(epochS * 1000)) + ' ' + clock.format(new Date(epochS * 1000));
}

export function age(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 90) return seconds.toFixed(seconds < 10 ? 1 : 0) + ' s';
  if (seconds < 5400) return Math.round(seconds / 60) + ' min';
  return Math.round(seconds / 3600) + ' h';
}

// A table body from rows of cells: [text, className?] or text. Text only: nothing from the
// journal is read as HTML.
export function fill(table, rows) {
  const body = table.tBodies[0];
  body.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement('tr');
    for (const c of cells) {
      const td = document.createElement('td');
      const [text, cls] = Array.isArray(c) ? c : [c, ''];
      td.textContent = text;
      td.title = text;  // the whole text, where the cell cuts it
      if (cls) td.className = cls;
      tr.append(td);
    }
    return tr;
  }));
}

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
