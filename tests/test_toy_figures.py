"""The matrix figure the step-through draws every table with."""

import numpy as np


def test_matrix_figure_prints_given_text_and_hides_non_finite_cells():
    from viz.matrix import matrix_figure

    values = np.array([[1.0, -np.inf], [np.nan, 2.5]])
    fig = matrix_figure(values, ["the", "the"], ["<s>", "b"], cell_text=np.array([["1", "-∞"], ["?", "5/2"]]),
                        highlight_row=1)
    trace = fig.data[0]
    assert list(map(list, trace.text)) == [["1", "-∞"], ["?", "5/2"]]
    assert np.isnan(np.asarray(trace.z, dtype=float)[[0, 1], [1, 0]]).all()  # no colour, no hover value
    assert not trace.hoverongaps
    assert len(set(trace.y)) == 2 and trace.x[0] == "&lt;s&gt;"  # repeated labels kept apart; no markup
    assert fig.layout.shapes[0].y0 == 0.5 and fig.layout.shapes[0].y1 == 1.5


def test_matrix_figure_prints_values_only_when_small():
    from viz.matrix import MAX_VALUE_CELLS, matrix_figure

    small = matrix_figure(np.eye(3), list("abc"), list("abc"), decimals=2)
    assert small.data[0].text[0][0] == "1.00" and small.data[0].colorscale  # values printed
    size = MAX_VALUE_CELLS + 1
    large = matrix_figure(np.zeros((size, size)), [str(i) for i in range(size)], [str(i) for i in range(size)])
    assert large.data[0].text is None
    signed = matrix_figure(np.array([[-2.0, 1.0]]), ["r"], ["a", "b"])
    assert (signed.data[0].zmin, signed.data[0].zmax) == (-2.0, 2.0)  # diverging, centred on zero
