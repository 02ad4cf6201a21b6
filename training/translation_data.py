"""The translation corpora by seed, and training batches drawn from them."""

import numpy as np
import torch

from model.translate.batch import source_batch, source_ids, target_batch
from model.translate.grammar import LECTURE_EXAMPLES, find_pair, make_corpus

TRAIN_SEED = 0  # the training corpus; held-out sets use other seeds and exclude its sentences
HELD_OUT_SEED = 1
LONG_SEED = 2


def training_corpus(size: int) -> list:
    """`size` sentences drawn from TRAIN_SEED, repeats kept, then the lecture notes' examples if missed."""
    pairs = make_corpus(TRAIN_SEED, size, distinct=False)
    seen = {p.en for p in pairs}
    return pairs + [pair for pair in (find_pair(en) for en, _ in LECTURE_EXAMPLES) if pair.en not in seen]


def batches(pairs, source: str, target: str, vocabs, batch_size: int, steps: int, rng: np.random.Generator):
    """`steps` batches of `batch_size` pairs drawn without replacement, epoch after epoch."""
    order = np.array([], dtype=int)
    for _ in range(steps):
        if len(order) < batch_size:
            order = np.concatenate([order, rng.permutation(len(pairs))])
        chosen, order = order[:batch_size], order[batch_size:]
        rows = [pairs[i] for i in chosen]
        yield source_batch([source_ids(p.tokens(source), vocabs[0]) for p in rows]) | target_batch(
            [vocabs[1].ids(p.tokens(target)) for p in rows]) | {"alignment": alignment_batch(rows, source, target)}


def alignment_batch(pairs, source: str, target: str) -> torch.Tensor:
    """(B, n + 1), as the decoder's steps: the source position of the content word each step writes, or -1."""
    out = torch.full((len(pairs), max(len(p.tokens(target)) for p in pairs) + 1), -1)
    for row, pair in enumerate(pairs):
        for j, i in pair.alignment(source).items():
            out[row, j] = i
    return out
