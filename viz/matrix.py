"""One labelled matrix as a heatmap, with its numbers: the building block of the step-by-step views.

Rows are queries (or tokens) from top to bottom, columns are keys or channels. Labels are escaped
for Plotly's pseudo-HTML ("<s>" stays a token, never a tag) and repeated labels are made distinct
with zero-width spaces, so two tokens that read "the" stay two rows instead of one category.
Non-finite cells (a causal mask's -∞, a value hidden by a quiz as NaN) are left uncoloured and
have no hover, so a hidden value cannot leak through the tooltip.
"""

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

import numpy as np
import plotly.graph_objects as go

from viz.style import FONT, figure_from_spec, plotly_text

MAX_VALUE_CELLS = 12  # "auto" prints numbers in the cells up to this many rows and columns
SEQUENTIAL = "Blues"  # all values on one side of zero (attention weights)
DIVERGING = "RdBu_r"  # both signs: white at zero, red positive, blue negative
HIGHLIGHT = "#ff7f0e"
FRACTION_MAX_DENOMINATOR = 9  # 1/3, 1/6, 1/7, 1/9 print as fractions; halves and fifths as decimals


def _distinct(labels: Sequence[str]) -> list[str]:
    """Escaped labels, each repeat followed by one more zero-width space than the last."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        text = plotly_text(label) or " "
        out.append(text + "\u200b" * seen.get(text, 0))
        seen[text] = seen.get(text, 0) + 1
    return out


def format_value(value: float, decimals: int = 3, exact: bool = True) -> str:
    """A number as the app prints it: ±∞ as such, NaN blank, never "-0.000".

    With `exact` (the step-through), a number that is exact at a glance prints that way
    (3, 2.5, 1/3); anything else is rounded to `decimals` places.
    """
    value = float(value)
    if math.isnan(value):
        return ""
    if math.isinf(value):
        return "-∞" if value < 0 else "∞"
    if exact:
        tol = 1e-9 * max(1.0, abs(value))
        shifted = value * 10**decimals
        if abs(shifted - round(shifted)) < tol * 10**decimals:  # a short exact decimal
            return f"{round(shifted) / 10**decimals:.{decimals}f}".rstrip("0").rstrip(".")
        fraction = Fraction(value).limit_denominator(FRACTION_MAX_DENOMINATOR)
        if abs(float(fraction) - value) < tol:
            return f"{fraction.numerator}/{fraction.denominator}"
    text = f"{value:.{decimals}f}"
    return text.lstrip("-") if float(text) == 0 else text  # no "-0.000"


def format_matrix(values: np.ndarray, decimals: int = 3) -> np.ndarray:
    """(R, C) numbers -> (R, C) strings, each as `format_value` prints it."""
    return np.vectorize(lambda v: format_value(v, decimals), otypes=[object])(np.asarray(values))


def colour_range(z: np.ndarray, zmin: float | None = None, zmax: float | None = None,
                 colorscale: str | None = None) -> tuple[str, float, float]:
    """(colour scale, zmin, zmax) for an (R, C) matrix: as given, or by default a diverging scale centred on zero
    when the finite values have both signs, else a sequential one from 0. The Plotly view and the in-browser
    matrix (viz/live.py) colour the same matrix the same way."""
    if colorscale is not None:
        return colorscale, zmin, zmax
    finite = np.isfinite(z)
    low, high = (float(z[finite].min()), float(z[finite].max())) if finite.any() else (0.0, 1.0)
    if low < 0 < high:
        bound = max(-low, high)
        colorscale, default_min, default_max = DIVERGING, -bound, bound
    else:
        colorscale, default_min, default_max = SEQUENTIAL, min(low, 0.0), max(high, 0.0) or 1.0
    return colorscale, default_min if zmin is None else zmin, default_max if zmax is None else zmax


def cell_texts(z: np.ndarray, show_values: bool | Literal["auto"] = "auto", decimals: int = 3,
               cell_text: np.ndarray | None = None) -> list[list[str]] | None:
    """The (R, C) strings printed in the cells, or None when the matrix is too big to print ("auto")."""
    rows, cols = z.shape
    if show_values == "auto":
        show_values = rows <= MAX_VALUE_CELLS and cols <= MAX_VALUE_CELLS
    if not show_values:
        return None
    if cell_text is None:
        return [[format_value(v, decimals, exact=False) for v in row] for row in z]
    return np.asarray(cell_text, dtype=object).tolist()


def matrix_figure(
    values: np.ndarray,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    *,
    title: str = "",
    row_title: str = "",
    col_title: str = "",
    show_values: bool | Literal["auto"] = "auto",
    decimals: int = 3,
    cell_text: np.ndarray | None = None,
    zmin: float | None = None,
    zmax: float | None = None,
    colorscale: str | None = None,
    highlight_row: int | None = None,
    font_size: int = 14,
    height: int | None = None,
    colorbar: bool = True,
) -> go.Figure:
    """Heatmap of an (R, C) matrix with labelled axes, values on hover and, when small, in the cells.

    Args:
        values: (R, C) numbers; -inf/inf/NaN cells are drawn blank (printed as -∞/∞ when shown).
        row_labels, col_labels: R and C labels, shown as plain text.
        row_title, col_title: axis titles, also used in the hover text.
        show_values: print each cell's number; "auto" does when R and C are at most MAX_VALUE_CELLS.
        decimals: digits after the point for printed values (hover shows 6 significant digits).
        cell_text: (R, C) strings printed instead of the rounded values (exact fractions, "?").
        zmin, zmax, colorscale: colour range and scale; by default a diverging scale centred on
            zero when the finite values have both signs, else a sequential one from 0.
        highlight_row: index of a row to outline (the selected query).
        font_size: size of the printed values and tick labels (larger for a projector).
        height: figure height in pixels; by default it grows with R.
        colorbar: show the colour bar.
    """
    z = np.asarray(values, dtype=np.float64)  # (R, C)
    if z.ndim != 2:
        raise ValueError(f"values must be 2-D, not shape {z.shape}")
    rows, cols = z.shape
    if len(row_labels) != rows or len(col_labels) != cols:
        raise ValueError(f"{len(row_labels)} row and {len(col_labels)} column labels for a {rows}×{cols} matrix")
    shown = np.where(np.isfinite(z), z, np.nan).astype(np.float32)  # (R, C) blank cells, no hover; half the bytes

    colorscale, zmin, zmax = colour_range(z, zmin, zmax, colorscale)
    text = cell_texts(z, show_values, decimals, cell_text)
    ys, xs = _distinct(row_labels), _distinct(col_labels)
    row_name = f"{plotly_text(row_title)}: " if row_title else ""
    col_name = f"{plotly_text(col_title)}: " if col_title else ""
    axis_font = dict(size=font_size)
    heatmap = dict(
        type="heatmap", z=shown, x=xs, y=ys, zmin=zmin, zmax=zmax, colorscale=colorscale,
        textfont=dict(size=font_size), xgap=1, ygap=1, hoverongaps=False,
        hovertemplate=f"{row_name}%{{y}}<br>{col_name}%{{x}}<br>%{{z:.6g}}<extra></extra>",
        showscale=colorbar, colorbar=dict(thickness=12, len=0.9),
    )
    if text is not None:
        heatmap.update(text=text, texttemplate="%{text}")
    shapes = []
    if highlight_row is not None:
        shapes.append(dict(
            type="rect", xref="x", yref="y", x0=-0.5, x1=cols - 0.5, y0=highlight_row - 0.5, y1=highlight_row + 0.5,
            line=dict(color=HIGHLIGHT, width=3), fillcolor="rgba(0,0,0,0)",
        ))
    layout = dict(
        xaxis=dict(type="category", title=dict(text=plotly_text(col_title), font=axis_font), tickfont=axis_font),
        yaxis=dict(autorange="reversed", type="category", title=dict(text=plotly_text(row_title), font=axis_font),
                   tickfont=axis_font),
        title=dict(text=plotly_text(title), font=dict(size=font_size + 2)),
        height=height or int(min(720, 130 + (font_size * 2 + 6) * rows)),
        margin=dict(l=10, r=10, t=font_size * 3 if title else 10, b=10),
        font=FONT, plot_bgcolor="rgba(0,0,0,0)",
    )
    if shapes:
        layout["shapes"] = shapes
    # Unvalidated (see figure_from_spec): this is the figure most controls redraw.
    fig = figure_from_spec(dict(data=[heatmap], layout=layout))
    return fig
