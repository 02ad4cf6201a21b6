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


def head_choices(d_k: int) -> tuple[int, ...]:
    """Head counts that split d_k channels evenly."""
    return tuple(h for h in range(1, d_k + 1) if d_k % h == 0)


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
    q: np.ndarray  # (n, d_k)
    k: np.ndarray  # (m, d_k)
    v: np.ndarray  # (m, d_k)
    heads: int
    scaling: bool  # False: the what-if without ÷√d_h
    temperature: float
    scale: float  # the factor attention_steps applied: 1/(T·√d_h), or 1/T with scaling off
    keep: np.ndarray | None  # (n, m) False where the causal mask hides a key
    scores: np.ndarray  # (H, n, m) Q·Kᵀ per head
    scaled: np.ndarray  # (H, n, m) scores·scale, masked entries -inf
    weights: np.ndarray  # (H, n, m) softmax rows
    head_out: np.ndarray  # (H, n, d_h) weights·V per head
    concat: np.ndarray  # (n, d_k) heads side by side
    out: np.ndarray  # (n, d) concat·W_O with several heads; (n, d_k) = concat otherwise
    entropy: np.ndarray  # (H, n) bits per softmax row

    @property
    def d_head(self) -> int:
        return self.q.shape[1] // self.heads

    @property
    def divisor(self) -> float:
        """What the scores are divided by: √d_h·T (1/scale), 2 for the pencil example."""
        return 1.0 / self.scale


def _head_tensors(q: np.ndarray, k: np.ndarray, v: np.ndarray, heads: int):
    """numpy (N, d_k) -> float64 torch (H, N, d_h), the layout attention_steps and the tracers use."""
    return tuple(split_heads(torch.tensor(a, dtype=torch.float64), heads) for a in (q, k, v))


def compute_toy(
    example: ToyExample, variant: str, heads: int = 1, scaling: bool = True, temperature: float = 1.0
) -> ToyRun:
    """Run one example through one variant.

    Args:
        heads: used by the multi-head variant only; must divide d_k (see `head_choices`).
        scaling, temperature: used by the temperature what-if only; every other variant
            divides by √d_h at temperature 1, as a transformer does.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
    heads = heads if variant == "multihead" else 1
    if example.d_k % heads:
        raise ValueError(f"{heads} heads do not split d_k = {example.d_k} evenly")
    if variant != "temperature":
        scaling, temperature = True, 1.0
    pe = sinusoidal_encoding(example.n, example.d) if variant == "positional" else None
    x_q = example.x if pe is None else example.x + pe  # (n, d)
    cross = variant == "cross"
    x_kv = example.x_src if cross else x_q  # (m, d)
    q = x_q @ example.w_q  # (n, d_k)
    k = x_kv @ example.w_k  # (m, d_k)
    v = x_kv @ example.w_v  # (m, d_k)
    keep = causal_keep(example.n) if variant == "causal" else None  # (n, n)
    d_head = example.d_k // heads
    scale = (1 / math.sqrt(d_head) if scaling else 1.0) / temperature
    qh, kh, vh = _head_tensors(q, k, v, heads)  # (H, n, d_h), (H, m, d_h), (H, m, d_h)
    steps = attention_steps(qh, kh, vh, scale, None if keep is None else torch.from_numpy(keep))
    concat = merge_heads(steps.head_out).numpy()  # (n, d_k)
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
