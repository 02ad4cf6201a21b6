"""Widgets and helpers shared by the pages. Only this folder and app.py import Streamlit."""

from collections.abc import Callable

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


def message_text(item) -> str:
    """An AtlasError or Notice in the current language; its English text when untranslated."""
    kind = "notice" if isinstance(item, Notice) else "error"
    key = f"{kind}.{item.code}"
    return t(key, current_lang(), **item.params) if key in TEXT else str(item)


def show_error(err: AtlasError) -> None:
    st.error(message_text(err), icon="⚠️")


def show_notices(notices) -> None:
    for notice in notices:
        st.info(message_text(notice), icon="ℹ️")
