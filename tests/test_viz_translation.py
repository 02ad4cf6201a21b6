"""The Translation page's figures (viz/translation.py): each draws the arrays it is given where they belong,
escapes the words, and passes Plotly's full checks."""

import numpy as np
import pytest

from tests.test_viz import assert_as_if_validated
from viz.translation import (
    CHOSEN,
    alignment_figure,
    alignment_grid_figure,
    causal_matrix_figure,
    exact_match_figure,
    top_words_figure,
    vector_strip_figure,
)

RNG = np.random.default_rng(0)
SOURCE = ["나", "는", "학생", "입니다", "</s>"]
OUTPUT = ["i", "am", "a", "student", "</s>"]


def softmax_rows(shape) -> np.ndarray:
    x = np.exp(RNG.normal(size=shape))
    return (x / x.sum(-1, keepdims=True)).astype(np.float32)


def causal_rows(n: int) -> np.ndarray:
    """(n, n) softmax rows over keys 0..t only: what a masked decoder self-attention gives."""
    x = np.where(np.tril(np.ones((n, n), dtype=bool)), np.exp(RNG.normal(size=(n, n))), 0.0)
    return (x / x.sum(-1, keepdims=True)).astype(np.float32)


def test_alignment_has_one_row_per_output_word_and_one_column_per_source_word_on_a_fixed_scale():
    weights = softmax_rows((5, 5))
    fig = alignment_figure(weights, OUTPUT, SOURCE, row_title="output", col_title="source", highlight_row=2)
    heat = fig.data[0]
    assert np.asarray(heat.z).shape == (5, 5)
    np.testing.assert_allclose(np.asarray(heat.z, dtype=float), weights, atol=1e-7)
    assert list(heat.y) == ["i", "am", "a", "student", "&lt;/s&gt;"]  # "</s>" is shown, never read as a tag
    assert list(heat.x) == ["나", "는", "학생", "입니다", "&lt;/s&gt;"]
    assert (heat.zmin, heat.zmax) == (0.0, 1.0)
    assert_as_if_validated(fig)


def test_alignment_grid_puts_each_model_on_its_own_panel_with_one_colour_scale():
    panels = [(f"kind {k}", softmax_rows((t, 5)), OUTPUT[:t], SOURCE) for k, t in enumerate((5, 4, 3, 5))]
    fig = alignment_grid_figure(panels)
    heatmaps = [trace for trace in fig.data if trace.type == "heatmap"]
    assert len(heatmaps) == 4
    assert len({(h.xaxis, h.yaxis) for h in heatmaps}) == 4
    for heat, (_, weights, output, _) in zip(heatmaps, panels):
        assert np.asarray(heat.z).shape == weights.shape and len(heat.y) == len(output)
        assert heat.coloraxis == "coloraxis"
    assert (fig.layout.coloraxis.cmin, fig.layout.coloraxis.cmax) == (0.0, 1.0)
    assert [a.text for a in fig.layout.annotations] == [p[0] for p in panels]
    assert_as_if_validated(fig)


def test_alignment_grid_refuses_labels_that_do_not_fit_the_weights():
    with pytest.raises(ValueError):
        alignment_grid_figure([("x", softmax_rows((3, 5)), OUTPUT, SOURCE)])


@pytest.mark.parametrize("n", [1, 2, 5, 14])
def test_causal_matrix_draws_the_upper_triangle_as_zero_and_shades_exactly_it(n):
    tokens = ["<s>"] + [f"w{i}" for i in range(n - 1)]
    weights = causal_rows(n)
    fig = causal_matrix_figure(weights, tokens, title="L0 H0", highlight_row=0)
    z = np.asarray(fig.data[0].z, dtype=float)
    assert z.shape == (n, n)
    assert np.all(z[np.triu_indices(n, k=1)] == 0.0)
    if n <= 12:  # small enough for the numbers to be printed: the masked cells say 0
        text = np.asarray(fig.data[0].text, dtype=object)
        assert all(text[i, j] == "0" for i, j in zip(*np.triu_indices(n, k=1)))
        assert text[n - 1, 0] != "0" or weights[n - 1, 0] == 0
    shaded = [s for s in fig.layout.shapes if s.type == "path"]
    assert len(shaded) == (1 if n > 1 else 0)
    if n > 1:  # the path's corners: from the first upper cell's left edge round the staircase
        corners = [tuple(map(float, p.split(","))) for p in shaded[0].path[2:-2].split(" L ")]
        xs, ys = zip(*corners)
        assert min(xs) == 0.5 and max(xs) == n - 0.5 and min(ys) == -0.5 and max(ys) == n - 1.5
    assert_as_if_validated(fig)


def test_vector_strip_is_one_row_of_c_cells():
    values = RNG.normal(size=96).astype(np.float32)
    fig = vector_strip_figure(values, "s_3", title="state")
    heat = fig.data[0]
    assert np.asarray(heat.z).shape == (1, 96)
    assert list(heat.y) == ["s_3"] and len(heat.x) == 96
    assert_as_if_validated(fig)


def test_top_words_puts_the_likeliest_on_top_and_marks_the_chosen_one():
    words, probs = ["student", "teacher", "<unk>", "boy", "girl"], [0.7, 0.2, 0.05, 0.03, 0.02]
    fig = top_words_figure(words, probs, chosen=1, title="step 4")
    bar = fig.data[0]
    assert list(bar.y)[::-1] == ["student", "teacher", "&lt;unk&gt;", "boy", "girl"]  # drawn bottom-up
    assert list(bar.x)[::-1] == probs
    colours = list(bar.marker.color)[::-1]
    assert colours[1] == CHOSEN and colours.count(CHOSEN) == 1
    assert_as_if_validated(fig)


def test_exact_match_draws_one_line_per_model_and_shades_what_is_longer_than_training():
    curves = [("no attention", [5, 6, 20], [0.8, 0.6, 0.0], [10, 20, 1]),
              ("additive <Bahdanau>", [5, 6, 20], [1.0, 1.0, 0.7], [10, 20, 1])]
    fig = exact_match_figure(curves, 16, title="t", x_title="length", y_title="exact", beyond="longer",
                             count_name="sentences")
    lines = [trace for trace in fig.data if trace.type == "scatter"]
    assert [line.name for line in lines] == ["no attention", "additive &lt;Bahdanau&gt;"]
    assert list(lines[1].y) == [1.0, 1.0, 0.7] and list(lines[1].customdata) == [10, 20, 1]
    edges = [shape for shape in fig.layout.shapes if shape.type == "line"]
    assert [edge.x0 for edge in edges] == [16.5]
    shaded = [shape for shape in fig.layout.shapes if shape.type == "rect"]
    assert shaded[0].x0 == 16.5 and shaded[0].x1 == 20.5
    assert "longer" in fig.layout.annotations[0].text
    assert_as_if_validated(fig)
