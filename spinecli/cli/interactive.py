"""`quiz` and `triage`: commands that ask question by question when stdin and stdout are
terminals, and otherwise print a worksheet or the result so far for scripts."""

# No `from __future__ import annotations`: Typer evaluates every string annotation of every
# command on every run (docs/speed.md).
import sys
from pathlib import Path
from typing import Annotated

import typer

from spinecli.cli.options import Format, State, completer, output_options
from spinecli.cli.output import emit, fail, interrupted, load, run, say, wants_color
from spinecli.errors import EXIT_INTERRUPTED, EXIT_NOT_FOUND, EXIT_USAGE, SpineError
from spinecli.model import KnowledgeBase


@output_options()
def quiz(
    # No min= here: the core says "--count should be from 1 to 50" for any value out of range.
    count: Annotated[int, typer.Option(help="How many questions, from 1 to 50.")] = 10,
    seed: Annotated[
        int | None,
        typer.Option(help="The same seed gives the same quiz. Default: a new quiz each time."),
    ] = None,
    topic: Annotated[
        str,
        typer.Option(
            help="Only questions about one procedure, condition or category "
            "(category:NAME where a procedure has the same name).",
            autocompletion=completer("procedure", "condition", "category"),
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
) -> None:
    """Multiple-choice questions from the knowledge base, with a score or an answer key."""
    import secrets

    from spinecli.quiz import make_quiz

    if seed is None:
        seed = secrets.randbelow(1_000_000)
    sheet_format = State.fmt in (Format.json, Format.md)
    if interactive and sheet_format:
        raise fail("--format json and md print a worksheet; leave out --interactive", EXIT_USAGE)
    if interactive is None:
        interactive = _terminals() and not sheet_format
    if not interactive:
        run(lambda kb: make_quiz(kb, count, seed, topic))
        return
    try:
        result = make_quiz(load(), count, seed, topic)
    except SpineError as exc:
        raise fail(str(exc), exc.exit_code) from None
    if result.note:
        say(result.note)
    from spinecli.sessions import quiz_session

    raise typer.Exit(_session_ended(quiz_session(result, wants_color())))


def _terminals() -> bool:
    """stdin and stdout are both terminals (a closed one is None: not a terminal)."""
    return bool(sys.stdin and sys.stdin.isatty() and sys.stdout and sys.stdout.isatty())


def _session_ended(code: int) -> int:
    """A session's exit status, reporting a Ctrl-C (after the session's summary) once."""
    if code == EXIT_INTERRUPTED:
        interrupted()
    return code


def _interactive(wanted: bool | None, fmt: Format | None) -> bool:
    """Ask on a terminal: when --interactive says so, or by default when stdin and stdout are
    terminals and the format is not json or md (those print a result for scripts)."""
    printed = fmt in (Format.json, Format.md)
    if wanted and printed:
        raise fail("--format json and md print a result; leave out --interactive", EXIT_USAGE)
    if wanted is None:
        return _terminals() and not printed
    return wanted


MAX_ANSWERS_BYTES = 1024 * 1024  # thousands of times any real set of answers


def _read_answers(source: str | None) -> list[tuple[str, str]]:
    """Answers from --answers-json: a file, or stdin for '-'."""
    from spinecli.cli.stdin import read_bounded
    from spinecli.errors import UsageError
    from spinecli.files import RefusedFile, read_bytes
    from spinecli.triage import parse_answers_json

    if source is None:
        return []
    if source == "-" and sys.stdin is None:
        raise UsageError("--answers-json -: standard input is closed")
    try:
        if source == "-":  # bounded, so an endless stream stops at the limit
            raw = read_bounded(MAX_ANSWERS_BYTES)
            if len(raw) > MAX_ANSWERS_BYTES:
                raise RefusedFile("is larger than 1 MB; refusing to read it")
        else:  # the guarded reader KB layers use: bounded, no devices, silent pipes time out
            raw = read_bytes(Path(source), MAX_ANSWERS_BYTES)
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = str(exc) if isinstance(exc, RefusedFile) else getattr(exc, "strerror", "") or exc
        raise UsageError(f"--answers-json: cannot read {source}: {reason}") from None
    return parse_answers_json(text)


@output_options()
def triage(
    text: Annotated[
        list[str] | None,
        typer.Argument(
            help="What is wrong, in your own words (optional; quote it), or '-' to read stdin. "
            "None given: stdin when it is a pipe or a file (unless --answers-json - reads it).",
            metavar="[TEXT]...",
            show_default=False,
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
) -> None:
    """Follow-up questions to narrow a match, red flags first; then the result as match shows it."""
    from spinecli import triage as core
    from spinecli.cli.stdin import description, piped

    words = text or []
    if answers_json == "-" and words == ["-"]:
        raise fail("'-' and --answers-json - both read stdin; give one of them", EXIT_USAGE)
    # With no text, a pipe holds it, unless stdin carries the answers (a session's or JSON).
    if not words and piped() and answers_json != "-" and not interactive:
        words = ["-"]

    def session(kb: KnowledgeBase) -> core.State:
        given = [*_read_answers(answers_json), *map(core.parse_answer_option, answer or [])]
        return core.start(kb, description(words), given, max_questions)

    if answers_json == "-" and interactive:
        raise fail("--answers-json - reads stdin; leave out --interactive", EXIT_USAGE)
    asking = answers_json != "-" and _interactive(interactive, State.fmt)
    code = 0
    try:
        kb = load()
        state = session(kb)
        outcome = core.run(kb, state)
        if outcome.note:
            say(outcome.note)
        if asking:
            from spinecli.sessions import triage_session

            state, code = triage_session(kb, state, wants_color())
            code = _session_ended(code)
            outcome = core.run(kb, state)
    except SpineError as exc:
        raise fail(str(exc), exc.exit_code) from None
    # On a terminal the questions are already on screen: the result is match's page.
    emit(outcome.result if asking else outcome, page=not asking)
    if code == 0 and outcome.ended and not outcome.found:
        raise fail(
            "nothing points to a condition; triage asks about what spinecli symptoms lists",
            EXIT_NOT_FOUND,
        )
    raise typer.Exit(code)
