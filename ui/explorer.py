"""Parts shared by the Image, Sentence and Translation pages: the step-by-step inspector and the trace export."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from model.export import trace_npz_bytes
from model.trace import Trace
from model.working import query_working, spelled_dot
from ui.common import display_tokens, labels_now, markdown_text, tr
from ui.figures import matrix_view, show_figure, vector_labels
from ui.inspector_steps import bias_table, mlp_hidden, step_formula

if TYPE_CHECKING:  # model.layer_working brings torch: the pages import it when the inspector first needs it
    from model.layer_working import LayerWorking

__all__ = ["STEPS", "inspector", "show_figure", "trace_downloads"]  # show_figure: the other pages import it here

STEPS = ("x", "qkv", "scores", "scaled", "softmax", "weighted", "concat", "residual", "mlp")


def trace_downloads(trace: Trace, name: str) -> None:
    cols = st.columns(2)
    cols[0].download_button(
        tr("export.npz"), data=lambda: trace_npz_bytes(trace), file_name=f"{name}.npz",
        mime="application/octet-stream", key="trace-npz", on_click="ignore", icon="📦",
    )
    cols[1].caption(tr("export.npz_help"))


def inspector(trace: Trace, layer: int, head: int, query: int, key: str, steps: tuple[str, ...] = STEPS,
              layer_working: Callable[[int], LayerWorking | None] | None = None,
              loss_step: Callable[[str], None] | None = None) -> None:
    """X → Q, K, V → Q·Kᵀ → ÷√d_k → softmax → weights·V → concat·W_O → residual/LayerNorm → MLP,
    for one head and query. `steps` leaves out the last ones for a sublayer without its own MLP.

    Args:
        layer_working: the model's biases and MLP hidden layer for a layer (model.layer_working), where the
            page has the model; the Q, K, V and MLP steps then show them.
        loss_step: draws the classifier after the last block (Image page); adds the step "loss".
    """
    steps = steps + ("loss",) if loss_step else steps
    tokens, keys = display_tokens(trace.tokens), display_tokens(trace.keys)  # keys differ in cross-attention
    d = trace.q.shape[-1]
    step = st.segmented_control(
        tr("inspector.step"), steps, format_func=labels_now({step: f"inspector.{step}.name" for step in steps}),
        default="softmax", key=f"{key}-step",
    ) or "softmax"
    st.progress((steps.index(step) + 1) / len(steps), text=f"{steps.index(step) + 1} / {len(steps)}")
    working = layer_working(layer) if layer_working and step in ("qkv", "mlp") else None
    st.latex(step_formula(step, trace, working))
    st.markdown(tr(f"inspector.{step}.says"))
    n, c = trace.x.shape[1], trace.x.shape[2]
    st.caption(tr(f"inspector.{step}.shape", n=n, c=c, d=d, h=trace.num_heads))
    w = query_working(trace, layer, head, query)
    where = tr("inspector.where", layer=layer, head=head)
    in_layer = tr("inspector.in_layer", layer=layer)
    if step == "x":
        matrix_view(trace.x[layer], tokens, vector_labels(c, "c"), f"X · {where}", f"{key}-x", highlight_row=query)
    elif step == "qkv":
        which = st.radio(tr("inspector.which"), ("Q", "K", "V"), horizontal=True, key=f"{key}-which")
        values = {"Q": trace.q, "K": trace.k, "V": trace.v}[which][layer, head]
        rows, row = (tokens, query) if which == "Q" else (keys, None)
        matrix_view(values, rows, vector_labels(d, "d"), f"{which} · {where}", f"{key}-{which}", highlight_row=row)
        if working is not None and working.b_q is not None:
            bias_table(working, head, d)
    elif step in ("scores", "scaled", "softmax"):
        values = {
            "scores": trace.scores[layer, head], "scaled": trace.scaled(layer, head),
            "softmax": trace.weights[layer, head],
        }[step]
        matrix_view(
            values, tokens, keys, f"{tr(f'inspector.{step}.name')} · {where}", f"{key}-{step}", highlight_row=query
        )
        _query_numbers(w, tokens, keys, query)
    elif step == "weighted":
        matrix_view(
            trace.head_out[layer, head], tokens, vector_labels(d, "d"), f"{tr('inspector.weighted.name')} · {where}",
            f"{key}-out", highlight_row=query,
        )
        top = np.argsort(w.weights)[::-1][:3]
        terms = " + ".join(f"{w.weights[j]:.3f}·v[{markdown_text(keys[j])}]" for j in top)
        st.markdown(tr("inspector.weighted.row", token=markdown_text(tokens[query]), terms=terms,
                       rest=len(keys) - len(top)))
    elif step == "concat":
        matrix_view(trace.attn_out[layer], tokens, vector_labels(c, "c"),
                    f"{tr('inspector.concat.name')} · {in_layer}", f"{key}-concat", highlight_row=query)
    elif step == "residual":
        matrix_view(trace.mid[layer], tokens, vector_labels(c, "c"), f"{tr('inspector.residual.name')} · {in_layer}",
                    f"{key}-mid", highlight_row=query)
    elif step == "mlp":
        if working is not None:
            mlp_hidden(working, tokens, query, f"{key}-mlp", in_layer)
        matrix_view(trace.block_out[layer], tokens, vector_labels(c, "c"), f"{tr('inspector.mlp.name')} · {in_layer}",
                    f"{key}-block", highlight_row=query)
    else:
        loss_step(key)
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
