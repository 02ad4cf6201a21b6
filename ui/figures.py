"""Figures with their downloads, shared by every page: a Plotly figure with PNG/SVG/HTML, a matrix with its CSV."""

import io
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui import cache
from ui.common import tr
from viz.matrix import matrix_figure
from viz.style import PLOTLY_CONFIG

MAX_CELLS = 40_000  # a matrix larger than this is shown by its first columns only


def show_figure(fig: go.Figure, key: str, export_name: str | None = None, **kwargs):
    """Render a figure with the app's config, and its PNG/SVG/HTML downloads when `export_name` is set."""
    event = st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, width="stretch", **kwargs)
    if export_name:
        figure_downloads(lambda: fig, export_name, key)
    return event


def figure_downloads(make_figure: Callable[[], go.Figure], name: str, key: str) -> None:
    """PNG and SVG are drawn by a local Chromium (kaleido) only when clicked; HTML is standalone and offline.
    `make_figure` is called only then too: a figure offered for export alone costs nothing on a rerun."""
    cols = st.columns([1, 1, 1, 5])
    for col, fmt, mime in ((cols[0], "png", "image/png"), (cols[1], "svg", "image/svg+xml")):
        col.download_button(
            fmt.upper(), data=lambda f=fmt: _image_bytes(make_figure(), f), file_name=f"{name}.{fmt}", mime=mime,
            key=f"{key}-{fmt}", help=tr("export.image_help"), on_click="ignore",
        )
    cols[2].download_button(
        "HTML", data=lambda: make_figure().to_html(include_plotlyjs=True, full_html=True, config=PLOTLY_CONFIG),
        file_name=f"{name}.html", mime="text/html", key=f"{key}-html", help=tr("export.html_help"), on_click="ignore",
    )


def _image_bytes(fig: go.Figure, fmt: str) -> bytes:
    try:
        with cache.WORK.turn():  # each export starts a Chromium: they take turns with the models
            return fig.to_image(format=fmt, scale=3 if fmt == "png" else 1)
    except Exception as err:  # no Chromium for kaleido on this machine: say so in the file itself
        return f"Export to {fmt.upper()} needs Chromium installed (apt-get install chromium): {err}".encode()


def matrix_csv(values: np.ndarray, row_labels, col_labels) -> str:
    buffer = io.StringIO()
    buffer.write("," + ",".join(f'"{c}"' for c in col_labels) + "\n")
    for label, row in zip(row_labels, values):
        buffer.write(f'"{label}",' + ",".join(f"{v:.6g}" for v in row) + "\n")
    return buffer.getvalue()


def matrix_view(values: np.ndarray, rows, cols, title: str, key: str, highlight_row: int | None = None,
                show_values: bool | str = "auto") -> None:
    """A labelled matrix with hover values (printed in cells when small) and its CSV."""
    shown = values
    if values.size > MAX_CELLS:
        keep = max(1, MAX_CELLS // values.shape[0])
        shown, cols = values[:, :keep], list(cols)[:keep]
        st.caption(tr("inspector.cropped", shown=keep, total=values.shape[1]))
    fig = matrix_figure(shown, list(rows), list(cols), title=title, highlight_row=highlight_row,
                        show_values=show_values)
    show_figure(fig, key=key)
    st.download_button(
        "CSV", data=matrix_csv(shown, rows, cols), file_name=f"{key}.csv", mime="text/csv",
        key=f"{key}-csv", on_click="ignore", icon="⬇️",
    )


def vector_labels(n: int, prefix: str) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


def npz_download(label: str, help_text: str, data, file_name: str, key: str) -> None:
    """A decode's `.npz` download button with a line on what it holds; `data` is called only when clicked."""
    cols = st.columns([2, 3])
    cols[0].download_button(label, data=data, file_name=file_name, mime="application/octet-stream", key=key,
                            on_click="ignore", icon="📦")
    cols[1].caption(help_text)
