"""The ViT's input pipeline as the papers draw it: patch grid, position-embedding similarity."""

import numpy as np
import plotly.graph_objects as go

from viz.overview import mosaic
from viz.style import FONT, image_source, plotly_text


def patch_grid_figure(image: np.ndarray, grid: tuple[int, int], highlight: list[int] = ()) -> go.Figure:
    """The picture cut into patches, numbered in the order they become tokens; `highlight` patches outlined."""
    h, w = image.shape[:2]
    rows, cols = grid
    dy, dx = h / rows, w / cols
    fig = go.Figure()
    fig.add_layout_image(
        source=image_source(image), x=0, y=0, sizex=w, sizey=h, xref="x", yref="y", layer="below", sizing="stretch"
    )
    for r in range(rows + 1):
        fig.add_shape(type="line", x0=0, x1=w, y0=r * dy, y1=r * dy, line=dict(color="white", width=1))
    for c in range(cols + 1):
        fig.add_shape(type="line", x0=c * dx, x1=c * dx, y0=0, y1=h, line=dict(color="white", width=1))
    for index in highlight:
        r, c = divmod(index, cols)
        fig.add_shape(
            type="rect", x0=c * dx, x1=(c + 1) * dx, y0=r * dy, y1=(r + 1) * dy, line=dict(color="#00e5ff", width=3)
        )
    if rows * cols <= 256:
        rr, cc = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
        fig.add_trace(go.Scatter(
            x=((cc + 0.5) * dx).ravel(), y=((rr + 0.5) * dy).ravel(), mode="text",
            text=[str(i + 1) for i in range(rows * cols)],
            textfont=dict(color="white", size=10), hoverinfo="skip", showlegend=False,
        ))
    fig.update_xaxes(range=[0, w], visible=False)
    fig.update_yaxes(range=[h, 0], visible=False, scaleanchor="x")
    fig.update_layout(height=420, margin=dict(l=5, r=5, t=5, b=5), font=FONT, plot_bgcolor="rgba(0,0,0,0)")
    return fig


def position_similarity_figure(similarity: np.ndarray, grid: tuple[int, int], title: str = "") -> go.Figure:
    """(P, P) cosine similarities as a grid of grids: tile (r, c) shows patch (r, c)'s similarity to every patch."""
    rows, cols = grid
    tiles = similarity.reshape(rows, cols, rows, cols)
    fig = go.Figure(go.Heatmap(
        z=mosaic(tiles), colorscale="Viridis", zmin=-1, zmax=1, colorbar=dict(thickness=12), hoverinfo="skip"
    ))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x")
    fig.update_layout(title=plotly_text(title), height=460, margin=dict(l=5, r=5, t=40 if title else 5, b=5), font=FONT)
    return fig


def activation_figure(before: np.ndarray, after: np.ndarray, name: str, x_title: str, y_title: str) -> go.Figure:
    """One dot per hidden unit of one token: its value before (x) and after (y) the activation.

    The dots trace the activation's own curve (GELU: about 0 for negative inputs, about x for large ones).
    """
    fig = go.Figure(go.Scatter(
        x=before, y=after, mode="markers", marker=dict(size=4, color="#4c78a8", opacity=0.6),
        hovertemplate=f"{plotly_text(x_title)} %{{x:.4f}}<br>{plotly_text(y_title)} %{{y:.4f}}<extra></extra>",
    ))
    fig.update_xaxes(title=plotly_text(x_title), zeroline=True)
    fig.update_yaxes(title=plotly_text(y_title), zeroline=True)
    fig.update_layout(title=plotly_text(name), height=300, margin=dict(l=10, r=10, t=40, b=10), font=FONT)
    return fig
