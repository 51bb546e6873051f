"""The command line: the only part of spinecli that knows about Typer, stdout or exit codes.

- `options`: the option and argument types the commands share, and the global options' values;
- `application`: the Typer app, its global options and the table of its commands;
- `commands`: the command bodies, a few lines each (load, query, print through `output.run`);
- `interactive`: `quiz` and `triage`, which ask question by question on a terminal;
- `stdin`: standard input read bounded (the text for `match` and `triage`, `--answers-json -`);
- `output`: printing and rendering, and errors made one message and an exit status;
- `exits`: `main()`, one run of the app with interrupts, closed pipes and usage errors mapped to
  exit statuses.
"""

from spinecli.cli.application import app
from spinecli.cli.exits import main

__all__ = ["app", "main"]
