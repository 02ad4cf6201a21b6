"""Attention Atlas back end: decode inputs, load models, trace attention, roll it out. No Streamlit here."""
