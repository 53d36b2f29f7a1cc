#!/usr/bin/env python3
"""Runs a systemd unit's commands the way systemd would, without systemd: for tests of the
shipped units (examples/systemd/) on machines with no user manager.

    unit_run.py UNIT [--instance I] [--set NAME=VALUE]... [--exec] [--check]

The unit's Environment= lines, then the --set ones (what a drop-in from `systemctl --user edit`
would set), then its EnvironmentFile= files, make the commands' whole environment, plus HOME,
USER, LOGNAME, SHELL, XDG_RUNTIME_DIR and TMPDIR as a user manager passes them. Specifiers %h,
%n, %i, %% are resolved; in a command, ${NAME} is replaced in place and a word that is $NAME is
split on white space, as systemd does. ExecCondition= runs first (an exit of 1-254 skips the
rest: "skipped" on stderr, exit 0), then ExecStartPre=, then every ExecStart=. A command of
systemctl is not run (it needs the user manager): the units it names must be in the unit's own
folder, else exit 2. --exec replaces this process with the last ExecStart= (after the others
succeeded), so a test can signal it as systemd signals a service's main process. --check
parse-checks the unit instead (sections and keys known, every command an absolute executable),
for machines without systemd-analyze. Each command is said on stderr before it runs. The exit
status is the first failing command's.
"""
import os
import shlex
import subprocess
import sys

KNOWN = {
    "Unit": {"Description", "Documentation", "OnFailure", "After", "Wants", "Requires"},
    "Service": {"Type", "Environment", "EnvironmentFile", "ExecCondition", "ExecStartPre", "ExecStart",
                "KillMode", "TimeoutStopSec", "StandardOutput", "UMask"},
    "Timer": {"OnCalendar", "AccuracySec", "Persistent"},
    "Install": {"WantedBy"},
}


def parse(path):
    sections, current = {}, None
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line[0] in "#;":
                continue
            if line.startswith("[") and line.endswith("]"):
                current = line[1:-1]
                sections.setdefault(current, [])
                continue
            if current is None or "=" not in line:
                sys.exit(f"{path}:{n}: not a unit file line: {line}")
            key, value = line.split("=", 1)
            sections[current].append((key.strip(), value.strip(), n))
    return sections


def specifiers(text, name, instance):
    out, i = [], 0
    table = {"h": os.environ["HOME"], "n": name, "i": instance, "%": "%"}
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text) and text[i + 1] in table:
            out.append(table[text[i + 1]])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def expand(word, env):
    if word.startswith("$") and not word.startswith("${") and word[1:].isidentifier():
        return env.get(word[1:], "").split()
    out, i = [], 0
    while i < len(word):
        if word.startswith("${", i) and "}" in word[i:]:
            end = word.index("}", i)
            out.append(env.get(word[i + 2:end], ""))
            i = end + 1
        else:
            out.append(word[i])
            i += 1
    return ["".join(out)]


def environment(service, sets, name, instance):
    env = {k: os.environ[k] for k in ("HOME", "USER", "LOGNAME", "SHELL", "XDG_RUNTIME_DIR", "TMPDIR")
           if k in os.environ}
    assignments = [a for k, v, _ in service if k == "Environment" for a in shlex.split(specifiers(v, name, instance))]
    for a in assignments + sets:
        k, v = a.split("=", 1)
        env[k] = v
    for k, v, _ in service:
        if k != "EnvironmentFile":
            continue
        path = specifiers(v, name, instance)
        optional = path.startswith("-")
        path = path.lstrip("-")
        if not os.path.exists(path) and optional:
            continue
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line and line[0] not in "#;" and "=" in line:
                    k2, v2 = line.split("=", 1)
                    env[k2.strip()] = v2.strip().strip('"')
    return env


def check(path, sections):
    problems = []
    for section, entries in sections.items():
        if section not in KNOWN:
            problems.append(f"unknown section [{section}]")
            continue
        for key, value, n in entries:
            if key not in KNOWN[section]:
                problems.append(f"line {n}: unknown key {key} in [{section}]")
            if key.startswith("Exec"):
                program = shlex.split(value)[0].lstrip("-@+!")
                if not os.path.isabs(program) or not os.access(program, os.X_OK):
                    problems.append(f"line {n}: {program} is not an absolute path to an executable")
    for p in problems:
        print(f"{path}: {p}", file=sys.stderr)
    return 1 if problems else 0


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    path, instance, sets, do_exec, do_check = args[0], "", [], False, False
    rest = iter(args[1:])
    for a in rest:
        if a == "--instance":
            instance = next(rest)
        elif a == "--set":
            sets.append(next(rest))
        elif a == "--exec":
            do_exec = True
        elif a == "--check":
            do_check = True
        else:
            sys.exit(f"unit_run.py: unknown argument {a}")
    sections = parse(path)
    base = os.path.basename(path)
    name = base.replace("@.", f"@{instance}.") if instance else base
    if do_check:
        sys.exit(check(path, sections))
    service = sections.get("Service", [])
    env = environment(service, sets, name, instance)
    commands = [(k, v) for k, v, _ in service if k in ("ExecCondition", "ExecStartPre", "ExecStart")]
    commands.sort(key=lambda c: ("ExecCondition", "ExecStartPre", "ExecStart").index(c[0]))
    last_start = max((i for i, c in enumerate(commands) if c[0] == "ExecStart"), default=-1)
    for i, (kind, line) in enumerate(commands):
        argv = [w for word in shlex.split(specifiers(line, name, instance)) for w in expand(word, env)]
        ignore = argv[0].startswith("-")
        argv[0] = argv[0].lstrip("-@+!")
        print(f"unit_run: {name}: {kind}: {shlex.join(argv)}", file=sys.stderr, flush=True)
        if os.path.basename(argv[0]) == "systemctl":
            units = [a for a in argv[1:] if "." in a]
            missing = [u for u in units if not os.path.exists(os.path.join(os.path.dirname(path), u))]
            if missing:
                print(f"unit_run: {name}: systemctl names units not shipped: {missing}", file=sys.stderr)
                sys.exit(2)
            continue
        if do_exec and i == last_start:
            os.execve(argv[0], argv, env)
        status = subprocess.run(argv, env=env).returncode
        if kind == "ExecCondition" and 1 <= status <= 254:
            print(f"unit_run: {name}: skipped: ExecCondition exited {status}", file=sys.stderr)
            sys.exit(0)
        if status != 0 and not ignore:
            print(f"unit_run: {name}: {kind} failed: status {status}", file=sys.stderr)
            sys.exit(status if status > 0 else 128 - status)


if __name__ == "__main__":
    main()
