"""Per-head summaries and the ViT's input pipeline, as plain arrays for the figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the type only: torch and timm load when a model does
    from model.loading import LoadedVit


def row_entropy(weights: np.ndarray) -> np.ndarray:
    """(..., N) -> (...): Shannon entropy of each attention row in bits; zero weights add nothing."""
    p = np.asarray(weights)  # (..., N) in its own dtype: a trace's float32 stays half the bytes
    return -(p * np.log2(np.where(p > 0, p, 1.0))).sum(axis=-1)


def attention_entropy(weights: np.ndarray) -> np.ndarray:
    """(L, H, N, N) -> (L, H): mean over queries of each softmax row's entropy, in bits."""
    return row_entropy(weights).mean(-1)


def mean_attention_distance(
    weights: np.ndarray, num_prefix_tokens: int, grid: tuple[int, int], patch_size: int
) -> np.ndarray:
    """(L, H, N, N) -> (L, H): attention-weighted distance in pixels between query and key patches.

    As in Dosovitskiy et al. 2021 (Fig. 7): patch queries only, attention renormalised over patch keys.
    """
    rows, cols = np.divmod(np.arange(grid[0] * grid[1]), grid[1])
    centres = np.stack([rows, cols], axis=-1) * patch_size  # (P, 2)
    dist = np.linalg.norm(centres[:, None] - centres[None], axis=-1)  # (P, P)
    patch_w = weights[:, :, num_prefix_tokens:, num_prefix_tokens:]  # (L, H, P, P)
    patch_w = patch_w / patch_w.sum(-1, keepdims=True)
    return (patch_w * dist).sum(-1).mean(-1)


def position_similarity(loaded: LoadedVit) -> np.ndarray:
    """(P, P) cosine similarity between the learned position embeddings of the patches."""
    module = loaded.module
    pos = module.pos_embed.detach()[0].float()  # (N_pos, C)
    if not module.no_embed_class:
        pos = pos[module.num_prefix_tokens :]
    pos = pos / pos.norm(dim=-1, keepdim=True)
    return (pos @ pos.T).numpy()


def flattened_patches(image: np.ndarray, patch_size: int) -> np.ndarray:
    """(H, W, 3) uint8 -> (P, p·p·3): each patch's pixels in row-major order, as the patch embedding reads them."""
    h, w, c = image.shape
    r, s = h // patch_size, w // patch_size
    patches = image[: r * patch_size, : s * patch_size].reshape(r, patch_size, s, patch_size, c)
    return patches.transpose(0, 2, 1, 3, 4).reshape(r * s, patch_size * patch_size * c)
