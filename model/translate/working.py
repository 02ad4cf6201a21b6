"""Numbers a student checks by hand: one score e_t,i worked out, and the paper's cost table filled in.

The score is recomputed in float64 from the model's own parameters and the decode's own states,
so the page can print each intermediate and show that it lands on the number the model used.
"""

import math
from dataclasses import dataclass

import numpy as np

from model.translate.rnn import RnnDecode


@dataclass(frozen=True)
class ScoreWorking:
    kind: str
    s: np.ndarray  # (C,) decoder state s_t
    h: np.ndarray  # (C,) encoder state h_i
    parts: tuple[tuple[str, np.ndarray | float], ...]  # named intermediates, in the order they are computed
    value: float  # e_t,i recomputed here
    model_value: float  # e_t,i as the model computed it


def score_working(module, decode: RnnDecode, step: int, source_index: int) -> ScoreWorking:
    """e_t,i for decode step `step` and source position `source_index`, worked out."""
    kind = module.config.score
    p = {name: param.detach().double().numpy() for name, param in module.score.items()}
    s = decode.states[step].astype(np.float64)  # (C,)
    h = decode.encoder_states[source_index].astype(np.float64)  # (C,)
    if kind == "dot":
        parts, value = (), float(s @ h)
    elif kind == "general":
        wh = p["W"] @ h  # (C,)
        parts, value = (("W·h", wh),), float(s @ wh)
    elif kind == "cosine":
        ns, nh, dot = float(np.linalg.norm(s)), float(np.linalg.norm(h)), float(s @ h)
        parts = (("s·h", dot), ("|s|", ns), ("|h|", nh), ("cos", dot / (ns * nh)), ("τ", float(p["tau"])))
        value = float(p["tau"]) * dot / (ns * nh)
    else:  # additive
        ws, wh = p["W_s"] @ s, p["W_h"] @ h  # (A,), (A,)
        hidden = np.tanh(ws + wh)  # (A,)
        parts, value = (("W_s·s", ws), ("W_h·h", wh), ("tanh(W_s·s + W_h·h)", hidden)), float(p["v"] @ hidden)
    return ScoreWorking(kind, s, h, parts, value, float(decode.scores[step, source_index]))


@dataclass(frozen=True)
class LayerCost:
    layer: str  # "self-attention", "recurrent", "convolutional"
    per_layer: str  # the paper's complexity per layer
    per_layer_value: float  # with this sentence's n and d
    sequential: str  # minimum number of sequential operations
    sequential_value: float
    path: str  # maximum path length between any two positions
    path_value: float


def layer_costs(n: int, d: int, k: int = 3) -> tuple[LayerCost, ...]:
    """Table 1 of "Attention is all you need" with n (tokens), d (width) and k (kernel) filled in."""
    return (
        LayerCost("self-attention", "O(n²·d)", n * n * d, "O(1)", 1, "O(1)", 1),
        LayerCost("recurrent", "O(n·d²)", n * d * d, "O(n)", n, "O(n)", n),
        LayerCost("convolutional", "O(k·n·d²)", k * n * d * d, "O(1)", 1, "O(log_k n)",
                  math.ceil(math.log(max(n, 2), k))),
    )
