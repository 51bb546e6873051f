"""The command bodies: each loads the KB, runs one query and prints it through `output.run`.

Registered in `application.COMMANDS`; their docstrings are the commands' help.
"""

# No `from __future__ import annotations`: Typer evaluates every string annotation of every
# command on every run (docs/speed.md).
import sys
from pathlib import Path
from typing import Annotated

import typer

from spinecli.cli.options import (
    BriefOpt,
    ConditionArg,
    ExplainSectionOpt,
    Format,
    HandoutFormat,
    Paper,
    ProcedureArg,
    RegionOpt,
    SourcesShown,
    State,
    TreatmentsSectionOpt,
    clinic_opt,
    completer,
    output_options,
)
from spinecli.cli.output import (
    echo,
    fail,
    fit_json,
    load,
    page_or_print,
    run,
    say,
    wants_color,
    width,
)
from spinecli.errors import EXIT_USAGE, KBError, SpineError


def picked(typed: list[str] | None, page: str) -> tuple[str, ...]:
    """The parts --section names, in page order (sections.choose); a forgiven typo is noted."""
    if not typed:
        return ()
    from spinecli.sections import PAGES, choose

    chosen, note = choose(typed, PAGES[page][0])
    if note:
        say(note)
    return chosen


@output_options()
def list_(
    region: RegionOpt = "",
    category: Annotated[str, typer.Option(help="e.g. injection, ablation, neuromodulation.")] = "",
    condition: Annotated[
        str,
        typer.Option(
            help="Only procedures for this condition.", autocompletion=completer("condition")
        ),
    ] = "",
) -> None:
    """List procedures, optionally filtered by region, category or condition."""
    from spinecli.queries import list_procedures

    run(lambda kb: list_procedures(kb, region, category, condition))


@output_options()
def explain(
    procedure: ProcedureArg,
    brief: BriefOpt = False,
    section: ExplainSectionOpt = None,
) -> None:
    """Everything the knowledge base knows about one procedure."""
    from spinecli.queries import explain as query

    run(lambda kb: query(kb, procedure, picked(section, "explain"), brief))


@output_options()
def conditions(region: RegionOpt = "") -> None:
    """List the conditions the knowledge base covers."""
    from spinecli.queries import list_conditions

    run(lambda kb: list_conditions(kb, region))


@output_options()
def treatments(
    condition: ConditionArg,
    brief: BriefOpt = False,
    section: TreatmentsSectionOpt = None,
) -> None:
    """Conservative care first, then procedures in their usual order, for one condition."""
    from spinecli.queries import treatments as query

    run(lambda kb: query(kb, condition, picked(section, "treatments"), brief))


@output_options()
def recovery(procedure: ProcedureArg) -> None:
    """The recovery-expectations checklist for one procedure, phase by phase."""
    from spinecli.queries import recovery as query

    run(lambda kb: query(kb, procedure))


@output_options()
def match(
    ctx: typer.Context,
    query: Annotated[
        list[str] | None,
        typer.Argument(
            help="Symptoms in your own words (quote them), or '-' to read stdin. None given: "
            "stdin when it is a pipe or a file.",
            metavar="QUERY...",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Red flags first, then the conditions that fit a description of symptoms, then procedures."""
    from spinecli.cli.stdin import description, piped
    from spinecli.match import match as query_

    if not query and not piped():  # nothing to read: the usage error a missing argument gets
        ctx.fail("Missing argument 'QUERY...'.")
    run(lambda kb: query_(kb, description(query or ["-"])))


@output_options()
def symptoms() -> None:
    """What `match` recognises: each symptom with the phrases it accepts, and the red flags."""
    from spinecli.match import list_symptoms

    run(list_symptoms)


@output_options()
def compare(
    procedures: Annotated[
        list[str],
        typer.Argument(
            help="Two or more procedures: id, name or alias, any case.",
            metavar="PROCEDURES...",
            show_default=False,
            autocompletion=completer("procedure"),
        ),
    ],
) -> None:
    """Procedures side by side: purpose, conditions, imaging, relief, risks, recovery."""
    from spinecli.compare import compare as query

    run(lambda kb: query(kb, procedures))


@output_options()
def search(
    query: Annotated[
        list[str],
        typer.Argument(
            help="Words to look for: names, abbreviations, lay terms, symptoms, any text. "
            "Typos are forgiven.",
            metavar="QUERY...",
            show_default=False,
        ),
    ],
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many hits.")] = 10,
) -> None:
    """One ranked list of procedures, conditions, symptoms and red flags, and where each matched."""
    from spinecli.search import search as query_kb

    run(lambda kb: query_kb(kb, " ".join(query), limit))


@output_options()
def codes(
    query: Annotated[
        str,
        typer.Argument(
            help="A code or its start (M51, 6232), a procedure or condition, or description words.",
            metavar="[QUERY]",
        ),
    ] = "",
    system: Annotated[str, typer.Option(help="Only one code system: icd-10-cm or cpt.")] = "",
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Check ICD-10-CM codes against the official code set "
            "(needs: pip install 'spinecli\\[codes]'); exit 3 on a problem.",
        ),
    ] = False,
) -> None:
    """Diagnosis (ICD-10-CM) and procedure (CPT) codes across the knowledge base."""
    from spinecli.codes import CodeList, codes_report

    result = run(lambda kb: codes_report(kb, query, system, check))
    if isinstance(result, CodeList) and result.check is not None and not result.check.ok:
        problems = len(result.check.problems)
        raise fail(f"{problems} code problem(s) found; see the check above", KBError.exit_code)


@output_options("format", "no_color", "color")
def validate(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="KB files to check as layers over the shipped KB.", metavar="[PATH]..."
        ),
    ] = None,
) -> None:
    """Check KB files: every problem with file, line, key path and what to do."""
    from spinecli.kb import layer_paths, load_layers
    from spinecli.render.jsonout import dumps

    if "" in (paths or []):  # Path("") would be the current folder
        raise fail("validate: empty path; give a KB file (TOML)", EXIT_USAGE)
    files = layer_paths([*State.layers, *(paths or [])])
    try:
        load_layers(files)
        problems = []
    except KBError as exc:
        problems = exc.problems
    if State.fmt == Format.json:
        rows = [
            {"file": p.file, "line": p.line, "path": p.path, "message": p.message} for p in problems
        ]
        report = {"ok": not problems, "files": [str(f) for f in files], "problems": rows}
        echo(fit_json(dumps(report)))
    elif not problems:
        echo(f"ok: {len(files)} file(s) valid\n")
    if problems:
        if State.fmt != Format.json:
            say(str(KBError(problems)))
        raise typer.Exit(KBError.exit_code)


@output_options("no_color", "color")
def handout(
    procedures: Annotated[
        list[str] | None,
        typer.Argument(help="Ids, names or aliases, any case.", metavar="[PROCEDURE]..."),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Every procedure in the KB.")] = False,
    fmt: Annotated[
        HandoutFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="md, html, pdf (needs Chromium), plain or json. Default: md, shown as a page "
            "(through the pager) when stdout is a terminal and there is no -o.",
            metavar="FORMAT",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="FILE for one file, DIR/ (existing or ending in /) for one file per "
            "procedure named ID.EXT, or - for stdout (pdf too, into a pipe). Without it: stdout "
            "(not for pdf).",
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
    clinic_name: Annotated[str | None, clinic_opt("Clinic name.")] = None,
    clinic_phone: Annotated[str | None, clinic_opt("Phone, shown under 'call the clinic'.")] = None,
    clinic_after_hours: Annotated[str | None, clinic_opt("After-hours phone.")] = None,
    clinic_address: Annotated[str | None, clinic_opt("Address.")] = None,
) -> None:
    """Patient handouts in plain language: Markdown, HTML or PDF, with your clinic's details."""
    from spinecli.clinic import load_clinic
    from spinecli.export import ExportStopped, export
    from spinecli.handout import handouts
    from spinecli.progress import on_terminal

    on_screen = sys.stdout is not None and sys.stdout.isatty()
    shown = fmt is None and output is None and on_screen  # read, as explain's page is
    fmt = fmt or HandoutFormat.md
    if output == "-" and fmt == HandoutFormat.pdf and on_screen:  # before Chromium starts
        message = "-o - would print PDF bytes on the terminal: pipe it, or add -o FILE.pdf"
        raise fail(message, EXIT_USAGE)
    try:
        clinic = load_clinic(
            config,
            name=clinic_name,
            phone=clinic_phone,
            after_hours_phone=clinic_after_hours,
            address=clinic_address,
        )
        result = handouts(load(), procedures or [], every, clinic, sources.value)
        if shown:
            if result.note:
                say(result.note)
            from spinecli.render import render_many

            colored = wants_color()  # links with colour, as explain's page on a terminal
            pages = render_many(
                result.handouts, "table", color=colored, width=width(), links=colored
            )
            page_or_print(pages)
            return
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
        echo("".join(f"{p}\n" for p in exc.written))
        raise fail(str(exc), exc.exit_code) from None
    except SpineError as exc:
        raise fail(str(exc), exc.exit_code) from None
    if result.note:
        say(result.note)
    if done.data:
        echo(done.data)
        return
    text = fit_json(done.text) if fmt == HandoutFormat.json else done.text
    echo(text or "".join(f"{p}\n" for p in done.paths))
