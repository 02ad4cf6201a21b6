"""Shared look of the figures: colour scales, fonts and the config passed to the browser."""

import base64
import io

import numpy as np
import plotly.graph_objects as go
from PIL import Image

ATTENTION_SCALE = "Inferno"
FONT = dict(family="Noto Sans CJK KR, Noto Sans KR, Malgun Gothic, Apple SD Gothic Neo, sans-serif", size=13)
# The modebar's camera button saves a PNG at 3× for slides; the page offers SVG and HTML too.
PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 3}}


def image_source(image: np.ndarray) -> str:
    """(H, W, 3) uint8 -> a PNG data URI for layout.images (sent once per panel, small)."""
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def figure_from_spec(spec: dict) -> go.Figure:
    """A Figure from a plain {"data": [...], "layout": {...}} spec, without Plotly's property checks.

    The checks cost tens of milliseconds per figure, paid again on every control change; the
    tests check each builder's output against the full schema instead (tests/test_viz.py).
    """
    return go.Figure(spec, _validate=False)
