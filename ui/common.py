"""Widgets and helpers shared by the pages. Only this folder and app.py import Streamlit."""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

import streamlit as st

from i18n import DEFAULT_LANGUAGE, LANGUAGES, TEXT, t
from model.errors import AtlasError, Notice


def current_lang() -> str:
    """The language chosen in the sidebar (kept in session state and the URL)."""
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def tr(key: str, **fmt) -> str:
    """UI text for `key` in the current language."""
    return t(key, current_lang(), **fmt)


def labels_now(keys: dict) -> Callable:
    """A format_func showing each option's UI text `keys[option]`, looked up once, in this run's language.

    The texts are fixed when the widget is built, so whenever Streamlit calls the function the
    labels are those of the run that drew the widget. Options without a key show as themselves.
    """
    labels = {option: tr(key) for option, key in keys.items()}
    return lambda option: labels.get(option, str(option))


def in_prefix(prefix: str, options) -> dict:
    """{option: "prefix.option"}: the usual i18n keys of a widget's options, for labels_now."""
    return {option: f"{prefix}.{option}" for option in options}


def language_selector() -> str:
    """Sidebar language switch, bound to the `lang` query parameter so links keep it."""
    wanted = st.query_params.get("lang", DEFAULT_LANGUAGE)
    st.session_state.setdefault("lang", wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE)
    lang = st.sidebar.radio(
        t("lang.label", st.session_state["lang"]),
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        key="lang",
        horizontal=True,
    )
    st.query_params["lang"] = lang
    return lang


# Styling only, no user text: Streamlit leaves 6rem above a page's title for its header bar; 4rem still clears it
# and brings a page's first figure into the first screen of a 1280×720 projector. A <style>-only st.html takes no
# room on the page.
COMPACT_TOP_CSS = '<style>[data-testid="stMainBlockContainer"] {padding-top: 4rem;}</style>'


def compact_top() -> None:
    """Less empty space above the title (see COMPACT_TOP_CSS)."""
    st.html(COMPACT_TOP_CSS)


_PATCH_LABEL = re.compile(r"patch \((\d+),(\d+)\)")  # the tracer's "patch (r,c)"


def clamp_index(key: str, count: int, default: int = 0) -> int:
    """Keep a select box's (or slider's) stored index inside `count` options before the widget is drawn, and return
    it: a new input may have fewer tokens than the last, and a browser can send back a label of the old options
    instead of an index. Written only when out of range: a value the script writes is pushed back to the widget,
    and would undo the user's newer moves that arrive while this run is going."""
    value = st.session_state.get(key, -1)
    if not isinstance(value, int) or not 0 <= value < count:
        value = st.session_state[key] = min(default, count - 1)
    return value


def keep_state(*keys: str) -> None:
    """Keep these widgets' values through a run that does not draw them (another control stands in): Streamlit
    forgets the state of a widget a run leaves out."""
    for key in keys:
        st.session_state[key] = st.session_state[key]


def display_tokens(tokens) -> list[str]:
    """Token labels in the current language: a patch's "patch (r,c)" becomes "패치 (r,c)" in Korean; word pieces
    and [CLS] stay as the model wrote them.
    """
    word = tr("token.patch")
    return [f"{word} ({m[1]},{m[2]})" if (m := _PATCH_LABEL.fullmatch(str(t))) else str(t) for t in tokens]


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def markdown_text(text) -> str:
    """Text a user controls (a file name, a token), escaped so Markdown shows it as typed: never a link,
    emphasis or math.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def message_text(item) -> str:
    """An AtlasError or Notice in the current language, as Markdown with its values escaped; English when
    untranslated.
    """
    kind = "notice" if isinstance(item, Notice) else "error"
    key = f"{kind}.{item.code}"
    params = {name: markdown_text(value) if isinstance(value, str) else value for name, value in item.params.items()}
    return t(key, current_lang(), **params) if key in TEXT else item.message.format(**params)


def show_error(err: AtlasError) -> None:
    st.error(message_text(err), icon="⚠️")


def show_notices(notices, **own) -> None:
    """Each notice as an info box; `own` values (this user's file name) replace the same-named ones of a
    shared trace.
    """
    for notice in notices:
        mine = {name: value for name, value in own.items() if name in notice.params}
        st.info(message_text(replace(notice, params={**notice.params, **mine}) if mine else notice), icon="ℹ️")


@contextmanager
def heavy_work(label: str) -> Iterator[Callable[[int], None]]:
    """A spinner saying `label`; yields the `on_wait` that says how many jobs are ahead while this one queues."""
    place = st.empty()

    def waiting(ahead: int) -> None:
        place.info(tr("queue.waiting", ahead=ahead), icon="⏳")

    try:
        with st.spinner(label):
            yield waiting
    finally:
        place.empty()
