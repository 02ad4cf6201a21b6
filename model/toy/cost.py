"""How one attention layer's cost grows with sequence length: FLOPs and attention-matrix bytes,
and the paper's comparison with recurrent and convolutional layers (Vaswani et al. 2017, Table 1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from model.translate.working import LayerCost, layer_costs

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


@dataclass(frozen=True)
class LayerComparison:
    """Table 1 of "Attention is all you need" at one length, and its per-layer cost over many."""

    rows: tuple[LayerCost, ...]  # self-attention, recurrent, convolutional, filled in at length n
    lengths: np.ndarray  # (P,) sequence lengths for the curves
    per_layer: np.ndarray  # (3, P) n²·d, n·d², k·n·d², in the order of `rows`
    crossing: float  # the n where self-attention's n²·d equals the recurrent n·d²: n = d


def layer_comparison(n: int, lengths: Sequence[int], d: int, kernel: int = 3) -> LayerComparison:
    """The paper's three layer types for width d and kernel width k: the table at length n, and
    the per-layer cost at each of `lengths` (from the same `layer_costs`, so table and curves agree)."""
    curves = np.array([[row.per_layer_value for row in layer_costs(int(length), d, kernel)]
                       for length in lengths], dtype=np.float64)  # (P, 3)
    return LayerComparison(rows=layer_costs(n, d, kernel), lengths=np.asarray(lengths, dtype=np.float64),
                           per_layer=curves.T, crossing=float(d))
