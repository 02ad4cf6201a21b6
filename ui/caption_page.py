"""Captioning page: a scene (or a drawing) captioned by a small trained captioner, each word's attention on the image.

The models are bundled (assets/models/captioner_*), so the page works offline. The decoding
stepper is the Translation page's (ui/translation_stepper.py): a caption's decode is an
`RnnDecode` whose source is the grid of regions.
"""

import io

import numpy as np
import streamlit as st
from PIL import Image

from i18n.shapes import class_name
from model.caption.bundle import ATTENTION, read_card
from model.caption.captioner import CAPTION_KINDS, LANGUAGES
from model.caption.run import caption_npz_bytes
from model.caption.scenes import PLURAL, SHAPE_KO, SIZE, render
from model.catalog import BUNDLED_VIT
from model.errors import AtlasError
from model.rollout import HEAD_FUSIONS
from ui import cache
from ui.common import current_lang, heavy_work, in_prefix, labels_now, markdown_text, show_error, show_notices, tr
from ui.explorer import show_figure
from ui.figures import figure_downloads, npz_download
from ui.live import word_maps_live
from ui.translation_stepper import forced_words, stepper_view
from viz.caption import word_map_figure, word_strip_figure
from viz.image_attention import overlay_grid_figure

UPLOAD_TYPES = ["png", "jpg", "jpeg", "webp", "gif", "bmp"]  # as the Image page: model.inputs opens them all
NOUNS = set(PLURAL) | set(PLURAL.values()) | set(SHAPE_KO.values())
WORD = "cap-word"
STEPPER_PANEL = "cap-stepper"


def model_ui() -> tuple[str, str] | None:
    """(caption language, model kind); None when no captioner is bundled."""
    available = [kind for kind in CAPTION_KINDS if read_card(kind) is not None]
    if not available:
        return None
    left, right = st.columns(2)
    st.session_state.setdefault("cap-lang", current_lang() if current_lang() in LANGUAGES else LANGUAGES[0])
    lang = left.segmented_control(tr("caption.lang"), LANGUAGES, key="cap-lang", required=True,
                                  format_func=labels_now(in_prefix("caption.lang", LANGUAGES)))
    kind = right.selectbox(tr("caption.kind"), available, key="cap-kind",
                           format_func=labels_now(in_prefix("caption.kind", CAPTION_KINDS)))
    return lang, kind


def input_ui() -> tuple[np.ndarray, str, object] | None:
    """The picture: (S, S, 3) uint8, a name for it, and the sample's layout (None for an upload)."""
    source = st.segmented_control(
        tr("caption.source"), ("sample", "upload"), default="sample", key="cap-source",
        format_func=labels_now(in_prefix("caption.source", ("sample", "upload"))),
    ) or "sample"
    if source == "upload":
        uploaded = st.file_uploader(tr("caption.upload"), type=UPLOAD_TYPES, key="cap-upload")
        st.caption(tr("caption.upload_hint", size=SIZE))
        if uploaded is None:
            return None
        image, notices = cache.caption_upload(uploaded.getvalue(), uploaded.name)
        show_notices(notices, filename=uploaded.name)
        return image, uploaded.name, None
    samples = cache.caption_samples()
    names = [tr("caption.sample_name", n=i + 1, objects=len(s.objects)) for i, s in enumerate(samples.layouts)]
    index = st.selectbox(tr("caption.sample"), range(len(samples)), key="cap-sample", format_func=names.__getitem__)
    return samples.images[index], f"scene-{index + 1}", samples.layouts[index]


def result_ui(run, layout) -> None:
    st.markdown(f"### {markdown_text(run.text) or '∅'}")
    if layout is not None:
        truth = layout.captions[run.lang].tokens
        st.caption(tr("caption.truth", text=markdown_text(render(truth, run.lang))) + " · "
                   + tr("caption.match" if run.words == truth else "caption.mismatch"))


def word_labels(words) -> list[str]:
    """Each word with its step as a subscript ("square₃"): a caption may say "square" twice, and a button
    group tells its options apart by their labels."""
    digits = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
    return [f"{word}{str(t + 1).translate(digits)}" for t, word in enumerate(words)]


def chosen_word(words) -> int:
    """The step whose map is shown: the one clicked (`WORD`), else the first noun, else the first word."""
    if st.session_state.get(WORD) not in range(len(words)):
        nouns = [t for t, w in enumerate(words) if w in NOUNS]
        st.session_state[WORD] = nouns[0] if nouns else 0
    return st.session_state[WORD]


def word_pills(words) -> None:
    """The word picker where the in-browser view cannot load: pills, one per word written."""
    labels = word_labels(words)
    st.pills(tr("caption.word"), list(range(len(words))), key=WORD, format_func=labels.__getitem__)


def maps_ui(run) -> int:
    """The chosen word's map beside every word's, drawn in the browser; returns the chosen word's step."""
    words = list(run.words or run.decode.output)  # what was written, else every step taken
    step = chosen_word(words)
    maps = run.decode.weights[: len(words)].reshape(len(words), run.grid, run.grid)  # (T, G, G)
    patch = tr("token.patch")

    def strip():  # also called by a download, outside this run: nothing in it may read the session
        return word_strip_figure(run.image, maps, words, patch_word=patch)

    def fallback() -> None:  # Plotly figures and a server-side picker, where the component cannot load
        word_pills(words)
        left, right = st.columns([2, 3])
        title = tr("caption.word_map", word=words[step], step=step + 1)
        with left:
            show_figure(word_map_figure(run.image, maps[step], title, patch_word=patch), key="cap-map")
        with right:
            show_figure(strip(), key="cap-strip")

    st.markdown(f"#### {tr('caption.strip')}")
    # No Plotly.js to wait for; a click on a word chooses it for the stepper and the comparison below.
    word_maps_live(run.image, maps, words, step, key="cap-live", query_key=WORD, fallback=fallback)
    figure_downloads(strip, "caption-maps", "cap-strip")
    return step


def compare_ui(run, step: int) -> None:
    """The captioner's map for a noun beside the bundled ViT's [CLS] rollout on the same picture (on request)."""
    if not st.toggle(tr("caption.compare"), key="cap-compare"):
        return
    words = run.words
    nouns = [t for t, w in enumerate(words) if w in NOUNS]
    if not nouns:
        st.info(tr("caption.no_noun"))
        return
    noun = step if step in nouns else nouns[0]
    buffer = io.BytesIO()
    Image.fromarray(np.asarray(run.image)).save(buffer, format="PNG")
    data = buffer.getvalue()
    key = cache.catalog_key(BUNDLED_VIT)
    with heavy_work(tr("caption.working")) as on_wait:
        loaded = cache.vit(BUNDLED_VIT, on_wait)
        trace = cache.image_trace(key, loaded, data, "scene.png", on_wait)
    trace_key = (key, cache.digest(trace.image.tobytes()))
    rollout = trace.on_grid(cache.rollout_steps(trace_key, trace, HEAD_FUSIONS[0], 0.0, 0)[-1, 0])  # (rows, cols)
    st.markdown(f"#### {tr('caption.compare_title', word=words[noun])}")
    st.caption(tr("caption.compare_says"))
    left, right = st.columns(2)
    with left:
        show_figure(word_map_figure(run.image, run.attention_map(noun),
                                    tr("caption.captioner_panel", word=words[noun]), panel_px=300,
                                    patch_word=tr("token.patch")), key="cap-cmp-a")
    with right:
        label = class_name(trace.top5[0][0], current_lang()) if trace.top5 else "?"
        show_figure(overlay_grid_figure(trace.image, rollout[None], [tr("caption.vit_panel", label=label)],
                                        columns=1, panel_px=300, patch_word=tr("token.patch")), key="cap-cmp-b")


def export_ui(run, name: str) -> None:
    npz_download(tr("caption.export"), tr("caption.export_help"), lambda: caption_npz_bytes(run),
                 f"caption-{name}-{run.lang}-{run.kind}.npz", key="cap-npz")


def main() -> None:
    st.title(tr("caption.title"))
    st.caption(tr("caption.subtitle"))
    chosen = model_ui()
    if chosen is None:
        st.warning(tr("caption.no_models"), icon="⚠️")
        st.stop()
    lang, kind = chosen
    try:
        picked = input_ui()
        if picked is None:
            st.stop()
        image, name, layout = picked
        forced = forced_words(("caption", kind, lang, cache.digest(image.tobytes())))
        with heavy_work(tr("caption.working")) as on_wait:
            captioner = cache.captioner(kind, on_wait)
            run = cache.caption(kind, image, lang, forced, on_wait)
    except AtlasError as err:
        show_error(err)
        st.stop()
    left, right = st.columns([1, 3])
    left.image(run.image, caption=tr("caption.seen", size=SIZE, grid=run.grid), width="stretch")
    with right:
        result_ui(run, layout)
        exact = captioner.card.get("evaluation", {}).get("fresh", {}).get(lang, {}).get("exact_match")
        st.caption(tr("caption.model_facts", model=markdown_text(captioner.model_id),
                      parameters=f"{captioner.card['parameters']:,}", exact="–" if exact is None else f"{exact:.1%}"))
        export_ui(run, name)
    if kind == ATTENTION:
        step = maps_ui(run)
        compare_ui(run, step)
    else:
        st.info(tr("caption.no_attention"), icon="🔎")
    # A lazy expander: the stepper runs only while open. Its tables and charts would otherwise load with every new
    # tab and hold back the word maps.
    stepper = st.expander(f"**{tr('caption.stepper')}**", icon="🪜", key=STEPPER_PANEL, on_change="rerun")
    if stepper.open:
        with stepper:
            st.caption(tr("caption.stepper_says"))
            stepper_view(captioner, run)


main()
