"""Scaled dot-product attention, one step at a time.

This is the only place the attention math lives. The ViT and BERT tracers feed it the
q, k, v that the real model projected; the toy step-through feeds it hand-sized
matrices. Every intermediate the pages show comes out of `attention_steps`.

    scores  = Q·Kᵀ                  raw dot products
    scaled  = scores · scale         scale = 1/√d_k unless a what-if changes it
    weights = softmax(scaled)        row-wise; masked keys get weight 0
    out     = weights·V
"""

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class AttentionSteps:
    scores: torch.Tensor  # (..., Nq, Nk) Q·Kᵀ before scaling
    scaled: torch.Tensor  # (..., Nq, Nk) scores·scale, masked entries at -inf
    weights: torch.Tensor  # (..., Nq, Nk) softmax rows, each sums to 1
    head_out: torch.Tensor  # (..., Nq, d_v) weights·V


def attention_steps(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, scale: float, keep: torch.Tensor | None = None
) -> AttentionSteps:
    """Run attention on already-projected queries, keys and values.

    Args:
        q: (..., Nq, d_k) queries.
        k: (..., Nk, d_k) keys.
        v: (..., Nk, d_v) values.
        scale: the factor applied to the scores, 1/√d_k in a standard transformer.
        keep: optional boolean mask broadcastable to (..., Nq, Nk); False hides that key
            from that query (padding, or future tokens in causal attention).
    """
    scores = q @ k.transpose(-2, -1)  # (..., Nq, Nk)
    scaled = scores * scale  # (..., Nq, Nk)
    if keep is not None:
        scaled = scaled.masked_fill(~keep, float("-inf"))
    weights = scaled.softmax(dim=-1)  # (..., Nq, Nk)
    head_out = weights @ v  # (..., Nq, d_v)
    return AttentionSteps(scores=scores, scaled=scaled, weights=weights, head_out=head_out)


def split_heads(x: torch.Tensor, num_heads: int) -> torch.Tensor:
    """(..., N, H·d) -> (..., H, N, d): each head sees its own slice of the channels."""
    *lead, n, c = x.shape
    return x.reshape(*lead, n, num_heads, c // num_heads).transpose(-3, -2)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """(..., H, N, d) -> (..., N, H·d): the concatenation that W_O is applied to."""
    *lead, h, n, d = x.shape
    return x.transpose(-3, -2).reshape(*lead, n, h * d)
