"""Shared look of the figures: colour scales, fonts and the config passed to the browser."""

import base64
import html
import io

import numpy as np
import plotly.graph_objects as go
from PIL import Image
from plotly.colors import get_colorscale

ATTENTION_SCALE = "Inferno"
FONT = dict(family="Noto Sans CJK KR, Noto Sans KR, Malgun Gothic, Apple SD Gothic Neo, sans-serif", size=13)
# The modebar's camera button saves a PNG at 3× for slides; the page offers SVG and HTML too.
PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 3}}


def plotly_text(text: str) -> str:
    """User text for a Plotly string: its "<", ">" and "&" escaped, so it is never read as markup."""
    return html.escape(str(text), quote=False)


def image_source(image: np.ndarray) -> str:
    """(H, W, 3) uint8 -> a PNG data URI for layout.images (sent once per panel, small)."""
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def figure_from_spec(spec: dict) -> go.Figure:
    """A Figure from a plain {"data": [...], "layout": {...}} spec, without Plotly's property checks.

    The checks cost tens of milliseconds per figure, paid again on every control change; the
    tests hold each builder's output to what the checks would have produced (tests/test_viz.py).
    The one conversion the browser relies on, named colour scales ("Inferno", "RdBu_r") into
    colour lists, is done here: plotly.js knows only a few names and draws the rest in its default.
    """
    return go.Figure(_named_scales_resolved(spec), _validate=False)


def _named_scales_resolved(node):
    if isinstance(node, dict):
        return {
            k: get_colorscale(v) if k == "colorscale" and isinstance(v, str) else _named_scales_resolved(v)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_named_scales_resolved(v) for v in node]
    return node
