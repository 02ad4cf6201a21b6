"""The cost panel against the formulas: attention's FLOPs and bytes, and Table 1 of Vaswani et
al. (2017) with its crossing point n = d."""

import math

import numpy as np
import pytest

from model import toy
from viz.toy_figures import layer_cost_figure


def test_attention_cost_formulas():
    cost = toy.attention_cost([10, 100], d=64, heads=4)
    for i, n in enumerate((10, 100)):
        assert cost.score_flops[i] == 2 * 2 * n * n * 64  # Q·Kᵀ and weights·V, a multiply-add = 2 FLOPs
        assert cost.projection_flops[i] == 4 * 2 * n * 64 * 64  # W_Q, W_K, W_V, W_O
        assert cost.matrix_bytes[i] == 4 * n * n * 4  # 4 heads of n × n float32


@pytest.mark.parametrize("n,d,k", [(512, 768, 3), (10, 64, 2), (1000, 64, 5)])
def test_table_rows_are_the_papers(n, d, k):
    rows = toy.layer_comparison(n, [n], d, k).rows
    assert [row.layer for row in rows] == ["self-attention", "recurrent", "convolutional"]
    assert [row.per_layer_value for row in rows] == [n * n * d, n * d * d, k * n * d * d]
    assert [row.sequential_value for row in rows] == [1, n, 1]
    assert [row.path_value for row in rows] == [1, n, math.ceil(math.log(n, k) - 1e-12)]
    assert [row.per_layer for row in rows] == ["O(n²·d)", "O(n·d²)", "O(k·n·d²)"]


def test_curves_cross_where_n_equals_d():
    d = 256
    lengths = np.array([16, 128, 255, 256, 257, 4096])
    comparison = toy.layer_comparison(512, lengths, d, 3)
    attention, recurrent, convolution = comparison.per_layer
    assert np.array_equal(attention, lengths**2 * d) and np.array_equal(recurrent, lengths * d**2)
    assert np.array_equal(convolution, 3 * lengths * d**2)
    assert comparison.crossing == d
    assert ((attention < recurrent) == (lengths < d)).all()
    assert attention[lengths == d] == recurrent[lengths == d]


def test_layer_figure_draws_every_curve_and_the_crossing():
    comparison = toy.layer_comparison(100, [2, 10, 100, 1000], 64, 3)
    fig = layer_cost_figure(comparison.lengths, comparison.per_layer, ["a", "b", "c"], comparison.crossing,
                            title="t", n_title="n", cost_title="c", crossing_label="n = d")
    assert [trace.name for trace in fig.data] == ["a", "b", "c"]
    for trace, curve in zip(fig.data, comparison.per_layer):
        assert np.array_equal(trace.y, curve) and np.array_equal(trace.x, comparison.lengths)
    assert fig.layout.shapes[0].x0 == fig.layout.shapes[0].x1 == 64
