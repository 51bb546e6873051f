"""Start-up and scale benchmark: every target command side by side with its reference command.

    .venv/bin/python benchmarks/startup.py            # all checks, 15 interleaved runs each
    .venv/bin/python benchmarks/startup.py --runs 31 --no-scale

Each check runs its reference command and its target command alternately (reference first on
even rounds, target first on odd ones), so drift on a noisy machine hits both alike, and
compares medians: a ratio, not milliseconds, is what the budgets (issue 7) are written in.
Peak memory is each child's ru_maxrss from wait4. The KB cache lives in a temporary directory,
warmed before timing; the first (cold) run of each KB is reported apart.

Run it with the Python of the environment spinecli is installed in; it finds `spinecli` beside it.
"""

from __future__ import annotations

import argparse
import datetime
import marshal
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_kb  # a sibling script, not a package

# Fifty words, the length the issue names: lay words for back and leg symptoms.
DESCRIPTION = (
    "For the last four months I have had a deep aching pain in my lower back that shoots "
    "down my left leg into the foot, with numbness and tingling in my toes. It is worse when "
    "I sit or bend forward and better when I lie down, and mornings are stiff."
)


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    failures: int = 0

    @property
    def ms(self) -> float:
        return statistics.median(self.seconds) * 1000 if self.seconds else float("nan")

    @property
    def rss(self) -> float:
        return statistics.median(self.rss_kb) if self.rss_kb else float("nan")


@dataclass
class Check:
    name: str
    target: list[str]
    reference: list[str]
    budget: float
    env: dict[str, str] = field(default_factory=dict)
    t: Sample = field(default_factory=Sample)
    r: Sample = field(default_factory=Sample)

    @property
    def ratio(self) -> float:
        return self.t.ms / self.r.ms


# Children are started by a small helper process, not by this one: on exec, Linux carries the
# exec-ing process's peak RSS into the new program's ru_maxrss, so a child spawned straight from
# this script (tens of MB, with its imports) would report at least that. The helper (python -S,
# a few MB, below any Python program's own peak) spawns, waits with wait4 and times each child.
HELPER = """
import marshal, os, sys, time
inp, out = sys.stdin.buffer, sys.stdout.buffer
devnull = os.open(os.devnull, os.O_WRONLY)
acts = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
while True:
    head = inp.read(4)
    if len(head) < 4:
        break
    argv, env = marshal.loads(inp.read(int.from_bytes(head, "little")))
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=acts)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    reply = marshal.dumps((elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)))
    out.write(len(reply).to_bytes(4, "little") + reply)
    out.flush()
"""


class Spawner:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-S", "-c", HELPER], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

    def run(self, argv: Sequence[str], env: dict[str, str]) -> tuple[float, int, int]:
        """(wall seconds, peak RSS in KB, exit status) of one child, output discarded."""
        assert self.proc.stdin and self.proc.stdout
        blob = marshal.dumps((list(argv), env))
        self.proc.stdin.write(len(blob).to_bytes(4, "little") + blob)
        self.proc.stdin.flush()
        size = int.from_bytes(self.proc.stdout.read(4), "little")
        secs, rss, code = marshal.loads(self.proc.stdout.read(size))
        return secs, rss, code

    def close(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait()


SPAWNER: Spawner | None = None


def run_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int, int]:
    global SPAWNER
    if SPAWNER is None:
        SPAWNER = Spawner()
    return SPAWNER.run(argv, env)


def measure(checks: Sequence[Check], runs: int, base_env: dict[str, str]) -> None:
    for i in range(runs):
        for check in checks:
            env = {**base_env, **check.env}
            pair = [(check.reference, check.r), (check.target, check.t)]
            for argv, sample in pair if i % 2 == 0 else pair[::-1]:
                secs, rss, code = run_once(argv, env)
                if code != 0:
                    sample.failures += 1
                sample.seconds.append(secs)
                sample.rss_kb.append(rss)


def machine(python: str) -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    versions = subprocess.run(
        [
            python,
            "-c",
            "import importlib.metadata as m, platform; print(platform.python_version(), "
            "*(f'{p} {m.version(p)}' for p in ('typer', 'rich')), sep=', ')",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return f"{os.cpu_count()} CPUs ({model or 'unknown CPU'}), Python {versions}"


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows
    ]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)


def verdict(value: float, budget: float) -> str:
    return "ok" if value <= budget else "OVER"


def has_match(spinecli: str, env: dict[str, str]) -> bool:
    return run_once([spinecli, "match", "--help"], env)[2] == 0


def pick_procedure(spinecli: str, env: dict[str, str], wanted: str) -> str:
    """wanted if the KB knows it, else the first procedure's id (a stand-in KB)."""
    if run_once([spinecli, "explain", wanted, "--format", "json"], env)[2] == 0:
        return wanted
    import json

    out = subprocess.run(
        [spinecli, "list", "--format", "json"], env=env, capture_output=True, text=True
    ).stdout
    first: str = json.loads(out)["procedures"][0]["id"]
    print(f"note: the installed KB has no '{wanted}'; using '{first}' instead")
    return first


# `--teardown`: spinecli as it ran before it ended with os._exit (spinecli/__main__.py), paying
# for Python's teardown as the reference commands do; the difference is what skipping it saves.
TEARDOWN = "import sys; from spinecli.__main__ import run; sys.argv[0] = 'spinecli'; run()"


def startup_checks(py: str, cli: list[str], proc: str, match: bool) -> list[Check]:
    typer_ref = [py, "-c", "import typer"]
    table_ref = [py, "-c", "import typer, rich.table"]
    checks = [
        Check(
            f"explain {proc} --format json", [*cli, "explain", proc, "-f", "json"], typer_ref, 1.20
        ),
        Check(
            f"explain {proc} --format table",
            [*cli, "explain", proc, "-f", "table"],
            table_ref,
            1.25,
        ),
        Check(
            "complete `spinecli explain ky<TAB>`",
            cli,
            typer_ref,
            1.20,
            env={
                "_SPINECLI_COMPLETE": "complete_bash",
                "COMP_WORDS": "spinecli explain ky",
                "COMP_CWORD": "2",
            },
        ),
    ]
    if match:
        checks.insert(
            2,
            Check(
                "match <50 words> --format json",
                [*cli, "match", DESCRIPTION, "-f", "json"],
                typer_ref,
                1.25,
            ),
        )
    return checks


def scale(py: str, cli: str, proc: str, match: bool, runs: int, env: dict[str, str]) -> str:
    """explain (and match) on the shipped KB, then with 1,000 and 10,000 synthetic procedures."""
    work = Path(tempfile.mkdtemp(prefix="spinecli-scale-"))
    try:
        kbs: dict[str, list[Path]] = {"shipped": []}
        for n in (1000, 10000):
            kbs[f"+{n:,}"] = gen_kb.write(n, work / f"kb{n}")
        commands = {f"explain {proc}": [cli, "explain", proc, "-f", "json"]}
        if match:
            commands["match <50 words>"] = [cli, "match", DESCRIPTION, "-f", "json"]
        rows = [["KB", "command", "first run (cold) ms", "median ms", "x shipped", "budget", ""]]
        first: dict[str, float] = {}
        samples: dict[tuple[str, str], Sample] = {}
        kb_env = {k: {**env, "SPINECLI_KB": os.pathsep.join(map(str, v))} for k, v in kbs.items()}
        time.sleep(2.1)  # let the new files age past the cache's racy window (see kbcache.py)
        for k in kbs:
            for c, argv in commands.items():
                secs, _, code = run_once(argv, kb_env[k])
                first[k + c] = secs * 1000 if code == 0 else float("nan")
                samples[k, c] = Sample()
        for i in range(runs):
            for c, argv in commands.items():
                for k in kbs if i % 2 == 0 else list(kbs)[::-1]:
                    secs, _, code = run_once(argv, kb_env[k])
                    samples[k, c].seconds.append(secs)
                    samples[k, c].failures += code != 0
        for c in commands:
            small = samples["shipped", c].ms
            for k in kbs:
                s = samples[k, c]
                x = s.ms / small
                budget = "<= 2.00" if k != "shipped" else ""
                ok = verdict(x, 2.0) if budget else ""
                if s.failures:
                    ok = f"{s.failures} runs failed"
                rows.append([k, c, f"{first[k + c]:.0f}", f"{s.ms:.1f}", f"{x:.2f}", budget, ok])
        growth = []
        for c in commands:
            base = samples["shipped", c].ms
            d1, d10 = samples["+1,000", c].ms - base, samples["+10,000", c].ms - base
            growth.append(
                f"{c}: extra time at 10,000 / extra at 1,000 = {d10 / d1:.1f} (linear: 10)"
            )
        return table(rows) + "\n\n" + "\n".join(growth)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="interleaved runs per check (>= 15)")
    parser.add_argument("--procedure", default="esi", help="what `explain` looks up")
    parser.add_argument("--no-scale", action="store_true", help="skip the 1,000/10,000 KB checks")
    parser.add_argument(
        "--teardown", action="store_true", help="start-up checks with Python's teardown (TEARDOWN)"
    )
    args = parser.parse_args()
    py = sys.executable
    cli = str(Path(py).with_name("spinecli"))
    if not os.access(cli, os.X_OK):
        sys.exit(f"no spinecli beside {py}: run this with the Python of spinecli's environment")
    cache = tempfile.mkdtemp(prefix="spinecli-bench-cache-")
    # PYTHONDONTWRITEBYTECODE would make every run compile spinecli's sources (an installed
    # wheel has its .pyc files, an editable install writes them on first use).
    drop = ("SPINECLI_KB", "NO_COLOR", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env |= {"SPINECLI_CACHE_DIR": cache, "COLUMNS": "100"}
    try:
        print(f"# spinecli start-up, {datetime.date.today()}, {machine(py)}")
        teardown = ", spinecli with Python's teardown (--teardown)" if args.teardown else ""
        print(f"# {args.runs} interleaved runs per check; medians{teardown}\n")
        proc = pick_procedure(cli, env, args.procedure)
        match = has_match(cli, env)
        target = [py, "-c", TEARDOWN] if args.teardown else [cli]
        checks = startup_checks(py, target, proc, match)
        for c in checks:  # warm the cache and the OS's file cache
            run_once(c.target, {**env, **c.env})
        measure(checks, args.runs, env)
        mem_ref = [py, "-c", "import typer, rich.table"]
        ref_rss = statistics.median(run_once(mem_ref, env)[1] for _ in range(args.runs))
        rows = [["check", "target ms", "reference", "ref ms", "ratio", "budget", "", "peak MB",
                 "x ref", "budget", ""]]  # fmt: skip
        for c in checks:
            ok = verdict(c.ratio, c.budget) if not c.t.failures else f"{c.t.failures} runs failed"
            mem = c.t.rss / ref_rss
            rows.append(
                [c.name, f"{c.t.ms:.1f}", " ".join(c.reference[1:]).replace("-c ", ""),
                 f"{c.r.ms:.1f}", f"{c.ratio:.2f}", f"<= {c.budget:.2f}", ok,
                 f"{c.t.rss / 1024:.1f}", f"{mem:.2f}", "<= 1.20", verdict(mem, 1.2)]
            )  # fmt: skip
        if not match:
            rows.append(["match <50 words> --format json", "not available", "", "", "", "<= 1.25",
                         "", "", "", "", ""])  # fmt: skip
        print(table(rows))
        print(f"\nmemory reference: python -c 'import typer, rich.table', {ref_rss / 1024:.1f} MB")
        floor = Sample()
        for _ in range(args.runs):
            secs, rss, _ = run_once([py, "-c", "pass"], env)
            floor.seconds.append(secs)
            floor.rss_kb.append(rss)
        print(f"floor: python -c pass, {floor.ms:.1f} ms, {floor.rss / 1024:.1f} MB")
        if not args.no_scale:
            print("\n# scale: the shipped KB, then 1,000 and 10,000 synthetic procedures on top")
            print(scale(py, cli, proc, match, args.runs, env))
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
