"""Where `spinecli` and `python -m spinecli` start.

Imports nothing heavy itself, so a Ctrl-C while Typer and Click load (the first tenth of a
second) ends cleanly too; from then on `cli.main` maps interrupts and errors to exit codes.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from spinecli.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("\nspinecli: interrupted\n")
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
