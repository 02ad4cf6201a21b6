"""The Step-through page's numbers against an independent numpy computation
(tests/toy_reference.py), and the toy's properties under hypothesis."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from model import toy
from model.stats import attention_entropy, row_entropy
from tests.toy_reference import (
    FAST,
    assert_matrix,
    assert_shown,
    examples,
    figures,
    latex_blocks,
    latex_results,
    open_page,
    reference,
)
from viz.toy_latex import latex_text

CASES = [
    ("pencil", "basic", {}),
    ("student", "basic", {"q": "3"}),
    ("it_animal", "basic", {"q": "7"}),
    ("it_animal", "causal", {"q": "5"}),
    ("student", "cross", {"q": "1"}),
    ("pencil", "positional", {"q": "2"}),
    ("student", "multihead", {"h": "2", "hd": "1", "q": "2"}),
    ("student", "temperature", {"sc": "0", "t": "0.3"}),
    ("random", "basic", {"seed": "7", "n": "5", "d": "3", "dk": "2", "q": "4"}),
]


@pytest.mark.parametrize("preset,variant,extra", CASES, ids=[f"{p}-{v}" for p, v, _ in CASES])
def test_page_numbers_match_numpy(preset, variant, extra):
    params = {"p": preset, "v": variant, **extra}
    state, notices = toy.decode_state(params)
    assert not notices
    example = toy.state_example(state)
    ref = reference(example, variant, state.heads, state.scaling, state.temperature)
    head, query, token = state.head, state.query, example.tokens[state.query]
    suffix = f", head {head + 1}" if variant == "multihead" else ""
    at = open_page({**params, "s": toy.steps_for(variant)[1]})
    for step in toy.steps_for(variant)[1:]:
        figs, blocks = figures(at), latex_blocks(at)
        if step == "qkv":
            for name, title in (("q", "Q (queries)"), ("k", "K (keys)"), ("v", "V (values)")):
                assert_matrix(figs[title], ref[name], title)
            # the worked example: q of the selected token, channel by channel
            assert_matrix([latex_results(blocks[-1])], ref["q"][query][None], "q working")
        elif step == "split":
            cols = slice(head * ref["q"].shape[1] // state.heads, (head + 1) * ref["q"].shape[1] // state.heads)
            assert_matrix(figs["Q (queries)" + suffix], ref["q"][:, cols], "Q head")
        elif step == "scores":
            assert_matrix(figs["S = Q·Kᵀ (scores)" + suffix], ref["scores"][head], "S")
            assert_matrix([latex_results(blocks[-1])], ref["scores"][head][query][None], "dot products")
        elif step == "scale":
            assert_matrix(figs["Scaled scores" + suffix], ref["scaled"][head], "scaled")
            assert_matrix([latex_results(blocks[-1])], ref["scaled"][head][query][None], "scaling working")
            assert_shown(latex_results(blocks[1])[0], ref["divisor"], "divisor")
        elif step == "softmax":
            assert_matrix(figs["A (attention weights)" + suffix], ref["weights"][head], "A")
            max_line, exp_lines, sum_line, weight_lines = blocks[-4:]
            row = ref["scaled"][head][query]
            assert_shown(latex_results(max_line)[0], row[np.isfinite(row)].max(), "row max")
            assert_matrix([latex_results(exp_lines)], ref["exp"][head][query][None], "exp")
            assert_shown(latex_results(sum_line)[0], ref["sum"][head][query], "sum")
            assert_matrix([latex_results(weight_lines)], ref["weights"][head][query][None], "weights working")
            assert f"a_{{{latex_text(token)}," in weight_lines
            if variant == "temperature":
                entropy = -(np.where(ref["weights"][0] > 0, ref["weights"][0] * np.log2(ref["weights"][0]), 0)).sum(1)
                assert_matrix(figs["Entropy per row (bits)"], entropy[:, None], "entropy")
        elif step == "mix":
            assert_matrix(figs["Z = A·V" + suffix], ref["z"][head], "Z")
            assert_matrix([latex_results(blocks[-1])], ref["z"][head][query][None], "mix working")
        elif step == "output":
            assert_matrix(figs["Output"], ref["output"], "output")
            if variant == "multihead":
                assert_matrix(figs["Heads side by side"], ref["concat"], "concat")
                assert_matrix([latex_results(blocks[-1])], ref["output"][query][None], "output working")
        elif step == "position":
            assert_matrix(figs["X + PE"], ref["x"], "X + PE")
        if step != "output":
            at.button(key="toy.next").click().run()
            assert not at.exception


def test_pencil_example_is_whole_numbers_up_to_the_softmax():
    ref = reference(toy.preset_example("pencil"), "basic")
    for name in ("q", "k", "v", "scores", "scaled"):
        assert np.array_equal(ref[name], np.round(ref[name])), name
    assert ref["divisor"] == 2


def test_it_attends_to_animal():
    example = toy.preset_example("it_animal")
    weights = reference(example, "basic")["weights"][0]
    it, animal = example.tokens.index("it"), example.tokens.index("animal")
    assert weights[it].argmax() == animal and weights[it, animal] > 0.75


# --- properties ---------------------------------------------------------------------------------


@FAST
@given(examples(), st.sampled_from(toy.VARIANTS), st.data())
def test_softmax_rows_sum_to_one(example, variant, data):
    heads = data.draw(st.sampled_from(toy.head_choices(example.qkv_width)))
    run = toy.compute_toy(example, variant, heads)
    assert np.allclose(run.weights.sum(axis=-1), 1.0, atol=1e-12)
    assert (run.weights >= 0).all()


@FAST
@given(examples(), st.data())
def test_causal_mask_zeroes_the_future(example, data):
    run = toy.compute_toy(example, "causal")
    n = example.n
    future = np.triu(np.ones((n, n), dtype=bool), k=1)
    assert (run.weights[0][future] == 0).all()
    assert np.isneginf(run.scaled[0][future]).all()
    # changing a later token changes nothing before it
    changed = data.draw(st.integers(0, n - 1))
    x = example.x.copy()
    x[changed] += 1.0
    other = toy.compute_toy(toy.ToyExample(**{**vars(example), "x": x}), "causal")
    assert np.allclose(other.out[:changed], run.out[:changed], atol=1e-12)


@FAST
@given(examples(), st.data())
def test_multihead_concat_equals_each_head_alone(example, data):
    heads = data.draw(st.sampled_from(toy.head_choices(example.qkv_width)))
    run = toy.compute_toy(example, "multihead", heads)
    ref = reference(example, "multihead", heads)
    d_k = example.qkv_width // heads
    assert run.concat.shape == (example.n, example.qkv_width)
    assert run.head_out.shape == (heads, example.n, d_k)
    for h in range(heads):
        assert np.allclose(run.concat[:, h * d_k:(h + 1) * d_k], ref["z"][h], atol=1e-10)
    assert np.allclose(run.out, ref["concat"] @ example.w_o, atol=1e-9)


@FAST
@given(examples(), st.floats(0.1, 10.0), st.floats(0.1, 10.0), st.booleans())
def test_entropy_never_falls_as_temperature_rises(example, t1, t2, scaling):
    low, high = sorted((t1, t2))
    cold = toy.compute_toy(example, "temperature", scaling=scaling, temperature=low)
    warm = toy.compute_toy(example, "temperature", scaling=scaling, temperature=high)
    assert (cold.entropy <= warm.entropy + 1e-9).all()
    assert (warm.entropy <= np.log2(cold.weights.shape[-1]) + 1e-9).all()
    sweep = toy.entropy_by_temperature(cold, [low, high])  # the page's curve agrees with single runs
    assert np.allclose(sweep[0], cold.entropy) and np.allclose(sweep[1], warm.entropy)


def test_row_entropy_is_the_one_the_overview_averages():
    weights = np.array([[[[1.0, 0.0, 0.0, 0.0], [0.25, 0.25, 0.25, 0.25]]]])  # (L=1, H=1, n=2, m=4)
    assert np.array_equal(row_entropy(weights), [[[0.0, 2.0]]])  # zero weights add nothing, no NaN
    assert np.array_equal(attention_entropy(weights), [[1.0]])  # the overview: the mean over queries
