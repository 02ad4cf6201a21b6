"""Attention Atlas back end: decode inputs, load models, trace attention, roll it out. No Streamlit here.

    from model import load_vit, trace_image, load_text_model, trace_text, attention_rollout
"""

from model.loading import load_text_model, load_vit
from model.rollout import attention_rollout
from model.text_trace import trace_text
from model.vit_trace import trace_image

__all__ = ["attention_rollout", "load_text_model", "load_vit", "trace_image", "trace_text"]
