"""Parts shared by the Image and Sentence pages: the step-by-step inspector and the export buttons."""

import io

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from model.export import trace_npz_bytes
from model.trace import Trace
from model.working import query_working, spelled_dot
from ui import cache
from ui.common import labels_now, markdown_text, tr
from viz.matrix import matrix_figure
from viz.style import PLOTLY_CONFIG

STEPS = ("x", "qkv", "scores", "scaled", "softmax", "weighted", "concat", "residual", "mlp")
MAX_CELLS = 40_000  # a matrix larger than this is shown by its first columns only


def show_figure(fig: go.Figure, key: str, export_name: str | None = None, **kwargs):
    """Render a figure with the app's config, and its PNG/SVG/HTML downloads when `export_name` is set."""
    event = st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, width="stretch", **kwargs)
    if export_name:
        figure_downloads(fig, export_name, key)
    return event


def figure_downloads(fig: go.Figure, name: str, key: str) -> None:
    """PNG and SVG are drawn by a local Chromium (kaleido) only when clicked; HTML is standalone and offline."""
    cols = st.columns([1, 1, 1, 5])
    for col, fmt, mime in ((cols[0], "png", "image/png"), (cols[1], "svg", "image/svg+xml")):
        col.download_button(
            fmt.upper(), data=lambda f=fmt: _image_bytes(fig, f), file_name=f"{name}.{fmt}", mime=mime,
            key=f"{key}-{fmt}", help=tr("export.image_help"), on_click="ignore",
        )
    cols[2].download_button(
        "HTML", data=lambda: fig.to_html(include_plotlyjs=True, full_html=True, config=PLOTLY_CONFIG),
        file_name=f"{name}.html", mime="text/html", key=f"{key}-html", help=tr("export.html_help"), on_click="ignore",
    )


def _image_bytes(fig: go.Figure, fmt: str) -> bytes:
    try:
        with cache.WORK.turn():  # each export starts a Chromium: they take turns with the models
            return fig.to_image(format=fmt, scale=3 if fmt == "png" else 1)
    except Exception as err:  # no Chromium for kaleido on this machine: say so in the file itself
        return f"Export to {fmt.upper()} needs Chromium installed (apt-get install chromium): {err}".encode()


def trace_downloads(trace: Trace, name: str) -> None:
    cols = st.columns(2)
    cols[0].download_button(
        tr("export.npz"), data=lambda: trace_npz_bytes(trace), file_name=f"{name}.npz",
        mime="application/octet-stream", key="trace-npz", on_click="ignore", icon="📦",
    )
    cols[1].caption(tr("export.npz_help"))


def matrix_csv(values: np.ndarray, row_labels, col_labels) -> str:
    buffer = io.StringIO()
    buffer.write("," + ",".join(f'"{c}"' for c in col_labels) + "\n")
    for label, row in zip(row_labels, values):
        buffer.write(f'"{label}",' + ",".join(f"{v:.6g}" for v in row) + "\n")
    return buffer.getvalue()


def _matrix(values: np.ndarray, rows, cols, title: str, key: str, highlight_row: int | None = None) -> None:
    """A labelled matrix with hover values (printed in cells when small) and its CSV."""
    shown = values
    if values.size > MAX_CELLS:
        keep = max(1, MAX_CELLS // values.shape[0])
        shown, cols = values[:, :keep], list(cols)[:keep]
        st.caption(tr("inspector.cropped", shown=keep, total=values.shape[1]))
    fig = matrix_figure(shown, list(rows), list(cols), title=title, highlight_row=highlight_row)
    show_figure(fig, key=key)
    st.download_button(
        "CSV", data=matrix_csv(shown, rows, cols), file_name=f"{key}.csv", mime="text/csv",
        key=f"{key}-csv", on_click="ignore", icon="⬇️",
    )


def _vector_labels(n: int, prefix: str) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


def inspector(trace: Trace, layer: int, head: int, query: int, key: str, steps: tuple[str, ...] = STEPS) -> None:
    """X → Q, K, V → Q·Kᵀ → ÷√d_k → softmax → weights·V → concat·W_O → residual/LayerNorm → MLP,
    for one head and query. `steps` leaves out the last ones for a sublayer without its own MLP.
    """
    tokens, keys = list(trace.tokens), list(trace.keys)  # keys differ from the queries in cross-attention
    d = trace.q.shape[-1]
    step = st.segmented_control(
        tr("inspector.step"), steps, format_func=labels_now({step: f"inspector.{step}.name" for step in steps}),
        default="softmax", key=f"{key}-step",
    ) or "softmax"
    st.progress((steps.index(step) + 1) / len(steps), text=f"{steps.index(step) + 1} / {len(steps)}")
    st.latex(
        tr(f"inspector.{step}.formula") if step != "scaled"
        else tr("inspector.scaled.formula", d=d, scale=f"{trace.scale:.4f}")
    )
    st.markdown(tr(f"inspector.{step}.says"))
    n, c = trace.x.shape[1], trace.x.shape[2]
    shape_args = dict(n=n, c=c, d=d, h=trace.num_heads)
    st.caption(tr(f"inspector.{step}.shape", **shape_args))
    w = query_working(trace, layer, head, query)
    where = f"L{layer} H{head}"
    if step == "x":
        _matrix(trace.x[layer], tokens, _vector_labels(c, "c"), f"X · {where}", f"{key}-x", highlight_row=query)
    elif step == "qkv":
        which = st.radio(tr("inspector.which"), ("Q", "K", "V"), horizontal=True, key=f"{key}-which")
        values = {"Q": trace.q, "K": trace.k, "V": trace.v}[which][layer, head]
        rows, row = (tokens, query) if which == "Q" else (keys, None)
        _matrix(values, rows, _vector_labels(d, "d"), f"{which} · {where}", f"{key}-{which}", highlight_row=row)
    elif step in ("scores", "scaled", "softmax"):
        values = {
            "scores": trace.scores[layer, head], "scaled": trace.scaled(layer, head),
            "softmax": trace.weights[layer, head],
        }[step]
        _matrix(
            values, tokens, keys, f"{tr(f'inspector.{step}.name')} · {where}", f"{key}-{step}", highlight_row=query
        )
        _query_numbers(w, tokens, keys, query)
    elif step == "weighted":
        _matrix(
            trace.head_out[layer, head], tokens, _vector_labels(d, "d"), f"weights·V · {where}", f"{key}-out",
            highlight_row=query,
        )
        top = np.argsort(w.weights)[::-1][:3]
        terms = " + ".join(f"{w.weights[j]:.3f}·v[{markdown_text(keys[j])}]" for j in top)
        st.markdown(tr("inspector.weighted.row", token=markdown_text(tokens[query]), terms=terms,
                       rest=len(keys) - len(top)))
    elif step == "concat":
        _matrix(
            trace.attn_out[layer], tokens, _vector_labels(c, "c"), f"concat·W_O · L{layer}", f"{key}-concat",
            highlight_row=query,
        )
    elif step == "residual":
        _matrix(
            trace.mid[layer], tokens, _vector_labels(c, "c"), f"{tr('inspector.residual.name')} · L{layer}",
            f"{key}-mid", highlight_row=query,
        )
    else:
        _matrix(
            trace.block_out[layer], tokens, _vector_labels(c, "c"), f"{tr('inspector.mlp.name')} · L{layer}",
            f"{key}-block", highlight_row=query,
        )
    back, nxt, _ = st.columns([1, 1, 6])
    index = steps.index(step)
    back.button(
        tr("inspector.back"), key=f"{key}-back", disabled=index == 0,
        on_click=_go_to, args=(f"{key}-step", steps[index - 1]),
    )
    nxt.button(
        tr("inspector.next"), key=f"{key}-next", disabled=index == len(steps) - 1,
        on_click=_go_to, args=(f"{key}-step", steps[min(index + 1, len(steps) - 1)]),
    )


def _go_to(state_key: str, step: str) -> None:
    st.session_state[state_key] = step

def _query_numbers(w, tokens: list[str], keys: list[str], query: int) -> None:
    """The chosen query's row worked out: dot products, scaling, max-subtraction, exp, sum, weights."""
    st.markdown(tr("inspector.row_title", token=markdown_text(tokens[query])))
    best = int(np.argmax(w.weights))
    st.code(f"q[{tokens[query]}]·k[{keys[best]}] = {spelled_dot(w.q, w.keys[best])}", language=None)
    table = {
        tr("inspector.col.key"): keys,
        "q·k": np.round(w.scores, 4),
        "×1/√d_k": np.round(w.scaled, 4),
        "− max": np.round(w.shifted, 4),
        "exp": np.round(w.exps, 4),
        tr("inspector.col.weight"): np.round(w.weights, 4),
    }
    st.dataframe(table, hide_index=True, height=min(420, 36 * (len(keys) + 1)), width="stretch")
    st.markdown(tr("inspector.row_sum", total=f"{w.total:.4f}", check=f"{float(w.weights.sum()):.6f}"))
