"""The Image page's two ends of the ViT, every number from the model: the way in (patches → x_p →
x_p·E + b → [CLS] and positions → z₀) and, after the last block, the way out ([CLS] → LayerNorm →
head → softmax → cross-entropy), the inspector's last step."""

import numpy as np
import streamlit as st

from i18n.shapes import class_name
from model.trace import Trace
from ui import cache
from ui.common import current_lang, display_tokens, markdown_text, tr
from ui.figures import matrix_view, show_figure, vector_labels
from viz.pipeline import patch_grid_figure, position_similarity_figure

TABLE_ROWS = 10  # classes listed in the loss step besides the chosen label


def pipeline_view(trace: Trace, model_key: tuple, load_model) -> None:
    """Patches, x_p, x_p·E + b, [CLS], E_pos and z₀, with the position-embedding similarity."""
    loaded = load_model(model_key)
    from model.vit.embed import patch_embedding  # brings torch: imported when this view is first opened

    embed = patch_embedding(loaded, trace)
    p, (rows, cols) = trace.patch_size, trace.grid
    c, patches = embed.embedded.shape[1], rows * cols
    tokens = display_tokens(trace.tokens)
    patch_rows = tokens[trace.num_prefix_tokens:]
    left, right = st.columns(2)
    with left:
        st.markdown(tr("image.pipeline.patches", rows=rows, cols=cols, p=p, n=patches))
        show_figure(patch_grid_figure(trace.image, trace.grid, highlight=[0, 1, 2]), key="img-patches",
                    export_name="patches")
    with right:
        st.markdown(tr("image.pipeline.flatten", numbers=embed.x_p.shape[1], p=p))
        matrix_view(embed.x_p[:3], patch_rows[:3], vector_labels(embed.x_p.shape[1], ""), "x_p", "img-flat",
                    show_values=False)
    st.markdown(tr("image.pipeline.embed", numbers=embed.x_p.shape[1], c=c, patches=patches, p=p))
    matrix_view(embed.embedded, patch_rows, vector_labels(c, "c"), "x_p·E + b", "img-embedded", show_values=False)
    st.markdown(tr("image.pipeline.cls", c=c, prefix=trace.num_prefix_tokens))
    matrix_view(embed.prefix, tokens[:trace.num_prefix_tokens], vector_labels(c, "c"), "x_cls", "img-cls",
                show_values=False)
    st.markdown(tr("image.pipeline.positions", rows=embed.pos.shape[0], c=c, n=trace.num_tokens))
    pos_rows = tokens if len(embed.pos) == trace.num_tokens else patch_rows
    matrix_view(embed.pos, pos_rows, vector_labels(c, "c"), "E_pos", "img-pos-embed", show_values=False)
    matrix_view(embed.z0, tokens, vector_labels(c, "c"), "z₀ = [x_cls; x_p·E + b] + E_pos", "img-z0",
                show_values=False)
    st.markdown(tr("image.pipeline.pos"))
    similarity = cache.position_similarity(model_key, load_model)  # (P, P)
    show_figure(position_similarity_figure(similarity, trace.grid), key="img-pos", export_name="position-similarity")


def loss_step(trace: Trace, loaded, bundled: bool, key: str) -> None:
    """[CLS] → LayerNorm → head → logits → softmax → cross-entropy for a label the student picks.

    `bundled`: the classes are the bundled model's shapes, which have Korean names.
    """
    from model.vit.head import cross_entropy, head_working  # brings torch: imported when this step is first shown

    work = head_working(loaded.module, trace)
    class_names = [class_name(name, current_lang()) if bundled else name for name in loaded.classes]
    best = int(np.argmax(work.logits))
    label = st.selectbox(tr("inspector.loss.label"), range(len(class_names)), index=best, key=f"{key}-label",
                         format_func=lambda i: class_names[i])
    c = work.final.shape[0]
    st.markdown(tr("inspector.loss.vectors"))
    matrix_view(np.stack([work.final, work.normed]), [tr("inspector.loss.final"), tr("inspector.loss.normed")],
                vector_labels(c, "c"), "[CLS]", f"{key}-cls", show_values=False)
    if work.distilled:
        st.caption(tr("inspector.loss.distilled"))
    order = np.argsort(-work.logits)[:TABLE_ROWS]  # (TABLE_ROWS,) best classes first
    listed = list(order) + ([label] if label not in order else [])
    st.dataframe({
        tr("inspector.loss.class"): [class_names[i] for i in listed],
        tr("inspector.loss.logit"): np.round(work.logits[listed], 4),
        tr("inspector.loss.prob"): np.round(work.probs[listed], 4),
    }, hide_index=True, width="stretch")
    st.markdown(tr(
        "inspector.loss.value", label=markdown_text(class_names[label]), p=f"{work.probs[label]:.4f}",
        loss=f"{cross_entropy(work.logits, label):.4f}", best=markdown_text(class_names[best]),
        best_loss=f"{cross_entropy(work.logits, best):.4f}",
    ))
