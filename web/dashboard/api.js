// Talking to sos-journal serve: JSON views, the token for actions, and the event stream read with
// fetch (not EventSource) so that it can carry the token where the server wants one.
const TOKEN_KEY = 'sos-dashboard-token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(extra = {}) {
  const h = { ...extra };
  if (token()) h.Authorization = 'Bearer ' + token();
  return h;
}

export async function view(path) {
  const r = await fetch(path, { headers: headers(), cache: 'no-store' });
  const body = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw Object.assign(new Error(body.error || r.statusText), { status: r.status });
  return body;
}

// A state change: the reply's status and message, whatever it is (401 without the token, 501
// when sos-journal serve has no --control-socket, 409 when sos-risk refused it).
export async function act(path, body) {
  const r = await fetch(path, {
    method: 'POST', headers: headers({ 'Content-Type': 'application/json' }), body: JSON.stringify(body),
  });
  const reply = await r.json().catch(() => ({}));
  return { status: r.status, message: reply.message || reply.error || r.statusText };
}

// Calls onChange(id) for each "change" event; reconnects after a second when the stream ends.
export function follow(onChange, onState) {
  const run = async () => {
    for (;;) {
      try {
        const r = await fetch('/api/events', { headers: headers(), cache: 'no-store' });
        if (!r.ok || !r.body) throw new Error(String(r.status));
        onState('live');
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('');
            if (/^event: change$/m.test(block)) onChange(JSON.parse(data || '{}').change);
          }
        }
      } catch (e) {
        // fall through to the retry
      }
      onState('reconnecting');
      await new Promise((ok) => setTimeout(ok, 1000));
    }
  };
  run();
}
