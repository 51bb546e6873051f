"""Output taller than the terminal goes through a pager, as git, gh and bat do.

Which pager: `$SPINECLI_PAGER`, else `$PAGER`, else `less -FRX` (quit if one screen, keep colour
codes, leave the text on screen). An empty `SPINECLI_PAGER` means no pager. The caller decides
*whether* to page (stdout a terminal, output taller than it, no `--no-pager`, not an interactive
session); this module is imported only then, since it imports subprocess.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
from collections.abc import Mapping

DEFAULT = "less -FRX"


def command(env: Mapping[str, str]) -> list[str]:
    """The pager's argv from the environment; [] for none."""
    chosen = env["SPINECLI_PAGER"] if "SPINECLI_PAGER" in env else env.get("PAGER") or DEFAULT
    try:
        argv = shlex.split(chosen)
    except ValueError:  # an unbalanced quote: treat the setting as unusable, print instead
        return []
    # `cat` pages nothing: printing ourselves is the same and cheaper.
    return [] if not argv or argv == ["cat"] else argv


def page(text: str, env: Mapping[str, str] | None = None) -> bool:
    """Sends text through the pager and waits for it; False when no pager could start (none is
    set, or its program is missing), and the caller prints the text itself."""
    env = os.environ if env is None else env
    argv = command(env)
    if not argv or shutil.which(argv[0], path=env.get("PATH")) is None:
        return False
    # less and lv keep colour codes with these, unless the user set their own (as git does).
    child_env = {"LESS": "FRX", "LV": "-c", **env}
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=child_env)
    except OSError:
        return False
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search); the pager's own
    # exit ends the command. Restored afterwards for the rest of the run.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert proc.stdin is not None
        try:
            proc.stdin.write(text.encode("utf-8", errors="replace"))
            proc.stdin.close()
        except BrokenPipeError:
            pass  # the reader quit before reading it all (q in less): nothing left to do
        proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True
