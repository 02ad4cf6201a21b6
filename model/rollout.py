"""Attention rollout, attention flow and gradient-weighted rollout (numpy only).

References: Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers" (rollout and
flow); Chefer, Gur & Wolf 2021, "Generic Attention-model Explainability" (gradient rollout).
All functions take the trace's `weights` (L, H, N, N) whose rows are queries and columns keys.
"""

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow
from threadpoolctl import ThreadpoolController

# Found once: looking the BLAS libraries up again on every rollout costs a millisecond.
_BLAS = ThreadpoolController()

HEAD_FUSIONS = ("mean", "max", "min")
FLOW_MAX_TOKENS = 64


def fuse_heads(weights: np.ndarray, head_fusion: str = "mean") -> np.ndarray:
    """(L, H, N, N) -> (L, N, N) by mean, max or min over heads."""
    if head_fusion not in HEAD_FUSIONS:
        raise ValueError(f"head_fusion must be one of {HEAD_FUSIONS}, not {head_fusion!r}")
    return getattr(weights, head_fusion)(axis=1)


def residual_attention(fused: np.ndarray, discard_ratio: float = 0.0, num_prefix_tokens: int = 1) -> np.ndarray:
    """One layer's attention with the residual path folded in: rows of 0.5·A + 0.5·I, renormalised.

    Args:
        fused: (N, N) head-fused attention of one layer.
        discard_ratio: fraction of the smallest entries set to zero first; the prefix-token
            columns ([CLS], distillation, registers) are never discarded.
    """
    a = fused.astype(np.float32, copy=True)  # (N, N) float32: rows of 0..1 values, 12 products lose < 1e-6
    if discard_ratio > 0:
        k = int(a.shape[0] * (a.shape[1] - num_prefix_tokens) * discard_ratio)
        if k > 0:
            a[:, :num_prefix_tokens] = np.inf  # never among the lowest; restored below
            lowest = np.argpartition(a, k - 1, axis=None)[:k]  # on the whole contiguous matrix: fast .flat
            a.flat[lowest] = 0.0
            a[:, :num_prefix_tokens] = fused[:, :num_prefix_tokens]
    n = a.shape[-1]
    a = 0.5 * a + 0.5 * np.eye(n, dtype=np.float32)
    return a / a.sum(axis=-1, keepdims=True)  # rows (queries) sum to 1


def rollout_by_layer(
    weights: np.ndarray,
    head_fusion: str = "mean",
    discard_ratio: float = 0.0,
    start_layer: int = 0,
    num_prefix_tokens: int = 1,
) -> np.ndarray:
    """Rollout accumulated up to each layer: (L - start_layer, N, N), the last entry is the full rollout."""
    fused = fuse_heads(weights, head_fusion)  # (L, N, N)
    n = fused.shape[-1]
    joint = np.eye(n, dtype=np.float32)
    steps = []
    # A few hundred rows: one BLAS thread is ten times faster than several fighting for busy cores.
    with _BLAS.limit(limits=1, user_api="blas"):
        for layer in range(start_layer, fused.shape[0]):
            joint = residual_attention(fused[layer], discard_ratio, num_prefix_tokens) @ joint  # (N, N)
            steps.append(joint)
    return np.stack(steps)


def attention_rollout(weights: np.ndarray, **options) -> np.ndarray:
    """Attention rollout (N, N): row i says how much each input token flows into output token i.

    Takes the same keyword options as `rollout_by_layer`.
    """
    return rollout_by_layer(weights, **options)[-1]


def attention_flow(weights: np.ndarray, output_token: int = 0, head_fusion: str = "mean") -> np.ndarray:
    """Attention flow (N,): max-flow from every input token to `output_token` of the last layer.

    Builds the layered graph of Abnar & Zuidema with residual-folded, row-normalised
    capacities and solves one max-flow per input token. Limited to FLOW_MAX_TOKENS tokens.
    """
    fused = fuse_heads(weights, head_fusion)  # (L, N, N)
    num_layers, n, _ = fused.shape
    if n > FLOW_MAX_TOKENS:
        raise ValueError(f"attention flow is limited to {FLOW_MAX_TOKENS} tokens; this input has {n}")
    # Node (l, i) is token i after layer l; layer 0 is the input. An edge (l-1, j) -> (l, i)
    # carries what query i takes from key j. scipy's max-flow wants integer capacities.
    resolution = 1_000_000
    rows, cols, caps = [], [], []
    for layer in range(num_layers):
        a = residual_attention(fused[layer])  # (N, N)
        src = layer * n + np.tile(np.arange(n), n)  # key j
        dst = (layer + 1) * n + np.repeat(np.arange(n), n)  # query i
        rows.append(src)
        cols.append(dst)
        caps.append(np.rint(a.reshape(-1) * resolution).astype(np.int32))
    size = (num_layers + 1) * n
    graph = csr_matrix((np.concatenate(caps), (np.concatenate(rows), np.concatenate(cols))), shape=(size, size))
    sink = num_layers * n + output_token
    flow = np.array([maximum_flow(graph, source, sink).flow_value for source in range(n)], dtype=np.float64)
    return (flow / resolution).astype(np.float32)


def gradient_rollout(weights: np.ndarray, grads: np.ndarray, start_layer: int = 0) -> np.ndarray:
    """Class-specific relevance (N, N) after Chefer et al. 2021: R ← R + mean_h(max(∇A ⊙ A, 0))·R.

    Args:
        weights: (L, H, N, N) attention weights.
        grads: (L, H, N, N) gradient of the chosen class logit with respect to those weights.
    """
    cams = np.clip(grads * weights, 0, None).mean(axis=1)  # (L, N, N)
    n = cams.shape[-1]
    relevance = np.eye(n)
    for layer in range(start_layer, cams.shape[0]):
        relevance = relevance + cams[layer] @ relevance  # (N, N)
    return relevance.astype(np.float32)
