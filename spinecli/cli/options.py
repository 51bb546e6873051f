"""The options and arguments commands share, and the values of the global options for this run."""

# No `from __future__ import annotations` in the command modules: Typer evaluates every string
# annotation of every command on every run (docs/speed.md). Quote a name imported only for type
# checking.
import os
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

import typer


class Format(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"
    md = "md"


class HandoutFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    plain = "plain"
    json = "json"


class Paper(StrEnum):
    letter = "letter"
    a4 = "a4"


class State:
    layers: list[str] = []  # noqa: RUF012 - one process, one invocation
    no_color = False
    interrupted = False  # Ctrl-C already reported (a session did, after its summary)


def completer(*kinds: str) -> Callable[[typer.Context, str], list[str]]:
    """Completes procedure and/or condition names, aliases and ids (see spinecli/complete.py)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from spinecli.complete import candidates

        root = ctx.find_root()
        layers = root.params.get("kb") or []
        var = f"_{root.info_name or 'spinecli'}_COMPLETE".replace("-", "_").upper()
        # bash inserts a completion as it is: a name with spaces needs its spaces escaped.
        escape = os.environ.get(var, "").endswith("bash")
        found = [c for kind in kinds for c in candidates(kind, incomplete, layers, escape)]
        return list(dict.fromkeys(found))  # "nerve-block" is a procedure and a category

    return complete


def clinic_opt(what: str) -> Any:
    return typer.Option(help=what, rich_help_panel="Clinic (overrides the config file)")


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="table (default on a terminal), plain (default in a pipe), json, md."
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour (also NO_COLOR=1).")]
ProcedureArg = Annotated[
    str, typer.Argument(help="Id, name or alias, any case.", autocompletion=completer("procedure"))
]
ConditionArg = Annotated[
    str, typer.Argument(help="Id, name or alias, any case.", autocompletion=completer("condition"))
]
RegionOpt = Annotated[str, typer.Option(help="cervical, thoracic, lumbar, sacral, peripheral.")]
