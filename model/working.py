"""The worked arithmetic of one query row, from the trace's own numbers: the softmax steps that
the step-by-step inspector and the toy step-through both write out."""

from dataclasses import dataclass

import numpy as np

from model.trace import Trace


@dataclass(frozen=True)
class SoftmaxWorking:
    """One softmax row the way a person computes it: subtract the maximum, exponentiate, sum."""

    top: float  # max_j s_j over the keys a mask leaves
    shifted: np.ndarray  # (N,) s − top, so exp never overflows; -inf where a mask hides the key
    exps: np.ndarray  # (N,) exp(shifted), 0 where masked
    total: float  # Σ exps; the weights are exps / total


def softmax_working(scaled: np.ndarray) -> SoftmaxWorking:
    """(N,) scaled scores -> the steps of their softmax, in float64.

    The exponentials are recomputed only to show them: the weights a page prints are the ones
    the attention itself produced.
    """
    scaled = np.asarray(scaled, dtype=np.float64)  # (N,)
    top = float(scaled.max())
    shifted = scaled - top  # (N,)
    exps = np.exp(shifted)  # (N,) masked keys give e^-inf = 0
    return SoftmaxWorking(top=top, shifted=shifted, exps=exps, total=float(exps.sum()))


def probabilities(logits: np.ndarray) -> np.ndarray:
    """(K,) logits -> (K,) softmax in float64, by the steps softmax_working writes out."""
    work = softmax_working(logits)
    return work.exps / work.total


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
    scaled = trace.scaled(layer, head)[query]  # (N,)
    soft = softmax_working(scaled)
    return QueryWorking(
        q=trace.q[layer, head, query],
        keys=trace.k[layer, head],
        scores=trace.scores[layer, head, query],
        scaled=scaled,
        shifted=soft.shifted,
        exps=soft.exps,
        total=soft.total,
        weights=trace.weights[layer, head, query],
        out=trace.head_out[layer, head, query],
    )


def spelled_dot(q: np.ndarray, k: np.ndarray, terms: int = 4, decimals: int = 3) -> str:
    """'q·k = q₁k₁ + q₂k₂ + … = total' with the first `terms` products written out."""
    products = [f"({a:.{decimals}f})({b:.{decimals}f})" for a, b in zip(q[:terms], k[:terms])]
    tail = f" + … ({len(q) - terms} more)" if len(q) > terms else ""
    return " + ".join(products) + tail + f" = {float(q @ k):.{decimals}f}"
