"""Evaluate a bundled translator as the app loads it: exact match, exact match by length, and the pointing game.

- held out: 1,000 fresh sentences of the training grammar (0–2 relative clauses), none in training;
- long: 500 sentences with 3–4 relative clauses, longer than any sentence seen in training;
- pointing: on 500 held-out sentences, fed the reference (teacher forcing), whether the attention
  peak at the step that writes each content word (noun, verb, adjective) lies on its counterpart
  in the source. For the Transformer, the last cross-attention layer averaged over heads.

Run: .venv/bin/python -m training.eval_translation   (prints every bundled model's numbers)
"""

from collections import defaultdict

import numpy as np
import torch

from model.translate.batch import forward, source_batch, source_ids, target_batch, translate_ids
from model.translate.bundle import DIRECTIONS, KINDS, load_translator, read_card
from model.translate.grammar import make_corpus
from model.translate.rnn import NO_ATTENTION
from training.translation_data import HELD_OUT_SEED, LONG_SEED, training_corpus

CHUNK = 250


def held_out_sets(train_pairs) -> dict:
    seen = frozenset(p.en for p in train_pairs)
    return {
        "held_out": make_corpus(HELD_OUT_SEED, 1000, exclude=seen),
        "long": make_corpus(LONG_SEED, 500, range(3, 5), relative_p=0.9, exclude=seen),
        "longest_trained": {lang: max(len(p.tokens(lang)) for p in train_pairs) for lang in ("en", "ko")},
    }


def exact_matches(translator, pairs) -> np.ndarray:
    """(len(pairs),) bool: the greedy translation equals the reference, token for token."""
    hits = []
    for i in range(0, len(pairs), CHUNK):
        chunk = pairs[i: i + CHUNK]
        rows = [source_ids(p.tokens(translator.source), translator.source_vocab) for p in chunk]
        outputs = translate_ids(translator.module, translator.kind, rows)
        hits += [out == translator.target_vocab.ids(p.tokens(translator.target)) for out, p in zip(outputs, chunk)]
    return np.array(hits)


@torch.inference_mode()
def pointing(translator, pairs) -> float:
    """Share of target content words whose attention peak, teacher-forced, lies on their source counterpart."""
    hits = total = 0
    for i in range(0, len(pairs), CHUNK):
        chunk = pairs[i: i + CHUNK]
        batch = source_batch([source_ids(p.tokens(translator.source), translator.source_vocab) for p in chunk])
        batch |= target_batch([translator.target_vocab.ids(p.tokens(translator.target)) for p in chunk])
        peaks = forward(translator.module, translator.kind, batch)["weights"].argmax(dim=-1)  # (B, n)
        for row, pair in enumerate(chunk):
            for step, counterpart in pair.alignment(translator.source).items():
                hits += int(peaks[row, step]) == counterpart
                total += 1
    return hits / total


def by_length(translator, pairs, hits: np.ndarray) -> dict:
    """Exact match per source length (tokens), over the sentences given."""
    groups = defaultdict(list)
    for pair, hit in zip(pairs, hits):
        groups[len(pair.tokens(translator.source))].append(hit)
    lengths = sorted(groups)
    return {"length": lengths, "exact_match": [float(np.mean(groups[n])) for n in lengths],
            "count": [len(groups[n]) for n in lengths]}


def evaluate(source: str, target: str, kind: str, sets: dict) -> dict:
    translator = load_translator(source, target, kind)
    held, long = exact_matches(translator, sets["held_out"]), exact_matches(translator, sets["long"])
    result = {
        "exact_match": float(held.mean()),
        "long_exact_match": float(long.mean()),
        "by_length": by_length(translator, sets["held_out"] + sets["long"], np.concatenate([held, long])),
        "longest_trained": sets["longest_trained"][source],
        "held_out_sentences": len(held), "long_sentences": len(long),
    }
    if kind != NO_ATTENTION:
        result["pointing"] = pointing(translator, sets["held_out"][:500])
    return result


def main() -> None:
    from training.train_translation import TrainConfig

    sets = held_out_sets(training_corpus(TrainConfig.train_size))
    for source, target in DIRECTIONS:
        for kind in KINDS:
            if read_card(source, target, kind) is None:
                continue
            result = evaluate(source, target, kind, sets)
            print(f"{source}->{target} {kind:12s} exact {result['exact_match']:.4f}  long "
                  f"{result['long_exact_match']:.4f}  pointing {result.get('pointing', float('nan')):.4f}")


if __name__ == "__main__":
    main()
