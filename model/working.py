"""The worked arithmetic of one query row, from the trace's own numbers, for the step-by-step inspector."""

from dataclasses import dataclass

import numpy as np

from model.trace import Trace


@dataclass(frozen=True)
class QueryWorking:
    q: np.ndarray  # (d,) the query vector
    keys: np.ndarray  # (N, d) every key vector
    scores: np.ndarray  # (N,) q·k_j, the trace's raw scores
    scaled: np.ndarray  # (N,) scores · scale
    shifted: np.ndarray  # (N,) scaled − max(scaled), so exp never overflows
    exps: np.ndarray  # (N,) exp(shifted)
    total: float  # Σ exp
    weights: np.ndarray  # (N,) the trace's softmax row; equals exps / total
    out: np.ndarray  # (d,) Σ_j weights_j · v_j, the trace's head output row


def query_working(trace: Trace, layer: int, head: int, query: int) -> QueryWorking:
    scores = trace.scores[layer, head, query].astype(np.float64)  # (N,)
    scaled = scores * trace.scale
    shifted = scaled - scaled.max()
    exps = np.exp(shifted)
    return QueryWorking(
        q=trace.q[layer, head, query],
        keys=trace.k[layer, head],
        scores=trace.scores[layer, head, query],
        scaled=scaled,
        shifted=shifted,
        exps=exps,
        total=float(exps.sum()),
        weights=trace.weights[layer, head, query],
        out=trace.head_out[layer, head, query],
    )


def spelled_dot(q: np.ndarray, k: np.ndarray, terms: int = 4, decimals: int = 3) -> str:
    """'q·k = q₁k₁ + q₂k₂ + … = total' with the first `terms` products written out."""
    products = [f"({a:.{decimals}f})({b:.{decimals}f})" for a, b in zip(q[:terms], k[:terms])]
    tail = f" + … ({len(q) - terms} more)" if len(q) > terms else ""
    return " + ".join(products) + tail + f" = {float(q @ k):.{decimals}f}"
