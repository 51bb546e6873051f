"""The text of the interactive quiz: questions, replies, verdicts and the score as terminal
lines (the CLI does the asking and the printing)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from spinecli.quiz_questions import LETTERS, Question

if TYPE_CHECKING:
    from spinecli.quiz import Quiz


def letter(index: int) -> str:
    return LETTERS[index]


def replay_command(quiz: Quiz) -> str:
    """The command that gives the same quiz again."""
    topic = ""
    if quiz.topic:
        named = quiz.topic.id if quiz.topic.kind != "category" else f"category:{quiz.topic.id}"
        topic = f" --topic {named}"
    return f"spinecli quiz --seed {quiz.seed} --count {quiz.count}{topic}"


def _wrapped(text: str, width: int, indent: str = "") -> str:
    return "\n".join(
        textwrap.wrap(text, max(width, 30), initial_indent=indent, subsequent_indent=indent)
    )


def intro_text(quiz: Quiz, width: int) -> str:
    about = f" on {quiz.topic.name}" if quiz.topic else ""
    return _wrapped(
        f"Quiz{about}: {len(quiz.questions)} questions; answers follow spinecli's knowledge "
        "base. Type a letter and Enter; q, Ctrl-D or Ctrl-C stops. The same quiz again: "
        f"{replay_command(quiz)}",
        width,
    )


def question_text(q: Question, number: int, total: int, width: int) -> str:
    lines = [f"Question {number} of {total}", _wrapped(q.prompt, width)]
    for i, option in enumerate(q.options):
        lines.append(
            "\n".join(
                textwrap.wrap(
                    option,
                    max(width, 30),
                    initial_indent=f"  {letter(i)}. ",
                    subsequent_indent="     ",
                )
            )
        )
    return "\n".join(lines)


def parse_answer(q: Question, reply: str) -> int | None:
    """The option a reply picks (a letter or a number), or None."""
    text = reply.strip().upper().rstrip(".)")
    if len(text) == 1 and text in LETTERS[: len(q.options)]:
        return LETTERS.index(text)
    if text.isdigit() and 1 <= int(text) <= len(q.options):
        return int(text) - 1
    return None


def verdict(q: Question, choice: int, width: int) -> tuple[bool, str]:
    right = choice == q.answer
    head = "Right." if right else f"Not quite: the answer is {letter(q.answer)}."
    return right, head + "\n" + _wrapped(q.explanation, width)


def score_text(right: int, asked: int, total: int) -> str:
    percent = round(100 * right / asked) if asked else 0
    tail = f"; {total - asked} not asked" if asked < total else ""
    return f"Score: {right} of {asked} right ({percent}%){tail}."
