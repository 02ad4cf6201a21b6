"""One toy example through one variant: every intermediate, in float64.

The attention itself runs through `model.attention.attention_steps`, the function the ViT and
BERT tracers use, so the toy can never teach different math from what the real models compute.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from model.attention import attention_steps, merge_heads, split_heads
from model.stats import row_entropy
from model.toy.example import ToyExample

VARIANTS = ("basic", "multihead", "causal", "cross", "positional", "temperature")
TEMPERATURE_RANGE = (0.1, 10.0)

_STEPS = ("input", "qkv", "scores", "scale", "softmax", "mix", "output")
ALL_STEPS = ("input", "position", "qkv", "split", "scores", "scale", "softmax", "mix", "output")


def steps_for(variant: str) -> tuple[str, ...]:
    """The stepper's screens for a variant, in order."""
    if variant == "positional":
        return ("input", "position", *_STEPS[1:])
    if variant == "multihead":
        return (*_STEPS[:2], "split", *_STEPS[2:])
    return _STEPS


def head_choices(width: int) -> tuple[int, ...]:
    """Head counts h that split the h·d_k query/key/value channels evenly."""
    return tuple(h for h in range(1, width + 1) if width % h == 0)


def sinusoidal_encoding(n: int, d: int) -> np.ndarray:
    """(n, d) PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(same angle)."""
    pos = np.arange(n)[:, None]  # (n, 1)
    dim = np.arange(d)[None, :]  # (1, d)
    angle = pos / 10000.0 ** ((dim - dim % 2) / d)  # (n, d) each sin/cos pair shares a frequency
    return np.where(dim % 2 == 0, np.sin(angle), np.cos(angle))


def causal_keep(n: int) -> np.ndarray:
    """(n, n) True where query i may see key j, that is j <= i."""
    return np.tril(np.ones((n, n), dtype=bool))


@dataclass(frozen=True)
class ToyRun:
    """Every intermediate of one toy example under one variant, in float64."""

    variant: str
    tokens: tuple[str, ...]  # n query tokens
    key_tokens: tuple[str, ...]  # m key/value tokens: the source sequence in cross-attention
    x: np.ndarray  # (n, d) X as typed
    pe: np.ndarray | None  # (n, d) positional encoding, positional variant only
    x_q: np.ndarray  # (n, d) rows the queries come from: X + PE in the positional variant
    x_kv: np.ndarray  # (m, d) rows the keys and values come from
    q: np.ndarray  # (n, H·d_k) every head's queries side by side
    k: np.ndarray  # (m, H·d_k)
    v: np.ndarray  # (m, H·d_k)
    heads: int
    scaling: bool  # False: the what-if without ÷√d_k
    temperature: float
    scale: float  # the factor attention_steps applied: 1/(T·√d_k), or 1/T with scaling off
    keep: np.ndarray | None  # (n, m) False where the causal mask hides a key
    scores: np.ndarray  # (H, n, m) Q·Kᵀ per head
    scaled: np.ndarray  # (H, n, m) scores·scale, masked entries -inf
    weights: np.ndarray  # (H, n, m) softmax rows
    head_out: np.ndarray  # (H, n, d_k) weights·V per head
    concat: np.ndarray  # (n, H·d_k) heads side by side
    out: np.ndarray  # (n, d) concat·W_O in the multi-head variant; (n, d_k) = concat otherwise
    entropy: np.ndarray  # (H, n) bits per softmax row

    @property
    def d_k(self) -> int:
        """One head's query/key width: the d_k of √d_k, as in the paper and the inspector."""
        return self.q.shape[1] // self.heads

    @property
    def divisor(self) -> float:
        """What the scores are divided by: T·√d_k (1/scale), 2 for the pencil example."""
        return 1.0 / self.scale


def _head_tensors(q: np.ndarray, k: np.ndarray, v: np.ndarray, heads: int):
    """numpy (N, H·d_k) -> float64 torch (H, N, d_k), the layout attention_steps and the tracers use."""
    return tuple(split_heads(torch.tensor(a, dtype=torch.float64), heads) for a in (q, k, v))


def compute_toy(
    example: ToyExample, variant: str, heads: int = 1, scaling: bool = True, temperature: float = 1.0
) -> ToyRun:
    """Run one example through one variant.

    Args:
        heads: used by the multi-head variant only; must divide the example's h·d_k columns
            (see `head_choices`).
        scaling, temperature: used by the temperature what-if only; every other variant
            divides by √d_k at temperature 1, as a transformer does.

    The toy has no biases: Q = X·W_Q where ViT and BERT compute X·W_Q + b_Q. The step texts
    say so (b = 0), and tests check that q is exactly x·W_Q.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
    heads = heads if variant == "multihead" else 1
    if example.qkv_width % heads:
        raise ValueError(f"{heads} heads do not split {example.qkv_width} channels evenly")
    if variant != "temperature":
        scaling, temperature = True, 1.0
    pe = sinusoidal_encoding(example.n, example.d) if variant == "positional" else None
    x_q = example.x if pe is None else example.x + pe  # (n, d)
    cross = variant == "cross"
    x_kv = example.x_src if cross else x_q  # (m, d)
    q = x_q @ example.w_q  # (n, H·d_k)
    k = x_kv @ example.w_k  # (m, H·d_k)
    v = x_kv @ example.w_v  # (m, H·d_k)
    keep = causal_keep(example.n) if variant == "causal" else None  # (n, n)
    d_k = example.qkv_width // heads  # per head, as in the paper
    scale = (1 / math.sqrt(d_k) if scaling else 1.0) / temperature
    qh, kh, vh = _head_tensors(q, k, v, heads)  # (H, n, d_k), (H, m, d_k), (H, m, d_k)
    steps = attention_steps(qh, kh, vh, scale, None if keep is None else torch.from_numpy(keep))
    concat = merge_heads(steps.head_out).numpy()  # (n, H·d_k)
    weights = steps.weights.numpy()  # (H, n, m)
    return ToyRun(
        variant=variant,
        tokens=example.tokens,
        key_tokens=example.src_tokens if cross else example.tokens,
        x=example.x, pe=pe, x_q=x_q, x_kv=x_kv, q=q, k=k, v=v,
        heads=heads, scaling=scaling, temperature=temperature, scale=scale, keep=keep,
        scores=steps.scores.numpy(), scaled=steps.scaled.numpy(), weights=weights,
        head_out=steps.head_out.numpy(), concat=concat,
        out=concat @ example.w_o if variant == "multihead" else concat,  # (n, d) or (n, d_k)
        entropy=row_entropy(weights),  # (H, n)
    )


def entropy_by_temperature(run: ToyRun, temperatures: Sequence[float]) -> np.ndarray:
    """(T, H, n) entropy of every softmax row at each temperature, the run's other settings kept."""
    base = run.scale * run.temperature  # the scale at T = 1
    qh, kh, vh = _head_tensors(run.q, run.k, run.v, run.heads)
    keep = None if run.keep is None else torch.from_numpy(run.keep)
    return np.stack([
        row_entropy(attention_steps(qh, kh, vh, base / t, keep).weights.numpy()) for t in temperatures
    ])


def _multiples_of(values: np.ndarray, grain: float) -> bool:
    steps = values / grain
    return bool(np.all(np.abs(steps - np.round(steps)) < 1e-9))


def number_grain(run: ToyRun) -> float | None:
    """What the page may promise a person working by hand: 1.0 when Q, K, V and every visible
    scaled score are whole numbers, 0.5 when the scaled scores are whole or halves, else None."""
    if not _multiples_of(np.concatenate([run.q, run.k, run.v], axis=None), 1.0):
        return None
    visible = run.scaled[np.isfinite(run.scaled)]  # masked entries are -inf by rule
    return next((grain for grain in (1.0, 0.5) if _multiples_of(visible, grain)), None)
