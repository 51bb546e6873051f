"""The man page, spinecli(1), generated from the commands' own help so it cannot drift.

`python -m spinecli.manpage > man/spinecli.1` writes it; the wheel ships that file
(share/man/man1), and tests/test_manpage.py checks it equals what this module makes now.
Never imported by a command.
"""

from __future__ import annotations

import sys
from typing import Any

import typer.main

from spinecli import __version__
from spinecli.cli import app

ENVIRONMENT = (
    ("SPINECLI_KB", "KB layers applied before --kb, separated by the path separator (:)."),
    ("SPINECLI_PAGER", "The pager for output taller than the terminal; empty turns paging off."),
    ("PAGER", "The pager when SPINECLI_PAGER is not set; without either, less -FRX."),
    ("NO_COLOR", "Any value: no colour (--color always still gives it)."),
    ("FORCE_COLOR, CLICOLOR_FORCE", "Colour even when stdout is not a terminal."),
    ("TERM", "dumb: never any colour codes."),
    ("SPINECLI_CACHE_DIR", "Where the parsed-KB cache lives (default ~/.cache/spinecli)."),
    ("SPINECLI_NO_CACHE", "1: no cache; every run reads the TOML."),
    ("SPINECLI_CHROMIUM", "The Chromium or Chrome program for handout --format pdf."),
    ("XDG_CONFIG_HOME", "Where the clinic config is found (spinecli/config.toml)."),
)
EXIT_STATUS = (
    ("0", "success"),
    ("1", "nothing found: unknown procedure or condition (the message suggests names), no match"),
    ("2", "usage error: unknown option or format, bad value, missing argument"),
    ("3", "knowledge-base error: unreadable, invalid TOML, failing validation"),
    ("4", "output error: the file exists without --force, cannot write, PDF without Chromium"),
    ("130", "interrupted (Ctrl-C)"),
)


def roff(text: str) -> str:
    """Text safe in a man page: backslashes and hyphens escaped, no line starting a request.
    Help text is Rich markup: its escaped brackets (`spinecli\\[codes]`) are plain ones here."""
    text = text.replace("\\[", "[").replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + line if line[:1] in (".", "'") else line for line in text.split("\n"))


def _paragraphs(help_text: str) -> list[str]:
    """Help text as man paragraphs; Click's \\b blocks (examples) stay as written."""
    out = []
    for block in help_text.strip().split("\n\n"):
        if block.startswith("\b\n"):
            out.append(".nf\n" + roff(block[2:]) + "\n.fi")
        else:
            out.append(roff(" ".join(block.split())))
    return out


def _options(command: Any, ctx: Any) -> list[str]:
    lines = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False) or param.name in ("help",):
            continue
        if param.param_type_name == "option":
            names = ", ".join(f"\\fB{roff(o)}\\fR" for o in (*param.opts, *param.secondary_opts))
            metavar = "" if param.is_flag else f" \\fI{roff(param.make_metavar(ctx))}\\fR"
            lines += [".TP", names + metavar, roff(" ".join((param.help or "").split()))]
    return lines


def _usage(command: Any, ctx: Any) -> str:
    return " ".join(roff(part) for part in command.collect_usage_pieces(ctx))


def page() -> str:
    # Typer bundles its own Click: its objects are used through their own classes.
    group: Any = typer.main.get_command(app)
    root = group.context_class(group, info_name="spinecli")
    out = [
        f'.TH SPINECLI 1 "" "spinecli {__version__}" "User Commands"',
        ".SH NAME",
        "spinecli \\- terminal reference for interventional spine and pain procedures",
        ".SH SYNOPSIS",
        ".B spinecli",
        "[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGS\\fR]...",
        ".SH DESCRIPTION",
        *_paragraphs(group.help or ""),
        ".PP",
        roff(
            "Every command that prints results takes --format table|plain|json|md after the "
            "command. On a terminal, output taller than the screen goes through a pager."
        ),
        ".SH GLOBAL OPTIONS",
        *_options(group, root),
        ".SH COMMANDS",
    ]
    for name in group.list_commands(root):
        command = group.commands[name]
        ctx = command.context_class(command, info_name=name, parent=root)
        out += [f'.SS "spinecli {roff(name)} {_usage(command, ctx)}"']
        for paragraph in _paragraphs(command.help or ""):
            out += [paragraph, ".PP"]
        out += _options(command, ctx)
        if command.epilog:
            out += [".PP", ".nf", roff(command.epilog), ".fi"]
    out.append(".SH EXIT STATUS")
    for code, meaning in EXIT_STATUS:
        out += [".TP", f"\\fB{code}\\fR", roff(meaning)]
    out.append(".SH ENVIRONMENT")
    for name, meaning in ENVIRONMENT:
        out += [".TP", f"\\fB{roff(name)}\\fR", roff(meaning)]
    out += [
        ".SH NOTES",
        roff("spinecli informs; it never replaces a clinician."),
        ".SH SEE ALSO",
        roff("The README and the docs/ pages of the source distribution."),
    ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(page())
