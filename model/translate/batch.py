"""Sentences as padded id tensors, and greedy translation of many at once (training, evaluation).

Ids: 0 <pad>, 1 <s>, 2 </s>, 3 <unk> in every vocabulary. A source ends with </s>; a target is
fed as <s> y_1 .. y_n and predicted as y_1 .. y_n </s>.
"""

import torch

from model.translate.bundle import TRANSFORMER
from model.translate.vocab import Vocab

PAD_ID, START_ID, STOP_ID = 0, 1, 2


def source_ids(tokens, vocab: Vocab) -> list[int]:
    return vocab.ids(tokens) + [STOP_ID]


def padded(rows: list[list[int]]) -> torch.Tensor:
    """Rows of ids -> (B, longest) with <pad> after each row."""
    out = torch.zeros(len(rows), max(map(len, rows)), dtype=torch.long)
    for i, row in enumerate(rows):
        out[i, : len(row)] = torch.tensor(row)
    return out


def source_batch(rows: list[list[int]]) -> dict[str, torch.Tensor]:
    source = padded(rows)  # (B, m)
    lengths = torch.tensor([len(r) for r in rows])
    return {"source": source, "lengths": lengths, "source_keep": source != PAD_ID}


def target_batch(rows: list[list[int]]) -> dict[str, torch.Tensor]:
    """Reference targets (without <s>, </s>) -> teacher-forcing input and expected output."""
    return {"target_in": padded([[START_ID] + r for r in rows]), "target_out": padded([r + [STOP_ID] for r in rows])}


def forward(module, kind: str, batch: dict) -> dict:
    """Teacher-forced forward of either kind; adds "weights" (B, n, m): for the Transformer, its last
    cross-attention layer averaged over heads."""
    if kind != TRANSFORMER:
        return module(batch["source"], batch["lengths"], batch["target_in"])
    out = module(batch["source"], batch["source_keep"], batch["target_in"])
    return out | {"weights": out["cross"][-1]["steps"].weights.mean(dim=1)}


@torch.inference_mode()
def translate_ids(module, kind: str, rows: list[list[int]], max_steps: int | None = None) -> list[list[int]]:
    """Greedy translation of each source row; each result stops before </s> (or after max_steps words)."""
    batch = source_batch(rows)
    steps = max_steps or 2 * batch["source"].shape[1] + 5
    if kind == TRANSFORMER:
        steps = min(steps, module.config.max_tokens - 1)  # positions beyond the sinusoid table do not exist
    done = torch.zeros(len(rows), dtype=torch.bool)
    chosen = torch.full((len(rows), 1), START_ID)  # (B, 1 + t)
    if kind != TRANSFORMER:
        h, state = module.encode(batch["source"], batch["lengths"])
    for _ in range(steps):
        if kind == TRANSFORMER:
            logits = module(batch["source"], batch["source_keep"], chosen)["logits"][:, -1]  # (B, V)
        else:
            state = module.step(chosen[:, -1], state)  # (B, C)
            logits = module.read(state[:, None], h, batch["source_keep"])["logits"][:, 0]
        word = logits.argmax(dim=-1).masked_fill(done, PAD_ID)  # (B,)
        chosen = torch.cat([chosen, word[:, None]], dim=1)
        done |= word == STOP_ID
        if done.all():
            break
    rows_out = chosen[:, 1:].tolist()
    return [row[: row.index(STOP_ID)] if STOP_ID in row else row for row in rows_out]
