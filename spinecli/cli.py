"""The command line: parses arguments, loads the KB, runs one query, renders, prints, exits.

The only module that knows about Typer, stdout or exit codes. Command bodies stay a few lines:
`_run` holds what they share (loading, errors, format choice, printing).
"""

# No `from __future__ import annotations` here: Typer evaluates every string annotation of every
# command on every run (README, "Speed"). Quote a name imported only for type checking.
import io
import os
import shutil
import signal
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from spinecli import __version__
from spinecli.errors import (
    EXIT_INTERRUPTED,
    EXIT_NOT_FOUND,
    EXIT_OUTPUT,
    EXIT_USAGE,
    KBError,
    OutputError,
    SpineError,
)
from spinecli.model import KnowledgeBase


class Format(StrEnum):
    table = "table"
    plain = "plain"
    json = "json"
    md = "md"


app = typer.Typer(
    name="spinecli",
    help="Terminal reference for interventional spine and pain procedures. "
    "Informs; never replaces a clinician.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    layers: list[str] = []  # noqa: RUF012 - one process, one invocation
    no_color = False
    interrupted = False  # Ctrl-C already reported (a session did, after its summary)


FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="table (default on a terminal), plain (default in a pipe), json, md."
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour (also NO_COLOR=1).")]


def _completer(*kinds: str) -> Callable[[typer.Context, str], list[str]]:
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


def _version(value: bool) -> None:
    if value:
        _print(f"spinecli {__version__}\n")
        raise typer.Exit()


@app.callback()
def _global(
    kb: Annotated[
        list[str] | None,
        typer.Option(
            "--kb", help="A KB file layered over the shipped one (repeatable).", metavar="PATH"
        ),
    ] = None,
    no_color: NoColorOpt = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    State.layers = list(kb or [])
    State.no_color = no_color
    State.interrupted = False


def _stderr(text: str) -> None:
    """Writes to stderr with control characters removed: messages echo user input, file names
    and KB text, none of which may drive the terminal."""
    from spinecli.render.escape import clean

    if sys.stderr is None:
        return
    try:
        sys.stderr.write(clean(text))
        sys.stderr.flush()
    except OSError:
        pass  # stderr itself is gone: nowhere left to report to


def _say(message: str) -> None:
    _stderr(f"spinecli: {message}\n")


def _interrupted() -> None:
    if not State.interrupted:
        State.interrupted = True
        _stderr("\nspinecli: interrupted\n")


def _fail(message: str, code: int) -> typer.Exit:
    _say(message)
    return typer.Exit(code)


def _drop_stdout() -> None:
    """Points stdout at /dev/null, so Python's last flush of output nobody can take stays silent."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _write(text: str) -> None:
    """Writes and flushes stdout now, so a full disk or closed stdout is an output error here."""
    if sys.stdout is None:
        raise OutputError("cannot write output: standard output is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly. Exit here, as Typer would turn the
        # error into exit 1.
        _drop_stdout()
        raise typer.Exit(0) from None
    except OSError as exc:
        _drop_stdout()
        raise OutputError(f"cannot write output: {exc.strerror or exc}") from None


def _print(text: str) -> None:
    try:
        _write(text)
    except OutputError as exc:
        raise _fail(str(exc), exc.exit_code) from None


def _width() -> int:
    """The terminal's columns (COLUMNS in a pipe, 100 without it), kept to 20..1000 whatever
    COLUMNS says: garbage falls back, and no value can make a renderer pad lines without end."""
    return min(max(shutil.get_terminal_size((100, 24)).columns, 20), 1000)


def load() -> KnowledgeBase:
    from spinecli.kbcache import load_kb  # kb.load_kb, served from the parsed-KB cache

    return load_kb(State.layers)


def _render(result: object, fmt: Format | None, no_color: bool) -> str:
    from spinecli.render import render

    if sys.stdout is None:
        raise OutputError("cannot write output: standard output is closed")
    tty = sys.stdout.isatty()
    chosen = fmt.value if fmt else ("table" if tty else "plain")
    color = tty and not (no_color or State.no_color or os.environ.get("NO_COLOR"))
    return render(result, chosen, color=color, width=_width())


def _emit(result: object, fmt: Format | None, no_color: bool) -> None:
    """Renders and prints a result; an output error becomes one line and exit 4."""
    try:
        _write(_render(result, fmt, no_color))
    except SpineError as exc:
        raise _fail(str(exc), exc.exit_code) from None


def _run(query: Callable[[KnowledgeBase], object], fmt: Format | None, no_color: bool) -> object:
    """Loads the KB, runs the query, prints its result; errors become one line and an exit code."""
    try:
        result = query(load())
        text = _render(result, fmt, no_color)
        note = getattr(result, "note", "")
        if note:
            _say(note)
        _write(text)
    except SpineError as exc:
        raise _fail(str(exc), exc.exit_code) from None
    return result


ProcedureArg = Annotated[
    str, typer.Argument(help="Id, name or alias, any case.", autocompletion=_completer("procedure"))
]
ConditionArg = Annotated[
    str, typer.Argument(help="Id, name or alias, any case.", autocompletion=_completer("condition"))
]
RegionOpt = Annotated[str, typer.Option(help="cervical, thoracic, lumbar, sacral, peripheral.")]


@app.command("list")
def list_(
    region: RegionOpt = "",
    category: Annotated[str, typer.Option(help="e.g. injection, ablation, neuromodulation.")] = "",
    condition: Annotated[
        str,
        typer.Option(
            help="Only procedures for this condition.", autocompletion=_completer("condition")
        ),
    ] = "",
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """List procedures, optionally filtered by region, category or condition."""
    from spinecli.queries import list_procedures

    _run(lambda kb: list_procedures(kb, region, category, condition), fmt, no_color)


@app.command()
def explain(
    procedure: ProcedureArg,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Everything the knowledge base knows about one procedure."""
    from spinecli.queries import explain as query

    _run(lambda kb: query(kb, procedure), fmt, no_color)


@app.command()
def conditions(
    region: RegionOpt = "",
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """List the conditions the knowledge base covers."""
    from spinecli.queries import list_conditions

    _run(lambda kb: list_conditions(kb, region), fmt, no_color)


@app.command()
def treatments(
    condition: ConditionArg,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Conservative care first, then procedures in their usual order, for one condition."""
    from spinecli.queries import treatments as query

    _run(lambda kb: query(kb, condition), fmt, no_color)


@app.command()
def recovery(
    procedure: ProcedureArg,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """The recovery-expectations checklist for one procedure, phase by phase."""
    from spinecli.queries import recovery as query

    _run(lambda kb: query(kb, procedure), fmt, no_color)


MAX_QUERY_BYTES = 10 * 1024 * 1024  # far beyond any description; keeps a runaway pipe bounded


def _read_query(words: list[str]) -> str:
    """The query from the arguments, or from stdin when the only argument is '-'."""
    from spinecli.errors import UsageError

    if words != ["-"]:
        return " ".join(words)
    stream = getattr(sys.stdin, "buffer", None)
    raw = stream.read(MAX_QUERY_BYTES + 1) if stream is not None else sys.stdin.read().encode()
    if len(raw) > MAX_QUERY_BYTES:
        raise UsageError(f"the query on stdin is over {MAX_QUERY_BYTES // (1024 * 1024)} MB")
    return raw.decode("utf-8", errors="replace")


@app.command()
def match(
    query: Annotated[
        list[str],
        typer.Argument(help="Symptoms in your own words (quote them), or '-' to read stdin."),
    ],
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Red flags first, then the conditions that fit a description of symptoms, then procedures."""
    from spinecli.match import match as query_

    _run(lambda kb: query_(kb, _read_query(query)), fmt, no_color)


@app.command()
def symptoms(fmt: FormatOpt = None, no_color: NoColorOpt = False) -> None:
    """What `match` recognises: each symptom with the phrases it accepts, and the red flags."""
    from spinecli.match import list_symptoms

    _run(list_symptoms, fmt, no_color)


@app.command()
def compare(
    procedures: Annotated[
        list[str],
        typer.Argument(
            help="Two or more procedures: id, name or alias, any case.",
            show_default=False,
            autocompletion=_completer("procedure"),
        ),
    ],
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Procedures side by side: purpose, conditions, imaging, relief, risks, recovery."""
    from spinecli.compare import compare as query

    _run(lambda kb: query(kb, procedures), fmt, no_color)


@app.command()
def search(
    query: Annotated[
        list[str],
        typer.Argument(
            help="Words to look for: names, abbreviations, lay terms, symptoms, any text. "
            "Typos are forgiven.",
            show_default=False,
        ),
    ],
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many hits.")] = 10,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """One ranked list across procedures, conditions, symptoms and red flags, with where each
    matched."""
    from spinecli.search import search as query_kb

    _run(lambda kb: query_kb(kb, " ".join(query), limit), fmt, no_color)


@app.command()
def quiz(
    count: Annotated[int, typer.Option(min=1, help="How many questions (at most 50).")] = 10,
    seed: Annotated[
        int | None,
        typer.Option(help="The same seed gives the same quiz. Default: a new quiz each time."),
    ] = None,
    topic: Annotated[
        str,
        typer.Option(
            help="Only questions about one procedure, condition or category "
            "(category:NAME where a procedure has the same name).",
            autocompletion=_completer("procedure", "condition", "category"),
        ),
    ] = "",
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--worksheet",
            help="Ask question by question, or print a worksheet with an answer key. "
            "Default: ask when stdin and stdout are terminals and --format is not json or md.",
        ),
    ] = None,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Multiple-choice questions from the knowledge base, with a score or an answer key."""
    import secrets

    from spinecli.quiz import make_quiz

    if seed is None:
        seed = secrets.randbelow(1_000_000)
    sheet_format = fmt in (Format.json, Format.md)
    if interactive and sheet_format:
        raise _fail("--format json and md print a worksheet; leave out --interactive", EXIT_USAGE)
    if interactive is None:
        interactive = sys.stdin.isatty() and sys.stdout.isatty() and not sheet_format
    if not interactive:
        _run(lambda kb: make_quiz(kb, count, seed, topic), fmt, no_color)
        return
    try:
        result = make_quiz(load(), count, seed, topic)
    except SpineError as exc:
        raise _fail(str(exc), exc.exit_code) from None
    if result.note:
        _say(result.note)
    from spinecli.sessions import quiz_session

    raise typer.Exit(_session_ended(quiz_session(result, _color(no_color))))


def _session_ended(code: int) -> int:
    """A session's exit status, reporting a Ctrl-C (after the session's summary) once."""
    if code == EXIT_INTERRUPTED:
        _interrupted()
    return code


def _color(no_color: bool) -> bool:
    return sys.stdout.isatty() and not (no_color or State.no_color or os.environ.get("NO_COLOR"))


def _interactive(wanted: bool | None, fmt: Format | None) -> bool:
    """Ask on a terminal: when --interactive says so, or by default when stdin and stdout are
    terminals and the format is not json or md (those print a result for scripts)."""
    printed = fmt in (Format.json, Format.md)
    if wanted and printed:
        raise _fail("--format json and md print a result; leave out --interactive", EXIT_USAGE)
    if wanted is None:
        return sys.stdin.isatty() and sys.stdout.isatty() and not printed
    return wanted


def _read_answers(source: str | None) -> list[tuple[str, str]]:
    """Answers from --answers-json: a file, or stdin for '-'."""
    from spinecli.errors import UsageError
    from spinecli.triage import parse_answers_json

    if source is None:
        return []
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--answers-json: cannot read {source}: {exc}") from None
    return parse_answers_json(text)


@app.command()
def triage(
    text: Annotated[
        list[str] | None,
        typer.Argument(
            help="What is wrong, in your own words (optional; quote it).", show_default=False
        ),
    ] = None,
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            help="An answer given up front, ID=yes|no|unknown (repeatable; ids: spinecli "
            "symptoms).",
            metavar="ID=ANSWER",
        ),
    ] = None,
    answers_json: Annotated[
        str | None,
        typer.Option(
            help='Answers as JSON from a file, or - for stdin: {"ID": "yes", ...} or the '
            '"questions" list a JSON run prints.',
            metavar="PATH",
        ),
    ] = None,
    max_questions: Annotated[
        int,
        typer.Option(min=0, help="At most this many symptom questions (red flags always come)."),
    ] = 15,  # triage.DEFAULT_MAX_QUESTIONS (tests check they agree)
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Ask question by question, or print the next question and the result so far. "
            "Default: ask when stdin and stdout are terminals and --format is not json or md.",
        ),
    ] = None,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Follow-up questions that narrow a match, red flags first; then the result as match shows
    it."""
    from spinecli import triage as core

    def session(kb: KnowledgeBase) -> core.State:
        given = [*_read_answers(answers_json), *map(core.parse_answer_option, answer or [])]
        return core.start(kb, " ".join(text or []), given, max_questions)

    if answers_json == "-" and interactive:
        raise _fail("--answers-json - reads stdin; leave out --interactive", EXIT_USAGE)
    asking = answers_json != "-" and _interactive(interactive, fmt)
    code = 0
    try:
        kb = load()
        state = session(kb)
        outcome = core.run(kb, state)
        if outcome.note:
            _say(outcome.note)
        if asking:
            from spinecli.sessions import triage_session

            state, code = triage_session(kb, state, _color(no_color))
            code = _session_ended(code)
            outcome = core.run(kb, state)
    except SpineError as exc:
        raise _fail(str(exc), exc.exit_code) from None
    # On a terminal the questions are already on screen: the result is match's page.
    _emit(outcome.result if asking else outcome, fmt, no_color)
    if code == 0 and outcome.ended and not outcome.found:
        raise _fail(
            "nothing points to a condition; triage asks about what spinecli symptoms lists",
            EXIT_NOT_FOUND,
        )
    raise typer.Exit(code)


@app.command()
def codes(
    query: Annotated[
        str,
        typer.Argument(
            help="A code or its start (M51, 6232), a procedure or condition, or description words."
        ),
    ] = "",
    system: Annotated[str, typer.Option(help="Only one code system: icd-10-cm or cpt.")] = "",
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Check ICD-10-CM codes against the official code set "
            "(needs: pip install 'spinecli[codes]'); exit 3 on a problem.",
        ),
    ] = False,
    fmt: FormatOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Diagnosis (ICD-10-CM) and procedure (CPT) codes across the knowledge base."""
    from spinecli.codes import CodeList, codes_report

    result = _run(lambda kb: codes_report(kb, query, system, check), fmt, no_color)
    if isinstance(result, CodeList) and result.check is not None and not result.check.ok:
        problems = len(result.check.problems)
        raise _fail(f"{problems} code problem(s) found; see the check above", KBError.exit_code)


@app.command()
def validate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="KB files to check as layers over the shipped KB.", metavar="[PATH]..."
        ),
    ] = None,
    fmt: FormatOpt = None,
) -> None:
    """Check KB files: every problem with file, line, key path and what to do."""
    from spinecli.kb import layer_paths, load_layers
    from spinecli.render.jsonout import dumps

    files = layer_paths([*State.layers, *(paths or [])])
    try:
        load_layers(files)
        problems = []
    except KBError as exc:
        problems = exc.problems
    if fmt == Format.json:
        rows = [
            {"file": p.file, "line": p.line, "path": p.path, "message": p.message} for p in problems
        ]
        _print(dumps({"ok": not problems, "files": [str(f) for f in files], "problems": rows}))
    elif not problems:
        _print(f"ok: {len(files)} file(s) valid\n")
    if problems:
        if fmt != Format.json:
            _say(str(KBError(problems)))
        raise typer.Exit(KBError.exit_code)


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


def _clinic_opt(what: str) -> Any:
    return typer.Option(help=what, rich_help_panel="Clinic (overrides the config file)")


@app.command()
def handout(
    procedures: Annotated[
        list[str] | None,
        typer.Argument(help="Ids, names or aliases, any case.", metavar="[PROCEDURE]..."),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every procedure in the KB.")] = False,
    fmt: Annotated[
        HandoutFormat,
        typer.Option("--format", "-f", help="md, html, pdf (needs Chromium), plain or json."),
    ] = HandoutFormat.md,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="FILE for one file, or DIR/ (existing or ending in /) for one file per "
            "procedure named ID.EXT. Without it: stdout (not for pdf).",
            metavar="PATH",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    paper: Annotated[
        Paper | None,
        typer.Option(help="Page size for print: letter or a4 (pdf default: letter)."),
    ] = None,
    sources: Annotated[
        SourcesShown,
        typer.Option(help="brief: where the information comes from; full: add the numbered list."),
    ] = SourcesShown.brief,
    config: Annotated[
        Path | None,
        typer.Option(
            help="Clinic config (default: $XDG_CONFIG_HOME/spinecli/config.toml if present).",
            metavar="PATH",
        ),
    ] = None,
    clinic_name: Annotated[str | None, _clinic_opt("Clinic name.")] = None,
    clinic_phone: Annotated[
        str | None, _clinic_opt("Phone, shown under 'call the clinic'.")
    ] = None,
    clinic_after_hours: Annotated[str | None, _clinic_opt("After-hours phone.")] = None,
    clinic_address: Annotated[str | None, _clinic_opt("Address.")] = None,
) -> None:
    """Patient handouts in plain language: Markdown, HTML or PDF, with your clinic's details."""
    from spinecli.clinic import load_clinic
    from spinecli.export import ExportStopped, export
    from spinecli.handout import handouts
    from spinecli.progress import on_terminal

    try:
        clinic = load_clinic(
            config,
            name=clinic_name,
            phone=clinic_phone,
            after_hours_phone=clinic_after_hours,
            address=clinic_address,
        )
        result = handouts(load(), procedures or [], every, clinic, sources.value)
        with on_terminal("Writing handouts") as progress:
            done = export(
                result,
                fmt.value,
                output,
                force=force,
                paper=paper.value if paper else "",
                progress=progress,
            )
    except ExportStopped as exc:  # what was written before the error stays, and is listed
        _print("".join(f"{p}\n" for p in exc.written))
        raise _fail(str(exc), exc.exit_code) from None
    except SpineError as exc:
        raise _fail(str(exc), exc.exit_code) from None
    if result.note:
        _say(result.note)
    _print(done.text or "".join(f"{p}\n" for p in done.paths))


def _name(command: typer.models.CommandInfo) -> str | None:
    if command.name:
        return command.name
    return typer.main.get_command_name(command.callback.__name__) if command.callback else None


def command_named(args: list[str]) -> str | None:
    """The command args name, after the global options; None for none or for the group's help."""
    rest = iter(args)
    for arg in rest:
        if arg in ("-h", "--help"):
            return None
        if arg == "--kb":
            next(rest, None)
        elif not arg.startswith("-"):
            return arg
    return None


def _words() -> list[str]:
    """The arguments as Click will see them, shell completion included (bash's COMP_WORDS)."""
    if not os.environ.get("_SPINECLI_COMPLETE"):
        return sys.argv[1:]
    cword = os.environ.get("COMP_CWORD", "")
    return os.environ.get("COMP_WORDS", "").split()[1 : int(cword)] if cword.isdigit() else []


def _build_only_the_named_command() -> list[typer.models.CommandInfo]:
    """Registers only the command the arguments name; returns every command, to put back.

    Typer builds a Click command for every registered command on every run (1.3 ms of the 1.8 ms
    it takes to build ours); one command is all a run needs. Help, errors and anything not
    recognised here get the whole app.
    """
    everything = app.registered_commands
    name = command_named(_words())
    chosen = [c for c in everything if _name(c) == name]
    if len(chosen) == 1:
        app.registered_commands = chosen
    return everything


def main() -> None:
    """Runs the app; maps interrupts, closed pipes, output and usage errors to exit codes."""
    import click

    if sys.stdout is None:
        _say("cannot write output: standard output is closed")
        sys.exit(EXIT_OUTPUT)
    State.interrupted = False
    everything = _build_only_the_named_command()
    try:
        code = _invoke()
        if sys.stdout is not None:
            sys.stdout.flush()  # surface an output error now, not in Python's exit handler
    except (click.exceptions.Abort, KeyboardInterrupt):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C cannot cut this short
        _drop_stdout()  # nothing more after Ctrl-C, and no blocking on a pipe nobody reads
        _interrupted()
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly.
        _drop_stdout()
        code = 0
    except OSError as exc:
        # Reading turns every OSError into a KB error and our own writes into an OutputError;
        # what is left is Click writing help or usage to an unwritable stdout.
        _drop_stdout()
        _say(f"cannot write output: {exc.strerror or exc}")
        code = EXIT_OUTPUT
    app.registered_commands = everything
    sys.exit(code)


def _stdout_file() -> tuple[int, int] | None:
    """Which file stdout is (device, inode), or None when it has no file descriptor."""
    try:
        info = os.fstat(sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def _devnull_file() -> tuple[int, int]:
    info = os.stat(os.devnull)
    return info.st_dev, info.st_ino


GLOBAL_OPTIONS = ("--kb", "--version")


def _invoke() -> int:
    """The app's exit code, with the ways Click and Typer end a run made plain."""
    import click

    before = _stdout_file()
    try:
        code = app(standalone_mode=False)
    except click.ClickException as exc:
        # Click's usage errors echo what was typed: through _stderr, like every message.
        shown = io.StringIO()
        exc.show(file=shown)
        if isinstance(exc, click.NoSuchOption) and exc.option_name in GLOBAL_OPTIONS:
            shown.write(
                f"Hint: {exc.option_name} is a global option: it goes before the command, "
                f"as in: spinecli {exc.option_name} ... COMMAND\n"
            )
        _stderr(shown.getvalue())
        return exc.exit_code if exc.exit_code else EXIT_USAGE
    except SystemExit as exc:
        # Rich meets a reader that left (while writing --help) by pointing stdout at
        # /dev/null and exiting 1; that is no failure either.
        if exc.code == 1 and before != _devnull_file() == _stdout_file():
            raise BrokenPipeError from None
        raise
    if code == EXIT_INTERRUPTED:
        raise KeyboardInterrupt  # Typer turns Ctrl-C inside a command into a silent exit 130
    return code if isinstance(code, int) else 0
