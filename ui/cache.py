"""Cached back-end calls. Models load once per process; a trace is computed once per (model, input).

`cache_resource` objects are shared by every session and thread: models are never modified
(tracing uses temporary, thread-filtered hooks) and Trace arrays are read-only.

The modules that bring torch, timm and transformers are imported inside the functions that
need them: the Image page draws the default sample from its saved trace (model/saved.py)
while they load, instead of waiting three seconds for them on a fresh server.
"""

from pathlib import Path

import numpy as np
import streamlit as st

from model.catalog import BUNDLED_VIT, bundled_files
from model.inputs import decode_image
from model.rollout import attention_flow, gradient_rollout, rollout_by_layer
from model.samples import SAMPLES_DIR
from model.saved import digest, load_saved_trace, saved_path


@st.cache_resource(show_spinner=False, max_entries=4)
def vit(model_id: str):
    from model.loading import load_vit

    return load_vit(model_id)


@st.cache_resource(show_spinner=False, max_entries=2)
def vit_from_weights(data_digest: str, _data: bytes, filename: str, arch: str):
    from model.loading import load_vit_from_weights

    return load_vit_from_weights(_data, filename, arch)


@st.cache_resource(show_spinner=False, max_entries=1)
def vit_architectures() -> list[str]:
    import timm

    return timm.list_models("vit_*") + timm.list_models("deit_*")


@st.cache_resource(show_spinner=False, max_entries=2)
def text_model(model_id: str):
    from model.loading import load_text_model

    return load_text_model(model_id)


def _read_only(trace):
    for value in vars(trace).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return trace


@st.cache_resource(show_spinner=False, max_entries=16)
def image_trace(model_key: str, image_digest: str, _loaded, _image_bytes: bytes, filename: str):
    from model.vit_trace import trace_image

    decoded = decode_image(_image_bytes, filename=filename)
    return _read_only(trace_image(_loaded, decoded.image, decoded.notices))


@st.cache_resource(show_spinner=False, max_entries=4)
def saved_image_trace(model_key: str, image_digest: str, filename: str):
    """The trace saved with a sample (model/saved.py) when it matches the bundled weights and this input; else None."""
    weights = bundled_files()[1]
    if model_key != BUNDLED_VIT or not weights.exists():
        return None
    trace = load_saved_trace(saved_path(SAMPLES_DIR / Path(filename).name), digest(weights.read_bytes()), image_digest)
    return _read_only(trace) if trace is not None else None


@st.cache_resource(show_spinner=False, max_entries=16)
def sentence_trace(model_id: str, text: str, max_tokens: int):
    from model.text_trace import trace_text

    return _read_only(trace_text(text_model(model_id), text, max_tokens))


@st.cache_data(show_spinner=False, max_entries=32)
def rollout_steps(trace_key: tuple, _trace, head_fusion: str, discard_ratio: float, start_layer: int) -> np.ndarray:
    return rollout_by_layer(_trace.weights, head_fusion=head_fusion, discard_ratio=discard_ratio,
                            start_layer=start_layer, num_prefix_tokens=_trace.num_prefix_tokens)


@st.cache_data(show_spinner=False, max_entries=16)
def flow(trace_key: tuple, _trace) -> np.ndarray:
    return attention_flow(_trace.weights)


@st.cache_data(show_spinner=False, max_entries=16)
def grad_rollout(trace_key: tuple, _loaded, _image_bytes: bytes, class_index: int, start_layer: int) -> np.ndarray:
    from model.vit_trace import attention_gradients

    decoded = decode_image(_image_bytes)
    weights, grads = attention_gradients(_loaded, decoded.image, class_index)
    return gradient_rollout(weights, grads, start_layer=start_layer)


