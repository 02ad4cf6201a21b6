"""Image page: upload or pick a picture, then explore every layer and head of a Vision Transformer."""

from collections.abc import Mapping

import numpy as np
import streamlit as st

from i18n.shapes import class_name
from model.catalog import BUNDLED_VIT, PRETRAINED_VITS, bundled_card
from model.errors import AtlasError
from model.inputs import display_name
from model.rollout import FLOW_MAX_TOKENS, HEAD_FUSIONS
from model.samples import load_samples
from model.stats import attention_entropy, flattened_patches, mean_attention_distance
from ui import cache
from ui.common import current_lang, heavy_work, in_prefix, labels_now, markdown_text, show_error, show_notices, tr
from ui.explorer import inspector, show_figure, trace_downloads
from viz.image_attention import clicked_patch, overlay_grid_figure, overlay_steps_figure
from viz.matrix import matrix_figure
from viz.overview import head_stats_figure, predictions_figure, small_multiples_figure
from viz.pipeline import patch_grid_figure, position_similarity_figure

UPLOAD_TYPES = ["png", "jpg", "jpeg", "webp", "gif", "bmp"]
LOCAL_FILE = "__local__"
VIEWS = ("heads", "overview", "rollout", "pipeline", "inspector")


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


def input_ui() -> tuple[bytes, str] | None:
    """Sample gallery or upload. Returns (bytes, file name) of the chosen image."""
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
    if sample.note(lang):
        st.caption(sample.note(lang))
    return sample.read_bytes(), sample.file


def query_ui(trace, chart_key: str) -> int:
    """The query token: a click on a patch in the heads figure, or the selector."""
    state = st.session_state
    event = state.get(chart_key)  # the browser's selection event: any JSON a client sends
    selection = event.get("selection") if isinstance(event, Mapping) else None
    points = selection.get("points") if isinstance(selection, Mapping) else None
    patch = clicked_patch(points, trace.num_tokens - trace.num_prefix_tokens)
    if patch is not None:
        click = trace.num_prefix_tokens + patch
        if state.get("img-last-click") != click:
            state["img-last-click"] = click
            state["img-query"] = click
    if state.get("img-query", 0) >= trace.num_tokens:
        state["img-query"] = 0
    return st.selectbox(tr("controls.query"), range(trace.num_tokens), format_func=lambda i: trace.tokens[i],
                        key="img-query")


@st.fragment
def explorer(trace, model_key: tuple) -> None:
    """Layer, head and query controls rerun only this fragment: the model never runs again here."""
    trace_key = (model_key, cache.digest(trace.image.tobytes()))  # the trace is the model's on these pixels
    view = st.segmented_control(tr("controls.view"), VIEWS, default="heads", key="img-view",
                                format_func=labels_now(in_prefix("image.view", VIEWS))) or "heads"
    c1, c2, c3 = st.columns(3)
    layer = c1.slider(tr("controls.layer"), 0, trace.num_layers - 1, trace.num_layers - 1, key="img-layer")
    with c2:
        query = query_ui(trace, "img-heads-chart")
    labels = {k: tr(f"stats.{k}") for k in ("layer", "head", "distance", "entropy")}
    image = trace.image
    on_patch = query >= trace.num_prefix_tokens
    query_cell = divmod(query - trace.num_prefix_tokens, trace.grid[1]) if on_patch else None

    if view == "heads":
        shared = c3.toggle(tr("controls.scale"), value=True, key="img-shared")
        maps = trace.on_grid(trace.weights[layer, :, query])  # (H, rows, cols)
        titles = [f"{labels['head']} {h}" for h in range(trace.num_heads)]
        st.caption(tr("image.heads.caption", query=trace.tokens[query], layer=layer))
        fig = overlay_grid_figure(image, maps, titles, shared_scale=shared, query_cell=query_cell, clickable=True)
        show_figure(fig, key="img-heads-chart", export_name=f"heads-L{layer}", on_select="rerun",
                    selection_mode="points")
    elif view == "overview":
        maps = trace.on_grid(trace.weights[:, :, query])  # (L, H, rows, cols)
        title = tr("image.overview.title", query=trace.tokens[query])
        show_figure(small_multiples_figure(maps, labels["layer"], labels["head"], title), key="img-overview",
                    export_name="overview")
        distance = mean_attention_distance(trace.weights, trace.num_prefix_tokens, trace.grid, trace.patch_size)
        st.markdown(tr("image.overview.stats"))
        show_figure(head_stats_figure(distance, attention_entropy(trace.weights), labels), key="img-stats",
                    export_name="head-stats")
    elif view == "rollout":
        rollout_view(trace, model_key, trace_key)
    elif view == "pipeline":
        pipeline_view(trace, model_key)
    else:
        head = c3.selectbox(tr("controls.head"), range(trace.num_heads), key="img-head")
        inspector(trace, layer, head, query, key="img-insp")


def rollout_view(trace, model_key: tuple, trace_key: tuple) -> None:
    c1, c2, c3 = st.columns(3)
    fusion = c1.selectbox(tr("controls.fusion"), HEAD_FUSIONS, key="img-fusion")
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
        panels[tr("image.rollout.grad", label=trace.top5[0][0])] = trace.on_grid(relevance[0])
    fig = overlay_grid_figure(trace.image, np.stack(list(panels.values())), list(panels), shared_scale=False,
                              columns=4)
    show_figure(fig, key="img-rollout", export_name="rollout")
    st.info(tr("honest.note"), icon="🔎")
    st.markdown(tr("image.rollout.scrubber"))
    maps = trace.on_grid(steps[:, 0])  # (L - start, rows, cols)
    titles = [str(start + i) for i in range(len(steps))]
    fig = overlay_steps_figure(trace.image, maps, titles, slider_label=tr("controls.layer") + " ")
    show_figure(fig, key="img-scrubber", export_name="rollout-layers")


def pipeline_view(trace, model_key: tuple) -> None:
    patch = trace.patch_size
    left, right = st.columns(2)
    with left:
        rows, cols = trace.grid
        st.markdown(tr("image.pipeline.patches", rows=rows, cols=cols, p=patch, n=rows * cols))
        show_figure(patch_grid_figure(trace.image, trace.grid, highlight=[0, 1, 2]), key="img-patches",
                    export_name="patches")
    with right:
        flat = flattened_patches(trace.image, patch)[:3]  # (3, p·p·3)
        st.markdown(tr("image.pipeline.flatten", numbers=flat.shape[1], p=patch))
        fig = matrix_figure(flat.astype(np.float32), [f"patch {i + 1}" for i in range(3)],
                            [str(i) for i in range(flat.shape[1])], title="x_p")
        show_figure(fig, key="img-flat")
        st.markdown(tr("image.pipeline.embed", c=trace.block_in.shape[-1], n=trace.num_tokens,
                       prefix=trace.num_prefix_tokens))
        tokens_in = trace.block_in[0]  # (N, C) patch embeddings + [CLS] + position embeddings
        fig = matrix_figure(tokens_in, list(trace.tokens), [f"c{i}" for i in range(tokens_in.shape[1])],
                            title="z₀ = [x_cls; x_p E] + E_pos", show_values=False)
        show_figure(fig, key="img-z0")
    st.markdown(tr("image.pipeline.pos"))
    similarity = cache.position_similarity(model_key, load_model)  # (P, P)
    show_figure(position_similarity_figure(similarity, trace.grid), key="img-pos", export_name="position-similarity")


st.title(tr("image.title"))
st.caption(tr("image.subtitle"))
try:
    model_key = model_ui()
except AtlasError as err:
    show_error(err)
    st.stop()
chosen = input_ui()
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
        show_figure(predictions_figure(labels, [p for _, p in trace.top5], tr("image.predictions")), key="img-pred")
        st.markdown(tr("image.predicted", label=labels[0], p=f"{trace.top5[0][1]:.1%}"))
    else:
        st.info(tr("image.no_classifier"))
    st.caption(tr("image.model_facts", model=markdown_text(trace.model_id), layers=trace.num_layers,
                  heads=trace.num_heads, tokens=trace.num_tokens, prefix=trace.num_prefix_tokens))
    trace_downloads(trace, f"trace-{filename.rsplit('.', 1)[0]}")

explorer(trace, model_key)
