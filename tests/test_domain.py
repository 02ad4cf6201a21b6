"""The Image page's out-of-domain notice: when the bundled model's own answer says to warn, and why."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from model.domain import LOW_CONFIDENCE, domain_check

K = 8


def probabilities(values: np.ndarray) -> np.ndarray:
    return values / values.sum()


def test_a_confident_answer_gives_no_notice():
    check = domain_check(probabilities(np.array([1, 1, 30, 1, 1, 1, 1, 1.0])))
    assert not check.warn and check.reason is None
    assert check.runner_up[0] == 2


def test_an_even_answer_says_the_model_sees_none_of_its_shapes():
    check = domain_check(np.full(K, 1 / K))
    assert check.warn and check.reason == "no_class"


def test_two_close_classes_say_the_model_is_unsure_between_them():
    check = domain_check(probabilities(np.array([0.4, 0.02, 0.02, 0.45, 0.02, 0.03, 0.03, 0.03])))
    assert check.warn and check.reason == "unsure"
    assert check.runner_up == (3, 0)
    assert check.top_probability == pytest.approx(0.45)


@given(arrays(np.float64, K, elements=st.floats(0.001, 1)))
def test_any_answer_below_even_odds_warns(values):
    p = probabilities(values)
    assume(p.max() < LOW_CONFIDENCE)
    assert domain_check(p).warn


@given(st.integers(0, K - 1), st.floats(0.9, 1.0))
def test_a_clear_winner_never_warns(best, top):
    p = np.full(K, (1 - top) / (K - 1))
    p[best] = top
    check = domain_check(p)
    assert not check.warn and check.runner_up[0] == best
