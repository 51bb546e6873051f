"""How `spinecli triage` narrows down, with idealised patients who answer from the KB itself.

    python benchmarks/triage_sessions.py [--text TEXT] [--yes-from WEIGHT] [--max-questions N]

One patient per condition: no to every red flag, yes to a symptom whose KB weight for their
condition is at least --yes-from (default 2), no to the rest. Prints, per condition, the number
of symptom questions, why the session ended and the condition ranked first; then how many
patients ended with their own condition first, the mean number of questions and the time per
question. The patients answer from the same weights the questions are chosen from, so this
measures the question strategy, not clinical accuracy.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from spinecli import triage  # noqa: E402
from spinecli.kb import load_kb  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", default="")
    parser.add_argument("--yes-from", type=float, default=2.0)
    parser.add_argument("--max-questions", type=int, default=triage.DEFAULT_MAX_QUESTIONS)
    args = parser.parse_args()
    kb = load_kb([], env="")
    right, questions, asked, elapsed = 0, 0, 0, 0.0
    for condition in kb.conditions:
        state = triage.start(kb, args.text, max_questions=args.max_questions)
        start = time.perf_counter()
        while (q := triage.next_question(kb, state)) is not None:
            weight = (
                dict(kb.symptoms[q.id].conditions).get(condition, 0) if q.id in kb.symptoms else 0
            )
            state = state.answer(q.id, "yes" if weight >= args.yes_from else "no")
        session = triage.run(kb, state)
        elapsed += time.perf_counter() - start
        asked += len(state.answers) + 1
        symptom_questions = sum(qid in kb.symptoms for qid, _ in state.answers)
        first = session.result.conditions[0].condition.id if session.result.conditions else "-"
        right += first == condition
        questions += symptom_questions
        print(f"{condition:34} {symptom_questions:3}  {session.ended:13} {first}")
    n = len(kb.conditions)
    print(
        f"\n{right}/{n} patients end with their own condition first; "
        f"{questions / n:.1f} symptom questions on average (plus {len(kb.red_flags)} red flags); "
        f"{1000 * elapsed / asked:.1f} ms per question"
    )


if __name__ == "__main__":
    main()
