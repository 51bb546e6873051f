"""Where a command's start-up goes beyond its reference: imports, then work, in milliseconds.

    .venv/bin/python benchmarks/profile_startup.py                  # explain esi --format table
    .venv/bin/python benchmarks/profile_startup.py --format json --reference "import typer"
    .venv/bin/python benchmarks/profile_startup.py --match --format json --reference "import typer"

Imports: `python -X importtime` of the reference and of the command (medians of --runs runs),
summing the self time of every module the command imports and the reference does not, by
package. Work: the same command's phases timed in one process after its imports (Typer building
the Click command, the KB from the cache, the query, rendering). Together they say how much of a
budget the framework leaves (docs/speed.md).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import DESCRIPTION  # a sibling script

PHASES = """
import io, sys, time
exec(sys.argv[3])  # the reference's imports first: what follows is beyond it
import typer
t0 = time.perf_counter()
import spinecli.cli as cli
from spinecli.cli.output import load
t1 = time.perf_counter()
command = typer.main.get_command(cli.app)
t2 = time.perf_counter()
kb = load()
t3 = time.perf_counter()
if sys.argv[4] == "match":
    from spinecli.match import match as query
else:
    from spinecli.queries import explain as query
result = query(kb, sys.argv[1])
t4 = time.perf_counter()
from spinecli.render import render
if sys.argv[2] == "table":
    import spinecli.render.table, spinecli.render.pages
t5 = time.perf_counter()
text = render(result, sys.argv[2], color=False, width=100)
t6 = time.perf_counter()
pairs = [(t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5), (t5, t6)]
print(*(round((b - a) * 1000, 2) for a, b in pairs))
"""
PHASE_NAMES = ("import spinecli.cli", "Typer builds the Click command", "KB from the cache",
               "query (its imports included)", "import the renderer", "render")  # fmt: skip


def importtime(argv: list[str], env: dict[str, str]) -> dict[str, int]:
    err = subprocess.run(argv, env=env, capture_output=True, text=True).stderr
    selfs = {}
    for line in err.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, _, name = line[len("import time:") :].split("|")
            selfs[name.strip()] = int(own)
    return selfs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedure", default="esi")
    parser.add_argument("--format", default="table")
    parser.add_argument("--reference", default="import typer, rich.table")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--match", action="store_true", help="profile match (of DESCRIPTION)")
    args = parser.parse_args()
    verb, what = ("match", DESCRIPTION) if args.match else ("explain", args.procedure)
    py = sys.executable
    cli = str(Path(py).with_name("spinecli"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    command = [cli, verb, what, "--format", args.format]
    subprocess.run(command, env=env, capture_output=True)  # warm .pyc files and the KB cache

    ref_runs = [importtime([py, "-X", "importtime", "-c", args.reference], env)]
    cmd_runs = [importtime([py, "-X", "importtime", *command], env)]
    for _ in range(args.runs - 1):
        ref_runs.append(importtime([py, "-X", "importtime", "-c", args.reference], env))
        cmd_runs.append(importtime([py, "-X", "importtime", *command], env))
    extra = set(cmd_runs[0]) - set(ref_runs[0])
    by_package: dict[str, float] = defaultdict(float)
    for name in extra:
        by_package[name.split(".")[0]] += statistics.median(r.get(name, 0) for r in cmd_runs)
    shown = " ".join(["spinecli", verb, "<50 words>" if args.match else what, *command[3:]])
    print(f"# `{shown}` against `python -c '{args.reference}'`")
    print(f"\nImported beyond the reference ({len(extra)} modules), self time by package:")
    out = io.StringIO()
    for package, us in sorted(by_package.items(), key=lambda kv: -kv[1]):
        print(f"  {package:24s} {us / 1000:6.1f} ms", file=out)
    print(out.getvalue(), end="")
    print(f"  {'total':24s} {sum(by_package.values()) / 1000:6.1f} ms")

    runs = []
    for _ in range(args.runs):
        out_text = subprocess.run(
            [py, "-c", PHASES, what, args.format, args.reference, verb],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        runs.append([float(x) for x in out_text.split()])
    print("\nThe same in one process, after the reference's own imports (medians):")
    for i, name in enumerate(PHASE_NAMES):
        print(f"  {name:34s} {statistics.median(r[i] for r in runs):6.1f} ms")
    print(f"  {'total':34s} {statistics.median(sum(r) for r in runs):6.1f} ms")
    start = time.perf_counter()
    for _ in range(args.runs):
        subprocess.run([py, "-c", args.reference], env=env, check=True)
    ref_ms = (time.perf_counter() - start) / args.runs * 1000
    print(f"\nThe reference itself: about {ref_ms:.0f} ms (mean of {args.runs}, with spawning).")


if __name__ == "__main__":
    main()
