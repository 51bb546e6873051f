"""Examples for each command's --help (as gh and httpie show them), and where the JSON keys are.

Each example is a command line, or an `echo '...' |` pipeline into one, that a test runs
(tests/test_help.py): it must work on the shipped knowledge base. The text is Rich markup in
--help, so nothing here may hold a `[`.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "list": (
        ("spinecli list --region lumbar", "procedures for the lower back"),
        ("spinecli list --condition sciatica", "what treats one condition"),
        ("spinecli list -f json", "for scripts"),
    ),
    "explain": (
        ("spinecli explain esi", "the whole page (aliases and names work)"),
        ("spinecli explain esi --brief", "the clinician's card"),
        ("spinecli explain rfa -s risks -s contraindications", "only those parts"),
    ),
    "conditions": (
        ("spinecli conditions", "every condition"),
        ("spinecli conditions --region cervical", "the neck only"),
    ),
    "treatments": (
        ("spinecli treatments sciatica", "conservative care, then procedures"),
        ("spinecli treatments 'low back pain' --brief", "on one screen"),
    ),
    "recovery": (
        ("spinecli recovery kyphoplasty", "the checklist, phase by phase"),
        ("spinecli recovery esi -f md", "as Markdown"),
    ),
    "match": (
        ("spinecli match 'burning leg pain worse sitting'", "ranked conditions"),
        ("spinecli match 'back pain and numb between the legs' -f json", "red flags first"),
        ("echo 'aching low back, worse bending' | spinecli match -f json", "text from a pipe"),
    ),
    "symptoms": (
        ("spinecli symptoms", "what match recognises"),
        ("spinecli symptoms -f json", "for scripts"),
    ),
    "compare": (
        ("spinecli compare esi rfa", "side by side"),
        ("spinecli compare vertebroplasty kyphoplasty -f md", "as Markdown"),
    ),
    "search": (
        ("spinecli search 'nerve block'", "every field, best first"),
        ("spinecli search steroid --limit 5", "the first five"),
    ),
    "quiz": (
        ("spinecli quiz --worksheet --count 5 --seed 1", "a worksheet with an answer key"),
        ("spinecli quiz --worksheet --topic injection -f md", "one topic, as Markdown"),
    ),
    "triage": (
        ("spinecli triage 'low back pain' --no-interactive", "the next questions"),
        ("spinecli triage 'leg pain' -a saddle-anaesthesia=no --no-interactive", "answers given"),
        ("echo 'leg pain after lifting' | spinecli triage -f json", "text from a pipe, as JSON"),
    ),
    "codes": (
        ("spinecli codes M51", "codes starting M51"),
        ("spinecli codes sciatica --system icd-10-cm", "one condition's diagnosis codes"),
    ),
    "validate": (
        ("spinecli validate", "the shipped KB with its layers"),
        ("spinecli validate -f json", "problems as JSON"),
    ),
    "handout": (
        ("spinecli handout esi -o esi.html -f html", "a patient handout"),
        ("spinecli handout esi -f md -o -", "Markdown to stdout"),
    ),
}

JSON_NOTE = "JSON keys: docs/json.md; -f json prints them, the same keys on every run."


def epilog(command: str) -> str:
    """The Examples block under a command's options; lines are kept as they are."""
    # Each description above its line (as gh does): a line stays short enough for 80 columns.
    lines = [part for line, what in EXAMPLES[command] for part in (f"  # {what}", f"  {line}")]
    return "\n".join(["Examples:", *lines, "", JSON_NOTE])
