"""Start-up of one Typer release against another, for the pin in pyproject.toml.

    .venv/bin/python benchmarks/typer_versions.py        # the default sets below
    .venv/bin/python benchmarks/typer_versions.py typer==0.24.2,click==8.2.1 typer==0.29.2

Makes one virtual environment per version in a temporary directory (pip, from the package
index), installs this checkout of spinecli into each without its dependencies, and times, side by
side: `import typer`, a minimal one-command Typer app, and `spinecli explain esi --format json`
(with a warm KB cache). Ratios are to `import typer` in the same environment, and to Typer 0.24's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import run_once, table  # a sibling script

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = """
import typer

app = typer.Typer()


@app.command()
def hello(name: str) -> None:
    print(f"Hello {name}")


app()
"""


# Each set is one environment: comma-separated requirements.
DEFAULT_SETS = (
    "typer==0.24.*",  # the last pin (Click-based); pip picks the newest Click
    "typer==0.28.*",  # what pyproject.toml pins: its own bundled Click
    "typer==0.29.*",  # the newest Typer when measured: pydantic validation at run time
)


def make_env(where: Path, requirements: str) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    pip = [str(where / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, *requirements.split(","), "rich>=13.7", "tomli>=2.1"], check=True)
    subprocess.run([*pip, "--no-deps", str(ROOT)], check=True)
    return where / "bin" / "python"


def installed(python: Path) -> str:
    code = (
        "import importlib.metadata as m\n"
        "def v(p):\n"
        "    try:\n"
        "        return m.version(p)\n"
        "    except m.PackageNotFoundError:\n"
        "        return 'none'\n"
        "print(v('typer'), v('click'), v('pydantic'))"
    )
    typer, click, pydantic = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return f"typer {typer} (click {click}, pydantic {pydantic})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=DEFAULT_SETS, help="requirement sets")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="spinecli-typer-"))
    try:
        app = work / "minimal_app.py"
        app.write_text(MINIMAL)
        drop = ("SPINECLI_KB", "PYTHONDONTWRITEBYTECODE")
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env["SPINECLI_CACHE_DIR"] = str(work / "cache")
        envs = {}
        for i, requirements in enumerate(args.sets):
            python = make_env(work / f"venv{i}", requirements)
            envs[installed(python)] = python
        commands = {
            "import typer": lambda py: [str(py), "-c", "import typer"],
            "minimal app": lambda py: [str(py), str(app), "World"],
            "spinecli --version": lambda py: [str(py.with_name("spinecli")), "--version"],
            "spinecli explain esi -f json": lambda py: [
                str(py.with_name("spinecli")), "explain", "esi", "--format", "json"
            ],
        }  # fmt: skip
        times: dict[tuple[str, str], list[float]] = {}
        codes: dict[tuple[str, str], set[int]] = {}
        for py in envs.values():  # warm the caches (.pyc, KB)
            for make in commands.values():
                run_once(make(py), env)
        for _ in range(args.runs):
            for name, py in envs.items():
                for label, make in commands.items():
                    secs, _, code = run_once(make(py), env)
                    times.setdefault((name, label), []).append(secs)
                    codes.setdefault((name, label), set()).add(code)
        first = next(iter(envs))
        rows = [["versions", "command", "median ms", "x import typer", "x first set"]]
        for name in envs:
            base = statistics.median(times[name, "import typer"])
            for label in commands:
                ms = statistics.median(times[name, label])
                ref = statistics.median(times[first, label])
                note = "" if codes[name, label] == {0} else f" (exit {sorted(codes[name, label])})"
                rows.append(
                    [name, label + note, f"{ms * 1000:.1f}", f"{ms / base:.2f}", f"{ms / ref:.2f}"]
                )
        print(f"# {args.runs} interleaved runs, medians")
        print(table(rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
