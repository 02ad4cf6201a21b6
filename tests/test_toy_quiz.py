"""Quiz mode: the hidden value, and which typed answers count as right."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import toy
from model.errors import AtlasError
from tests.toy_reference import FAST, examples
from viz.matrix import format_value


@FAST
@given(examples(max_n=4, max_d=4), st.sampled_from(toy.QUIZ_STEPS), st.integers(1, 50), st.data())
def test_quiz_accepts_the_shown_answer_and_rejects_a_far_one(example, step, round_, data):
    run = toy.compute_toy(example, "basic")
    query = data.draw(st.integers(0, example.n - 1))
    question = toy.quiz_question(run, step, 0, query, round_)
    truth = {"scores": run.scores, "softmax": run.weights, "mix": run.head_out}[step][0][query, question.col]
    assert question.answer == truth
    assert toy.check_answer(format_value(truth), question).correct
    assert toy.check_answer(f"{truth:.2f}".replace(".", ","), question).correct
    assert not toy.check_answer(str(truth + 0.05 * max(1, abs(truth))), question).correct


@pytest.mark.parametrize("text", ["", "abc", "1/0", "nan", "inf", "1/2/3"])
def test_quiz_refuses_text_that_is_no_number(text):
    question = toy.QuizQuestion(step="scores", head=0, row=0, col=0, answer=1.0)
    with pytest.raises(AtlasError) as err:
        toy.check_answer(text, question)
    assert err.value.code == "toy_quiz_not_a_number"
