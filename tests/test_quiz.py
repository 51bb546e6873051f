"""quiz: generated from the KB, exactly one right answer, seeded, topics, interactive and sheets."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinecli.errors import NotFoundError, UsageError
from spinecli.model import CATEGORIES, KnowledgeBase
from spinecli.quiz import find_topic, make_quiz
from spinecli.quiz_questions import Question, time_scales
from spinecli.quiz_terminal import letter, parse_answer
from tests.conftest import Invoke
from tests.pty_helpers import drain, spawn

SCRIPT = shutil.which("spinecli", path=str(Path(sys.executable).parent)) or "spinecli"


def right_options(kb: KnowledgeBase, q: Question) -> list[int]:
    """Which options the KB itself makes true: an oracle written apart from the generator."""
    kind, subject = q.subject
    truth: list[bool] = []
    for key, text in zip(q.keys, q.options, strict=True):
        if q.kind == "identify-procedure" or q.kind == "identify-condition":
            truth.append(key == subject)
        elif q.kind == "treats":
            truth.append(any(t.procedure == subject for t in kb.conditions[key].procedures))
        elif q.kind == "treated-by":
            truth.append(any(t.procedure == key for t in kb.conditions[subject].procedures))
        elif q.kind in ("relief-duration", "relief-onset"):
            field = "relief_duration" if q.kind == "relief-duration" else "onset"
            mine = time_scales(getattr(kb.procedures[subject], field))
            # True when it is the subject's own statement or speaks of an overlapping time.
            truth.append(
                key == subject or bool(mine & time_scales(getattr(kb.procedures[key], field)))
            )
        elif q.kind == "diagnostic":
            p = kb.procedures[key]
            roles = {role for _, role in kb.treatments_of(key)}
            truth.append(
                p.category == "diagnostic"
                or bool(roles & {"diagnostic", "diagnostic-and-therapeutic"})
            )
        elif q.kind == "category":
            assert key in CATEGORIES and text == key.replace("-", " ")
            truth.append(key == kb.procedures[subject].category)
        else:
            raise AssertionError(f"unknown kind {q.kind}")
    assert kind in ("procedure", "condition")
    return [i for i, ok in enumerate(truth) if ok]


def check(kb: KnowledgeBase, seed: int, count: int = 20, topic: str = "") -> None:
    quiz = make_quiz(kb, count, seed, topic)
    prompts = [q.prompt for q in quiz.questions]
    assert len(set(prompts)) == len(prompts) or all(
        q.kind == "diagnostic" for q in quiz.questions if prompts.count(q.prompt) > 1
    )
    for q in quiz.questions:
        assert 3 <= len(q.options) <= 4 and len(set(q.options)) == len(q.options)
        assert right_options(kb, q) == [q.answer], q


@given(seed=st.integers(0, 10**6))
@settings(max_examples=30, deadline=None)
def test_exactly_one_right_answer_shipped(shipped: KnowledgeBase, seed: int) -> None:
    check(shipped, seed)


@given(seed=st.integers(0, 10**6))
@settings(max_examples=30, deadline=None)
def test_exactly_one_right_answer_study(study_kb: KnowledgeBase, seed: int) -> None:
    check(study_kb, seed, 12)


def test_every_kind_of_question_is_made(shipped: KnowledgeBase) -> None:
    kinds = {q.kind for seed in range(5) for q in make_quiz(shipped, 50, seed).questions}
    assert kinds >= {
        "identify-procedure",
        "identify-condition",
        "treats",
        "treated-by",
        "relief-duration",
        "diagnostic",
        "category",
    }


def test_same_seed_same_quiz_other_seed_other_quiz(study_kb: KnowledgeBase) -> None:
    assert make_quiz(study_kb, 8, 42) == make_quiz(study_kb, 8, 42)
    assert len({make_quiz(study_kb, 8, seed).questions for seed in range(5)}) > 1


@pytest.mark.slow
def test_same_seed_same_quiz_across_processes() -> None:
    """String hashing differs per process; the quiz must not depend on it."""
    outs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        args = [SCRIPT, "quiz", "--seed", "7", "--count", "6", "--format", "json"]
        r = subprocess.run(args, capture_output=True, text=True, env=env, cwd="/", timeout=60)
        assert r.returncode == 0, r.stderr
        outs.append(r.stdout)
    assert outs[0] == outs[1]


def test_count(study_kb: KnowledgeBase, cli: Invoke, study: object) -> None:
    assert len(make_quiz(study_kb, 7, 1).questions) == 7
    with pytest.raises(UsageError):
        make_quiz(study_kb, 51, 1)
    assert cli("quiz", "--count", "0").code == 2
    assert cli("quiz", "--count", "51").code == 2


def test_distractors_are_plausible(study_kb: KnowledgeBase) -> None:
    """The other augmentation procedure is always among the choices for a thetaplasty
    description (same category and regions)."""
    for seed in range(10):
        for q in make_quiz(study_kb, 50, seed, "thetaplasty").questions:
            if q.kind == "identify-procedure":
                assert "Iotaplasty" in q.options
                assert "Thetaplasty" not in q.prompt  # the answer is not in the question


def test_masked_description_hides_the_name(shipped: KnowledgeBase) -> None:
    for seed in range(10):
        for q in make_quiz(shipped, 50, seed).questions:
            if q.kind.startswith("identify"):
                answer = q.options[q.answer].casefold()
                assert answer not in q.prompt.casefold(), q.prompt


@pytest.mark.parametrize(
    ("topic", "kind", "topic_id"),
    [
        ("kyphoplsty", "procedure", "kyphoplasty"),
        ("slipped disc", "condition", "herniated-disc"),
        ("ablation", "category", "ablation"),
        ("category:nerve-block", "category", "nerve-block"),
        ("nerve-block", "procedure", "nerve-block"),
    ],
)
def test_topic(shipped: KnowledgeBase, topic: str, kind: str, topic_id: str) -> None:
    found, _ = find_topic(shipped, topic)
    assert (found.kind, found.id) == (kind, topic_id)
    quiz = make_quiz(shipped, 10, 3, topic)
    assert quiz.questions
    for q in quiz.questions:
        involved = {q.subject[1], q.keys[q.answer]}
        if kind == "category":
            assert (
                any(
                    i in shipped.procedures and shipped.procedures[i].category == topic_id
                    for i in involved
                )
                or q.keys[q.answer] == topic_id
            )
        else:
            assert topic_id in involved, q


def test_unknown_topic(shipped: KnowledgeBase, cli: Invoke) -> None:
    with pytest.raises(NotFoundError, match="no procedure, condition or category"):
        make_quiz(shipped, 5, 1, "banana bread")
    assert cli("quiz", "--topic", "banana bread").code == 1


def test_small_topic_gives_fewer_questions_with_a_note(study_kb: KnowledgeBase) -> None:
    quiz = make_quiz(study_kb, 50, 1, "lambda-arthritis")
    assert 0 < len(quiz.questions) < 50 and "only" in quiz.note


@pytest.mark.parametrize(
    ("reply", "expected"), [("a", 0), (" B ", 1), ("c)", 2), ("4", 3), ("e", None), ("", None)]
)
def test_parse_answer(reply: str, expected: int | None) -> None:
    q = Question(
        "category", "?", ("w", "x", "y", "z"), 0, "", ("procedure", "p"), ("a", "b", "c", "d")
    )
    assert parse_answer(q, reply) == expected


@pytest.mark.parametrize(
    ("text", "scales"),
    [
        ("About 2 to 6 hours", {"hours"}),
        ("Usually 6 to 12 months, sometimes years", {"months", "years"}),
        ("Days to months", {"days", "weeks", "months"}),
        ("Up to several months", {"immediate", "minutes", "hours", "days", "weeks", "months"}),
        ("Several days, and sometimes longer", {"days", "weeks", "months", "years", "indefinite"}),
        ("Long term", {"indefinite"}),
        ("Uncertain; studies disagree", set()),
    ],
)
def test_time_scales(text: str, scales: set[str]) -> None:
    assert time_scales(text) == scales


# --- the command --------------------------------------------------------------------------------


def sheet(cli: Invoke, *args: str) -> Any:
    r = cli("quiz", "--seed", "5", "--count", "3", *args, "--format", "json")
    assert r.code == 0, r
    return json.loads(r.out)


def answers(cli: Invoke, right: bool) -> list[str]:
    questions = sheet(cli)["questions"]
    if right:
        return [q["answer"] for q in questions]
    return [letter((q["answer_index"] + 1) % len(q["options"])) for q in questions]


def ask(cli: Invoke, text: str) -> tuple[int, str]:
    r = cli("quiz", "--seed", "5", "--count", "3", "--interactive", input=text)
    return r.code, r.out


def test_interactive_all_right(cli: Invoke, study: object) -> None:
    code, out = ask(cli, "\n".join(answers(cli, right=True)) + "\n")
    assert code == 0 and out.count("Right.") == 3
    assert "Score: 3 of 3 right (100%)." in out


def test_interactive_wrong_answers_are_explained(cli: Invoke, study: object) -> None:
    code, out = ask(cli, "\n".join(answers(cli, right=False)) + "\n")
    assert code == 0 and out.count("Not quite: the answer is") == 3
    assert "Score: 0 of 3 right (0%)." in out
    explanations = [q["explanation"] for q in sheet(cli)["questions"]]
    assert all(e.split()[0] in out for e in explanations)


def test_interactive_asks_again_after_a_bad_reply(cli: Invoke, study: object) -> None:
    first = answers(cli, right=True)[0]
    code, out = ask(cli, f"zz\n{first}\n")
    assert "Please answer with a letter" in out and "Right." in out
    assert "Score: 1 of 1 right (100%); 2 not asked." in out and code == 0


@pytest.mark.parametrize("stop", ["", "q\n"], ids=["end-of-input", "q"])
def test_interactive_stops_cleanly_with_score_so_far(cli: Invoke, study: object, stop: str) -> None:
    first = answers(cli, right=True)[0]
    code, out = ask(cli, f"{first}\n{stop}")
    assert code == 0
    assert "Score: 1 of 1 right (100%); 2 not asked." in out


def test_interactive_ctrl_c_exits_130_with_score(
    cli: Invoke, study: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(prompt: str = "") -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", interrupt)
    r = cli("quiz", "--seed", "5", "--count", "3", "--interactive")
    assert r.code == 130 and "Score: 0 of 0 right (0%); 3 not asked." in r.out
    assert "interrupted" in r.err


def test_worksheet_when_stdin_is_not_a_terminal(cli: Invoke, study: object) -> None:
    r = cli("quiz", "--seed", "5", "--count", "3", input="a\n")
    assert r.code == 0 and "Answer key" in r.out and "Your answer" not in r.out
    md = cli("quiz", "--seed", "5", "--count", "3", "-f", "md").out
    assert md.startswith("# Quiz") and md.count("- [ ] A. ") == 3 and "## Answer key" in md


def test_worksheet_key_matches_json(cli: Invoke, study: object) -> None:
    plain = cli("quiz", "--seed", "5", "--count", "3", "-f", "plain").out
    key = plain.split("Answer key", 1)[1]
    for n, q in enumerate(sheet(cli)["questions"], start=1):
        assert f"{n}. {q['answer']}. " in key


def test_interactive_and_json_conflict(cli: Invoke, study: object) -> None:
    assert cli("quiz", "--interactive", "--format", "json").code == 2


@pytest.mark.slow
def test_ctrl_c_on_a_real_terminal() -> None:
    """The console script on a pseudo-terminal asks by default; Ctrl-C ends it with the score
    so far and exit status 130."""
    proc, leader = spawn([SCRIPT, "quiz", "--seed", "1", "--count", "2"])
    seen = b""
    try:
        while b"Your answer" not in seen:
            ready, _, _ = select.select([leader], [], [], 30)
            assert ready, f"no question asked: {seen!r}"
            seen += os.read(leader, 4096)
        # What Ctrl-C on the terminal sends. Sent again if it landed after the prompt was written
        # but before the read began: CPython then notices it only after the read (a person's
        # Ctrl-C always finds the read waiting).
        for _ in range(60):
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                continue
        seen += drain(leader, 5)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(leader)
    assert proc.returncode == 130, seen
    assert b"Score: 0 of 0 right" in seen
