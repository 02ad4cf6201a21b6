"""Why ÷√d_k: the sampled dot products have the variance the text claims (d_k before, 1 after),
the softmax saturates without the division, and the figure draws exactly the samples."""

import math

import numpy as np
import pytest

from model import toy
from viz.toy_figures import dot_product_histogram_figure

WIDTHS = (1, 4, 16, 64, 256, 512)


@pytest.mark.parametrize("d_k", WIDTHS)
def test_variance_is_d_k_before_and_one_after(d_k):
    sample = toy.dot_product_sample(d_k, seed=0)  # 4000 dot products
    assert sample.raw.shape == sample.scaled.shape == (4000,)
    assert abs(sample.raw.var() / d_k - 1) < 0.1
    assert abs(sample.scaled.var() - 1) < 0.1
    assert np.allclose(sample.scaled, sample.raw / math.sqrt(d_k))


def test_softmax_saturates_without_the_division_and_not_with_it():
    samples = [toy.dot_product_sample(d_k, keys=8) for d_k in WIDTHS]
    raw = [s.top_weight_raw for s in samples]
    assert raw == sorted(raw) and raw[-1] > 0.9  # one key takes nearly all the weight
    scaled = [s.top_weight_scaled for s in samples]
    assert max(scaled) - min(scaled) < 0.1 and max(scaled) < 0.5  # about the same at every width
    assert samples[0].top_weight_raw == samples[0].top_weight_scaled  # √1 = 1


def test_mean_top_weight_is_the_softmax_maximum():
    sample = toy.dot_product_sample(16, rows=3, keys=5, seed=2)
    rows = sample.raw.reshape(3, 5)
    weights = np.exp(rows) / np.exp(rows).sum(axis=1, keepdims=True)  # plain softmax, no shift
    assert math.isclose(sample.top_weight_raw, weights.max(axis=1).mean(), rel_tol=1e-12)


def test_a_width_always_gives_the_same_draw():
    first, again = toy.dot_product_sample(64, seed=5), toy.dot_product_sample(64, seed=5)
    assert np.array_equal(first.raw, again.raw)
    assert not np.array_equal(first.raw, toy.dot_product_sample(64, seed=6).raw)


def test_histogram_draws_both_samples_on_shared_bins():
    sample = toy.dot_product_sample(64)
    fig = dot_product_histogram_figure(sample.raw, sample.scaled, title="t", raw_name="before",
                                       scaled_name="after", value_title="score", density_title="density")
    before, after = fig.data
    assert np.array_equal(before.x, sample.raw) and np.array_equal(after.x, sample.scaled)
    assert before.xbins == after.xbins
    low, high = fig.layout.xaxis.range
    assert low <= sample.raw.min() and high >= sample.raw.max()
