"""The inspector's formulas, and the parts it draws from the model's own modules: the projection
biases and the MLP's hidden layer (model.layer_working)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from model.trace import Trace
from ui.common import markdown_text, tr
from ui.figures import matrix_view, show_figure, vector_labels
from viz.pipeline import activation_figure

if TYPE_CHECKING:  # model.layer_working brings torch, which only the inspector's last steps need
    from model.layer_working import LayerWorking


def step_formula(step: str, trace: Trace, working: LayerWorking | None) -> str:
    """The LaTeX of one step, as this model computes it: with biases where it has them, in its norm order."""
    if step == "scaled":
        return tr("inspector.scaled.formula", d=trace.q.shape[-1], scale=f"{trace.scale:.4f}")
    if step == "qkv" and working is not None and working.b_q is not None:
        # cross-attention: keys and values come from the encoder's output M, not from X
        return tr("inspector.qkv.formula_bias_cross" if trace.key_tokens else "inspector.qkv.formula_bias")
    if step in ("x", "residual", "mlp"):
        order = "pre" if trace.norm_first else "post"
        formula = tr(f"inspector.{step}.formula_{order}")
        return formula + (tr("inspector.mlp.inner", act=working.activation) if step == "mlp" and working else "")
    return tr(f"inspector.{step}.formula")


def bias_table(working: LayerWorking, head: int, d: int) -> None:
    """This head's slice of b_Q, b_K, b_V: the numbers added after X·W."""
    part = slice(head * d, (head + 1) * d)  # a head's d channels, as split_heads cuts them
    st.markdown(tr("inspector.qkv.bias", head=head))
    st.dataframe(
        {"": vector_labels(d, "d"), "b_Q": working.b_q[part], "b_K": working.b_k[part], "b_V": working.b_v[part]},
        hide_index=True, height=min(300, 36 * (d + 1)), width="stretch",
    )


def mlp_hidden(working: LayerWorking, tokens: list[str], query: int, key: str, in_layer: str) -> None:
    """The hidden layer: F = 4·C numbers per token before and after the activation, the query's row drawn."""
    f, c = working.hidden.shape[1], working.mlp_in.shape[1]
    st.markdown(tr("inspector.mlp.hidden", f=f, c=c, ratio=f"{f / c:g}", act=working.activation,
                   token=markdown_text(tokens[query])))
    fig = activation_figure(working.pre_act[query], working.hidden[query], working.activation,
                            tr("inspector.mlp.before"), tr("inspector.mlp.after"))
    show_figure(fig, key=f"{key}-act")
    matrix_view(working.hidden, tokens, vector_labels(f, "f"),
                f"{working.activation}(z·W₁ + b₁) · {in_layer}", f"{key}-hidden", highlight_row=query,
                show_values=False)
    top = np.argsort(working.hidden[query])[::-1][:3]
    st.caption(tr("inspector.mlp.top", token=markdown_text(tokens[query]),
                  units=", ".join(f"f{i} = {working.hidden[query, i]:.3f}" for i in top)))
