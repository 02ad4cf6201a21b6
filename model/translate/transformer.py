"""A small Transformer encoder-decoder (Vaswani et al. 2017) whose every attention is `model.attention.attention_steps`.

Pre-norm blocks, as the ViT's: each sublayer reads LayerNorm(x) and adds its output to x.

    encoder block:  x → +SelfAttention(LN x) → +MLP(LN ·)
    decoder block:  y → +MaskedSelfAttention(LN y) → +CrossAttention(LN ·, memory) → +MLP(LN ·)

The decoder's self-attention keeps only earlier words (a query at position t sees keys 0..t); its
cross-attention takes queries from the decoder and keys and values from the encoder's output
(`memory`). The forward returns what every sublayer computed, so the trace is the forward itself:
no hooks, nothing recomputed.

Shapes: B batch, m source tokens, n target tokens, C width, H heads, d = C / H, V vocabulary.
"""

import math
from dataclasses import dataclass

import torch
from torch import nn

from model.attention import attention_steps, merge_heads, split_heads


@dataclass(frozen=True)
class TransformerConfig:
    source_vocab: int
    target_vocab: int
    width: int = 64
    heads: int = 4
    encoder_layers: int = 2
    decoder_layers: int = 2
    mlp_width: int = 128
    max_tokens: int = 64  # positions the sinusoidal table covers
    dropout: float = 0.0  # on each sublayer's output, in training only


def sinusoids(positions: int, width: int) -> torch.Tensor:
    """(positions, width): sin on even channels, cos on odd, wavelengths from 2π to 10000·2π."""
    position = torch.arange(positions)[:, None]  # (P, 1)
    rate = torch.exp(torch.arange(0, width, 2) * (-math.log(10000.0) / width))  # (C/2,)
    table = torch.zeros(positions, width)
    table[:, 0::2] = torch.sin(position * rate)
    table[:, 1::2] = torch.cos(position * rate)
    return table


class Attention(nn.Module):
    """Multi-head attention with separate Q, K, V projections; queries from x, keys and values from `memory`."""

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(width, width) for _ in range(4))

    def forward(self, x: torch.Tensor, memory: torch.Tensor, keep: torch.Tensor) -> dict:
        q = split_heads(self.q(x), self.heads)  # (B, H, n, d)
        k = split_heads(self.k(memory), self.heads)  # (B, H, m, d)
        v = split_heads(self.v(memory), self.heads)  # (B, H, m, d)
        steps = attention_steps(q, k, v, q.shape[-1] ** -0.5, keep)
        return {"q": q, "k": k, "v": v, "steps": steps, "attn_out": self.o(merge_heads(steps.head_out))}


def _mlp(width: int, hidden: int) -> nn.Sequential:
    return nn.Sequential(nn.Linear(width, hidden), nn.GELU(), nn.Linear(hidden, width))


class EncoderBlock(nn.Module):
    def __init__(self, config: TransformerConfig):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(config.width), nn.LayerNorm(config.width)
        self.attn = Attention(config.width, config.heads)
        self.mlp = _mlp(config.width, config.mlp_width)
        self.drop = nn.Dropout(config.dropout)

    def forward(self, block_in: torch.Tensor, keep: torch.Tensor) -> dict:
        x = self.norm1(block_in)  # (B, m, C)
        record = self.attn(x, x, keep)
        mid = block_in + self.drop(record["attn_out"])  # (B, m, C)
        mlp_out = self.drop(self.mlp(self.norm2(mid)))
        return record | {"block_in": block_in, "x": x, "mid": mid, "mlp_out": mlp_out, "block_out": mid + mlp_out}


class DecoderBlock(nn.Module):
    def __init__(self, config: TransformerConfig):
        super().__init__()
        self.norm1, self.norm2, self.norm3 = (nn.LayerNorm(config.width) for _ in range(3))
        self.self_attn = Attention(config.width, config.heads)
        self.cross_attn = Attention(config.width, config.heads)
        self.mlp = _mlp(config.width, config.mlp_width)
        self.drop = nn.Dropout(config.dropout)

    def forward(self, block_in, memory, self_keep, cross_keep) -> tuple[dict, dict]:
        """-> (masked self-attention sublayer, cross-attention sublayer with the MLP): each a Trace's fields."""
        x = self.norm1(block_in)  # (B, n, C)
        own = self.self_attn(x, x, self_keep)
        mid = block_in + self.drop(own["attn_out"])  # (B, n, C)
        own |= {"block_in": block_in, "x": x, "mid": mid, "mlp_out": torch.zeros_like(mid), "block_out": mid}
        query = self.norm2(mid)  # (B, n, C)
        cross = self.cross_attn(query, memory, cross_keep)
        mid2 = mid + self.drop(cross["attn_out"])
        mlp_out = self.drop(self.mlp(self.norm3(mid2)))
        cross |= {"block_in": mid, "x": query, "mid": mid2, "mlp_out": mlp_out, "block_out": mid2 + mlp_out}
        return own, cross


class TransformerTranslator(nn.Module):
    def __init__(self, config: TransformerConfig):
        super().__init__()
        self.config = config
        self.source_embed = nn.Embedding(config.source_vocab, config.width)
        self.target_embed = nn.Embedding(config.target_vocab, config.width)
        self.register_buffer("positions", sinusoids(config.max_tokens, config.width), persistent=False)
        self.encoder = nn.ModuleList(EncoderBlock(config) for _ in range(config.encoder_layers))
        self.decoder = nn.ModuleList(DecoderBlock(config) for _ in range(config.decoder_layers))
        self.encoder_norm, self.decoder_norm = nn.LayerNorm(config.width), nn.LayerNorm(config.width)
        self.out = nn.Linear(config.width, config.target_vocab)

    def embed(self, table: nn.Embedding, ids: torch.Tensor) -> torch.Tensor:
        """Token embedding · √C plus the position's sinusoid: (B, N) -> (B, N, C)."""
        return table(ids) * self.config.width ** 0.5 + self.positions[: ids.shape[1]]

    def encode(self, source: torch.Tensor, source_keep: torch.Tensor) -> tuple[torch.Tensor, list[dict]]:
        """source (B, m) ids, source_keep (B, m) bool -> memory (B, m, C) and one record per encoder layer."""
        records = []
        h = self.embed(self.source_embed, source)  # (B, m, C)
        for block in self.encoder:
            records.append(block(h, source_keep[:, None, None, :]))  # keep (B, 1, 1, m): padding is never a key
            h = records[-1]["block_out"]
        return self.encoder_norm(h), records

    def forward(self, source: torch.Tensor, source_keep: torch.Tensor, target_in: torch.Tensor) -> dict:
        """source (B, m) ids, source_keep (B, m) bool, target_in (B, n) ids starting with <s>.

        Returns logits (B, n, V), memory (B, m, C) and one record per sublayer:
        "encoder", "decoder_self" and "cross", each a list over layers.
        """
        memory, encoder = self.encode(source, source_keep)
        decoder_self, cross = [], []
        encoder_keep = source_keep[:, None, None, :]  # (B, 1, 1, m): padding is never a key
        n = target_in.shape[1]
        causal = torch.ones(n, n, dtype=torch.bool).tril()  # (n, n): position t sees 0..t
        y = self.embed(self.target_embed, target_in)  # (B, n, C)
        for block in self.decoder:
            own, across = block(y, memory, causal, encoder_keep)
            decoder_self.append(own)
            cross.append(across)
            y = across["block_out"]
        logits = self.out(self.decoder_norm(y))  # (B, n, V)
        return {"logits": logits, "memory": memory, "encoder": encoder, "decoder_self": decoder_self, "cross": cross}
