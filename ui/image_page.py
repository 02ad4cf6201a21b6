"""Image page: upload or pick a picture, then explore every layer and head of a Vision Transformer."""

from collections.abc import Mapping

import numpy as np
import streamlit as st

from i18n.shapes import class_name
from model.catalog import BUNDLED_VIT, PRETRAINED_VITS, bundled_card
from model.domain import domain_check
from model.errors import AtlasError
from model.head_finder import rank_heads
from model.inputs import display_name
from model.rollout import FLOW_MAX_TOKENS, HEAD_FUSIONS
from model.samples import load_samples
from model.stats import attention_entropy, mean_attention_distance
from model.working import probabilities
from ui import cache
from ui.cache import vit_layer_working  # imports torch when the inspector first asks, not before the first figure
from ui.common import (
    clamp_index,
    current_lang,
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
from ui.image_ends import loss_step, pipeline_view
from ui.live import image_live
from viz.image_attention import clicked_patch, overlay_grid_figure, overlay_steps_figure
from viz.live import layer_span
from viz.overview import head_stats_figure, small_multiples_figure

UPLOAD_TYPES = ["png", "jpg", "jpeg", "webp", "gif", "bmp"]
LOCAL_FILE = "__local__"
VIEWS = ("live", "heads", "overview", "finder", "rollout", "pipeline", "inspector")


def model_ui() -> tuple:
    """Sidebar model picker. Returns the model's cache key, or raises AtlasError.

    A catalog model loads when first asked for (`load_model`), so the default sample's saved
    trace can be drawn first; a weights file is checked and loaded here, to say at once what is wrong.
    """
    choice = st.sidebar.selectbox(
        tr("controls.model"), (BUNDLED_VIT, *PRETRAINED_VITS, LOCAL_FILE), key="img-model",
        format_func=labels_now({BUNDLED_VIT: "image.model.bundled", LOCAL_FILE: "image.model.local"}),
    )
    if choice != LOCAL_FILE:
        card = bundled_card() if choice == BUNDLED_VIT else None
        if card:
            names = [class_name(name, current_lang()) for name in card["classes"]]
            st.sidebar.caption(tr("image.model.bundled.about", layers=card["model_kwargs"]["depth"],
                                  minutes=round(card["train_seconds"] / 60), classes=", ".join(names),
                                  accuracy=f"{card['accuracy']:.1%}"))
        return cache.catalog_key(choice)
    arch = st.sidebar.selectbox(tr("image.arch"), cache.vit_architectures(), key="img-arch")
    weights = st.sidebar.file_uploader(tr("image.weights"), type=["safetensors", "pth", "pt"], key="img-weights")
    if weights is None:
        raise AtlasError("weights_needed", "Choose a .safetensors, .pth or .pt file for {arch}.", arch=arch)
    data = weights.getvalue()
    with heavy_work(tr("image.loading_model", model=markdown_text(weights.name))) as on_wait:
        cache.vit_from_weights(data, weights.name, arch, on_wait)
    return cache.file_key(data, arch)


def load_model(model_key: tuple):
    """The model behind `model_key`, under a spinner, with the queue's notice while it waits its turn."""
    with heavy_work(tr("image.loading_model", model=markdown_text(model_key[1]))) as on_wait:
        return cache.loaded_vit(model_key, on_wait)


def predictions(labels: list[str], probabilities: list[float]) -> None:
    """The top classes as bars, best on top. Plain bars, not a chart: a new tab then draws its first
    heatmap without waiting for Plotly.js to start."""
    st.markdown(f"**{tr('image.predictions')}**")
    for label, p in zip(labels, probabilities):
        st.progress(float(p), text=f"{markdown_text(label)} · {p:.1%}")


def domain_notice(trace, classes) -> None:
    """Say so when the bundled model's own answer shows a picture unlike the shapes it knows."""
    probs = probabilities(trace.logits)  # (K,) the softmax of the model's own logits
    check = domain_check(probs)
    if not check.warn:
        return
    first, second = (class_name(classes[i], current_lang()) for i in check.runner_up)
    st.warning(tr(f"image.domain.{check.reason}", probability=f"{check.top_probability:.0%}", first=first,
                  p1=f"{probs[check.runner_up[0]]:.0%}", second=second, p2=f"{probs[check.runner_up[1]]:.0%}"),
               icon="🔍")


def input_ui(bundled: bool) -> tuple[bytes, str] | None:
    """Sample gallery or upload. Returns (bytes, file name) of the chosen image.

    A sample's note says what the bundled model answers, so it is shown only while that model is in use.
    """
    lang = current_lang()
    source = st.segmented_control(
        tr("image.source"), ("sample", "upload"), default="sample", key="img-source",
        format_func=labels_now(in_prefix("image.source", ("sample", "upload"))),
    ) or "sample"
    if source == "upload":
        uploaded = st.file_uploader(tr("image.upload"), type=UPLOAD_TYPES, key="img-upload")
        if uploaded is None:
            st.info(tr("image.upload_hint"))
            return None
        return uploaded.getvalue(), uploaded.name
    samples = load_samples()
    if not samples:
        st.warning(tr("image.no_samples"))
        return None
    sample = st.selectbox(tr("image.sample"), samples, format_func=lambda s: s.title(lang), key="img-sample")
    if bundled and sample.note(lang):
        st.caption(sample.note(lang))
    return sample.read_bytes(), sample.file


def take_click(trace, chart_key: str, state_key: str) -> None:
    """A click on a patch of the clickable figure `chart_key` chooses that token for the select box `state_key`."""
    state = st.session_state
    event = state.get(chart_key)  # the browser's selection event: any JSON a client sends
    selection = event.get("selection") if isinstance(event, Mapping) else None
    points = selection.get("points") if isinstance(selection, Mapping) else None
    patch = clicked_patch(points, trace.num_tokens - trace.num_prefix_tokens)
    if patch is not None:
        click = trace.num_prefix_tokens + patch
        if state.get(f"{state_key}-last-click") != click:  # a new click, not the same selection seen again
            state[f"{state_key}-last-click"] = click
            state[state_key] = click
    clamp_index(state_key, trace.num_tokens)


def query_ui(trace, chart_key: str) -> int:
    """The query token: a click on a patch in the heads figure, or the selector."""
    take_click(trace, chart_key, "img-query")
    tokens = display_tokens(trace.tokens)
    return st.selectbox(tr("controls.query"), range(trace.num_tokens), format_func=tokens.__getitem__,
                        key="img-query")


def open_head(layer: int, head: int) -> None:
    """The head finder's "Open this head": that layer and head in the inspector, at the softmax step."""
    state = st.session_state
    state.update({"img-layer": layer, "img-head": head, "img-view": "inspector", "img-insp-step": "softmax"})


@st.fragment
def explorer(trace, model_key: tuple) -> None:
    """Layer, head and query controls rerun only this fragment: the model never runs again here."""
    trace_key = (model_key, cache.digest(trace.image.tobytes()))  # the trace is the model's on these pixels
    view = st.segmented_control(tr("controls.view"), VIEWS, default="live", key="img-view",
                                format_func=labels_now(in_prefix("image.view", VIEWS))) or "live"
    c1, c2, c3 = st.columns(3)
    layer = clamp_index("img-layer", trace.num_layers, trace.num_layers - 1)
    if view != "live" or layer_span(trace.weights.shape, layer) != (0, trace.num_layers):
        layer = c1.slider(tr("controls.layer"), 0, trace.num_layers - 1, key="img-layer")
    else:  # the live explorer that holds every layer has a Layer scrubber of its own: a second one would disagree
        keep_state("img-layer")
    with c2:
        query = query_ui(trace, "img-heads-chart")
    labels = {k: tr(f"stats.{k}") for k in ("layer", "head", "distance", "entropy")}
    tokens = display_tokens(trace.tokens)
    hover = dict(hover_name=tr("hover.attention"), patch_word=tr("token.patch"))
    image = trace.image
    on_patch = query >= trace.num_prefix_tokens
    query_cell = divmod(query - trace.num_prefix_tokens, trace.grid[1]) if on_patch else None

    if view == "live":  # in the browser: hover, layer and rollout scrubbers without a rerun
        state = st.session_state  # the rollout view's settings when it was used, else its defaults
        start = min(state.get("img-start", 0), trace.num_layers - 1)
        steps = cache.rollout_steps(trace_key, trace, state.get("img-fusion", HEAD_FUSIONS[0]),
                                    state.get("img-discard", 0.0), start)  # (L - start, N, N)
        image_live(trace, layer, query, steps, start)
    elif view == "heads":
        shared = c3.toggle(tr("controls.scale"), value=True, key="img-shared")
        maps = trace.on_grid(trace.weights[layer, :, query])  # (H, rows, cols)
        titles = [f"{labels['head']} {h}" for h in range(trace.num_heads)]
        st.caption(tr("image.heads.caption", query=tokens[query], layer=layer))
        fig = overlay_grid_figure(image, maps, titles, shared_scale=shared, query_cell=query_cell, clickable=True,
                                  **hover)
        show_figure(fig, key="img-heads-chart", export_name=f"heads-L{layer}", on_select="rerun",
                    selection_mode="points")
    elif view == "overview":
        maps = trace.on_grid(trace.weights[:, :, query])  # (L, H, rows, cols)
        title = tr("image.overview.title", query=tokens[query])
        show_figure(small_multiples_figure(maps, labels["layer"], labels["head"], title), key="img-overview",
                    export_name="overview")
        distance = mean_attention_distance(trace.weights, trace.num_prefix_tokens, trace.grid, trace.patch_size)
        st.markdown(tr("image.overview.stats"))
        show_figure(head_stats_figure(distance, attention_entropy(trace.weights), labels), key="img-stats",
                    export_name="head-stats")
    elif view == "finder":
        finder_view(trace, query, query_cell, tokens, hover)
    elif view == "rollout":
        rollout_view(trace, model_key, trace_key, hover)
    elif view == "pipeline":
        pipeline_view(trace, model_key, load_model)
    else:
        head = c3.selectbox(tr("controls.head"), range(trace.num_heads), key="img-head")
        bundled = model_key == cache.catalog_key(BUNDLED_VIT)
        has_head = trace.logits is not None
        ending = (lambda key: loss_step(trace, load_model(model_key), bundled, key)) if has_head else None
        inspector(trace, layer, head, query, key="img-insp",
                  layer_working=lambda at: vit_layer_working(load_model(model_key).module, trace, at),
                  loss_step=ending)


def finder_view(trace, query: int, query_cell, tokens: list[str], hover: dict) -> None:
    """Pick a key patch (select box or a click on the picture); every head ranked by query → key."""
    st.markdown(tr("finder.intro"))
    take_click(trace, "img-finder-chart", "img-finder-key")
    patches = range(trace.num_prefix_tokens, trace.num_tokens)
    if st.session_state.get("img-finder-key", patches[0]) not in patches:
        st.session_state["img-finder-key"] = patches[0]
    key = st.selectbox(tr("image.finder.key"), patches, format_func=tokens.__getitem__, key="img-finder-key")
    best = rank_heads(trace.weights, query, key)
    layer, head = int(best.layers[0]), int(best.heads[0])
    key_cell = divmod(key - trace.num_prefix_tokens, trace.grid[1])
    left, right = st.columns([2, 3])
    with left:
        st.caption(tr("image.finder.picture", query=tokens[query]))
        fig = overlay_grid_figure(trace.image, trace.on_grid(trace.weights[layer, head, query])[None],
                                  [tr("finder.bar", layer=layer, head=head)], query_cell=query_cell,
                                  key_cell=key_cell, clickable=True, **hover)
        show_figure(fig, key="img-finder-chart", on_select="rerun", selection_mode="points")
    with right:
        ranking_ui(trace, query, key, tokens, "img-finder", open_head)


def rollout_view(trace, model_key: tuple, trace_key: tuple, hover: dict) -> None:
    c1, c2, c3 = st.columns(3)
    fusion = c1.selectbox(tr("controls.fusion"), HEAD_FUSIONS, key="img-fusion",
                          format_func=labels_now(in_prefix("fusion", HEAD_FUSIONS)))
    discard = c2.slider(tr("controls.discard"), 0.0, 0.95, 0.0, 0.05, key="img-discard")
    start = c3.slider(tr("controls.start"), 0, trace.num_layers - 1, 0, key="img-start")
    steps = cache.rollout_steps(trace_key, trace, fusion, discard, start)  # (L - start, N, N)
    panels = {tr("image.rollout.rollout"): trace.on_grid(steps[-1, 0])}  # the [CLS] row
    panels[tr("image.rollout.raw")] = trace.on_grid(trace.weights[-1, :, 0].mean(0))
    if trace.num_tokens <= FLOW_MAX_TOKENS:
        panels[tr("image.rollout.flow")] = trace.on_grid(cache.flow(trace_key, trace))
    if trace.logits is not None:
        best = int(np.argmax(trace.logits))
        loaded = load_model(model_key)
        with heavy_work(tr("working")) as on_wait:
            relevance = cache.grad_rollout(trace_key, loaded, trace, best, start, on_wait)
        bundled = model_key == cache.catalog_key(BUNDLED_VIT)  # its shapes have Korean names
        label = class_name(trace.top5[0][0], current_lang()) if bundled else trace.top5[0][0]
        panels[tr("image.rollout.grad", label=label)] = trace.on_grid(relevance[0])
    fig = overlay_grid_figure(trace.image, np.stack(list(panels.values())), list(panels), shared_scale=False,
                              columns=4, **hover)
    show_figure(fig, key="img-rollout", export_name="rollout")
    st.info(tr("honest.note"), icon="🔎")
    st.markdown(tr("image.rollout.scrubber"))
    maps = trace.on_grid(steps[:, 0])  # (L - start, rows, cols)
    titles = [str(start + i) for i in range(len(steps))]
    fig = overlay_steps_figure(trace.image, maps, titles, slider_label=tr("controls.layer") + " ")
    show_figure(fig, key="img-scrubber", export_name="rollout-layers")


st.title(tr("image.title"))
st.caption(tr("image.subtitle"))
try:
    model_key = model_ui()
except AtlasError as err:
    show_error(err)
    st.stop()
chosen = input_ui(bundled=model_key == cache.catalog_key(BUNDLED_VIT))
if chosen is None:
    st.stop()
image_bytes, filename = chosen
try:
    image_digest = cache.digest(image_bytes)
    trace = cache.saved_image_trace(model_key, image_digest)
    if trace is None:
        loaded = load_model(model_key)
        with heavy_work(tr("working")) as on_wait:
            trace = cache.image_trace(model_key, loaded, image_bytes, filename, on_wait)
except AtlasError as err:
    show_error(err)
    st.stop()
show_notices(trace.notices, filename=display_name(filename))

left, right = st.columns([1, 2])
with left:
    st.image(trace.image, caption=tr("image.seen", h=trace.image.shape[0], w=trace.image.shape[1]), width="stretch")
with right:
    if trace.top5:
        card = bundled_card() if model_key == cache.catalog_key(BUNDLED_VIT) else None
        names = {name: class_name(name, current_lang()) for name in card["classes"]} if card else {}
        labels = [names.get(label, label) for label, _ in trace.top5]
        predictions(labels, [p for _, p in trace.top5])
        st.markdown(tr("image.predicted", label=labels[0], p=f"{trace.top5[0][1]:.1%}"))
        if card is not None:
            domain_notice(trace, card["classes"])
    else:
        st.info(tr("image.no_classifier"))
    st.caption(tr("image.model_facts", model=markdown_text(trace.model_id), layers=trace.num_layers,
                  heads=trace.num_heads, tokens=trace.num_tokens, prefix=trace.num_prefix_tokens))
    trace_downloads(trace, f"trace-{filename.rsplit('.', 1)[0]}")

explorer(trace, model_key)
