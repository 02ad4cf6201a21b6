"""Why attention divides the scores by √d_k, shown with numbers: dot products of random vectors.

If the entries of q and k are independent with mean 0 and variance 1, q·k = Σ_c q_c·k_c adds up
d_k independent products of variance 1, so Var(q·k) = d_k: the scores spread out like √d_k as
the heads get wider. Divided by √d_k their variance is 1 at every width. Without the division a
softmax over a row of such scores saturates: one key takes nearly all the weight, and the
gradients through the others all but vanish.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DotProductSample:
    """q·k for random unit-variance queries and keys of one width, before and after ÷√d_k."""

    d_k: int
    raw: np.ndarray  # (R·m,) q·k: R random queries, each against its own m random keys
    scaled: np.ndarray  # (R·m,) raw / √d_k
    top_weight_raw: float  # the largest softmax weight in a row of m raw scores, averaged over R rows
    top_weight_scaled: float  # the same after ÷√d_k


def _mean_top_weight(scores: np.ndarray) -> float:
    """(R, m) scores -> the mean over rows of the row's largest softmax weight (1/m: even, 1: saturated)."""
    exps = np.exp(scores - scores.max(axis=-1, keepdims=True))  # (R, m) the largest is e⁰ = 1
    return float((1.0 / exps.sum(axis=-1)).mean())


def dot_product_sample(d_k: int, rows: int = 500, keys: int = 8, seed: int = 0) -> DotProductSample:
    """Draw `rows` queries and `rows`·`keys` keys with N(0, 1) entries and take their dot products.

    The draw depends only on (seed, d_k), so a slider that returns to a width shows the same picture.
    """
    rng = np.random.default_rng([seed, d_k])
    q = rng.standard_normal((rows, 1, d_k))  # (R, 1, d_k)
    k = rng.standard_normal((rows, keys, d_k))  # (R, m, d_k)
    raw = (q * k).sum(axis=-1)  # (R, m)
    scaled = raw / math.sqrt(d_k)  # (R, m)
    return DotProductSample(d_k=d_k, raw=raw.ravel(), scaled=scaled.ravel(),
                            top_weight_raw=_mean_top_weight(raw), top_weight_scaled=_mean_top_weight(scaled))
