"""The Translation page's views: alignment, stepper, bottleneck, Transformer, and RNN against Transformer.

One view is drawn at a time (a segmented control, not tabs): several run other models on the
same sentence, and tabs would run them all on every rerun.
"""


import numpy as np
import streamlit as st

from model.attention import SCORE_FUNCTIONS
from model.translate.bundle import KINDS, TRANSFORMER, read_card
from model.translate.rnn import NO_ATTENTION
from model.translate.transformer_working import transformer_layer_working
from model.translate.working import layer_costs
from ui import cache
from ui.common import clamp_index, heavy_work, in_prefix, labels_now, markdown_text, tr
from ui.explorer import STEPS, inspector, show_figure
from ui.figures import figure_downloads
from ui.live import matrix_live
from ui.translation_stepper import stepper_view
from viz.matrix import matrix_figure
from viz.translation import (
    ALIGNMENT_STYLE,
    alignment_figure,
    alignment_grid_figure,
    causal_matrix_figure,
    exact_match_figure,
)

VIEWS = ("alignment", "stepper", "bottleneck", "transformer", "costs")
PARTS = ("encoder", "decoder_self", "cross")


def _kind_name(kind: str) -> str:
    return tr(f"translation.kind.{kind}")


def _translation_by(translation, kind: str, text: str, picks: bool = True):
    """This sentence through another bundled model of the same direction, as it decodes it on its own (the
    user's picks belong to the chosen model); None when that model is not bundled. `picks=False` asks for the
    chosen model's own decode too.
    """
    if kind == translation.kind and (picks or not translation.decode.forced):
        return translation
    source, target = translation.source_lang, translation.target_lang
    if read_card(source, target, kind) is None:
        return None
    with heavy_work(tr("translation.working_other", kind=_kind_name(kind))) as on_wait:
        return cache.translation(source, target, kind, text, (), on_wait)


def _cross_mean(decode) -> np.ndarray:
    """(T, m) the Transformer's alignment: the last cross-attention layer, heads averaged."""
    return decode.cross.weights[-1].mean(axis=0)


def alignment_view(translation, text: str) -> None:
    decode = translation.decode
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"#### {tr('translation.alignment.title')}")
        if translation.kind == NO_ATTENTION:
            st.info(tr("translation.alignment.none"), icon="🔎")
        else:
            weights = _cross_mean(decode) if translation.kind == TRANSFORMER else decode.weights
            if translation.kind == TRANSFORMER:
                st.caption(tr("translation.alignment.transformer"))
            axes = dict(row_title=tr("translation.axis.output"), col_title=tr("translation.axis.source"))

            def figure():
                return alignment_figure(weights, decode.output, decode.source, **axes)

            # Drawn in the browser without Plotly.js (a new tab's first figure); the Plotly figure is the fallback
            # and the PNG/SVG/HTML export.
            matrix_live(weights, decode.output, decode.source, key="tr-alignment",
                        fallback=lambda: show_figure(figure(), key="tr-alignment-plotly"), **axes, **ALIGNMENT_STYLE)
            figure_downloads(figure, f"alignment-{translation.source_lang}-{translation.target_lang}", "tr-alignment")
            st.caption(tr("translation.alignment.says"))
    with right:
        st.markdown(f"#### {tr('translation.scores.title')}")
        st.caption(tr("translation.scores.says"))
        panels = []
        for kind in SCORE_FUNCTIONS:
            other = _translation_by(translation, kind, text, picks=False)
            if other is not None:
                panels.append((_kind_name(kind), other.decode.weights, other.decode.output, other.decode.source))
        if panels:
            score_panels(panels)
        else:
            st.info(tr("translation.scores.missing"))


def score_panels(panels) -> None:
    """The score functions' alignments, two by two, drawn in the browser on the shared 0..1 scale; the Plotly grid
    is their export, and their fallback where the component cannot load."""
    columns = st.columns(2)
    for index, (name, weights, output, source) in enumerate(panels):

        def fallback(first: bool = index == 0) -> None:  # the grid holds every panel: drawn once
            if first:
                show_figure(alignment_grid_figure(panels), key="tr-scores-plotly")

        with columns[index % 2]:
            matrix_live(weights, output, source, key=f"tr-scores-{index}", fallback=fallback, title=name,
                        show_values=False, **{**ALIGNMENT_STYLE, "font_size": 11})
    figure_downloads(lambda: alignment_grid_figure(panels), "score-functions", "tr-scores")


def bottleneck_view(translation) -> None:
    source, target = translation.source_lang, translation.target_lang
    cards = {kind: read_card(source, target, kind) for kind in KINDS}
    evaluated = {kind: card["evaluation"] for kind, card in cards.items() if card and "evaluation" in card}
    if not evaluated:
        st.info(tr("translation.bottleneck.missing"))
        return
    st.markdown(tr("translation.bottleneck.says"))
    curves = [(_kind_name(kind), e["by_length"]["length"], e["by_length"]["exact_match"], e["by_length"]["count"])
              for kind, e in evaluated.items()]
    longest = max(e["longest_trained"] for e in evaluated.values())
    show_figure(exact_match_figure(
        curves, longest, title=tr("translation.bottleneck.title"), x_title=tr("translation.bottleneck.x"),
        y_title=tr("translation.bottleneck.y"), beyond=tr("translation.bottleneck.beyond"),
        count_name=tr("translation.bottleneck.sentences"),
    ), key="tr-bottleneck", export_name="exact-match-by-length")
    st.caption(tr("translation.bottleneck.yours", n=len(translation.decode.source) - 1, longest=longest))

    def percent(value) -> str:
        return "—" if value is None else f"{value:.1%}"

    st.dataframe({
        tr("translation.kind"): [_kind_name(kind) for kind in evaluated],
        tr("translation.bottleneck.exact"): [percent(e.get("exact_match")) for e in evaluated.values()],
        tr("translation.bottleneck.long"): [percent(e.get("long_exact_match")) for e in evaluated.values()],
        tr("translation.bottleneck.pointing"): [percent(e.get("pointing")) for e in evaluated.values()],
    }, hide_index=True, width="stretch")
    st.caption(tr("translation.bottleneck.columns"))


def transformer_view(translation, text: str) -> None:
    other = _translation_by(translation, TRANSFORMER, text)
    if other is None:
        st.info(tr("translation.transformer.missing"), icon="ℹ️")
        return
    if translation.kind != TRANSFORMER:
        st.caption(tr("translation.transformer.other", text=markdown_text(other.text)))
    decode = other.decode
    part = st.segmented_control(tr("translation.transformer.part"), PARTS, default="cross", key="tr-part",
                                required=True, format_func=labels_now(in_prefix("translation.part", PARTS)))
    st.markdown(tr(f"translation.part.{part}.says"))
    trace = getattr(decode, part)
    tokens, keys = list(trace.tokens), list(trace.keys)
    c1, c2, c3 = st.columns(3)
    for key, count in (("tr-layer", trace.num_layers), ("tr-head", trace.num_heads), ("tr-query", trace.num_tokens)):
        clamp_index(key, count)  # the encoder has m queries, the decoder T: a part or a sentence may have fewer
    layer = c1.selectbox(tr("controls.layer"), range(trace.num_layers), key="tr-layer")
    head = c2.selectbox(tr("controls.head"), range(trace.num_heads), key="tr-head")
    query = c3.selectbox(tr("controls.query"), range(trace.num_tokens), key="tr-query",
                         format_func=lambda i: f"{i}: {tokens[i]}")
    weights, title = trace.weights[layer, head], f"L{layer} H{head}"
    if part == "decoder_self":
        fig = causal_matrix_figure(weights, tokens, title=title, highlight_row=query)
    else:
        fig = matrix_figure(weights, tokens, keys, title=title, zmin=0.0, zmax=1.0, highlight_row=query,
                            row_title=tr("translation.axis.query"), col_title=tr("translation.axis.key"))
    show_figure(fig, key=f"tr-{part}", export_name=f"{part}-L{layer}-H{head}")
    if part == "encoder":
        rollout = cache.rollout_steps(("translation-encoder", other.model_id, decode.source), trace, "mean", 0.0, 0)
        show_figure(matrix_figure(rollout[-1], tokens, tokens, title=tr("translation.transformer.rollout"),
                                  highlight_row=query), key="tr-rollout", export_name="encoder-rollout")
        st.caption(tr("translation.transformer.rollout_says"))
    module = cache.translator(other.source_lang, other.target_lang, TRANSFORMER).module

    def working(at_layer: int):  # the biases of Q = X·W_Q + b_Q, and the MLP's hidden layer
        return transformer_layer_working(module, trace, part, at_layer)

    with st.expander(tr("translation.transformer.inspector"), expanded=True):
        if part == "decoder_self":  # that sublayer has no MLP of its own: the cross-attention's follows it
            inspector(trace, layer, head, query, key="tr-insp-self", steps=STEPS[:-1], layer_working=working)
        else:
            inspector(trace, layer, head, query, key=f"tr-insp-{part}", layer_working=working)


def costs_view(translator, translation, text: str) -> None:
    decode = translation.decode
    n, d = len(decode.source), translator.card["sizes"]["width"]
    st.markdown(tr("translation.costs.says"))
    st.caption(tr("translation.costs.filled", n=n, d=d, kind=_kind_name(translation.kind)))
    rows = layer_costs(n, d)
    st.dataframe({
        tr("translation.costs.layer"): [tr(f"translation.costs.{row.layer}") for row in rows],
        tr("translation.costs.per_layer"): [f"{row.per_layer} = {row.per_layer_value:,.0f}" for row in rows],
        tr("translation.costs.sequential"): [f"{row.sequential} = {row.sequential_value:,.0f}" for row in rows],
        tr("translation.costs.path"): [f"{row.path} = {row.path_value:,.0f}" for row in rows],
    }, hide_index=True, width="stretch")

    rnn_kind = translation.kind if translation.kind != TRANSFORMER else "additive"
    taken = {}
    for kind in (rnn_kind, TRANSFORMER):
        other = _translation_by(translation, kind, text)
        if other is not None:
            taken[kind] = other.decode
    if not taken:
        return
    st.markdown(f"#### {tr('translation.costs.steps_title')}")
    m = len(decode.source)
    table = {tr("translation.kind"): [], tr("translation.costs.encoder"): [], tr("translation.costs.decoder"): [],
             tr("translation.costs.total"): []}
    for kind, other in taken.items():
        encoder = 1 if kind == TRANSFORMER else m  # one pass over every word at once, or one word after another
        table[tr("translation.kind")].append(_kind_name(kind))
        table[tr("translation.costs.encoder")].append(encoder)
        table[tr("translation.costs.decoder")].append(len(other.output))
        table[tr("translation.costs.total")].append(encoder + len(other.output))
    st.dataframe(table, hide_index=True, width="stretch")
    st.markdown(tr("translation.costs.explain", m=m))


@st.fragment
def explorer(translator, translation, text: str) -> None:
    """The views rerun on their own: stepping or changing a layer never reruns the rest of the page."""
    view = st.segmented_control(tr("controls.view"), VIEWS, default="alignment", key="tr-view", required=True,
                                format_func=labels_now(in_prefix("translation.view", VIEWS)))
    if view == "alignment":
        alignment_view(translation, text)
    elif view == "stepper":
        stepper_view(translator, translation)
    elif view == "bottleneck":
        bottleneck_view(translation)
    elif view == "transformer":
        transformer_view(translation, text)
    else:
        costs_view(translator, translation, text)
