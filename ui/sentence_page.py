"""Sentence page: type a sentence, then explore every layer and head of a BERT-family encoder, token by token."""

import numpy as np
import streamlit as st

from model.catalog import DEFAULT_TEXT_MODEL, KOREAN_ENCODER, TEXT_MODELS
from model.errors import AtlasError
from model.head_finder import rank_heads, token_index
from model.rollout import FLOW_MAX_TOKENS, HEAD_FUSIONS
from model.saved import DEFAULT_SENTENCE
from model.stats import attention_entropy
from ui import cache
from ui.cache import bert_layer_working  # imports torch when the inspector first asks, not before the first figure
from ui.common import (
    clamp_index,
    compact_top,
    display_tokens,
    heavy_work,
    in_prefix,
    keep_state,
    labels_now,
    markdown_text,
    show_error,
    show_notices,
    tr,
)
from ui.explorer import inspector, trace_downloads
from ui.figures import show_figure
from ui.head_finder import ranking_ui
from ui.live import sentence_live
from viz.live import head_span, layer_span
from viz.matrix import matrix_figure
from viz.overview import head_stats_figure, small_multiples_figure
from viz.tokens import head_view_figure, token_bars_figure

PRESETS = (
    DEFAULT_SENTENCE,  # its trace on the default model is saved (model/saved.py): the first figure needs no torch
    "I am a student",
    "The trophy didn't fit in the suitcase because it was too big",
    "나는 학생입니다",
)
# Presets that open on a head found by the head finder: (query word, key word)
PRESET_FOCUS = {PRESETS[0]: ("it", "animal")}
MAX_TOKENS = (32, 64, 128, 256, 512)
VIEWS = ("live", "matrix", "lines", "overview", "finder", "rollout", "inspector")


def sentence_ui() -> str:
    st.session_state.setdefault("txt-text", PRESETS[0])

    def use_preset():
        st.session_state["txt-text"] = st.session_state["txt-preset"]

    left, right = st.columns([2, 3])  # side by side: the figure starts within a projector's first screen
    left.selectbox(tr("sentence.preset"), PRESETS, key="txt-preset", on_change=use_preset)
    return right.text_area(tr("sentence.input"), key="txt-text", height=80, max_chars=20_000)


def open_head(layer: int, head: int) -> None:
    """The head finder's "Open this head": that layer and head's token × token matrix."""
    st.session_state.update({"txt-layer": layer, "txt-head": head, "txt-view": "matrix"})


def open_found_head(trace, text: str) -> str | None:
    """A new text starts from the [CLS] query. On a preset with a focus ("it" → "animal"), open once on the head
    the finder ranks first; returns what to say about it (shown under the figure), None for other texts."""
    state = st.session_state
    fresh = state.get("txt-opened") != (trace.model_id, text)  # once per text: then the student moves freely
    state["txt-opened"] = (trace.model_id, text)
    if fresh:  # a kept query index would name another token of the new text (and its box would show the old one)
        state["txt-query"] = 0
    focus = PRESET_FOCUS.get(text)
    query, key = (token_index(trace.tokens, word) for word in focus) if focus else (None, None)
    if query is None or key is None:
        return None
    ranking = rank_heads(trace.weights, query, key)
    layer, head = int(ranking.layers[0]), int(ranking.heads[0])
    if fresh:
        state.update({"txt-layer": layer, "txt-head": head, "txt-query": query, "txt-finder-key": key})
    return tr("sentence.preset_found", layer=layer, head=head, count=len(ranking.weights), query=focus[0],
              target=focus[1], weight=f"{ranking.weights[0]:.2f}", median=f"{float(np.median(ranking.weights)):.2f}")


@st.fragment
def explorer(trace, model_id: str) -> None:
    """Layer, head and query controls rerun only this fragment: the model never runs again here."""
    trace_key = (trace.model_id, trace.tokens)
    tokens = display_tokens(trace.tokens)
    view = st.segmented_control(
        tr("controls.view"), VIEWS, default="live", key="txt-view",
        format_func=labels_now(in_prefix("sentence.view", VIEWS)),
    ) or "live"
    c1, c2, c3 = st.columns(3)
    layer, head = clamp_index("txt-layer", trace.num_layers), clamp_index("txt-head", trace.num_heads)
    # The live explorer has Layer and Head scrubbers of its own for what it holds: a second control would disagree.
    layers = layer_span(trace.weights.shape, layer) if view == "live" else (layer, layer + 1)
    if layers != (0, trace.num_layers):
        layer = c1.slider(tr("controls.layer"), 0, trace.num_layers - 1, key="txt-layer")
    else:
        keep_state("txt-layer")
    if view != "live" or head_span(trace.weights.shape, layers, head) != (0, trace.num_heads):
        head = c2.selectbox(tr("controls.head"), range(trace.num_heads), key="txt-head")
    else:
        keep_state("txt-head")
    clamp_index("txt-query", trace.num_tokens)
    query = c3.selectbox(
        tr("controls.query"), range(trace.num_tokens), format_func=lambda i: f"{i}: {tokens[i]}", key="txt-query"
    )
    labels = {k: tr(f"stats.{k}") for k in ("layer", "head", "distance", "entropy")}

    if view == "live":  # in the browser: hover, layer and head scrubbers without a rerun
        sentence_live(trace, layer, head, query)
    elif view == "matrix":
        fig = matrix_figure(
            trace.weights[layer, head], tokens, tokens, title=tr("inspector.where", layer=layer, head=head),
            highlight_row=query,
            zmin=0.0, zmax=1.0,
        )
        show_figure(fig, key="txt-matrix", export_name=f"weights-L{layer}-H{head}")
    elif view == "lines":
        only_query = st.toggle(tr("sentence.only_query"), value=True, key="txt-only-query")
        fig = head_view_figure(tokens, trace.weights[layer, head], query=query if only_query else None)
        show_figure(fig, key="txt-lines", export_name=f"lines-L{layer}-H{head}")
    elif view == "overview":
        rows = trace.weights[:, :, query][:, :, None, :]  # (L, H, 1, N): each head's row for the query
        show_figure(
            small_multiples_figure(
                rows, labels["layer"], labels["head"], tr("sentence.overview.title", query=tokens[query])
            ),
            key="txt-overview", export_name="overview",
        )
        show_figure(
            head_stats_figure(None, attention_entropy(trace.weights), labels),
            key="txt-stats", export_name="head-entropy",
        )
    elif view == "finder":
        st.markdown(tr("finder.intro"))
        clamp_index("txt-finder-key", trace.num_tokens)
        key = st.selectbox(tr("sentence.finder.key"), range(trace.num_tokens), key="txt-finder-key",
                           format_func=lambda i: f"{i}: {tokens[i]}")
        ranking_ui(trace, query, key, tokens, "txt-finder", open_head)
    elif view == "rollout":
        d1, d2, d3 = st.columns(3)
        fusion = d1.selectbox(tr("controls.fusion"), HEAD_FUSIONS, key="txt-fusion",
                              format_func=labels_now(in_prefix("fusion", HEAD_FUSIONS)))
        discard = d2.slider(tr("controls.discard"), 0.0, 0.95, 0.0, 0.05, key="txt-discard")
        start = d3.slider(tr("controls.start"), 0, trace.num_layers - 1, 0, key="txt-start")
        rollout = cache.rollout_steps(trace_key, trace, fusion, discard, start)[-1]  # (N, N)
        show_figure(
            token_bars_figure(tokens, rollout[query], tr("sentence.rollout.title", query=tokens[query]),
                              tr("sentence.view.rollout")),
            key="txt-rollout", export_name="rollout",
        )
        if trace.num_tokens <= FLOW_MAX_TOKENS:
            show_figure(
                token_bars_figure(tokens, cache.flow(trace_key, trace), tr("sentence.flow.title"),
                                  tr("image.rollout.flow")),
                key="txt-flow", export_name="flow",
            )
        show_figure(
            matrix_figure(rollout, tokens, tokens, title=tr("image.rollout.rollout"), highlight_row=query),
            key="txt-rollout-matrix",
        )
        st.info(tr("honest.note"), icon="🔎")
    else:
        bert = model_id != KOREAN_ENCODER  # the Korean encoder is the translator's, not a BERT
        working = (lambda at: bert_layer_working(cache.text_model(model_id).module, trace, at)) if bert else None
        inspector(trace, layer, head, query, key="txt-insp", layer_working=working)


compact_top()
st.title(tr("sentence.title"))
st.caption(tr("sentence.subtitle"))
model_id = st.sidebar.selectbox(
    tr("controls.model"), TEXT_MODELS, key="txt-model",
    format_func=labels_now({DEFAULT_TEXT_MODEL: "sentence.model.bundled", KOREAN_ENCODER: "sentence.model.korean"}),
)
max_tokens = st.sidebar.select_slider(tr("sentence.max_tokens"), MAX_TOKENS, value=128, key="txt-max")
text = sentence_ui()
try:
    trace = cache.saved_sentence_trace(model_id, text, max_tokens)
    if trace is None:
        with heavy_work(tr("working")) as on_wait:
            trace = cache.sentence_trace(model_id, text, max_tokens, on_wait)
except AtlasError as err:
    show_error(err)
    st.stop()
show_notices(trace.notices)
st.markdown(
    tr("sentence.tokens", n=trace.num_tokens) + " " + " · ".join(f"`` {t} ``" for t in trace.tokens[:80])
    + (" …" if trace.num_tokens > 80 else "")
)
st.caption(tr(
    "sentence.korean_facts" if model_id == KOREAN_ENCODER else "sentence.model_facts",
    model=markdown_text(trace.model_id), layers=trace.num_layers, heads=trace.num_heads, tokens=trace.num_tokens,
))
if model_id == KOREAN_ENCODER:
    with st.expander(tr("sentence.known_words")):
        st.markdown(" · ".join(cache.translator("ko", "en", "transformer").source_vocab.words()))
found = open_found_head(trace, text)
explorer(trace, model_id)
if found:
    st.info(found, icon="🧭")
trace_downloads(trace, "trace-sentence")
