"""A captioner's attention drawn over its picture: one word's map, and the strip of every word's map.

The overlays are the Image page's (viz/image_attention.py); here the maps are the decoder's
weights α_t over the region grid, one per word written.
"""

import numpy as np
import plotly.graph_objects as go

from viz.image_attention import overlay_grid_figure

STRIP_COLUMNS = 5


def word_map_figure(image: np.ndarray, weights: np.ndarray, title: str, panel_px: int = 380,
                    patch_word: str = "patch") -> go.Figure:
    """One word's attention (G, G) over the (H, W, 3) picture; `patch_word` names a region in the hover text."""
    return overlay_grid_figure(image, weights[None], [title], columns=1, hover_name="α", panel_px=panel_px,
                               patch_word=patch_word)


def word_strip_figure(image: np.ndarray, weights: np.ndarray, words: list[str], panel_px: int = 150,
                      patch_word: str = "patch") -> go.Figure:
    """Every word's attention, (T, G, G), one small panel each, each on its own colour scale."""
    titles = [f"{t + 1}. {word}" for t, word in enumerate(words)]
    return overlay_grid_figure(image, weights, titles, columns=min(STRIP_COLUMNS, len(words)), shared_scale=False,
                               hover_name="α", panel_px=panel_px, patch_word=patch_word)
