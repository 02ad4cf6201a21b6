"""Image page: upload or pick a picture, then explore every layer and head of a Vision Transformer."""

from collections.abc import Mapping

import numpy as np
import streamlit as st

from model.catalog import BUNDLED_VIT, PRETRAINED_VITS, bundled_card
from model.errors import AtlasError
from model.inputs import display_name
from model.rollout import FLOW_MAX_TOKENS, HEAD_FUSIONS, prefix_row_on_grid
from model.samples import load_samples
from model.stats import attention_entropy, flattened_patches, mean_attention_distance, position_similarity
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


def model_ui():
    """Sidebar model picker. Returns (cache key, a function that loads the model) or raises AtlasError.

    The model loads when first asked for, so the default sample's saved trace can be drawn first.
    """
    choice = st.sidebar.selectbox(
        tr("controls.model"), (BUNDLED_VIT, *PRETRAINED_VITS, LOCAL_FILE), key="img-model",
        format_func=labels_now({BUNDLED_VIT: "image.model.bundled", LOCAL_FILE: "image.model.local"}),
    )
    if choice != LOCAL_FILE:
        card = bundled_card() if choice == BUNDLED_VIT else None
        if card:
            names = card["classes_ko"] if current_lang() == "ko" else card["classes"]
            st.sidebar.caption(tr("image.model.bundled.about", layers=card["model_kwargs"]["depth"],
                                  minutes=round(card["train_seconds"] / 60), classes=", ".join(names),
                                  accuracy=f"{card['accuracy']:.1%}"))
        return choice, lambda: _loading(choice, lambda on_wait: cache.vit(choice, on_wait))
    arch = st.sidebar.selectbox(tr("image.arch"), cache.vit_architectures(), key="img-arch")
    weights = st.sidebar.file_uploader(tr("image.weights"), type=["safetensors", "pth", "pt"], key="img-weights")
    if weights is None:
        raise AtlasError("weights_needed", "Choose a .safetensors, .pth or .pt file for {arch}.", arch=arch)
    data = weights.getvalue()
    key = f"{arch}:{cache.digest(data)}"
    loaded = _loading(weights.name, lambda on_wait: cache.vit_from_weights(data, weights.name, arch, on_wait))
    return key, lambda: loaded


def _loading(name: str, load):
    """load(on_wait) under a spinner naming the model, with the queue's notice while it waits its turn."""
    with heavy_work(tr("image.loading_model", model=markdown_text(name))) as on_wait:
        return load(on_wait)


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


def grid_of(trace, row: np.ndarray) -> np.ndarray:
    """A (…, N) token row without prefix tokens, on the patch grid: (…, rows, cols)."""
    return row[..., trace.num_prefix_tokens :].reshape(*row.shape[:-1], *trace.grid)


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
    return st.selectbox(tr("controls.query"), range(trace.num_tokens), format_func=lambda i: trace.tokens[i], key="img-query")


def patch_size(trace) -> int:
    return trace.image.shape[1] // trace.grid[1]


@st.fragment
def explorer(trace, load, trace_key: tuple) -> None:
    """Layer, head and query controls rerun only this fragment: the model never runs again here."""
    view = st.segmented_control(tr("controls.view"), VIEWS, default="heads", key="img-view", format_func=labels_now(in_prefix("image.view", VIEWS))) or "heads"
    c1, c2, c3 = st.columns(3)
    layer = c1.slider(tr("controls.layer"), 0, trace.num_layers - 1, trace.num_layers - 1, key="img-layer")
    with c2:
        query = query_ui(trace, "img-heads-chart")
    labels = {k: tr(f"stats.{k}") for k in ("layer", "head", "distance", "entropy")}
    image = trace.image
    query_cell = divmod(query - trace.num_prefix_tokens, trace.grid[1]) if query >= trace.num_prefix_tokens else None

    if view == "heads":
        shared = c3.toggle(tr("controls.scale"), value=True, key="img-shared")
        maps = grid_of(trace, trace.weights[layer, :, query])  # (H, rows, cols)
        titles = [f"{labels['head']} {h}" for h in range(trace.num_heads)]
        st.caption(tr("image.heads.caption", query=trace.tokens[query], layer=layer))
        fig = overlay_grid_figure(image, maps, titles, shared_scale=shared, query_cell=query_cell, clickable=True)
        show_figure(fig, key="img-heads-chart", export_name=f"heads-L{layer}", on_select="rerun", selection_mode="points")
    elif view == "overview":
        maps = grid_of(trace, trace.weights[:, :, query])  # (L, H, rows, cols)
        show_figure(small_multiples_figure(maps, labels["layer"], labels["head"], tr("image.overview.title", query=trace.tokens[query])), key="img-overview", export_name="overview")
        distance = mean_attention_distance(trace.weights, trace.num_prefix_tokens, trace.grid, patch_size(trace))
        st.markdown(tr("image.overview.stats"))
        show_figure(head_stats_figure(distance, attention_entropy(trace.weights), labels), key="img-stats", export_name="head-stats")
    elif view == "rollout":
        rollout_view(trace, load, trace_key)
    elif view == "pipeline":
        pipeline_view(trace, load())
    else:
        head = c3.selectbox(tr("controls.head"), range(trace.num_heads), key="img-head")
        inspector(trace, layer, head, query, key="img-insp")


def rollout_view(trace, load, trace_key: tuple) -> None:
    c1, c2, c3 = st.columns(3)
    fusion = c1.selectbox(tr("controls.fusion"), HEAD_FUSIONS, key="img-fusion")
    discard = c2.slider(tr("controls.discard"), 0.0, 0.95, 0.0, 0.05, key="img-discard")
    start = c3.slider(tr("controls.start"), 0, trace.num_layers - 1, 0, key="img-start")
    steps = cache.rollout_steps(trace_key, trace, fusion, discard, start)  # (L - start, N, N)
    panels = {tr("image.rollout.rollout"): prefix_row_on_grid(steps[-1], trace.num_prefix_tokens, trace.grid)}
    panels[tr("image.rollout.raw")] = grid_of(trace, trace.weights[-1, :, 0].mean(0))
    if trace.num_tokens <= FLOW_MAX_TOKENS:
        panels[tr("image.rollout.flow")] = grid_of(trace, cache.flow(trace_key, trace))
    if trace.logits is not None:
        best = int(np.argmax(trace.logits))
        loaded = load()
        with heavy_work(tr("working")) as on_wait:
            relevance = cache.grad_rollout(trace_key, loaded, trace, best, start, on_wait)
        panels[tr("image.rollout.grad", label=trace.top5[0][0])] = prefix_row_on_grid(relevance, trace.num_prefix_tokens, trace.grid)
    fig = overlay_grid_figure(trace.image, np.stack(list(panels.values())), list(panels), shared_scale=False, columns=4)
    show_figure(fig, key="img-rollout", export_name="rollout")
    st.info(tr("honest.note"), icon="🔎")
    st.markdown(tr("image.rollout.scrubber"))
    maps = np.stack([prefix_row_on_grid(s, trace.num_prefix_tokens, trace.grid) for s in steps])
    titles = [str(start + i) for i in range(len(steps))]
    show_figure(overlay_steps_figure(trace.image, maps, titles, slider_label=tr("controls.layer") + " "), key="img-scrubber", export_name="rollout-layers")


def pipeline_view(trace, loaded) -> None:
    patch = patch_size(trace)
    left, right = st.columns(2)
    with left:
        st.markdown(tr("image.pipeline.patches", rows=trace.grid[0], cols=trace.grid[1], p=patch, n=trace.grid[0] * trace.grid[1]))
        show_figure(patch_grid_figure(trace.image, trace.grid, highlight=[0, 1, 2]), key="img-patches", export_name="patches")
    with right:
        flat = flattened_patches(trace.image, patch)[:3]  # (3, p·p·3)
        st.markdown(tr("image.pipeline.flatten", numbers=flat.shape[1], p=patch))
        show_figure(matrix_figure(flat.astype(np.float32), [f"patch {i + 1}" for i in range(3)], [str(i) for i in range(flat.shape[1])], title="x_p"), key="img-flat")
        st.markdown(tr("image.pipeline.embed", c=trace.block_in.shape[-1], n=trace.num_tokens, prefix=trace.num_prefix_tokens))
        tokens_in = trace.block_in[0]  # (N, C) patch embeddings + [CLS] + position embeddings
        show_figure(matrix_figure(tokens_in, list(trace.tokens), [f"c{i}" for i in range(tokens_in.shape[1])], title="z₀ = [x_cls; x_p E] + E_pos", show_values=False), key="img-z0")
    st.markdown(tr("image.pipeline.pos"))
    show_figure(position_similarity_figure(position_similarity(loaded), trace.grid), key="img-pos", export_name="position-similarity")


st.title(tr("image.title"))
st.caption(tr("image.subtitle"))
try:
    model_key, load = model_ui()
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
        loaded = load()
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
        card = bundled_card() if model_key == BUNDLED_VIT else None
        names = dict(zip(card["classes"], card["classes_ko"])) if card and current_lang() == "ko" else {}
        labels = [names.get(label, label) for label, _ in trace.top5]
        show_figure(predictions_figure(labels, [p for _, p in trace.top5], tr("image.predictions")), key="img-pred")
        st.markdown(tr("image.predicted", label=labels[0], p=f"{trace.top5[0][1]:.1%}"))
    else:
        st.info(tr("image.no_classifier"))
    st.caption(tr("image.model_facts", model=markdown_text(trace.model_id), layers=trace.num_layers, heads=trace.num_heads, tokens=trace.num_tokens, prefix=trace.num_prefix_tokens))
    trace_downloads(trace, f"trace-{filename.rsplit('.', 1)[0]}")

explorer(trace, load, (model_key, image_digest))
