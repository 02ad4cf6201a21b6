"""Figures of the toy step-through beyond plain matrices: the positional-encoding pattern,
softmax entropy against temperature, dot products before and after ÷√d_k, and how attention's
cost grows with sequence length, alone and against recurrent and convolutional layers."""

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.matrix import DIVERGING, HIGHLIGHT
from viz.style import FONT, plotly_text


def positional_encoding_figure(
    pe: np.ndarray, *, title: str, position_title: str, dimension_title: str, highlight_rows: int = 0,
) -> go.Figure:
    """(P, d) sinusoidal encodings as a position × dimension heatmap; the first `highlight_rows` outlined.

    Low dimensions change quickly from one position to the next, high ones slowly: each position
    gets its own pattern of stripes.
    """
    positions, dims = pe.shape
    fig = go.Figure(go.Heatmap(
        z=pe, x=np.arange(1, dims + 1), y=np.arange(positions), zmin=-1, zmax=1, colorscale=DIVERGING,
        colorbar=dict(thickness=12),
        hovertemplate=f"{plotly_text(position_title)}: %{{y}}<br>{plotly_text(dimension_title)}: %{{x}}"
                      "<br>%{z:.3f}<extra></extra>",
    ))
    if highlight_rows:
        fig.add_shape(type="rect", x0=0.5, x1=dims + 0.5, y0=-0.5, y1=highlight_rows - 0.5,
                      line=dict(color=HIGHLIGHT, width=3))
    fig.update_xaxes(title_text=plotly_text(dimension_title), dtick=1)
    fig.update_yaxes(title_text=plotly_text(position_title), autorange="reversed")
    fig.update_layout(title=plotly_text(title), height=420, margin=dict(l=10, r=10, t=50, b=10), font=FONT)
    return fig


def entropy_curve_figure(
    temperatures: np.ndarray, entropy: np.ndarray, row_labels: Sequence[str], current: float, *,
    title: str, temperature_title: str, entropy_title: str, max_entropy: float,
) -> go.Figure:
    """(T,) temperatures and (T, n) entropies in bits: one line per row, the current temperature marked.

    Low temperature: one key takes all the weight, entropy falls to 0. High temperature: the
    weights even out and entropy rises towards log2(number of keys), drawn dashed.
    """
    fig = go.Figure()
    for i, label in enumerate(row_labels):
        fig.add_trace(go.Scatter(x=temperatures, y=entropy[:, i], mode="lines", name=plotly_text(label)))
    fig.add_hline(y=max_entropy, line=dict(dash="dash", color="grey"))
    fig.add_vline(x=current, line=dict(color=HIGHLIGHT, width=2))
    fig.update_xaxes(type="log", title_text=plotly_text(temperature_title),
                     tickvals=[0.1, 0.2, 0.5, 1, 2, 5, 10])  # plain values: the log axis's default "2 3 4" confuse
    fig.update_yaxes(title_text=plotly_text(entropy_title), rangemode="tozero")
    fig.update_layout(title=plotly_text(title), height=380, margin=dict(l=10, r=10, t=50, b=10), font=FONT)
    return fig


def cost_figure(
    n: np.ndarray, score_flops: np.ndarray, projection_flops: np.ndarray, matrix_bytes: np.ndarray,
    marks: Sequence[tuple[str, float, float, float]], *,
    flops_title: str, memory_title: str, n_title: str, score_name: str, projection_name: str,
) -> go.Figure:
    """Two log-log panels against sequence length n: FLOPs (attention's n²·d against the
    projections' n·d²) and the bytes of the attention matrices.

    Args:
        n, score_flops, projection_flops, matrix_bytes: (P,) curves.
        marks: (label, n, score FLOPs, matrix bytes) for named models, drawn as points.
    """
    fig = make_subplots(rows=1, cols=2, subplot_titles=(plotly_text(flops_title), plotly_text(memory_title)))
    fig.add_trace(go.Scatter(x=n, y=score_flops, mode="lines", name=plotly_text(score_name)), row=1, col=1)
    fig.add_trace(go.Scatter(x=n, y=projection_flops, mode="lines", name=plotly_text(projection_name),
                             line=dict(dash="dot")), row=1, col=1)
    fig.add_trace(go.Scatter(x=n, y=matrix_bytes, mode="lines", showlegend=False, line=dict(color="#636efa")),
                  row=1, col=2)
    labels = [plotly_text(m[0]) for m in marks]
    for col, index in ((1, 2), (2, 3)):
        fig.add_trace(go.Scatter(
            x=[m[1] for m in marks], y=[m[index] for m in marks], mode="markers+text", text=labels,
            textposition="top left", marker=dict(size=10, color=HIGHLIGHT), showlegend=False,
            hovertemplate="%{text}<br>n = %{x}<br>%{y:.3s}<extra></extra>",
        ), row=1, col=col)
    fig.update_xaxes(type="log", title_text=plotly_text(n_title))
    fig.update_yaxes(type="log", exponentformat="SI")
    fig.update_yaxes(ticksuffix="B", row=1, col=2)  # 100MB, not 100M
    fig.update_layout(height=420, margin=dict(l=10, r=10, t=60, b=10), font=FONT,
                      legend=dict(orientation="h", y=-0.2))
    return fig


def dot_product_histogram_figure(
    raw: np.ndarray, scaled: np.ndarray, *, title: str, raw_name: str, scaled_name: str, value_title: str,
    density_title: str,
) -> go.Figure:
    """(S,) dot products before and (S,) after ÷√d_k, as two overlaid densities on shared bins.

    The bins are fixed from the raw spread, so a wide head's raw scores visibly spill far out
    while the scaled ones stay in the middle.
    """
    reach = max(4.0, float(np.abs(raw).max()), float(np.abs(scaled).max()))
    bins = dict(start=-reach, end=reach, size=2 * reach / 60)
    fig = go.Figure()
    for values, name, colour in ((raw, raw_name, "#ef553b"), (scaled, scaled_name, "#636efa")):
        fig.add_trace(go.Histogram(x=values, xbins=bins, histnorm="probability density", name=plotly_text(name),
                                   marker_color=colour, opacity=0.6))
    fig.update_xaxes(title_text=plotly_text(value_title), range=[-reach, reach])
    fig.update_yaxes(title_text=plotly_text(density_title))
    fig.update_layout(title=plotly_text(title), barmode="overlay", height=360, margin=dict(l=10, r=10, t=50, b=10),
                      font=FONT, legend=dict(orientation="h", y=-0.25))
    return fig


def layer_cost_figure(
    lengths: np.ndarray, per_layer: np.ndarray, names: Sequence[str], crossing: float, *,
    title: str, n_title: str, cost_title: str, crossing_label: str,
) -> go.Figure:
    """(P,) lengths and (L, P) per-layer costs on log-log axes, one line per layer type, with a
    dashed line at the n where the first two (self-attention and recurrent) cross."""
    fig = go.Figure()
    for curve, name, dash in zip(per_layer, names, ("solid", "dot", "dash")):
        fig.add_trace(go.Scatter(x=lengths, y=curve, mode="lines", name=plotly_text(name), line=dict(dash=dash)))
    fig.add_vline(x=crossing, line=dict(color=HIGHLIGHT, width=2, dash="dash"))
    fig.add_annotation(x=np.log10(crossing), y=1, yref="paper", text=plotly_text(crossing_label), showarrow=False,
                       xanchor="left", yanchor="top", font=dict(color=HIGHLIGHT))
    fig.update_xaxes(type="log", title_text=plotly_text(n_title))
    fig.update_yaxes(type="log", exponentformat="SI", title_text=plotly_text(cost_title))
    fig.update_layout(title=plotly_text(title), height=400, margin=dict(l=10, r=10, t=50, b=10), font=FONT,
                      legend=dict(orientation="h", y=-0.25))
    return fig
