"""Attention Atlas: entry point, shared sidebar and navigation."""

import streamlit as st

from ui.common import language_selector, tr

st.set_page_config(page_title="Attention Atlas", page_icon="🔭", layout="wide")
language_selector()

pages = [
    st.Page("ui/image_page.py", title=tr("nav.image"), icon="🖼️", url_path="image", default=True),
    st.Page("ui/sentence_page.py", title=tr("nav.sentence"), icon="💬", url_path="sentence"),
    st.Page("ui/toy_page.py", title=tr("nav.toy"), icon="🧮", url_path="step-through"),
    st.Page("ui/about_page.py", title=tr("nav.about"), icon="📖", url_path="about"),
]
st.navigation(pages).run()
