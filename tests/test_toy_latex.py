"""The printed numbers and the LaTeX of the worked steps (viz/matrix.py, viz/toy_latex.py)."""

import re
from types import SimpleNamespace

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from model.working import query_working, softmax_working
from tests.toy_reference import assert_shown
from viz.matrix import format_value
from viz.toy_latex import latex_text, softmax_latex


@given(st.floats(min_value=-1e3, max_value=1e3, allow_nan=False))
def test_format_value_is_true_at_its_precision(value):
    assert_shown(format_value(value), value, "format_value")


def test_format_value_exact_forms():
    assert [format_value(v) for v in (3.0, 2.5, -0.25, 1 / 3, -2 / 3, 1 / 7, 0.1234, -1e-7, -np.inf)] == [
        "3", "2.5", "-0.25", "1/3", "-2/3", "1/7", "0.123", "0.000", "-∞"]


def test_token_names_cannot_become_latex_markup():
    text = latex_text(r"a}\href{x}$&#^_%~")
    assert text.startswith(r"\text{") and text.endswith("}")
    inner = text[len(r"\text{"):-1]
    assert "}" not in re.sub(r"\\[a-z]*\{\}|\\[{}$&#_%]", "", inner)


def test_softmax_latex_writes_out_the_shared_working():
    scaled = np.array([2.0, 0.0, -np.inf])  # (m,) the third key masked
    work = softmax_working(scaled)
    assert work.top == 2.0 and work.exps[2] == 0.0 and work.total == 1.0 + np.exp(-2.0)
    latex = softmax_latex(scaled, work, work.exps / work.total, "I", ("I", "am", "a"))
    assert latex.max_line == r"m = \max(2, 0) = 2"
    assert r"e_{\text{a}} &= e^{-\infty} = 0" in latex.exp_lines
    assert r"e^{2 - 2} = e^{0} = 1" in latex.exp_lines
    assert latex.weight_lines.count("&=") == 3


def test_the_inspector_and_the_toy_share_one_softmax_working():
    scores = np.array([[[[1.0, 3.0, 2.0]]]], dtype=np.float32)  # (L=1, H=1, N=1, N=3)
    trace = SimpleNamespace(scores=scores, scale=0.5, q=np.zeros((1, 1, 1, 2)), k=np.zeros((1, 1, 3, 2)),
                            weights=np.zeros((1, 1, 1, 3)), head_out=np.zeros((1, 1, 1, 2)),
                            scaled=lambda layer, head: scores[layer, head].astype(np.float64) * 0.5)
    row = query_working(trace, 0, 0, 0)
    work = softmax_working(scores[0, 0, 0].astype(np.float64) * 0.5)
    assert np.array_equal(row.shifted, work.shifted) and np.array_equal(row.exps, work.exps)
    assert row.total == work.total and np.array_equal(row.shifted, [-1.0, 0.0, -0.5])
