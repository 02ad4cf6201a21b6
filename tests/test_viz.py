"""Figure builders that skip Plotly's property checks for speed (viz.style.figure_from_spec): their output
must still pass the full schema, and each panel must draw the map it was given where it belongs."""

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from viz.image_attention import clicked_patch, overlay_grid_figure
from viz.matrix import matrix_figure
from viz.overview import small_multiples_figure
from viz.pipeline import activation_figure
from viz.tokens import head_view_figure, token_bars_figure

IMAGE = (np.random.default_rng(0).random((64, 48, 3)) * 255).astype(np.uint8)  # (H, W, 3), not square
MAPS = np.random.default_rng(1).random((6, 8, 6)).astype(np.float32)  # (K, rows, cols): 8×6 patches of 8×8 px
TITLES = [f"head {i}" for i in range(6)]


def assert_as_if_validated(fig: go.Figure) -> None:
    """The unvalidated figure is what Plotly's checks would have made of it, as the browser gets it (JSON).

    go.Figure(...) raises on any property Plotly does not know or accept, and converts what the
    browser would misread (a colour scale name plotly.js does not know); the JSON shows both.
    """
    validated = go.Figure(fig.to_dict())
    assert json.loads(pio.to_json(fig, validate=False)) == json.loads(pio.to_json(validated, validate=False))


@pytest.mark.parametrize("options", [
    dict(clickable=True, query_cell=(1, 2)),
    dict(clickable=True, query_cell=(1, 2), key_cell=(3, 4), hover_name="어텐션", patch_word="패치"),
    dict(shared_scale=False, columns=4),
    dict(columns=3, opacity=0.3),
])
def test_overlay_grid_is_what_validation_would_make(options):
    assert_as_if_validated(overlay_grid_figure(IMAGE, MAPS, TITLES, **options))


def test_overlay_grid_draws_each_map_on_its_own_panel_over_the_picture():
    fig = overlay_grid_figure(IMAGE, MAPS, TITLES, columns=4, query_cell=(1, 2), clickable=True)
    heatmaps = [t for t in fig.data if t.type == "heatmap"]
    assert len(heatmaps) == 6
    panels = []
    for i, heat in enumerate(heatmaps):
        np.testing.assert_array_equal(heat.z, MAPS[i])
        assert heat.x0 == 4 and heat.dx == 8 and heat.y0 == 4 and heat.dy == 8  # cell centres in image pixels
        panels.append((heat.xaxis, heat.yaxis))
    assert len(set(panels)) == 6
    for (xref, yref), picture in zip(panels, fig.layout.images):
        assert (picture.xref, picture.yref) == (xref, yref) and (picture.sizex, picture.sizey) == (48, 64)
    for (xref, yref), outline in zip(panels, fig.layout.shapes):
        assert (outline.xref, outline.yref) == (xref, yref)
        assert (outline.x0, outline.x1, outline.y0, outline.y1) == (16, 24, 8, 16)  # row 1, column 2
    assert [a.text for a in fig.layout.annotations] == TITLES
    # Panels in reading order: 4 on the first row, left to right, then 2 below.
    x_domains = [fig.layout[x.replace("x", "xaxis")].domain for x, _ in panels]
    y_domains = [fig.layout[y.replace("y", "yaxis")].domain for _, y in panels]
    assert [d[0] for d in x_domains[:4]] == sorted(d[0] for d in x_domains[:4])
    assert y_domains[0] == y_domains[3] and y_domains[4][1] < y_domains[0][0]
    # Each panel keeps the picture's aspect and shows it upright.
    for x, y in panels:
        yaxis = fig.layout[y.replace("y", "yaxis")]
        assert yaxis.scaleanchor == x and tuple(yaxis.range) == (64, 0)


def test_overlay_grid_click_markers_name_the_patch_under_them():
    fig = overlay_grid_figure(IMAGE, MAPS[:1], TITLES[:1], clickable=True)
    markers = next(t for t in fig.data if t.type == "scatter")
    index = 2 * 6 + 5  # row 2, column 5
    assert markers.customdata[index] == index
    assert (markers.x[index], markers.y[index]) == (5.5 * 8, 2.5 * 8)


def test_overlay_grid_outlines_query_and_key_and_speaks_the_pages_language():
    fig = overlay_grid_figure(IMAGE, MAPS[:1], TITLES[:1], query_cell=(1, 2), key_cell=(3, 4),
                              hover_name="어텐션", patch_word="패치")
    outlined = {(round(shape.x0 / 8), round(shape.y0 / 8)) for shape in fig.layout.shapes}
    assert outlined == {(2, 1), (4, 3)}  # (column, row) of each outlined patch
    heat = next(t for t in fig.data if t.type == "heatmap")
    assert "패치 (" in heat.hovertemplate and "어텐션" in heat.hovertemplate and "patch" not in heat.hovertemplate


def test_activation_figure_plots_each_hidden_unit_before_against_after():
    before = np.linspace(-3, 3, 7, dtype=np.float32)
    after = before * (before > 0)
    fig = activation_figure(before, after, "GELU", "before", "after")
    np.testing.assert_array_equal(fig.data[0].x, before)
    np.testing.assert_array_equal(fig.data[0].y, after)
    assert fig.layout.title.text == "GELU"


def test_overlay_grid_shared_scale_spans_all_maps_and_separate_scales_do_not():
    shared = overlay_grid_figure(IMAGE, MAPS, TITLES, shared_scale=True)
    assert (shared.layout.coloraxis.cmin, shared.layout.coloraxis.cmax) == (float(MAPS.min()), float(MAPS.max()))
    assert all(t.coloraxis == "coloraxis" for t in shared.data)
    separate = overlay_grid_figure(IMAGE, MAPS, TITLES, shared_scale=False)
    assert all(t.coloraxis is None and t.zmin is None for t in separate.data)


@pytest.mark.parametrize("values, options", [
    (
        np.random.default_rng(2).random((5, 5)),
        dict(title="<b>x</b>", highlight_row=2, row_title="query", col_title="key"),
    ),
    (np.random.default_rng(3).standard_normal((30, 20)), dict(show_values=False, colorbar=False)),
    (np.array([[1.0, -np.inf], [np.nan, 2.5]]), dict(cell_text=np.array([["1", "-∞"], ["?", "5/2"]]))),
    (np.random.default_rng(4).random((3, 2)), dict(zmin=0.0, zmax=1.0, colorscale="Viridis", font_size=20, height=300)),
])
def test_matrix_figure_is_what_validation_would_make(values, options):
    rows, cols = values.shape
    assert_as_if_validated(
        matrix_figure(values, [f"r{i}" for i in range(rows)], [f"c{j}" for j in range(cols)], **options)
    )


@pytest.mark.parametrize("points, expected", [
    ([{"customdata": 17}], 17),
    ([{"customdata": 0}], 0),
    ([{"customdata": 47}], 47),
    ([{"customdata": 48}], None),  # one past the last patch
    ([{"customdata": -1}], None),
    ([{"customdata": 2.5}], None),
    ([{"customdata": "3"}], None),
    ([{"customdata": [1, 2]}], None),
    ([{"customdata": True}], None),
    ([{"x": 1}], None),
    (["not a point"], None),
    ([{"customdata": -4}, {"customdata": 5}], 5),
    ([], None),
    (None, None),
    (7, None),
    ("17", None),
])
def test_a_forged_click_chooses_no_patch(points, expected):
    assert clicked_patch(points, num_patches=48) == expected


MARKUP = "<a href='https://example.org'>x</a>"


def figure_strings(fig: go.Figure) -> str:
    return json.dumps(fig.to_plotly_json(), default=str, ensure_ascii=False)


@pytest.mark.parametrize("build", [
    lambda: head_view_figure(["[CLS]", MARKUP, "[SEP]"], np.full((3, 3), 1 / 3), query=1),
    lambda: token_bars_figure(["[CLS]", MARKUP], np.array([0.5, 0.5]), title=MARKUP),
    lambda: matrix_figure(np.eye(2), [MARKUP, "b"], ["a", MARKUP], title=MARKUP),
    lambda: small_multiples_figure(MAPS[None, :2], "layer", "head", title=MARKUP),
    lambda: overlay_grid_figure(IMAGE, MAPS[:1], [MARKUP]),
])
def test_user_text_reaches_plotly_escaped_never_as_markup(build):
    text = figure_strings(build())
    assert "<a href" not in text and "&lt;a href='https://example.org'&gt;x&lt;/a&gt;" in text
