"""Interactive sessions on a terminal: the quiz and triage loops, on `terminal.py`.

Both read stdin only here; the CLI decides when to run them (stdin and stdout are terminals)
and prints the final result.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import TYPE_CHECKING

from spinecli.terminal import ask, converse, say

if TYPE_CHECKING:  # each session imports its own modules: the quiz never loads the matcher
    from spinecli.model import KnowledgeBase
    from spinecli.quiz import Quiz
    from spinecli.triage import State

TRIAGE_INTRO = (
    "Triage: questions that narrow down what fits, red flags first. Answer y (yes), n (no) or "
    "? (don't know); q, Ctrl-D or Ctrl-C stops with the result so far."
)
TRIAGE_PROMPT = "Your answer (y/n/?, q to stop): "
TRIAGE_AGAIN = "Please answer y (yes), n (no) or ? (don't know); q stops."


def _width() -> int:
    return min(shutil.get_terminal_size((80, 24)).columns, 100)


def _wrap(text: str, width: int, indent: str = "") -> str:
    return "\n".join(
        textwrap.wrap(text, max(width, 30), initial_indent=indent, subsequent_indent=indent)
    )


def quiz_session(quiz: Quiz, color: bool) -> int:
    """Ask, check, explain, score; the exit status (0, or 130 after Ctrl-C)."""
    from spinecli.quiz_questions import LETTERS
    from spinecli.quiz_terminal import intro_text, parse_answer, question_text, score_text, verdict

    width = _width()
    total = len(quiz.questions)
    tally = {"right": 0, "asked": 0}
    say(intro_text(quiz, width))

    def session() -> None:
        for number, question in enumerate(quiz.questions, start=1):
            say("\n" + question_text(question, number, total, width))
            letters = f"A-{LETTERS[len(question.options) - 1]}"
            choice = ask(
                f"Your answer ({letters}, q to stop): ",
                lambda reply, q=question: parse_answer(q, reply),  # type: ignore[misc]
                f"Please answer with a letter, {letters}.",
            )
            tally["asked"] += 1
            ok, text = verdict(question, choice, width)
            tally["right"] += ok
            head, _, rest = text.partition("\n")
            say(head, fg=("green" if ok else "red") if color else None, bold=color)
            say(rest)

    return converse(session, lambda: say("\n" + score_text(tally["right"], tally["asked"], total)))


def triage_session(kb: KnowledgeBase, state: State, color: bool) -> tuple[State, int]:
    """Asks until the session ends or the person stops; the answers and the exit status."""
    from spinecli.triage import next_question, parse_reply, run

    width = _width()
    current = [state]
    say(_wrap(TRIAGE_INTRO, width))

    def session() -> None:
        while (q := next_question(kb, current[0])) is not None:
            number = len(current[0].answers) + 1
            say()
            say(_wrap(f"{number}. {q.text}", width), bold=color)
            say(_wrap(f"Why: {q.why}", width, "   "), dim=color)
            reply = ask(TRIAGE_PROMPT, parse_reply, TRIAGE_AGAIN)
            current[0] = current[0].answer(q.id, reply)

    def summary() -> None:
        ended = run(kb, current[0]).ended_text
        say(_wrap(ended or "Stopped before the questions ran out: the result so far.", width))
        say()

    code = converse(session, summary)
    return current[0], code
