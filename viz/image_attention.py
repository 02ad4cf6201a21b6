"""Attention maps laid over the picture the model saw: one panel per head or layer."""

import math
from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from viz.style import ATTENTION_SCALE, FONT, figure_from_spec, image_source, plotly_text


def _panel_axes(count: int, columns: int, h: int, w: int) -> tuple[dict, list[dict]]:
    """Axes for `count` panels of an h×w picture, `columns` to a row, laid out as make_subplots would.

    Returns the layout's axis entries and, per panel, its axis references and title position.
    """
    grid_rows = math.ceil(count / columns)
    hspace, vspace = 0.02, 0.08 / grid_rows
    width, height = (1 - hspace * (columns - 1)) / columns, (1 - vspace * (grid_rows - 1)) / grid_rows
    hidden = dict(showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    axes, panels = {}, []
    for i in range(count):
        r, c = divmod(i, columns)
        s = "" if i == 0 else str(i + 1)
        left, top = c * (width + hspace), 1 - r * (height + vspace)
        axes[f"xaxis{s}"] = dict(domain=[left, left + width], anchor=f"y{s}", range=[0, w], **hidden)
        axes[f"yaxis{s}"] = dict(
            domain=[top - height, top], anchor=f"x{s}", range=[h, 0], scaleanchor=f"x{s}", **hidden
        )
        panels.append(dict(xref=f"x{s}", yref=f"y{s}", centre=left + width / 2, top=top))
    return axes, panels


def overlay_grid_figure(
    image: np.ndarray,
    maps: np.ndarray,
    titles: list[str],
    *,
    columns: int = 4,
    shared_scale: bool = True,
    opacity: float = 0.6,
    query_cell: tuple[int, int] | None = None,
    key_cell: tuple[int, int] | None = None,
    clickable: bool = False,
    hover_name: str = "attention",
    patch_word: str = "patch",
    panel_px: int = 230,
) -> go.Figure:
    """Attention over the image, one panel per map.

    Built as one plain spec, unvalidated (see `figure_from_spec`): this figure is redrawn on every
    layer, head or query change, and make_subplots with Plotly's per-property checks took most of
    that rerun (about 50 of its 70 ms).

    Args:
        image: (H, W, 3) uint8, the picture the model saw.
        maps: (K, rows, cols) values on the patch grid, one map per panel.
        titles: K panel titles.
        shared_scale: one colour scale for all panels (compare heads), else each its own.
        query_cell: (row, col) of the query patch, outlined in every panel.
        key_cell: (row, col) of a key patch (the head finder's), outlined in another colour.
        clickable: add one invisible marker per patch so a click selects it (Streamlit on_select).
        hover_name, patch_word: the words in the hover text, in the page's language.
    """
    k, rows, cols = maps.shape
    h, w = image.shape[:2]
    titles = [plotly_text(title) for title in titles]
    columns = min(columns, k)
    grid_rows = math.ceil(k / columns)
    axes, panels = _panel_axes(k, columns, h, w)
    source = image_source(image)
    zmin, zmax = float(maps.min()), float(maps.max())
    dy, dx = h / rows, w / cols
    cells = np.stack(np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij"), axis=-1)  # (rows, cols, 2)
    centre_x, centre_y = (cells[..., 1].ravel() + 0.5) * dx, (cells[..., 0].ravel() + 0.5) * dy  # (rows·cols,)
    data, images, shapes, annotations = [], [], [], []
    for i, panel in enumerate(panels):
        on_axes = dict(xaxis=panel["xref"], yaxis=panel["yref"])
        scale = dict(coloraxis="coloraxis") if shared_scale else dict(colorscale=ATTENTION_SCALE, showscale=k == 1)
        data.append(dict(
            type="heatmap", z=maps[i], x0=dx / 2, dx=dx, y0=dy / 2, dy=dy, opacity=opacity, customdata=cells,
            hovertemplate=f"{titles[i]}<br>{patch_word} (%{{customdata[0]}},%{{customdata[1]}})<br>"
            f"{hover_name} %{{z:.4f}}<extra></extra>",
            **scale, **on_axes,
        ))
        if clickable:
            data.append(dict(
                type="scatter", x=centre_x, y=centre_y, mode="markers", customdata=np.arange(rows * cols),
                marker=dict(
                    size=max(6, panel_px / max(rows, cols) * 0.8), symbol="square", opacity=0.01, color="white"
                ),
                hoverinfo="none", showlegend=False, **on_axes,
            ))
        on_panel = dict(xref=panel["xref"], yref=panel["yref"])
        images.append(dict(
            source=source, x=0, y=0, sizex=w, sizey=h, xanchor="left", yanchor="top", layer="below", sizing="stretch",
            **on_panel,
        ))
        for cell, colour in ((query_cell, "#00e5ff"), (key_cell, "#ff9f1c")):
            if cell is not None:
                r, c = cell
                shapes.append(dict(
                    type="rect", x0=c * dx, x1=(c + 1) * dx, y0=r * dy, y1=(r + 1) * dy,
                    line=dict(color=colour, width=2), **on_panel,
                ))
        annotations.append(dict(
            text=titles[i], x=panel["centre"], y=panel["top"], xref="paper", yref="paper",
            xanchor="center", yanchor="bottom", showarrow=False, font=dict(size=16),
        ))
    layout = dict(
        **axes, images=images, annotations=annotations,
        height=grid_rows * panel_px + 60, margin=dict(l=10, r=10, t=40, b=10), font=FONT,
        clickmode="event+select", dragmode=False, plot_bgcolor="rgba(0,0,0,0)",
    )
    if shapes:
        layout["shapes"] = shapes
    if shared_scale:
        layout["coloraxis"] = dict(colorscale=ATTENTION_SCALE, cmin=zmin, cmax=zmax, colorbar=dict(thickness=12))
    return figure_from_spec(dict(data=data, layout=layout))


def overlay_steps_figure(
    image: np.ndarray,
    maps: np.ndarray,
    step_titles: list[str],
    opacity: float = 0.6,
    slider_label: str = "",
) -> go.Figure:
    """One overlay with a slider over K maps (K, rows, cols): the browser switches steps with no server round trip."""
    k, rows, cols = maps.shape
    h, w = image.shape[:2]
    dy, dx = h / rows, w / cols

    def heat(i):
        return go.Heatmap(
            z=maps[i], x0=dx / 2, dx=dx, y0=dy / 2, dy=dy, opacity=opacity, colorscale=ATTENTION_SCALE,
            zmin=float(maps[i].min()), zmax=float(maps[i].max()), colorbar=dict(thickness=12),
            hovertemplate="%{z:.4f}<extra></extra>",
        )

    fig = go.Figure(data=[heat(k - 1)], frames=[go.Frame(data=[heat(i)], name=str(i)) for i in range(k)])
    fig.add_layout_image(
        source=image_source(image), x=0, y=0, sizex=w, sizey=h, xref="x", yref="y", layer="below", sizing="stretch"
    )
    fig.update_xaxes(range=[0, w], visible=False)
    fig.update_yaxes(range=[h, 0], visible=False, scaleanchor="x")
    fig.update_layout(
        height=480, margin=dict(l=10, r=10, t=30, b=10), font=FONT, plot_bgcolor="rgba(0,0,0,0)",
        sliders=[dict(
            active=k - 1, currentvalue=dict(prefix=slider_label),
            steps=[
                dict(
                    label=step_titles[i], method="animate",
                    args=[
                        [str(i)],
                        dict(mode="immediate", frame=dict(duration=0, redraw=True), transition=dict(duration=0)),
                    ],
                )
                for i in range(k)
            ],
        )],
    )
    return fig


def clicked_patch(points: list, num_patches: int) -> int | None:
    """The patch a click on `overlay_grid_figure(clickable=True)` chose, or None.

    The selection comes back from the browser, so it is checked, not trusted: only a whole
    number in 0..num_patches-1, as the clickable markers' customdata holds, counts.
    """
    for point in points if isinstance(points, list) else ():
        value = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < num_patches:
            return value
    return None
