"""The ViT's way in, number by number: flattened patches x_p, their embedding x_p·E + b, the learned
prefix tokens ([CLS]) and the position embeddings that together make the first block's input.

    x_p      (P, p·p·3)   each patch's pixels, row by row, 3 = R, G, B, normalised as the model reads them
    x_p·E+b  (P, C)       the patch embedding: timm computes it as a p×p convolution with stride p
    z₀ = [x_cls; x_p·E + b] + E_pos                                 (N, C), the trace's block_in[0]

The convolution and the matrix product are the same numbers; a test checks x_p·E + b against the
model's own patch_embed, and the rebuilt z₀ against the trace.
"""

from dataclasses import dataclass

import numpy as np
import torch

from model.loading import LoadedVit
from model.stats import flattened_patches
from model.trace import Trace


@dataclass(frozen=True)
class PatchEmbedding:
    x_p: np.ndarray  # (P, p·p·3) normalised pixels, one row per patch, channels innermost
    embedded: np.ndarray  # (P, C) x_p·E + b
    bias: np.ndarray | None  # (C,) b, the embedding's bias
    prefix: np.ndarray  # (K, C) the learned prefix vectors ([CLS], [DIST], registers), as timm stores them
    pos: np.ndarray  # (N, C), or (P, C) for models that give the prefix tokens no position
    z0: np.ndarray  # (N, C) the first block's input, from the trace


def normalised_pixels(loaded: LoadedVit, seen: np.ndarray) -> np.ndarray:
    """(H, W, 3) uint8 -> (H, W, 3) float32: 0..1, then minus the model's channel mean, over its std."""
    return ((seen.astype(np.float32) / 255 - np.float32(loaded.mean)) / np.float32(loaded.std)).astype(np.float32)


def prefix_vectors(module: torch.nn.Module) -> torch.Tensor:
    """(K, C) the learned [CLS], [DIST] and register vectors, in timm's order."""
    parts = [getattr(module, name, None) for name in ("cls_token", "dist_token", "reg_token")]
    return torch.cat([p[0] for p in parts if p is not None])  # each parameter is (1, k, C)


def patch_embedding(loaded: LoadedVit, trace: Trace) -> PatchEmbedding:
    """The embedding step of `trace`'s image, from the model's own convolution weights and learned vectors."""
    conv = loaded.module.patch_embed.proj  # Conv2d(3, C, kernel p, stride p)
    p = conv.kernel_size[0]
    x_p = flattened_patches(normalised_pixels(loaded, trace.image), p)  # (P, p·p·3)
    with torch.inference_mode():
        # The conv weight (C, 3, p, p) reordered to (p, p, 3) per output, to match x_p's order: E is (p·p·3, C)
        e = conv.weight.permute(0, 2, 3, 1).reshape(conv.out_channels, -1).T
        embedded = torch.from_numpy(x_p) @ e  # (P, C)
        if conv.bias is not None:
            embedded = embedded + conv.bias
        prefix = prefix_vectors(loaded.module)  # (K, C)
        pos = loaded.module.pos_embed[0]  # (N or P, C)
    return PatchEmbedding(
        x_p=x_p, embedded=embedded.detach().float().numpy(),
        bias=None if conv.bias is None else conv.bias.detach().float().numpy(),
        prefix=prefix.detach().float().numpy(), pos=pos.detach().float().numpy(), z0=trace.block_in[0],
    )
