"""Token-to-token views for text: the head view with lines between tokens, and rollout bars."""

import numpy as np
import plotly.graph_objects as go

from viz.style import FONT, plotly_text

LINE_BINS = 6  # lines are grouped by strength into this many traces, not one trace per line


def head_view_figure(
    tokens: list[str],
    weights: np.ndarray,
    query: int | None = None,
    min_weight: float = 0.02,
    color: str = "#e45756",
) -> go.Figure:
    """Queries on the left, keys on the right, a line per weight ≥ min_weight; stronger is darker.

    Args:
        weights: (N, N) one head's attention, rows are queries.
        query: draw only this query's lines (the others are hidden), or None for all.
    """
    tokens = [plotly_text(token) for token in tokens]
    n = len(tokens)
    y = -np.arange(n)
    rows = [query] if query is not None else range(n)
    edges = [(i, j, weights[i, j]) for i in rows for j in range(n) if weights[i, j] >= min_weight]
    fig = go.Figure()
    bins = np.linspace(min_weight, max([w for *_, w in edges], default=1.0) + 1e-9, LINE_BINS + 1)
    for b in range(LINE_BINS):
        segment_x, segment_y, hover = [], [], []
        for i, j, w in edges:
            if bins[b] <= w < bins[b + 1]:
                segment_x += [0, 1, None]
                segment_y += [y[i], y[j], None]
                hover += [f"{tokens[i]} → {tokens[j]}: {w:.3f}"] * 2 + [None]
        if segment_x:
            strength = (b + 1) / LINE_BINS
            fig.add_trace(go.Scatter(
                x=segment_x, y=segment_y, mode="lines", line=dict(color=color, width=1 + 4 * strength),
                opacity=0.15 + 0.85 * strength, hovertext=hover, hoverinfo="text", showlegend=False,
            ))
    for side, anchor in ((0, "right"), (1, "left")):
        fig.add_trace(go.Scatter(
            x=[side] * n, y=y, mode="text+markers", text=tokens,
            textposition=f"middle {'left' if side == 0 else 'right'}",
            marker=dict(size=8, color=["#00a3c4" if (side == 0 and i == query) else "#888" for i in range(n)]),
            hoverinfo="skip", showlegend=False,
        ))
    fig.update_xaxes(visible=False, range=[-0.8, 1.8])
    fig.update_yaxes(visible=False, range=[-n + 0.5, 0.8])
    fig.update_layout(
        height=max(300, 26 * n + 60), margin=dict(l=10, r=10, t=10, b=10), font=FONT, plot_bgcolor="white"
    )
    return fig


def token_bars_figure(tokens: list[str], values: np.ndarray, title: str = "", value_name: str = "") -> go.Figure:
    """One bar per token (e.g. rollout from [CLS]), in sentence order."""
    tokens = [plotly_text(token) for token in tokens]
    fig = go.Figure(go.Bar(
        x=list(range(len(tokens))), y=values, marker_color="#f58518",
        customdata=tokens, hovertemplate=f"%{{customdata}}<br>{value_name} %{{y:.4f}}<extra></extra>",
    ))
    fig.update_xaxes(tickvals=list(range(len(tokens))), ticktext=tokens, tickangle=-45)
    fig.update_layout(
        title=plotly_text(title), height=340, margin=dict(l=10, r=10, t=40 if title else 10, b=10), font=FONT
    )
    return fig
