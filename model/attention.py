"""Scaled dot-product attention, one step at a time.

This is the only place the attention math lives. The ViT and BERT tracers feed it the
q, k, v that the real model projected; the toy step-through feeds it hand-sized
matrices; the translation Transformer calls it in its own forward. Every intermediate the
pages show comes out of `attention_steps`.

    scores  = Q·Kᵀ                  raw dot products
    scaled  = scores · scale         scale = 1/√d unless a what-if changes it
    weights = softmax(scaled)        row-wise; masked keys get weight 0
    out     = weights·V

The recurrent translators (Bahdanau, Luong) score a decoder state s_t against every encoder
state h_i with one of four functions, `alignment_scores`, and then take the same two last steps
(`attend`): softmax, and the context c_t = Σ_i α_t,i · h_i.

    additive   e = vᵀ·tanh(W_s·s + W_h·h)    Bahdanau's small MLP
    dot        e = sᵀ·h                      Luong
    general    e = sᵀ·W·h                    Luong
    cosine     e = τ · (s·h) / (|s|·|h|)     a learned temperature τ

Shapes, here and in every module of model/, the pages and the export format:

    B  batch (1: the app traces one input at a time)
    L  layers
    H  heads
    N  tokens; n queries and m keys where they differ (cross-attention, the toy examples)
    C  model width
    d  head width, C / H: the paper's d_k (and d_v)
"""

from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class AttentionSteps:
    scores: torch.Tensor  # (..., n, m) Q·Kᵀ before scaling
    scaled: torch.Tensor  # (..., n, m) scores·scale, masked entries at -inf
    weights: torch.Tensor  # (..., n, m) softmax rows, each sums to 1
    head_out: torch.Tensor  # (..., n, d) weights·V


def attention_steps(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, scale: float, keep: torch.Tensor | None = None
) -> AttentionSteps:
    """Run attention on already-projected queries, keys and values.

    Args:
        q: (..., n, d) queries.
        k: (..., m, d) keys.
        v: (..., m, d) values.
        scale: the factor applied to the scores, 1/√d in a standard transformer.
        keep: optional boolean mask broadcastable to (..., n, m); False hides that key
            from that query (padding, or future tokens in causal attention).
    """
    scores = q @ k.transpose(-2, -1)  # (..., n, m)
    scaled = scores * scale  # (..., n, m)
    if keep is not None:
        scaled = scaled.masked_fill(~keep, float("-inf"))
    weights, head_out = attend(scaled, v)
    return AttentionSteps(scores=scores, scaled=scaled, weights=weights, head_out=head_out)


def attend(
    scores: torch.Tensor, v: torch.Tensor, keep: torch.Tensor | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Softmax over the keys, then the weighted sum of the values: (..., n, m), (..., m, d) -> weights, out."""
    if keep is not None:
        scores = scores.masked_fill(~keep, float("-inf"))
    weights = scores.softmax(dim=-1)  # (..., n, m)
    return weights, weights @ v  # (..., n, m), (..., n, d)


SCORE_FUNCTIONS = ("additive", "dot", "general", "cosine")


def alignment_scores(kind: str, s: torch.Tensor, h: torch.Tensor, params: dict[str, torch.Tensor]) -> torch.Tensor:
    """e_t,i = score(s_t, h_i) for every decoder state against every encoder state.

    Args:
        kind: one of SCORE_FUNCTIONS.
        s: (..., n, C) decoder states.
        h: (..., m, C) encoder states.
        params: additive: W_s (A, C), W_h (A, C), v (A,); general: W (C, C); cosine: tau (); dot: none.
    Returns:
        (..., n, m) scores.
    """
    if kind == "dot":
        return s @ h.transpose(-2, -1)  # (..., n, m)
    if kind == "general":
        return s @ (h @ params["W"].T).transpose(-2, -1)  # sᵀ·(W·h): (..., n, m)
    if kind == "cosine":
        # clamp: padding positions hold all-zero states, whose direction is undefined (0/0 would poison training)
        unit_s = s / s.norm(dim=-1, keepdim=True).clamp_min(1e-6)  # (..., n, C)
        unit_h = h / h.norm(dim=-1, keepdim=True).clamp_min(1e-6)  # (..., m, C)
        return params["tau"] * (unit_s @ unit_h.transpose(-2, -1))  # (..., n, m)
    if kind == "additive":
        query = (s @ params["W_s"].T).unsqueeze(-2)  # (..., n, 1, A)
        keys = (h @ params["W_h"].T).unsqueeze(-3)  # (..., 1, m, A)
        return torch.tanh(query + keys) @ params["v"]  # (..., n, m)
    raise ValueError(f"unknown score function {kind!r}; choose one of {SCORE_FUNCTIONS}")


def split_heads(x: torch.Tensor, num_heads: int) -> torch.Tensor:
    """(..., N, C) -> (..., H, N, d): each head sees its own slice of the channels."""
    *lead, n, c = x.shape
    return x.reshape(*lead, n, num_heads, c // num_heads).transpose(-3, -2)


def split_qkv(qkv: torch.Tensor, num_heads: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """A fused projection (..., N, 3·C), as timm's ViT computes it, -> q, k, v, each (..., H, N, d)."""
    q, k, v = qkv.chunk(3, dim=-1)  # each (..., N, C): timm lays the fused output out as [q | k | v]
    return split_heads(q, num_heads), split_heads(k, num_heads), split_heads(v, num_heads)


def merge_heads(x: torch.Tensor) -> torch.Tensor:
    """(..., H, N, d) -> (..., N, C): the concatenation that W_O is applied to."""
    *lead, h, n, d = x.shape
    return x.transpose(-3, -2).reshape(*lead, n, h * d)
