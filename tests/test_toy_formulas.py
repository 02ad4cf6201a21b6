"""Every formula and claim the Step-through page writes, checked against the computation it names:
the lecture-notes preset, biases, one d_k (per head), the divisor, masked weights, what the
hand-made presets keep whole, and the cross-attention preset's alignment."""

import math

import numpy as np
import pytest

from i18n import t
from model import toy
from tests.toy_reference import assert_shown, figures, latex_blocks, latex_results, open_page, reference
from viz.matrix import format_value
from viz.toy_latex import divisor_latex, step_formula

HAND_PRESETS = ("student", "pencil", "it_animal")


def _vector(values) -> str:
    return "[" + ", ".join(format_value(v) for v in values) + "]"


# --- the lecture notes' example ---------------------------------------------------------------


def test_lecture_notes_preset_is_the_default_and_named_for_class():
    assert toy.ToyState().preset == "student" == toy.PRESETS[0]
    assert t("toy.preset.student", "en").startswith("Lecture notes")
    assert t("toy.preset.student", "ko").startswith("강의 노트 예제")


def test_lecture_notes_numbers_are_the_notes_and_checkable_by_hand():
    example = toy.preset_example("student")
    ref = reference(example, "basic")  # numpy from the formulas, not model/toy
    i = example.tokens.index("I")
    assert np.array_equal(example.x[i], [1, 1, 1, 1])
    assert ref["scaled"][0][i, i] == 1.5  # the notes' value
    for name in ("x", "w_q", "w_k", "w_v", "x_src"):
        table = getattr(example, name)
        assert np.array_equal(table * 2, np.round(table * 2)), name  # whole numbers or halves
    assert np.array_equal(ref["scores"], np.round(ref["scores"]))


def test_lecture_notes_text_states_the_computed_numbers():
    example = toy.preset_example("student")
    run = toy.compute_toy(example, "basic")
    i = example.tokens.index("I")
    q, k, score, scaled = run.q[i], run.k[i], run.scores[0, i, i], run.scaled[0, i, i]
    terms = " + ".join(format_value(a * b) for a, b in zip(q, k))
    for lang in ("en", "ko"):
        text = t("toy.preset.student.about", lang)
        assert _vector(example.x[i]) in text
        assert f"q_I = {_vector(q)}" in text
        assert f"q_I·k_I = {terms} = {format_value(score)}" in text
        assert f"{format_value(score)} / √{run.d_k} = {format_value(scaled)}" in text


def test_page_shows_the_embedding_of_I_and_its_score_1_5():
    at = open_page({"p": "student", "s": "input"})
    assert [float(c) for c in figures(at)["X (embeddings)"][0]] == [1.0, 1.0, 1.0, 1.0]
    at = open_page({"p": "student", "s": "scale"})
    assert_shown(figures(at)["Scaled scores"][0][0], 1.5, "I with itself")
    assert latex_results(latex_blocks(at)[-1])[0] == "1.5"  # the working for query "I", key "I"


def test_cross_attention_preset_peaks_on_each_translation():
    example = toy.preset_example("student")
    weights = reference(example, "cross")["weights"][0]  # (n, m)
    for english, korean in (("I", "나는"), ("am", "입니다"), ("student", "학생")):
        row = weights[example.tokens.index(english)]
        assert row.argmax() == example.src_tokens.index(korean), (english, row)


# --- formulas against the computation ----------------------------------------------------------


@pytest.mark.parametrize("variant", ["basic", "cross", "positional"])
def test_qkv_formula_names_zero_biases_and_the_code_adds_none(variant):
    formula = step_formula("qkv", variant)
    assert all(f"W_{m} + b_{m}" in formula for m in "QKV") and "b_Q = b_K = b_V = 0" in formula
    run = toy.compute_toy(toy.preset_example("pencil"), variant)
    example = toy.preset_example("pencil")
    assert np.array_equal(run.q, run.x_q @ example.w_q)
    assert np.array_equal(run.k, run.x_kv @ example.w_k) and np.array_equal(run.v, run.x_kv @ example.w_v)
    assert "b_O = 0" in step_formula("output", "multihead")


@pytest.mark.parametrize("heads", toy.head_choices(4))
def test_divisor_is_the_root_of_one_heads_width(heads):
    example = toy.preset_example("student")
    run = toy.compute_toy(example, "multihead", heads)
    per_head = example.qkv_width // heads
    assert run.d_k == per_head
    assert reference(example, "multihead", heads)["divisor"] == math.sqrt(per_head) == run.divisor
    shown = divisor_latex(run.variant, run.scaling, run.d_k, run.divisor)
    assert shown.startswith(rf"\sqrt{{d_k}} = \sqrt{{{per_head}}} = ")
    assert_shown(latex_results(shown)[0], math.sqrt(per_head), "divisor")
    for step in ("scale", "split"):
        assert "d_k/h" not in step_formula(step, "multihead")
    assert r"\sqrt{d_k}" in step_formula("scale", "multihead")


def test_softmax_text_says_weights_are_at_least_zero_and_masked_ones_exactly_zero():
    assert "positive" not in t("toy.step.softmax.says", "en") and "양수" not in t("toy.step.softmax.says", "ko")
    assert "exactly 0" in t("toy.step.softmax.says", "en")
    run = toy.compute_toy(toy.preset_example("it_animal"), "causal")
    assert (run.weights[0][~run.keep] == 0).all() and (run.weights >= 0).all()
    assert "= 0" in step_formula("softmax", "causal")


def test_score_text_names_the_magnitudes():
    # what the text warns about: a long key outscores a shorter one that points exactly along q
    eye = np.eye(2)
    example = toy.ToyExample(tokens=("short", "long"), x=[[1, 0], [3, 3]], w_q=eye, w_k=eye, w_v=eye, w_o=eye,
                             src_tokens=("s",), x_src=[[1, 0]])
    run = toy.compute_toy(example, "basic")
    q, k = run.q[0], run.k  # (d_k,), (n, d_k)
    cosine = k @ q / (np.linalg.norm(k, axis=1) * np.linalg.norm(q))  # (n,)
    assert np.allclose(run.scores[0, 0], np.linalg.norm(q) * np.linalg.norm(k, axis=1) * cosine)
    assert cosine[0] > cosine[1] and run.scores[0, 0, 1] > run.scores[0, 0, 0]
    for lang in ("en", "ko"):
        assert "|q|·|k|·cos θ" in t("toy.step.scores.says", lang)


# --- what the hand-made presets keep whole -----------------------------------------------------


def _grain_truth(ref) -> float | None:
    """From the numpy reference: 1 or 0.5 if Q, K, V are whole and the visible scaled scores are
    multiples of it, else None."""
    def multiples(values, grain):
        return np.allclose(values / grain, np.round(values / grain), atol=1e-9, rtol=0)
    if not multiples(np.concatenate([ref["q"].ravel(), ref["k"].ravel(), ref["v"].ravel()]), 1.0):
        return None
    scaled = ref["scaled"][np.isfinite(ref["scaled"])]
    return 1.0 if multiples(scaled, 1.0) else 0.5 if multiples(scaled, 0.5) else None


RUNS = [(preset, variant, heads, scaling, temperature)
        for preset in HAND_PRESETS for variant in toy.VARIANTS
        for heads in (toy.head_choices(4) if variant == "multihead" else (1,))
        for scaling, temperature in (((True, 1.0), (False, 1.0), (True, 0.5), (False, 0.3))
                                     if variant == "temperature" else ((True, 1.0),))]


@pytest.mark.parametrize("preset,variant,heads,scaling,temperature", RUNS)
def test_the_whole_number_promise_holds_in_every_variant(preset, variant, heads, scaling, temperature):
    example = toy.preset_example(preset)
    run = toy.compute_toy(example, variant, heads, scaling, temperature)
    assert toy.number_grain(run) == _grain_truth(reference(example, variant, heads, scaling, temperature))


def test_pencil_is_whole_in_plain_self_attention_and_says_so_only_there():
    pencil = toy.preset_example("pencil")
    assert toy.number_grain(toy.compute_toy(pencil, "basic")) == 1.0
    assert toy.number_grain(toy.compute_toy(pencil, "multihead", 2)) is None  # √2 is no whole number
    for about in (t("toy.preset.pencil.about", "en"), t("toy.preset.pencil.about", "ko")):
        assert "√d_k = 2" not in about and "even" not in about  # the claims now come from the run


@pytest.mark.parametrize("params,key,divisor", [
    ({"p": "pencil"}, "toy.hand.whole", "2"),
    ({"p": "pencil", "v": "multihead", "h": "2"}, "toy.hand.decimals", "1.414"),
    ({"p": "pencil", "v": "positional"}, "toy.hand.decimals", "2"),
    ({"p": "student"}, "toy.hand.half", "2"),
])
def test_page_shows_the_promise_that_holds(params, key, divisor):
    at = open_page(params)
    about = at.info[0].value
    assert about.endswith(t(key, "en", divisor=divisor))
    assert about.startswith(t(f"toy.preset.{params['p']}.about", "en"))
