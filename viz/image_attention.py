"""Attention maps laid over the picture the model saw: one panel per head or layer."""

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.style import ATTENTION_SCALE, FONT, image_source


def _add_picture(fig: go.Figure, source: str, size: tuple[int, int], row: int, col: int) -> None:
    h, w = size
    fig.add_layout_image(
        source=source, x=0, y=0, sizex=w, sizey=h, xanchor="left", yanchor="top",
        xref="x", yref="y", layer="below", sizing="stretch", row=row, col=col,
    )


def overlay_grid_figure(
    image: np.ndarray,
    maps: np.ndarray,
    titles: list[str],
    *,
    columns: int = 4,
    shared_scale: bool = True,
    opacity: float = 0.6,
    query_cell: tuple[int, int] | None = None,
    clickable: bool = False,
    hover_name: str = "attention",
    panel_px: int = 230,
) -> go.Figure:
    """Attention over the image, one panel per map.

    Args:
        image: (H, W, 3) uint8, the picture the model saw.
        maps: (K, rows, cols) values on the patch grid, one map per panel.
        titles: K panel titles.
        shared_scale: one colour scale for all panels (compare heads), else each its own.
        query_cell: (row, col) of the query patch, outlined in every panel.
        clickable: add one invisible marker per patch so a click selects it (Streamlit on_select).
    """
    k, rows, cols = maps.shape
    h, w = image.shape[:2]
    columns = min(columns, k)
    grid_rows = math.ceil(k / columns)
    fig = make_subplots(rows=grid_rows, cols=columns, subplot_titles=titles, horizontal_spacing=0.02, vertical_spacing=0.08 / grid_rows)
    source = image_source(image)
    zmin, zmax = float(maps.min()), float(maps.max())
    dy, dx = h / rows, w / cols
    for i in range(k):
        r, c = divmod(i, columns)
        fig.add_trace(
            go.Heatmap(
                z=maps[i], x0=dx / 2, dx=dx, y0=dy / 2, dy=dy, opacity=opacity, colorscale=ATTENTION_SCALE,
                zmin=zmin if shared_scale else None, zmax=zmax if shared_scale else None,
                coloraxis="coloraxis" if shared_scale else None, showscale=not shared_scale and k == 1,
                hovertemplate=f"{titles[i]}<br>patch (%{{customdata[0]}},%{{customdata[1]}})<br>{hover_name} %{{z:.4f}}<extra></extra>",
                customdata=np.stack(np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij"), axis=-1),
            ),
            row=r + 1, col=c + 1,
        )
        _add_picture(fig, source, (h, w), r + 1, c + 1)
        if clickable:
            centres_r, centres_c = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
            fig.add_trace(
                go.Scatter(
                    x=(centres_c.ravel() + 0.5) * dx, y=(centres_r.ravel() + 0.5) * dy, mode="markers",
                    marker=dict(size=max(6, panel_px / max(rows, cols) * 0.8), symbol="square", opacity=0.01, color="white"),
                    customdata=np.arange(rows * cols), hoverinfo="none", showlegend=False,
                ),
                row=r + 1, col=c + 1,
            )
        if query_cell is not None:
            qr, qc = query_cell
            fig.add_shape(
                type="rect", x0=qc * dx, x1=(qc + 1) * dx, y0=qr * dy, y1=(qr + 1) * dy,
                line=dict(color="#00e5ff", width=2), row=r + 1, col=c + 1,
            )
    fig.update_xaxes(range=[0, w], showticklabels=False, showgrid=False, zeroline=False, constrain="domain")
    fig.update_yaxes(range=[h, 0], showticklabels=False, showgrid=False, zeroline=False, scaleanchor="x", constrain="domain")
    for i in range(2, k + 1):
        fig.update_yaxes(scaleanchor=f"x{i}", row=(i - 1) // columns + 1, col=(i - 1) % columns + 1)
    if shared_scale:
        fig.update_layout(coloraxis=dict(colorscale=ATTENTION_SCALE, cmin=zmin, cmax=zmax, colorbar=dict(thickness=12)))
    fig.update_layout(
        height=grid_rows * panel_px + 60, margin=dict(l=10, r=10, t=40, b=10), font=FONT,
        clickmode="event+select", dragmode=False, plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def overlay_steps_figure(image: np.ndarray, maps: np.ndarray, step_titles: list[str], opacity: float = 0.6, slider_label: str = "") -> go.Figure:
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
    fig.add_layout_image(source=image_source(image), x=0, y=0, sizex=w, sizey=h, xref="x", yref="y", layer="below", sizing="stretch")
    fig.update_xaxes(range=[0, w], visible=False)
    fig.update_yaxes(range=[h, 0], visible=False, scaleanchor="x")
    fig.update_layout(
        height=480, margin=dict(l=10, r=10, t=30, b=10), font=FONT, plot_bgcolor="rgba(0,0,0,0)",
        sliders=[dict(
            active=k - 1, currentvalue=dict(prefix=slider_label),
            steps=[dict(label=step_titles[i], method="animate", args=[[str(i)], dict(mode="immediate", frame=dict(duration=0, redraw=True), transition=dict(duration=0))]) for i in range(k)],
        )],
    )
    return fig
