"""Hints for the usage mistakes people make, added under Click's own message (issue 15): a
name typed as the command (`spinecli esi`, as tldr users type it), an option on the wrong side
of the command, `--json` for `--format json`. Imported only when a usage error is shown."""

from typing import Any

import typer

FORMAT_WORDS = ("json", "md", "markdown", "plain", "table")
GLOBAL_ONLY = ("--kb", "--version")


def hint(exc: Any, app: typer.Typer) -> tuple[Any, str]:
    """The error to show and a hint line for it ("" for none). The error shown may be a copy
    without Click's "Did you mean", when the hint says better. (Typer bundles its own Click:
    its errors are known by their class names.)"""
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        text = _option(exc, app)
        if text and exc.possibilities:  # Click offers the nearest spelling: --json, --section?
            exc = type(exc)(exc.option_name, ctx=exc.ctx)
        return exc, text
    if kind == "UsageError" and str(getattr(exc, "message", "")).startswith("No such command"):
        return exc, _command(exc)
    return exc, ""


def _option(exc: Any, app: typer.Typer) -> str:
    name = exc.option_name
    if name.lstrip("-") in FORMAT_WORDS:
        word = "md" if name.lstrip("-") == "markdown" else name.lstrip("-")
        return f"Hint: the format is an option of its own: --format {word} (-f {word})\n"
    if name in GLOBAL_ONLY:
        return (
            f"Hint: {name} is a global option: it goes before the command, "
            f"as in: spinecli {name} ... COMMAND\n"
        )
    ctx = exc.ctx
    if ctx is not None and ctx.parent is None:  # unknown to the app itself: maybe a command's
        group = typer.main.get_command(app)
        owners = [
            cmd_name
            for cmd_name, cmd in getattr(group, "commands", {}).items()
            if any(name in (*p.opts, *p.secondary_opts) for p in cmd.params)
        ]
        if owners:
            example = owners[0] if len(owners) == 1 else "COMMAND"
            return (
                f"Hint: {name} is an option of the command: it goes after it, "
                f"as in: spinecli {example} ... {name}\n"
            )
    return ""


def _command(exc: Any) -> str:
    """`spinecli esi`: the word is a procedure or condition, so say which command opens it."""
    import re

    found = re.match(r"No such command '(.*)'", exc.message)
    word = found.group(1) if found else ""
    if not word:
        return ""
    from spinecli.cli.output import load
    from spinecli.errors import SpineError
    from spinecli.resolve import resolve

    try:
        kb = load()
    except SpineError:
        return ""
    for table, command in ((kb.procedures, "explain"), (kb.conditions, "treatments")):
        try:
            entry, _ = resolve(word, table, "entry")
        except SpineError:
            continue
        return f"Hint: {entry.name} is in the knowledge base: spinecli {command} {word}\n"
    return ""
