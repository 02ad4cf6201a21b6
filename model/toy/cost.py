"""How one attention layer's cost grows with sequence length: FLOPs and attention-matrix bytes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

REFERENCE_MODELS = (("ViT-B/16", 197, 768, 12), ("BERT-base", 512, 768, 12))  # name, n, d, heads


@dataclass(frozen=True)
class AttentionCost:
    """One attention layer's cost at each sequence length, counting a multiply-add as 2 FLOPs."""

    n: np.ndarray  # (P,) sequence lengths
    d: int
    heads: int
    score_flops: np.ndarray  # (P,) Q·Kᵀ and weights·V over all heads: 2·2·n²·d, grows with n²
    projection_flops: np.ndarray  # (P,) the Q, K, V and output projections: 4·2·n·d², grows with n
    matrix_bytes: np.ndarray  # (P,) the attention matrices of all heads, float32: heads·n²·4


def attention_cost(n: Sequence[int] | np.ndarray, d: int, heads: int, bytes_per_value: int = 4) -> AttentionCost:
    """FLOPs and attention-matrix bytes of one layer of width d with `heads` heads, for each length in n."""
    n = np.asarray(n, dtype=np.float64)  # (P,) float: n²·d passes int64 range for long inputs
    return AttentionCost(
        n=n, d=d, heads=heads,
        score_flops=4 * n**2 * d,
        projection_flops=8 * n * d**2,
        matrix_bytes=heads * n**2 * bytes_per_value,
    )
