"""The largest accepted layer against the shipped KB: every command's time and peak memory.

    .venv/bin/python benchmarks/big_layer.py              # 5 interleaved runs per command
    .venv/bin/python benchmarks/big_layer.py --runs 9 --write /tmp/big.toml  # keep the layer

Writes one KB layer just under the accepted size (`files.MAX_KB_BYTES`): the synthetic KB of
gen_kb.py in one file, each procedure's summary given three words no other entry has, so the
vocabulary grows with the layer as real text does (gen_kb alone repeats 26 words). Then runs
each command on the shipped KB and with that layer (`--kb`), alternately, after one first run
each that builds the cache (reported apart), and prints the medians and their ratios side by
side: wall time and peak RSS (each child's ru_maxrss from wait4, through startup.py's helper).

Commands that print the whole KB (`list`, `conditions`, `symptoms`, `codes`) or read every layer
as TOML by design (`validate`) grow with what they print or check; they are listed apart.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_kb  # sibling scripts, not a package
import startup

_CONSONANTS, _VOWELS = "bdfgklmnprstvz", "aeiou"


def pseudo_word(i: int) -> str:
    """A distinct made-up word for every i (three syllables and a tail): a growing vocabulary."""
    out = []
    for _ in range(3):
        i, r = divmod(i, len(_CONSONANTS) * len(_VOWELS))
        out.append(_CONSONANTS[r // len(_VOWELS)] + _VOWELS[r % len(_VOWELS)])
    return "".join(out) + _CONSONANTS[i % len(_CONSONANTS)] + ("x" * (i // len(_CONSONANTS)))


def layer_text(procedures: int) -> str:
    tables = gen_kb.generate(procedures)
    text = "".join(tables[t] for t in gen_kb.TABLES)
    counter = iter(range(10**9))

    def unique(_: re.Match[str]) -> str:
        n = next(counter)
        words = " ".join(pseudo_word(3 * n + k) for k in range(3))
        return f'summary = "A synthetic procedure, {words} ('

    return re.sub(r'summary = "A synthetic procedure \(', unique, text)


def write(path: Path, limit: int) -> int:
    """Writes the largest layer under limit bytes to path; returns its number of procedures."""
    per = len(layer_text(1000).encode()) / 1000
    n = int(limit / per)
    while True:
        data = layer_text(n).encode()
        if len(data) <= limit:
            break
        n -= max(1, int((len(data) - limit) / per) + 1)
    path.write_bytes(data)
    return n


DESCRIPTION = startup.DESCRIPTION

# (label, arguments after `spinecli`, extra environment). Kept to commands that answer one question;
# WHOLE_KB are those whose output is the whole KB.
COMMANDS: list[tuple[str, list[str], dict[str, str]]] = [
    ("explain esi -f json", ["explain", "esi", "-f", "json"], {}),
    ("explain esi -f table", ["explain", "esi", "-f", "table"], {}),
    ("treatments herniated-disc", ["treatments", "herniated-disc", "-f", "json"], {}),
    ("recovery esi", ["recovery", "esi", "-f", "json"], {}),
    ("compare esi rfa", ["compare", "esi", "rfa", "-f", "json"], {}),
    ("match <50 words>", ["match", DESCRIPTION, "-f", "json"], {}),
    ("triage <50 words>", ["triage", DESCRIPTION, "--no-interactive", "-f", "json"], {}),
    ("search sciatica injection", ["search", "sciatica", "injection", "-f", "json"], {}),
    ("search radiofrequncy ablaton", ["search", "radiofrequncy", "ablaton", "-f", "json"], {}),
    ("search <40 words>", ["search", *DESCRIPTION.split()[:40], "-f", "json"], {}),
    ("quiz --count 5", ["quiz", "--count", "5", "--seed", "1", "-f", "json"], {}),
    ("handout esi -f md", ["handout", "esi", "-f", "md"], {}),
    ("TAB: explain ky", [], {"_SPINECLI_COMPLETE": "complete_bash",
                             "COMP_WORDS": "spinecli explain ky", "COMP_CWORD": "2"}),
    ("TAB: explain syn", [], {"_SPINECLI_COMPLETE": "complete_bash",
                              "COMP_WORDS": "spinecli explain Synthetic", "COMP_CWORD": "2"}),
]  # fmt: skip
WHOLE_KB: list[tuple[str, list[str], dict[str, str]]] = [
    ("list -f json", ["list", "-f", "json"], {}),
    ("conditions -f json", ["conditions", "-f", "json"], {}),
    ("symptoms -f json", ["symptoms", "-f", "json"], {}),
    ("codes -f json", ["codes", "-f", "json"], {}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="interleaved runs per command")
    parser.add_argument("--write", type=Path, help="keep the layer at this path")
    parser.add_argument("--only", help="run only commands whose label contains this")
    parser.add_argument("--whole", action="store_true", help="also the whole-KB commands")
    args = parser.parse_args()
    py = sys.executable
    cli = str(Path(py).with_name("spinecli"))
    if not os.access(cli, os.X_OK):
        sys.exit(f"no spinecli beside {py}: run this with the Python of spinecli's environment")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from spinecli.files import MAX_KB_BYTES

    work = Path(tempfile.mkdtemp(prefix="spinecli-big-"))
    try:
        layer = args.write or work / "big.toml"
        n = write(layer, MAX_KB_BYTES - 200 * 1024)
        size = layer.stat().st_size
        drop = ("SPINECLI_KB", "NO_COLOR", "PYTHONDONTWRITEBYTECODE")
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env |= {"SPINECLI_CACHE_DIR": str(work / "cache"), "COLUMNS": "100", "SPINECLI_PAGER": ""}
        print(f"# spinecli, the largest layer against the shipped KB, {datetime.date.today()}")
        print(f"# {startup.machine(py)}")
        print(f"# layer: {size / 2**20:.1f} MiB ({size:,} bytes; limit {MAX_KB_BYTES:,}), "
              f"{n:,} procedures; {args.runs} interleaved runs, medians\n")  # fmt: skip
        time.sleep(2.1)  # let the new file age past any racy-clean window of the cache
        commands = COMMANDS + (WHOLE_KB if args.whole else [])
        if args.only:
            commands = [c for c in commands if args.only in c[0]]
        rows = [["command", "shipped ms", "big ms", "x time", "shipped MB", "big MB", "x RSS",
                 "first big run ms"]]  # fmt: skip
        for label, argv, extra in commands:
            small_argv, big_argv = [cli, *argv], [cli, "--kb", str(layer), *argv]
            big_env = {**env, **extra}
            if extra:  # completion reads its words from COMP_WORDS: the layer goes in there
                words = extra["COMP_WORDS"].split()
                big_env["COMP_WORDS"] = " ".join([words[0], "--kb", str(layer), *words[1:]])
                big_env["COMP_CWORD"] = str(int(extra["COMP_CWORD"]) + 2)
                big_argv = [cli]
            cold, _, code = startup.run_once(big_argv, big_env)
            startup.run_once(small_argv, {**env, **extra})
            small, big = startup.Sample(), startup.Sample()
            for i in range(args.runs):
                pair = [(small_argv, {**env, **extra}, small), (big_argv, big_env, big)]
                for a, e, sample in pair if i % 2 == 0 else pair[::-1]:
                    secs, rss, status = startup.run_once(a, e)
                    sample.seconds.append(secs)
                    sample.rss_kb.append(rss)
                    sample.failures += status not in (0, 1)  # 1: "not found" is an answer
            fail = f" ({big.failures} failed)" if big.failures or code not in (0, 1) else ""
            rows.append([label + fail, f"{small.ms:.0f}", f"{big.ms:.0f}",
                         f"{big.ms / small.ms:.2f}", f"{small.rss / 1024:.1f}",
                         f"{big.rss / 1024:.1f}", f"{big.rss / small.rss:.2f}",
                         f"{cold * 1000:.0f}"])  # fmt: skip
            print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
        print(startup.table(rows))
        times = [float(r[3]) for r in rows[1:]]
        rss = [float(r[6]) for r in rows[1:]]
        print(f"\nworst: x time {max(times):.2f}, x RSS {max(rss):.2f} "
              f"(median x time {statistics.median(times):.2f})")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if startup.SPAWNER is not None:
            startup.SPAWNER.close()


if __name__ == "__main__":
    main()
