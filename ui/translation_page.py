"""Translation page: a typed sentence through a small trained Korean↔English translator, one decoder step at a time.

The models are bundled (assets/models/translate_*), so the page works offline. The views live in
ui/translation_views.py and ui/translation_stepper.py; this file draws the inputs and the result.
"""

import numpy as np
import streamlit as st

from model.errors import AtlasError
from model.translate.bundle import DIRECTIONS, KINDS, read_card
from model.translate.grammar import make_pair, render
from model.translate.run import translation_npz_bytes
from model.translate.vocab import STOP
from ui import cache
from ui.common import compact_top, heavy_work, in_prefix, labels_now, markdown_text, show_error, show_notices, tr
from ui.figures import npz_download
from ui.translation_stepper import forced_words
from ui.translation_views import explorer

PRESETS = {
    "ko": ("나는 학생입니다", "그 동물은 너무 피곤해서 길을 건너지 않았다", "내일 시간 있어?"),
    "en": ("I am a student", "The animal didn't cross the street because it was too tired", "Are you free tomorrow?"),
}
DIRECTION_NAMES = tuple(f"{source}-{target}" for source, target in DIRECTIONS)
DEFAULT_KIND = "additive"
RANDOM_COUNT = "tr-random"  # clicks of the random-sentence button so far: each click's seed


def direction_ui() -> tuple[str, str]:
    name = st.segmented_control(
        tr("translation.direction"), DIRECTION_NAMES, default=DIRECTION_NAMES[0], key="tr-direction", required=True,
        format_func=labels_now(in_prefix("translation.direction", DIRECTION_NAMES)),
    )
    source, target = name.split("-")
    return source, target


def kind_ui(source: str, target: str) -> str | None:
    """The model kind, among those whose weights are bundled for this direction; None when there are none."""
    available = [kind for kind in KINDS if read_card(source, target, kind) is not None]
    if not available:
        return None
    if st.session_state.get("tr-kind") not in available:  # that kind is not bundled for the other direction
        st.session_state["tr-kind"] = DEFAULT_KIND if DEFAULT_KIND in available else available[0]
    return st.selectbox(tr("translation.kind"), available, key="tr-kind",
                        format_func=labels_now(in_prefix("translation.kind", KINDS)))


def _use_preset(source: str) -> None:
    st.session_state[f"tr-text-{source}"] = st.session_state[f"tr-preset-{source}"]


def _random_sentence(source: str) -> None:
    """A sentence of the training grammar; the click count seeds it, so the n-th click always gives the same one."""
    st.session_state[RANDOM_COUNT] = st.session_state.get(RANDOM_COUNT, 0) + 1
    pair = make_pair(np.random.default_rng(st.session_state[RANDOM_COUNT]))
    st.session_state[f"tr-text-{source}"] = render(pair.tokens(source), source)


def sentence_ui(source: str) -> str:
    """Presets and the random button follow the source language; each language keeps its own text."""
    key = f"tr-text-{source}"
    st.session_state.setdefault(key, PRESETS[source][0])
    preset, button = st.columns([3, 2], vertical_alignment="bottom")
    preset.selectbox(tr("translation.preset"), PRESETS[source], key=f"tr-preset-{source}", on_change=_use_preset,
                     args=(source,))
    button.button(tr("translation.random"), key="tr-random-button", on_click=_random_sentence, args=(source,),
                  icon="🎲", width="stretch")
    return st.text_area(tr("translation.input"), key=key, height=80, max_chars=2_000)


def code_words(words) -> str:
    """Tokens as code spans (shown literally, "<s>" included), joined by middle dots."""
    return " · ".join(f"`` {word} ``" for word in words)


def result_ui(translator, translation) -> None:
    decode = translation.decode
    st.markdown(f"### {markdown_text(translation.text) or '∅'}")
    picked = set(decode.forced)
    output = " · ".join(f"**`` {w} ``** ✋" if t in picked else f"`` {w} ``" for t, w in enumerate(decode.output))
    st.markdown(tr("translation.source_tokens", n=len(decode.source)) + " " + code_words(decode.source))
    st.markdown(tr("translation.output_tokens", n=len(decode.output)) + " " + output)
    st.caption(tr("translation.model_facts", model=markdown_text(translation.model_id),
                  kind=tr(f"translation.kind.{translation.kind}"), parameters=f"{translator.card['parameters']:,}",
                  vocab=len(translator.source_vocab), target_vocab=len(translator.target_vocab)))
    if picked:
        st.caption(tr("translation.picked", steps=", ".join(str(t + 1) for t in decode.forced)))


def vocabulary_ui(translator) -> None:
    with st.expander(tr("translation.vocab.title", n=len(translator.source_vocab.words()))):
        st.caption(tr("translation.vocab.says"))
        for title, vocab in ((tr("translation.vocab.source"), translator.source_vocab),
                             (tr("translation.vocab.target"), translator.target_vocab)):
            st.markdown(f"**{title}** ({len(vocab.words())})")
            st.markdown(" · ".join(markdown_text(word) for word in vocab.words()))


def export_ui(translation) -> None:
    npz_download(tr("translation.export"), tr("translation.export_help"),
                 lambda: translation_npz_bytes(translation),
                 f"translation-{translation.source_lang}-{translation.target_lang}-{translation.kind}.npz",
                 key="tr-npz")


def main() -> None:
    compact_top()
    st.title(tr("translation.title"))
    st.caption(tr("translation.subtitle"))
    left, right = st.columns(2)
    with left:
        source, target = direction_ui()
    with right:
        kind = kind_ui(source, target)
    if kind is None:
        st.warning(tr("translation.no_models"), icon="⚠️")
        st.stop()
    typing, result = st.columns(2)  # the sentence beside its translation: the figure fits a projector's first screen
    with typing:
        text = sentence_ui(source)
    forced = forced_words((source, target, kind, text))
    try:
        with heavy_work(tr("translation.working")) as on_wait:
            translator = cache.translator(source, target, kind, on_wait)
            translation = cache.translation(source, target, kind, text, forced, on_wait)
    except AtlasError as err:
        show_error(err)
        st.stop()
    show_notices(translation.notices)
    if translation.decode.source == (STOP,):  # nothing typed: the notice says what to do
        st.stop()
    with result:
        result_ui(translator, translation)
    explorer(translator, translation, text)
    vocabulary_ui(translator)
    export_ui(translation)


main()
