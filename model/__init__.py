"""Attention Atlas back end: decode inputs, load models, trace attention, roll it out. No Streamlit here.

    from model import load_vit, trace_image, load_text_model, trace_text, attention_rollout

The names below are imported on first use: they bring torch, timm and transformers (seconds on
a fresh process), and a page can draw its first figures from plain modules such as
model.catalog or model.saved before it needs them.
"""

from importlib import import_module

_HOMES = {
    "attention_rollout": "model.rollout",
    "load_text_model": "model.loading",
    "load_vit": "model.loading",
    "trace_image": "model.vit.trace",
    "trace_text": "model.text.trace",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'model' has no attribute {name!r}")
