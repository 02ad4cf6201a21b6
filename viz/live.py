"""The in-browser explorer's payload: a trace's attention as little-endian float32 in base64, and how much to send.

The explorer (ui/live/) answers hover, layer and head changes in the browser, so it must hold every number it
may draw. bertviz writes every head of every layer into the page as JSON text and freezes past a couple of hundred
tokens; here the arrays travel as raw float32 (4 bytes a number, 5⅓ characters in base64, the exact bits of the
trace) and only as many layers as one page load may carry: all of them when they fit `LIVE_BUDGET_BYTES` (the
bundled ViT, MiniLM on a sentence), else the one layer asked for (ViT-B/16, sentences past 72 tokens), fetched
again when the page's Layer slider moves; and where even one layer is too big and the view draws one head at a
time (the Sentence explorer past 176 tokens: a layer of 512 tokens is 16.8 MB), only the head asked for.

The same component draws one labelled matrix (`matrix_payload`: the Step-through's and the Translation page's
matrices, hover a cell for its exact number) and a caption's per-word maps over its picture (`word_maps_payload`):
small enough to send whole, and drawn without waiting for Plotly.js, which a new tab takes 1-2 s to start.

Arrays in, a JSON-ready dict out: no torch, no Streamlit. Shapes as in model/attention.py.
"""

import base64
import json

import numpy as np
from plotly.colors import get_colorscale

from viz.matrix import cell_texts, colour_range

LIVE_BUDGET_BYTES = 2_000_000  # base64 characters of attention one page load may carry: all layers if they fit
FLOAT32 = np.dtype("<f4")  # little-endian: what a browser's Float32Array reads on every machine we serve
FLOAT64 = np.dtype("<f8")


def encode_f32(values: np.ndarray, dtype: np.dtype = FLOAT32) -> str:
    """Any float array -> base64 of its little-endian float32 (or `dtype`) bytes, C order."""
    return base64.b64encode(np.ascontiguousarray(values, dtype=dtype).tobytes()).decode("ascii")


def decode_f32(text: str, shape, dtype: np.dtype = FLOAT32) -> np.ndarray:
    """The inverse of `encode_f32`: base64 -> float32 (or `dtype`) array of `shape`."""
    return np.frombuffer(base64.b64decode(text), dtype=dtype).reshape(shape)


def encode_u8(values: np.ndarray) -> str:
    """(H, W, 3) uint8 picture -> base64 of its raw bytes: the pixels the model saw, exactly (no PNG coder)."""
    return base64.b64encode(np.ascontiguousarray(values, dtype=np.uint8).tobytes()).decode("ascii")


def base64_size(num_bytes: int) -> int:
    """Characters of base64 for `num_bytes` bytes (padded)."""
    return 4 * ((num_bytes + 2) // 3)


def layer_span(shape: tuple[int, ...], layer: int, budget: int = LIVE_BUDGET_BYTES) -> tuple[int, int]:
    """[first, last) layers to send for attention of `shape` (L, H, N, M): all when they fit `budget`, else `layer`."""
    every = base64_size(int(np.prod(shape)) * FLOAT32.itemsize)
    return (0, shape[0]) if every <= budget else (layer, layer + 1)


def head_span(shape: tuple[int, ...], layers: tuple[int, int], head: int | None,
              budget: int = LIVE_BUDGET_BYTES) -> tuple[int, int]:
    """[first, last) heads to send of `layers`: all, unless they overflow `budget` and the view can take one `head`
    at a time (`head` not None)."""
    every = base64_size((layers[1] - layers[0]) * int(np.prod(shape[1:])) * FLOAT32.itemsize)
    return (0, shape[1]) if head is None or every <= budget else (head, head + 1)


def live_payload(weights: np.ndarray, asked: int, *, asked_head: int | None = None, rollout: np.ndarray | None = None,
                 image: np.ndarray | None = None, budget: int = LIVE_BUDGET_BYTES, **about) -> dict:
    """What the explorer needs for one input.

    Args:
        weights: (L, H, N, M) attention weights of the trace.
        asked: the layer to send when all of them do not fit `budget` (the page's Layer slider).
        asked_head: the head to send when even one layer does not fit (the page's Head select); None: the view
            draws every head at once, so a layer always goes whole.
        rollout: (L', N) rows to scrub through (the [CLS] row of the rollout after each layer), or None.
        image: (H, W, 3) uint8 picture the model saw, or None for text.
        about: JSON-ready extras passed through as they are (tokens, grid, labels...).

    Returns:
        {"shape": [L, H, N, M], "layers": [first, last), "heads": [first, last), "weights": base64 of those
        layers' and heads' weights, ...}; with a
        rollout "rollout" and "rollout_shape", with a picture "image" and "image_shape".
    """
    first, last = layer_span(weights.shape, asked, budget)
    h0, h1 = head_span(weights.shape, (first, last), asked_head, budget)
    payload = {"shape": list(weights.shape), "layers": [first, last], "heads": [h0, h1],
               "weights": encode_f32(weights[first:last, h0:h1]), **about}
    if rollout is not None:
        payload.update(rollout=encode_f32(rollout), rollout_shape=list(rollout.shape))
    if image is not None:
        payload.update(image=encode_u8(image), image_shape=list(image.shape))
    return payload


def sent_weights(payload: dict) -> np.ndarray:
    """(layers sent, heads sent, N, M): the weights a payload carries, decoded as the browser decodes them."""
    (first, last), (h0, h1) = payload["layers"], payload["heads"]
    return decode_f32(payload["weights"], (last - first, h1 - h0, *payload["shape"][2:]))


def payload_bytes(payload: dict) -> int:
    """Bytes of the payload as JSON text (UTF-8): about what one page load sends for the explorer."""
    return len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def matrix_payload(values: np.ndarray, rows, cols, *, title: str = "", row_title: str = "", col_title: str = "",
                   zmin: float | None = None, zmax: float | None = None, colorscale: str | None = None,
                   show_values: bool | str = "auto", decimals: int = 3, cell_text: np.ndarray | None = None,
                   highlight_row: int | None = None, font_size: int = 14, **about) -> dict:
    """One labelled (R, C) matrix for the explorer's matrix view, coloured and printed as `viz.matrix.matrix_figure`
    draws it (same arguments). float32 values travel as float32, anything else as float64: the number on hover
    is the computed one, bit for bit. Non-finite cells (a causal mask's -inf, a quiz's hidden NaN) are drawn
    blank and have no hover, as in the Plotly view.

    Returns:
        {"kind": "matrix", "shape": [R, C], "values": base64, "dtype": "f4" | "f8", "rows", "cols",
        "cells": (R, C) printed strings or None, "scale": [[t, "rgb(...)"], ...], "zmin", "zmax", ...}
    """
    z = np.asarray(values)
    if z.ndim != 2 or z.shape != (len(rows), len(cols)):
        raise ValueError(f"{len(rows)} row and {len(cols)} column labels for a matrix of shape {z.shape}")
    dtype = FLOAT32 if z.dtype == np.float32 else FLOAT64
    scale, low, high = colour_range(z.astype(np.float64), zmin, zmax, colorscale)
    return {
        "kind": "matrix", "shape": list(z.shape), "dtype": "f4" if dtype == FLOAT32 else "f8",
        "values": encode_f32(z, dtype),
        "rows": [str(r) for r in rows], "cols": [str(c) for c in cols],
        "cells": cell_texts(z, show_values, decimals, cell_text),
        "scale": [[float(t), colour] for t, colour in get_colorscale(scale)], "zmin": float(low), "zmax": float(high),
        "title": title, "row_title": row_title, "col_title": col_title, "font_px": font_size,
        "highlight": None if highlight_row is None else int(highlight_row), **about,
    }


def sent_matrix(payload: dict) -> np.ndarray:
    """(R, C): the matrix a matrix payload carries, decoded as the browser decodes it."""
    return decode_f32(payload["values"], payload["shape"], FLOAT32 if payload["dtype"] == "f4" else FLOAT64)


def word_maps_payload(image: np.ndarray, maps: np.ndarray, words, step: int, **about) -> dict:
    """A caption's attention for the explorer's word view: the picture, and each written word's map over it.

    Args:
        image: (H, W, 3) uint8 picture the captioner saw.
        maps: (T, G, G) each word's attention over the G × G regions (a row of the decode's weights each).
        words: T words; step: the word shown first.
    """
    if maps.ndim != 3 or maps.shape[0] != len(words):
        raise ValueError(f"{len(words)} words for maps of shape {maps.shape}")
    return {"kind": "words", "shape": list(maps.shape), "weights": encode_f32(maps), "words": [str(w) for w in words],
            "step": int(step), "image": encode_u8(image), "image_shape": list(image.shape), **about}
