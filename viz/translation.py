"""Figures of the Translation page: alignment matrices, one decoder step's numbers, and the bottleneck curve.

Arrays and labels in, a Figure out. Words come from the user's sentence and the models' vocabularies,
so every label is escaped for Plotly (`plotly_text`, or `matrix_figure`, which escapes its own).

Shapes: T output steps, m source tokens (ending with </s>), C state width, K listed words.
"""

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.matrix import HIGHLIGHT, SEQUENTIAL, _distinct, format_value, matrix_figure
from viz.style import FONT, plotly_text

CHOSEN = HIGHLIGHT  # the decoder's word (or the user's) among the candidates
OTHER = "#4c78a8"
MASKED_FILL = "rgba(120, 120, 120, 0.18)"  # over the causal mask's cells: zero because they are hidden


# (T, m) weights on a fixed 0..1 scale, two decimals, so a sentence's dozen columns still print their numbers in
# half a page's width: the Plotly figure's and the in-browser matrix's (viz.live.matrix_payload) options.
ALIGNMENT_STYLE = dict(zmin=0.0, zmax=1.0, colorscale=SEQUENTIAL, decimals=2, font_size=13)


def alignment_figure(
    weights: np.ndarray, output_words: Sequence[str], source_words: Sequence[str], *, title: str = "",
    row_title: str = "", col_title: str = "", highlight_row: int | None = None,
) -> go.Figure:
    """(T, m) attention weights: one row per output word, one column per source word (ALIGNMENT_STYLE); the
    tick labels slant rather than stand (Plotly turns long Korean labels upright).
    """
    fig = matrix_figure(weights, output_words, source_words, title=title, row_title=row_title, col_title=col_title,
                        highlight_row=highlight_row, **ALIGNMENT_STYLE)
    return fig.update_xaxes(tickangle=-45)


def alignment_grid_figure(
    panels: Sequence[tuple[str, np.ndarray, Sequence[str], Sequence[str]]], columns: int = 2,
) -> go.Figure:
    """Small alignment matrices side by side on one shared 0..1 colour scale, so the panels compare.

    Args:
        panels: (title, (T_k, m) weights, T_k output words, m source words) each; the outputs may differ.
        columns: panels per row.
    """
    rows = max(1, -(-len(panels) // columns))
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[plotly_text(p[0]) for p in panels],
                        horizontal_spacing=0.12, vertical_spacing=0.16)
    for index, (_, weights, output_words, source_words) in enumerate(panels):
        if weights.shape != (len(output_words), len(source_words)):
            raise ValueError(f"panel {index}: {weights.shape} weights for "
                             f"{len(output_words)}×{len(source_words)} labels")
        fig.add_trace(go.Heatmap(
            z=np.asarray(weights, dtype=np.float32), x=_distinct(source_words), y=_distinct(output_words),
            coloraxis="coloraxis", xgap=1, ygap=1, hovertemplate="%{y} → %{x}<br>%{z:.4f}<extra></extra>",
        ), row=index // columns + 1, col=index % columns + 1)
    fig.update_xaxes(type="category", tickangle=-45, tickfont=dict(size=11))
    fig.update_yaxes(type="category", autorange="reversed", tickfont=dict(size=11))
    fig.update_layout(
        coloraxis=dict(colorscale=SEQUENTIAL, cmin=0.0, cmax=1.0, colorbar=dict(thickness=10, len=0.8)),
        height=90 + 300 * rows, margin=dict(l=10, r=10, t=50, b=10), font=FONT, plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def causal_matrix_figure(weights: np.ndarray, tokens: Sequence[str], *, title: str = "",
                         highlight_row: int | None = None) -> go.Figure:
    """(T, T) masked self-attention of a decoder: the cells above the diagonal (later words) are shaded and
    print 0, so the mask shows as the shape it is rather than as pale cells among others.
    """
    n = len(tokens)
    cells = [[("0" if j > i else format_value(v, 3, exact=False)) for j, v in enumerate(row)]
             for i, row in enumerate(np.asarray(weights))]
    fig = matrix_figure(weights, tokens, tokens, title=title, zmin=0.0, zmax=1.0, colorscale=SEQUENTIAL,
                        cell_text=np.array(cells, dtype=object), highlight_row=highlight_row)
    if n > 1:  # the staircase around every cell with key j > query i
        points = [(0.5, -0.5), (n - 0.5, -0.5), (n - 0.5, n - 1.5)]
        for i in range(n - 2, -1, -1):
            points += [(i + 0.5, i + 0.5), (i + 0.5, i - 0.5)]
        path = "M " + " L ".join(f"{x},{y}" for x, y in points) + " Z"
        fig.add_shape(type="path", path=path, xref="x", yref="y", fillcolor=MASKED_FILL,
                      line=dict(color="rgba(120,120,120,0.6)", width=1, dash="dot"), layer="above")
    return fig


def vector_strip_figure(values: np.ndarray, name: str, prefix: str = "c", title: str = "") -> go.Figure:
    """A (C,) vector as one row of coloured cells (white at zero), its C numbers on hover."""
    values = np.asarray(values)
    return matrix_figure(values[None, :], [name], [f"{prefix}{i}" for i in range(values.shape[0])], title=title,
                         show_values=False, height=150 if title else 110, colorbar=False, font_size=11)


def top_words_figure(words: Sequence[str], probabilities: Sequence[float], chosen: int | None = None,
                     title: str = "") -> go.Figure:
    """K candidate words as horizontal bars, the most likely on top; bar `chosen` is the one the decode took."""
    k = len(words)
    colours = [CHOSEN if i == chosen else OTHER for i in range(k)]
    fig = go.Figure(go.Bar(
        x=list(probabilities)[::-1], y=_distinct(words)[::-1], orientation="h", marker_color=colours[::-1],
        text=[f"{p:.1%}" for p in list(probabilities)[::-1]], textposition="auto",
        hovertemplate="%{y}: %{x:.4f}<extra></extra>",
    ))
    fig.update_xaxes(range=[0, 1], tickformat=".0%")
    fig.update_yaxes(type="category")
    fig.update_layout(title=plotly_text(title), height=70 + 34 * k, margin=dict(l=10, r=10, t=40 if title else 10,
                                                                               b=10), font=FONT)
    return fig


def exact_match_figure(
    curves: Sequence[tuple[str, Sequence[int], Sequence[float], Sequence[int]]], longest_trained: int, *,
    title: str = "", x_title: str = "", y_title: str = "", beyond: str = "", count_name: str = "",
) -> go.Figure:
    """Exact match against source length, one line per model, with the lengths past training shaded.

    Args:
        curves: (model name, lengths, exact-match fractions, sentences behind each point) each; the counts
            show on hover, so a point resting on one sentence reads as such.
        longest_trained: the longest source length in the training data; longer ones are shaded and
            labelled `beyond`.
    """
    fig = go.Figure()
    for name, lengths, exact, counts in curves:
        fig.add_trace(go.Scatter(
            x=list(lengths), y=list(exact), customdata=list(counts), mode="lines+markers", name=plotly_text(name),
            hovertemplate=f"{plotly_text(name)}<br>%{{x}}: %{{y:.1%}} (%{{customdata}} {plotly_text(count_name)})"
            "<extra></extra>",
        ))
    right = max((max(curve[1]) for curve in curves if len(curve[1])), default=longest_trained + 1)
    edge = longest_trained + 0.5
    fig.add_vrect(x0=edge, x1=max(right, longest_trained) + 0.5, fillcolor="rgba(120,120,120,0.12)", line_width=0)
    fig.add_vline(x=edge, line=dict(color="#555", dash="dash", width=1.5))
    fig.add_annotation(x=edge, y=1.04, yref="y", text=plotly_text(beyond) + " →", showarrow=False, xanchor="left",
                       font=dict(size=12, color="#555"))
    fig.update_xaxes(title_text=plotly_text(x_title), dtick=1)
    fig.update_yaxes(title_text=plotly_text(y_title), range=[-0.02, 1.1], tickformat=".0%")
    fig.update_layout(title=plotly_text(title), height=420, margin=dict(l=10, r=10, t=50 if title else 10, b=10),
                      font=FONT, legend=dict(orientation="h", y=-0.2), hovermode="closest")
    return fig
