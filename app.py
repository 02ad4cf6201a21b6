"""Attention Atlas: entry point, shared sidebar and navigation."""

import streamlit as st

from ui.common import language_selector, tr

st.set_page_config(page_title="Attention Atlas", page_icon="🔭", layout="wide")
language_selector()

image_page = st.Page("ui/image_page.py", title=tr("nav.image"), icon="🖼️", url_path="explore-image", default=True)


def image_link() -> None:
    """/image, the address people type and share: Streamlit serves the default page at / only, so forward there."""
    st.switch_page(image_page, query_params=st.query_params.to_dict())


pages = [
    image_page,
    st.Page(image_link, title=tr("nav.image"), url_path="image", visibility="hidden"),
    st.Page("ui/sentence_page.py", title=tr("nav.sentence"), icon="💬", url_path="sentence"),
    st.Page("ui/translation_page.py", title=tr("nav.translation"), icon="🌐", url_path="translation"),
    st.Page("ui/caption_page.py", title=tr("nav.caption"), icon="📝", url_path="captioning"),
    st.Page("ui/toy_page.py", title=tr("nav.toy"), icon="🧮", url_path="step-through"),
    st.Page("ui/about_page.py", title=tr("nav.about"), icon="📖", url_path="about"),
]
st.navigation(pages).run()
