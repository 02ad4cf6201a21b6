"""The head finder ranks every head by one query → key weight, exactly as a plain loop over the trace finds it."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.head_finder import rank_heads, token_index
from model.text.trace import trace_text

SENTENCE = "The animal didn't cross the street because it was too tired"


def brute_force(weights: np.ndarray, query: int, key: int) -> list[tuple[float, int, int]]:
    """Every (weight, layer, head), by a loop over the layers and heads, largest weight first."""
    found = []
    for layer in range(weights.shape[0]):
        for head in range(weights.shape[1]):
            found.append((float(weights[layer, head, query, key]), layer, head))
    return sorted(found, key=lambda entry: -entry[0])


def assert_same_ranking(weights, query, key):
    ranking = rank_heads(weights, query, key)
    expected = brute_force(weights, query, key)
    assert len(ranking.weights) == len(expected)
    np.testing.assert_array_equal(ranking.weights, [w for w, _, _ in expected])
    for layer, head, weight in zip(ranking.layers, ranking.heads, ranking.weights):
        assert weights[layer, head, query, key] == weight  # each entry names the head that has its weight
    assert len({(int(a), int(b)) for a, b in zip(ranking.layers, ranking.heads)}) == len(expected)  # each head once


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 6), st.data())
def test_ranking_matches_a_loop_over_random_weights(layers, heads, n, data):
    seed = data.draw(st.integers(0, 2**16))
    weights = np.random.default_rng(seed).dirichlet(np.ones(n), size=(layers, heads, n)).astype(np.float32)
    assert_same_ranking(weights, data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1)))


@pytest.fixture(scope="module")
def traced(minilm):
    return trace_text(minilm, SENTENCE)


def test_ranking_matches_a_loop_over_a_real_trace(traced):
    query, key = token_index(traced.tokens, "it"), token_index(traced.tokens, "animal")
    assert_same_ranking(traced.weights, query, key)
    ranking = rank_heads(traced.weights, query, key)
    assert ranking.weights[0] == traced.weights[:, :, query, key].max()


def test_token_index_finds_the_first_whole_token_only():
    tokens = ("[CLS]", "The", "animal", "it", "it", "[SEP]")
    assert token_index(tokens, "the") == 1
    assert token_index(tokens, "it") == 3
    assert token_index(tokens, "anim") is None
