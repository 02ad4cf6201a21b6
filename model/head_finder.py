"""The head finder: which layer and head sends one query token's attention to one key token.

Every head of every layer has its own attention row for the query; the finder reads the weight
that row gives the chosen key and ranks all L × H heads by it. It reads the trace's weights only,
so the ranking is exactly what the pages' matrices show.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class HeadRanking:
    layers: np.ndarray  # (L·H,) layer of each head, best first
    heads: np.ndarray  # (L·H,) head index within its layer, best first
    weights: np.ndarray  # (L·H,) weight from the query to the key in that head, descending


def rank_heads(weights: np.ndarray, query: int, key: int) -> HeadRanking:
    """All heads ranked by the attention weight from `query` to `key`.

    Args:
        weights: (L, H, n, m) softmax rows of every layer and head.
        query: row index (the token that reads).
        key: column index (the token read from).
    """
    chosen = weights[:, :, query, key]  # (L, H)
    order = np.argsort(-chosen, axis=None, kind="stable")  # (L·H,) flat indices, largest weight first
    layers, heads = np.unravel_index(order, chosen.shape)
    return HeadRanking(layers=layers, heads=heads, weights=chosen.ravel()[order])


def token_index(tokens, word: str) -> int | None:
    """Position of the first token spelled `word` (case-insensitive), or None when the tokenizer split it."""
    lowered = [str(token).lower() for token in tokens]
    return lowered.index(word.lower()) if word.lower() in lowered else None
