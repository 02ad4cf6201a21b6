"""About: what the app shows, where the numbers come from, and the bundled models."""

import streamlit as st

from model.catalog import BUNDLED_VIT, DEFAULT_TEXT_MODEL
from ui.common import tr

st.title(tr("about.title"))
st.markdown(tr("about.what"))
st.latex(r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{QK^\top}{\sqrt{d_k}}\right)V")
st.markdown(tr("about.numbers"))
st.markdown(tr("about.models", vit=BUNDLED_VIT, text=DEFAULT_TEXT_MODEL))
st.info(tr("honest.note"), icon="🔎")
st.markdown(tr("about.references"))
