"""The journal's speed and size, each figure beside its baseline in the same run (used by
bench/run after the whole loop, whose journal it reads back):
  - sos-journal alone on the whole loop's output (a year of candles for 50 symbols and what
    the five tools derived), in events per second beside `cat` and a validated pass-through
    on the same lines, and replay beside `cat`;
  - bytes stored per candle and per option chain beside the bytes of their NDJSON text and
    beside the same lines kept with --market-rows (rows in the market tables as well);
  - the README's demo (20 sessions, option chains every minute) through the six tools: the
    journal's size beside the stream's text.
"""
import os
import subprocess

from whole_loop import run_pipeline


def _clean(db):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def _size(db):
    return sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s))


def _journal(bin_dir, path, db, extra=()):
    """Wall and CPU seconds of sos-journal recording `path` into a fresh `db`."""
    _clean(db)
    wall, usage = run_pipeline([["%s/sos-journal" % bin_dir, "--db", db, "--run", "b", "--sync", "batch",
                                 "--out", "/dev/null"] + list(extra)], path, dict(os.environ), os.path.dirname(db))
    if usage[0][2] != 0:
        raise SystemExit("journal bench: sos-journal failed on %s" % path)
    return wall, usage[0][0]


def _timed(argv, path, cwd):
    wall, usage = run_pipeline([argv], path, dict(os.environ), cwd)
    return wall, usage[0][0]


def _only(src, dst, types, most=500_000):
    """The first `most` lines of `src` of these types (as the line starts), into `dst`; returns
    their count."""
    prefixes = tuple(('{"type":"%s"' % t).encode() for t in types)
    n = 0
    with open(src, "rb") as fin, open(dst, "wb") as out:
        for line in fin:
            if line.startswith(prefixes):
                out.write(line)
                n += 1
                if n == most:
                    break
    return n


def speed(bin_dir, tmp, loop_db, count_lines, table):
    stream = os.path.join(tmp, "loop-out.ndjson")
    with open(stream, "wb") as out:
        subprocess.run(["%s/sos-journal" % bin_dir, "replay", "--db", loop_db, "--run", "bench"], stdout=out,
                       check=True)
    lines = count_lines(stream)
    db = os.path.join(tmp, "speed.db")
    rows = []
    for label, run in (("cat", lambda: _timed(["cat"], stream, tmp)),
                       ("sos-feed replay - (validated pass-through)",
                        lambda: _timed(["%s/sos-feed" % bin_dir, "replay"], stream, tmp)),
                       ("sos-journal (market lines in blocks)", lambda: _journal(bin_dir, stream, db)),
                       ("sos-journal --market-rows (and market rows)",
                        lambda: _journal(bin_dir, stream, db, ["--market-rows"]))):
        wall, cpu = run()
        rows.append([label, "%.2f" % wall, "%.2f" % cpu, "%.0f" % (lines / wall / 1e3), "%.0f" % (lines / cpu / 1e3)])
    _journal(bin_dir, stream, db)
    wall, cpu = _timed(["%s/sos-journal" % bin_dir, "replay", "--db", db, "--run", "b"], os.devnull, tmp)
    rows.append(["sos-journal replay (of that journal)", "%.2f" % wall, "%.2f" % cpu, "%.0f" % (lines / wall / 1e3),
                 "%.0f" % (lines / cpu / 1e3)])
    _clean(db)
    table("The journal alone on the whole loop's output: %d lines, %.0f MB" % (lines, os.path.getsize(stream) / 1e6),
          ["command", "seconds", "CPU s", "k events/s", "k events/CPU s"], rows)
    os.remove(stream)


def _bytes_row(bin_dir, label, path, n, tmp):
    db = os.path.join(tmp, "size.db")
    _journal(bin_dir, path, db)
    compact = _size(db)
    _journal(bin_dir, path, db, ["--market-rows"])
    rows = _size(db)
    _clean(db)
    return [label, "%d" % n, "%.0f" % (os.path.getsize(path) / n), "%.1f" % (compact / n), "%.0f" % (rows / n)]


def demo(bin_dir, root, tmp, quick, table):
    days = 4 if quick else 20
    stream = os.path.join(tmp, "demo.ndjson")
    db = os.path.join(tmp, "demo.db")
    _clean(db)
    fb = os.path.join(tmp, "demo.fb")
    b = bin_dir
    subprocess.run(
        "%s/sos-feed synth --seed 7 --from 2024-01-01 --days %d --indices NIFTY,BANKNIFTY --constituents 10 "
        "--chain-every 1 | %s/sos-regime | %s/sos-match --strategies %s/strategies "
        "| %s/sos-risk --config %s/examples/backtest-risk.json --feedback %s | %s/sos-exec --feedback %s "
        "| tee %s | %s/sos-journal --db %s --run demo --sync batch > /dev/null"
        % (b, days, b, b, root, b, root, fb, b, fb, stream, b, db), shell=True, check=True)
    size = _size(db)
    _clean(db)
    lines = sum(1 for _ in open(stream, "rb"))
    rows = []
    rows.append(["the stream as NDJSON text", "%.1f" % (os.path.getsize(stream) / 1e6)])
    _journal(bin_dir, stream, db, ["--market-rows"])
    rows.append(["its journal with --market-rows", "%.1f" % (_size(db) / 1e6)])
    _clean(db)
    rows.append(["its journal (target: under 60 MB for 20 sessions)", "%.1f" % (size / 1e6)])
    table("The README's demo: %d sessions through the six tools, option chains every minute, %d lines" % (days, lines),
          ["what", "MB"], rows)
    return stream


def sizes(bin_dir, tmp, candles, demo_stream, table):
    rows = []
    path = os.path.join(tmp, "size-candles.ndjson")
    n = _only(candles, path, ["CANDLE"])
    rows.append(_bytes_row(bin_dir, "1-minute candles, 50 symbols", path, n, tmp))
    os.remove(path)
    path = os.path.join(tmp, "size-chains.ndjson")
    n = _only(demo_stream, path, ["OPTION_CHAIN"])
    rows.append(_bytes_row(bin_dir, "option chains (31 strikes, every minute)", path, n, tmp))
    os.remove(path)
    table("Bytes per stored line (the journal file over its lines)",
          ["lines", "count", "NDJSON text", "sos-journal", "--market-rows"], rows)


def journal_bench(bin_dir, root, tmp, quick, loop_db, candles, count_lines, table):
    speed(bin_dir, tmp, loop_db, count_lines, table)
    demo_stream = demo(bin_dir, root, tmp, quick, table)
    sizes(bin_dir, tmp, candles, demo_stream, table)
    os.remove(demo_stream)
