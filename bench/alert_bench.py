"""sos-alert (bench/run alerts): lines per second through it while its way out is up, down
(connection refused), stalled (requests read, never answered) and failing (every answer a 500),
beside `cat` and a validated pass-through (`sos-feed replay -`) on the same lines, and the
latency of one line through it, each state beside `cat`. The stream is candles with an ALERT
or a FILL every 50 lines, --cooldown 0, so every one of them is a notice for Telegram (the
project's hook-sim on 127.0.0.1). A figure is the time from the start until the last line has
been read back (the end's --drain is not the stream's); the best of three runs."""
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time

TOKEN = "123456:BENCHtoken"
CHAT = "42"


def _stream(path, n):
    t = int(time.time()) - n
    with open(path, "w") as f:
        for i in range(n):
            f.write('{"type":"CANDLE","timestamp":%d,"symbol":"S%02d","tf":"1m","o":100,"h":101,"l":99,"c":100.5,"v":%d}\n'
                    % (t + i, i % 50, 1000 + i))
            if i % 100 == 25:
                f.write('{"type":"ALERT","timestamp":%d,"level":"warn","code":"BENCH_%d","message":"m","tool":"bench"}\n'
                        % (t + i, i))
            elif i % 100 == 75:
                f.write('{"type":"FILL","timestamp":%d,"symbol":"S01","order_id":"o%d","side":"BUY","qty":1,"price":100.05,'
                        '"mode":"paper"}\n' % (t + i, i))


def _sim(root, tmp):
    ready = os.path.join(tmp, "hook.ready")
    proc = subprocess.Popen([os.path.join(root, "tests", "tier-sims", "hook-sim"), "--port", "0",
                             "--ready-file", ready, "--token", TOKEN, "--chat", CHAT],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not (os.path.exists(ready) and os.path.getsize(ready)):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit("alert bench: hook-sim did not start")
        time.sleep(0.05)
    with open(ready) as f:
        return proc, json.load(f)["url"]


def _fault(url, spec):
    """Clears the server's faults, then sets `spec` (if any)."""
    import urllib.request
    urllib.request.urlopen(urllib.request.Request(url + "/_fault", method="DELETE"), timeout=10).read()
    if spec:
        req = urllib.request.Request(url + "/_fault", data=json.dumps(spec).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=10).read()


def _cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _through(argv, path, lines, env):
    """Seconds from the start until `lines` lines are read back, the CPU seconds the command
    took (all its threads), and its last HEALTH line."""
    cpu0 = _cpu_children()
    t0 = time.perf_counter()
    with open(path, "rb") as fin:
        p = subprocess.Popen(argv, stdin=fin, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        seen, wall, tail = 0, None, b""
        for chunk in iter(lambda: p.stdout.read1(1 << 16), b""):
            seen += chunk.count(b"\n")
            tail = (tail + chunk)[-4096:]
            if wall is None and seen >= lines:
                wall = time.perf_counter() - t0
        p.wait()
    health = [json.loads(l) for l in tail.splitlines() if b'"type":"HEALTH"' in l]
    return (wall if wall is not None else time.perf_counter() - t0), _cpu_children() - cpu0, \
        (health[-1] if health else None)


def _latency(argv, env, samples):
    """p50, p99 and max in microseconds of one line through `argv`, lines 500 us apart, one in
    ten an ALERT (a notice), timed from its write to its read back."""
    t = int(time.time()) - samples
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                         bufsize=0)
    lat = []
    for i in range(samples + 200):
        if i % 10 == 5:
            line = ('{"type":"ALERT","timestamp":%d,"level":"warn","code":"L%d","message":"m","tool":"bench"}\n'
                    % (t + i, i)).encode()
        else:
            line = ('{"type":"CANDLE","timestamp":%d,"symbol":"NIFTY","tf":"1m","o":1,"h":2,"l":1,"c":2,"v":%d}\n'
                    % (t + i, i)).encode()
        t0 = time.perf_counter()
        p.stdin.write(line)
        got = b""
        while not got.endswith(b"\n"):
            got += os.read(p.stdout.fileno(), 1 << 16)
        if i >= 200:
            lat.append((time.perf_counter() - t0) * 1e6)
        time.sleep(0.0005)
    p.stdin.close()
    p.wait()
    lat.sort()
    return ["%.0f" % statistics.median(lat), "%.0f" % lat[int(len(lat) * 0.99)], "%.0f" % lat[-1]]


def alert_bench(bin_dir, root, quick, table):
    n = 100_000 if quick else 500_000
    env = dict(os.environ)
    env["PATH"] = bin_dir + os.pathsep + env["PATH"]
    env["SOS_TELEGRAM_TOKEN"], env["SOS_TELEGRAM_CHAT_ID"] = TOKEN, CHAT
    tmp = tempfile.mkdtemp(prefix="sos-alert-bench-")
    path = os.path.join(tmp, "stream.ndjson")
    _stream(path, n)
    with open(path, "rb") as f:
        lines = sum(1 for _ in f)
    sim, url = _sim(root, tmp)
    dead = "http://127.0.0.1:9"  # discard: nothing listens there
    alert = ["sos-alert", "--cooldown", "0", "--health-every", "3600", "--drain", "0", "--timeout", "2"]
    states = (("up", url, None),
              ("down (connection refused)", dead, None),
              ("stalled (read, never answered)", url, {"fault": "stall", "hold": 600, "count": 10 ** 6}),
              ("failing (every answer a 500)", url, {"fault": "status", "status": 500, "count": 10 ** 6}))
    try:
        # Rounds taken in turn, so that a noisy moment of the machine falls on every command alike;
        # each figure is the best of its rounds.
        commands = [("cat", ["cat"], None), ("sos-feed replay - (validated pass-through)", ["sos-feed", "replay"], None)]
        for label, target, fault in states:
            commands.append(("sos-alert --telegram, Telegram " + label, alert + ["--telegram", "--telegram-url", target],
                             fault))
        runs = {label: [] for label, _, _ in commands}
        for _ in range(3):
            for label, argv, fault in commands:
                if argv[0] == "sos-alert":
                    _fault(url, fault)
                runs[label].append(_through(argv, path, lines, env))
        rows = []
        for label, argv, _ in commands:
            wall, _cpu, health = min(runs[label], key=lambda r: r[0])
            cpu = min(r[1] for r in runs[label])
            sink = ((health or {}).get("sinks") or [{}])[0]
            rows.append([label, "%.3f" % wall, "%.0f" % (lines / wall / 1e3), "%.3f" % cpu,
                         "%.0f" % (lines / cpu / 1e3) if cpu > 0 else "-", str((health or {}).get("notices", "")),
                         str(sink.get("sent", "")),
                         "%s/%s" % (sink.get("dropped", ""), sink.get("unsent", "")) if sink else ""])
        table("sos-alert: %d lines (%d notices), Telegram up, down, stalled and failing (best of 3, taken in turn; "
              "CPU: every thread of the command)" % (lines, n // 50),
              ["command", "seconds", "k lines/s", "CPU s", "k lines/CPU s", "notices", "sent", "dropped/unsent"], rows)
        samples = 1000 if quick else 4000
        rows = [["cat"] + _latency(["cat"], env, samples)]
        for label, target, fault in states:
            _fault(url, fault)
            argv = alert + ["--telegram", "--telegram-url", target]
            rows.append(["sos-alert, Telegram " + label] + _latency(argv, env, samples))
        table("Latency of one line through sos-alert (microseconds; %d lines 500 us apart, one in ten an ALERT "
              "for Telegram)" % samples, ["pipeline", "p50", "p99", "max"], rows)
    finally:
        sim.terminate()
        sim.wait()
        subprocess.run(["rm", "-rf", tmp])
