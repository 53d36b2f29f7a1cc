"""The whole loop as a benchmark: a year of 1-minute candles for 50 symbols through the six
tools (sos-feed replay | sos-regime | sos-match | sos-risk | sos-exec | sos-journal), with
the wall time end to end, events per second, CPU and peak memory of each tool, and the
slowest stage named, beside `cat` and `jq -c .` reading the same candles. Used by bench/run,
which hands the loop's journal and candles on to journal_bench.py.
"""
import json
import os
import subprocess
import time


def run_pipeline(stages, stdin_path, env, cwd):
    """Starts `stages` (argument lists) as one pipeline reading `stdin_path`, output discarded.
    Returns the wall seconds and, per stage, (CPU seconds, peak RSS in KiB, exit status)."""
    procs = []
    t0 = time.perf_counter()
    with open(stdin_path, "rb") as fin, open(os.devnull, "wb") as devnull:
        prev = fin
        for i, argv in enumerate(stages):
            last = i == len(stages) - 1
            p = subprocess.Popen(argv, stdin=prev, stdout=devnull if last else subprocess.PIPE, env=env, cwd=cwd)
            if prev is not fin:
                prev.close()  # the child holds it now
            prev = p.stdout
            procs.append(p)
        usage = {}
        for p in procs:
            # wait4 gives each child's own CPU time and peak memory.
            _, status, ru = os.wait4(p.pid, 0)
            p.returncode = os.waitstatus_to_exitcode(status)
            usage[p.pid] = (ru.ru_utime + ru.ru_stime, ru.ru_maxrss, p.returncode)
    wall = time.perf_counter() - t0
    return wall, [usage[p.pid] for p in procs]


def whole_loop_bench(bin_dir, root, tmp, quick, sh, best_of, count_lines, table):
    days = 20 if quick else 250
    candles = os.path.join(tmp, "year.ndjson")
    sh("%s/sos-feed synth --seed 9 --days %d --indices NIFTY --constituents 49 --chain-every 0 --only CANDLE > %s"
       % (bin_dir, days, candles))
    lines = count_lines(candles)
    size = os.path.getsize(candles)
    symbols = 50
    print("\nThe whole loop: %d trading days of 1-minute candles for %d symbols (+ India VIX), %d lines, %.0f MB"
          % (days, symbols, lines, size / 1e6))

    cat_wall = best_of(1, "cat", candles)
    jq_wall = best_of(1, "jq -c .", candles)

    sock = os.path.join(tmp, "loop.fb")
    db = os.path.join(tmp, "loop.db")
    stages = [
        ("sos-feed replay", ["%s/sos-feed" % bin_dir, "replay"]),
        ("sos-regime", ["%s/sos-regime" % bin_dir]),
        ("sos-match", ["%s/sos-match" % bin_dir, "--strategies", os.path.join(root, "strategies")]),
        ("sos-risk", ["%s/sos-risk" % bin_dir, "--feedback", sock]),
        ("sos-exec", ["%s/sos-exec" % bin_dir, "--feedback", sock]),
        # A backtest: commits are not forced to disk per order (--sync batch, see sos-journal(1)).
        ("sos-journal", ["%s/sos-journal" % bin_dir, "--db", db, "--run", "bench", "--sync", "batch"]),
    ]
    env = dict(os.environ)
    wall, usage = run_pipeline([argv for _, argv in stages], candles, env, tmp)
    failed = [name for (name, _), (_, _, code) in zip(stages, usage) if code != 0]
    if failed:
        raise SystemExit("whole loop: %s failed" % ", ".join(failed))
    # What the loop added to the stream, from the journal.
    summary = json.loads(subprocess.run(["%s/sos-journal" % bin_dir, "summary", "--db", db, "--json"],
                                        capture_output=True, text=True, check=True).stdout)
    counts = ["%s %d" % (t["type"], t["events"]) for t in summary["types"]]
    rows = [["cat", "%.2f" % cat_wall, "%.0f" % (lines / cat_wall / 1e3), "", ""],
            ["jq -c .", "%.2f" % jq_wall, "%.0f" % (lines / jq_wall / 1e3), "", ""],
            ["six-tool loop into the journal", "%.2f" % wall, "%.0f" % (lines / wall / 1e3), "", "%.1fx" % (jq_wall / wall)]]
    table("End to end (wall seconds; the loop's input is the same candle file)",
          ["command", "seconds", "k events/s", "", "vs jq"], rows)
    slowest = max(range(len(stages)), key=lambda i: usage[i][0])
    rows = []
    for i, ((name, _), (cpu, rss, _)) in enumerate(zip(stages, usage)):
        rows.append([name + ("  <- slowest" if i == slowest else ""), "%.2f" % cpu,
                     "%.0f" % (lines / cpu / 1e3) if cpu > 0 else "-", "%.1f" % (rss / 1024)])
    table("Per tool (CPU seconds, events per CPU second, peak resident MB)",
          ["tool", "CPU s", "k events/s", "peak MB"], rows)
    size = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s))
    print("  journal: %.0f MB, %.1f bytes a line: %s" % (size / 1e6, size / summary["lines"], ", ".join(counts)))
    print("  target: under 20 s on two cores, and at least twice as fast as jq -c . alone (%.2f s)" % jq_wall)
    return db, candles
