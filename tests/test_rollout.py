"""Rollout, flow and gradient rollout against hand computations and invariants."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from model.rollout import (
    attention_flow,
    attention_rollout,
    gradient_rollout,
    residual_attention,
    rollout_by_layer,
)

# Two layers, one head, three tokens; rows are queries. Worked by hand:
# layer 1: 0.5·A1 + 0.5·I = [[.75,.25,0],[0,.75,.25],[.25,0,.75]] (rows already sum to 1)
# layer 2: 0.5·A2 + 0.5·I = [[1,0,0],[.5,.5,0],[.5,0,.5]]
# rollout = R2 · R1 = [[.75,.25,0],[.375,.5,.125],[.5,.125,.375]]
A1 = [[0.5, 0.5, 0.0], [0.0, 0.5, 0.5], [0.5, 0.0, 0.5]]
A2 = [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
HAND = [[0.75, 0.25, 0.0], [0.375, 0.5, 0.125], [0.5, 0.125, 0.375]]


def test_rollout_matches_hand_computed_three_token_case():
    weights = np.array([[A1], [A2]], dtype=np.float32)  # (L=2, H=1, N=3, N=3)
    np.testing.assert_allclose(attention_rollout(weights), HAND, atol=1e-6)


def test_renormalisation_is_per_query_row():
    # After discarding, rows no longer sum to 1; each row (not column) is rescaled.
    fused = np.array([[0.6, 0.3, 0.1], [0.2, 0.2, 0.6], [0.1, 0.8, 0.1]])
    a = residual_attention(fused, discard_ratio=0.5, num_prefix_tokens=1)
    np.testing.assert_allclose(a.sum(axis=1), 1.0)
    assert not np.allclose(a.sum(axis=0), 1.0)


def test_discard_never_touches_the_cls_column():
    fused = np.full((4, 4), 0.01)
    fused[:, 0] = 0.001  # the smallest entries all sit in the [CLS] column
    a = residual_attention(fused, discard_ratio=0.9, num_prefix_tokens=1)
    assert np.all(a[:, 0] > 0)
    assert np.count_nonzero(a[:, 1:] == 0) > 0


def test_head_fusion_choices_differ_and_start_layer_skips_layers():
    rng = np.random.default_rng(0)
    raw = rng.random((3, 4, 5, 5))
    weights = raw / raw.sum(-1, keepdims=True)
    fused = {how: attention_rollout(weights, head_fusion=how) for how in ("mean", "max", "min")}
    assert not np.allclose(fused["mean"], fused["max"]) and not np.allclose(fused["mean"], fused["min"])
    assert rollout_by_layer(weights, start_layer=1).shape == (2, 5, 5)
    np.testing.assert_allclose(
        attention_rollout(weights, start_layer=2), residual_attention(weights[2].mean(0)), atol=1e-6
    )


def row_stochastic(shape):
    return arrays(np.float64, shape, elements=st.floats(0.0, 1.0)).map(
        lambda a: (a + 1e-3) / (a + 1e-3).sum(-1, keepdims=True)
    )


@settings(max_examples=40, deadline=None)
@given(
    weights=st.integers(2, 7).flatmap(lambda n: row_stochastic((3, 2, n, n))),
    fusion=st.sampled_from(["mean", "max", "min"]),
    discard=st.floats(0.0, 0.95),
)
def test_rollout_rows_are_stochastic(weights, fusion, discard):
    r = attention_rollout(weights, head_fusion=fusion, discard_ratio=discard)
    assert np.all(r >= 0)
    np.testing.assert_allclose(r.sum(-1), 1.0, atol=1e-5)


def test_flow_on_a_chain_is_the_bottleneck():
    # One layer; [CLS] takes everything from token 2 (after the residual half stays on itself).
    weights = np.array([[[[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]]])
    flow = attention_flow(weights)
    np.testing.assert_allclose(flow, [0.5, 0.0, 0.5], atol=1e-5)


def test_flow_refuses_long_inputs():
    with pytest.raises(ValueError, match="64 tokens"):
        attention_flow(np.full((1, 1, 65, 65), 1 / 65))


def test_gradient_rollout_keeps_only_positive_relevance():
    weights = np.array([[[[0.5, 0.5], [0.5, 0.5]]]])
    grads = np.array([[[[2.0, -2.0], [0.0, 4.0]]]])
    # cam = max(g·A, 0) = [[1, 0], [0, 2]]; R = I + cam·I
    np.testing.assert_allclose(gradient_rollout(weights, grads), [[2.0, 0.0], [0.0, 3.0]])
