"""The options and arguments commands share, and the values of the global options for this run."""

# No `from __future__ import annotations` in the command modules: Typer evaluates every string
# annotation of every command on every run (docs/speed.md). Quote a name imported only for type
# checking.
import functools
import inspect
import os
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, TypeVar, cast

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


class SourcesShown(StrEnum):
    brief = "brief"
    full = "full"


class ColorChoice(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class State:
    layers: list[str] = []  # noqa: RUF012 - one process, one invocation
    fmt: Format | None = None  # a command's --format (None: by where stdout goes)
    no_color = False
    color = "auto"  # --color, the global one or the command's
    no_pager = False
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


FORMAT_HELP = "table (default on a terminal), plain (default in a pipe), json, md."
NO_COLOR_HELP = "No colour: --color never."
COLOR_HELP = (
    "auto (the default: colour on a terminal, unless NO_COLOR is set or TERM=dumb; FORCE_COLOR "
    "or CLICOLOR_FORCE force it), always or never."
)
# WHEN, not <auto|always|never>: the help names the choices, and Rich cut that metavar mid-word
# (`<auto|always|nev`) beside triage's long options at 80 columns.
COLOR_METAVAR = "WHEN"
NO_PAGER_HELP = "Print straight to the terminal: no pager (also SPINECLI_PAGER='')."


def _set_format(value: Format | None) -> None:
    if value is not None:
        State.fmt = value


def _set_no_color(value: bool) -> None:
    if value:
        State.no_color = True


def _set_color(value: ColorChoice | None) -> None:
    if value is not None:
        State.color = value.value


def _set_no_pager(value: bool) -> None:
    if value:
        State.no_pager = True


# The output options every printing command takes. Each sets State as it is parsed (after the
# global options), so a body passes none of them on: output.run and friends read State.
FormatOpt = Annotated[
    Format | None,
    # FORMAT, not Typer's <table|plain|json|md>: the help lists the choices, and Rich cut that
    # metavar mid-word (`<table|plain|jso`) beside the long options of quiz and triage.
    typer.Option(
        "--format",
        "-f",
        help=FORMAT_HELP,
        metavar="FORMAT",
        callback=_set_format,
        expose_value=False,
    ),
]
NoColorOpt = Annotated[
    bool,
    typer.Option("--no-color", help=NO_COLOR_HELP, callback=_set_no_color, expose_value=False),
]
ColorOpt = Annotated[
    ColorChoice | None,
    typer.Option(
        "--color", help=COLOR_HELP, metavar=COLOR_METAVAR, callback=_set_color, expose_value=False
    ),
]
NoPagerOpt = Annotated[
    bool,
    typer.Option("--no-pager", help=NO_PAGER_HELP, callback=_set_no_pager, expose_value=False),
]
_KW = inspect.Parameter.KEYWORD_ONLY
OUTPUT_OPTIONS = {
    "format": inspect.Parameter("fmt", _KW, annotation=FormatOpt, default=None),
    "no_color": inspect.Parameter("no_color", _KW, annotation=NoColorOpt, default=False),
    "color": inspect.Parameter("color", _KW, annotation=ColorOpt, default=None),
    "pager": inspect.Parameter("no_pager", _KW, annotation=NoPagerOpt, default=False),
}
Command = TypeVar("Command", bound=Callable[..., None])


def output_options(*names: str) -> Callable[[Command], Command]:
    """Gives a command the output options (all four unless names picks some), after its own.

    Typer reads a command's options from inspect.signature, which returns `__signature__` when
    a function has one: so the options are declared here once, not in every command's
    signature. Typer passes every parameter of that signature; their values reach the body
    through State instead, so the wrapper drops them.
    """
    extra = [OUTPUT_OPTIONS[name] for name in names or OUTPUT_OPTIONS]
    dropped = {p.name for p in extra}

    def add(command: Command) -> Command:
        @functools.wraps(command)
        def with_output(*args: Any, **kwargs: Any) -> None:
            command(*args, **{k: v for k, v in kwargs.items() if k not in dropped})

        own = inspect.signature(command)
        signature = own.replace(parameters=[*own.parameters.values(), *extra])
        vars(with_output)["__signature__"] = signature  # a function attribute, as wraps sets
        return cast(Command, with_output)

    return add


# Every argument names its metavar: Typer 0.28 would show the parameter's name in lower case.
ProcedureArg = Annotated[
    str,
    typer.Argument(
        help="Id, name or alias, any case.",
        metavar="PROCEDURE",
        autocompletion=completer("procedure"),
    ),
]
ConditionArg = Annotated[
    str,
    typer.Argument(
        help="Id, name or alias, any case.",
        metavar="CONDITION",
        autocompletion=completer("condition"),
    ),
]
RegionOpt = Annotated[str, typer.Option(help="cervical, thoracic, lumbar, sacral, peripheral.")]

BriefOpt = Annotated[
    bool,
    typer.Option(
        "--brief",
        "-b",
        help="The clinician's card: what to check first, on one screen, then where the rest is.",
    ),
]


def _section_opt(page: str) -> Any:
    from spinecli.sections import PAGES, names

    return typer.Option(
        "--section",
        "-s",
        help=f"Only this part of the page (repeatable; any format): {names(PAGES[page][0])}.",
        metavar="NAME",
        show_default=False,
    )


ExplainSectionOpt = Annotated[list[str] | None, _section_opt("explain")]
TreatmentsSectionOpt = Annotated[list[str] | None, _section_opt("treatments")]
