"""Quiz mode: which value of a run to hide, and whether a typed answer matches it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from model.errors import AtlasError
from model.toy.example import parse_number
from model.toy.run import ALL_STEPS, ToyRun

QUIZ_TOLERANCE = 0.01  # absolute, or relative for answers above 1: hand arithmetic with e ≈ 2.718
# Which value the quiz hides on which step: a score, a weight or an output entry.
QUIZ_STEPS = ("scores", "softmax", "mix")


@dataclass(frozen=True)
class QuizQuestion:
    """One hidden value: on the scores, softmax or mix step, in the selected query's row."""

    step: str
    head: int
    row: int  # query token
    col: int  # key token (score, weight) or output channel
    answer: float


@dataclass(frozen=True)
class QuizCheck:
    correct: bool
    given: float
    tolerance: float


def quiz_question(run: ToyRun, step: str, head: int, query: int, round_: int) -> QuizQuestion | None:
    """The value to hide on `step`, chosen at random but reproducibly from the question round."""
    if step not in QUIZ_STEPS:
        return None
    values = {"scores": run.scores, "softmax": run.weights, "mix": run.head_out}[step][head]  # (n, m) or (n, d_h)
    columns = np.arange(values.shape[1])
    if step == "softmax" and run.keep is not None:
        columns = np.flatnonzero(run.keep[query])  # a masked weight is 0 by rule, no question
    rng = np.random.default_rng([round_, ALL_STEPS.index(step), head, query])
    col = int(rng.choice(columns))
    return QuizQuestion(step=step, head=head, row=query, col=col, answer=float(values[query, col]))


def check_answer(text: str, question: QuizQuestion) -> QuizCheck:
    """Is the typed answer within QUIZ_TOLERANCE (relative above 1) of the hidden value?

    Raises:
        AtlasError: toy_quiz_not_a_number when the text is no number.
    """
    given = parse_number(text)
    if given is None or not math.isfinite(given):
        raise AtlasError("toy_quiz_not_a_number", "Type your answer as a number, such as 0.25, -1.5 or 1/3.")
    tolerance = QUIZ_TOLERANCE * max(1.0, abs(question.answer))
    return QuizCheck(correct=abs(given - question.answer) <= tolerance, given=given, tolerance=tolerance)
