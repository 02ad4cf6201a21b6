"""Summaries across layers and heads: small multiples and head statistics."""

import numpy as np
import plotly.graph_objects as go

from viz.style import ATTENTION_SCALE, FONT, plotly_text


def mosaic(maps: np.ndarray) -> np.ndarray:
    """(A, B, r, c) -> (A·(r+1) - 1, B·(c+1) - 1): tiles with a NaN gutter, so one heatmap draws them all."""
    a, b, r, c = maps.shape
    out = np.full((a * (r + 1) - 1, b * (c + 1) - 1), np.nan, dtype=np.float32)
    for i in range(a):
        for j in range(b):
            out[i * (r + 1) : i * (r + 1) + r, j * (c + 1) : j * (c + 1) + c] = maps[i, j]
    return out


def small_multiples_figure(
    maps: np.ndarray,
    row_label: str,
    col_label: str,
    title: str = "",
    normalise_each: bool = True,
) -> go.Figure:
    """Every (row, col) map as a tile of one heatmap: layers down, heads across.

    Args:
        maps: (A, B, r, c), e.g. (layers, heads, grid rows, grid cols).
        normalise_each: scale each tile to its own maximum, so weak heads still show their pattern.
    """
    a, b, r, c = maps.shape
    if normalise_each:
        maps = maps / np.maximum(maps.max(axis=(-2, -1), keepdims=True), 1e-12)
    z = mosaic(maps)
    fig = go.Figure(go.Heatmap(z=z, colorscale=ATTENTION_SCALE, showscale=False, hoverinfo="skip"))
    fig.update_xaxes(
        tickvals=[j * (c + 1) + (c - 1) / 2 for j in range(b)], ticktext=[f"{col_label} {j}" for j in range(b)],
        side="top", showgrid=False, zeroline=False,
    )
    fig.update_yaxes(
        tickvals=[i * (r + 1) + (r - 1) / 2 for i in range(a)], ticktext=[f"{row_label} {i}" for i in range(a)],
        autorange="reversed", scaleanchor="x", showgrid=False, zeroline=False,
    )
    tile = max(40, min(110, 900 // max(b, 1)))
    fig.update_layout(
        title=plotly_text(title), height=a * tile + 120, margin=dict(l=10, r=10, t=80, b=10), font=FONT,
        plot_bgcolor="white",
    )
    return fig


def head_stats_figure(distance: np.ndarray | None, entropy: np.ndarray, labels: dict[str, str]) -> go.Figure:
    """One dot per head: layer across; mean attention distance (images) or entropy (text) up.

    Args:
        distance: (L, H) mean attention distance in pixels, or None for text.
        entropy: (L, H) mean row entropy in bits.
        labels: axis and hover names: "layer", "head", "distance", "entropy".
    """
    num_layers, num_heads = entropy.shape
    y = distance if distance is not None else entropy
    layer, head = np.meshgrid(np.arange(num_layers), np.arange(num_heads), indexing="ij")
    jitter = (head - (num_heads - 1) / 2) * 0.03
    fig = go.Figure(go.Scatter(
        x=(layer + jitter).ravel(), y=y.ravel(), mode="markers",
        marker=dict(
            size=11, color=entropy.ravel(), colorscale="Viridis", colorbar=dict(title=labels["entropy"], thickness=12),
            line=dict(width=0.5, color="white"),
        ),
        customdata=np.stack([layer.ravel(), head.ravel(), entropy.ravel()], axis=-1),
        hovertemplate=f"{labels['layer']} %{{customdata[0]}}, {labels['head']} %{{customdata[1]}}<br>"
        + (f"{labels['distance']} %{{y:.1f}}<br>" if distance is not None else "")
        + f"{labels['entropy']} %{{customdata[2]:.2f}}<extra></extra>",
    ))
    fig.update_xaxes(title=labels["layer"], tickvals=list(range(num_layers)))
    fig.update_yaxes(title=labels["distance"] if distance is not None else labels["entropy"], rangemode="tozero")
    fig.update_layout(height=380, margin=dict(l=10, r=10, t=30, b=10), font=FONT)
    return fig
