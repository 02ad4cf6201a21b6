"""Evaluate a bundled captioner as the app loads it: exact match, the pointing game, by object count.

- fresh: 1,000 new scenes (seed EVAL_SEED) of the training pairs, each captioned in English and Korean;
- novel: 500 scenes (seed NOVEL_SEED) each holding at least one HELD_OUT colour–shape pair, never
  seen in training;
- pointing: for every shape noun of a caption the model got exactly right, whether the attention
  peak at the step that writes that noun lies on (a region holding pixels of) one of the objects
  the noun names. A correct greedy caption is its own reference, so the decode is re-run teacher-forced.

Run: .venv/bin/python -m training.eval_captioner   (prints both bundled models' numbers)
"""

from collections import defaultdict

import numpy as np
import torch

from model.caption.bundle import LoadedCaptioner, load_captioner, read_card
from model.caption.captioner import CAPTION_KINDS, LANGUAGES
from model.caption.scenes import NOVEL, PATCH, SceneBatch, make_scenes, region_masks
from model.translate.vocab import STOP

EVAL_SEED, NOVEL_SEED = 12, 13
EVAL_COUNT, NOVEL_COUNT = 1000, 500
CHUNK = 250
MAX_STEPS = 24


@torch.inference_mode()
def caption_batch(captioner: LoadedCaptioner, images: np.ndarray, lang: str) -> list[tuple[str, ...]]:
    """Greedy captions of (B, H, W, 3) uint8 images, a whole batch a step at a time: the tokens before </s>."""
    module, tokens = captioner.module, captioner.target_vocab.tokens
    h, state = module.encode(torch.from_numpy(images), torch.full((len(images),), LANGUAGES.index(lang)))
    keep = torch.ones(h.shape[:2], dtype=torch.bool)  # (B, m)
    token = torch.ones(len(images), dtype=torch.long)  # <s>
    chosen = []
    for _ in range(MAX_STEPS):
        state = module.step(token, state)  # (B, C)
        token = module.read(state[:, None, :], h, keep)["logits"][:, 0].argmax(-1)  # (B,)
        chosen.append(token)
    words = []
    for row in torch.stack(chosen, 1).tolist():
        out = [tokens[i] for i in row]
        words.append(tuple(out[: out.index(STOP)] if STOP in out else out))
    return words


def target_batch(captioner: LoadedCaptioner, captions: list[tuple[str, ...]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Captions -> target_in (B, n) from <s>, target_out (B, n) ending with </s>, padded with 0."""
    vocab = captioner.target_vocab
    n = max(len(c) for c in captions) + 1
    target_in, target_out = torch.zeros(len(captions), n, dtype=torch.long), torch.zeros(len(captions), n,
                                                                                          dtype=torch.long)
    for row, caption in enumerate(captions):
        ids = vocab.ids(caption)
        target_in[row, : len(ids) + 1] = torch.tensor([1] + ids)
        target_out[row, : len(ids) + 1] = torch.tensor(ids + [2])
    return target_in, target_out


@torch.inference_mode()
def pointing_hits(captioner: LoadedCaptioner, scenes: SceneBatch, lang: str, rows: np.ndarray) -> list[bool]:
    """For the scenes `rows` (captioned right), one hit or miss per shape noun: teacher-forced attention peak."""
    hits = []
    on_object = region_masks(scenes.masks)  # (B, K, m)
    for start in range(0, len(rows), CHUNK):
        part = rows[start: start + CHUNK]
        captions = [scenes.layouts[i].captions[lang] for i in part]
        target_in, _ = target_batch(captioner, [c.tokens for c in captions])
        out = captioner.module(torch.from_numpy(scenes.images[part]), torch.full((len(part),), LANGUAGES.index(lang)),
                               target_in)
        peaks = out["weights"].argmax(-1).numpy()  # (B, n)
        for row, (scene, caption) in enumerate(zip(part, captions)):
            for step, objects in caption.nouns:
                hits.append(bool(on_object[scene, list(objects), peaks[row, step]].any()))
    return hits


def exact(captioner: LoadedCaptioner, scenes: SceneBatch, lang: str) -> np.ndarray:
    """(B,) bool: the greedy caption equals the scene's caption, token for token."""
    out = []
    for start in range(0, len(scenes), CHUNK):
        out += caption_batch(captioner, scenes.images[start: start + CHUNK], lang)
    return np.array([o == layout.captions[lang].tokens for o, layout in zip(out, scenes.layouts)])


def by_objects(scenes: SceneBatch, values: np.ndarray) -> dict:
    groups = defaultdict(list)
    for layout, value in zip(scenes.layouts, values):
        groups[len(layout.objects)].append(value)
    return {str(n): round(float(np.mean(groups[n])), 4) for n in sorted(groups)}


def score_set(captioner: LoadedCaptioner, scenes: SceneBatch) -> dict:
    """Exact match (overall and by object count) in both languages, and pointing where the model attends."""
    result = {}
    for lang in LANGUAGES:
        hits = exact(captioner, scenes, lang)
        part = {"exact_match": round(float(hits.mean()), 4), "by_objects": by_objects(scenes, hits)}
        if captioner.module.attends:
            points = pointing_hits(captioner, scenes, lang, np.flatnonzero(hits))
            part["pointing"] = round(float(np.mean(points)), 4) if points else None
            part["pointed_nouns"] = len(points)
        result[lang] = part
    return result


def evaluation_sets() -> dict[str, SceneBatch]:
    return {"fresh": make_scenes(EVAL_COUNT, EVAL_SEED), "novel": make_scenes(NOVEL_COUNT, NOVEL_SEED, NOVEL)}


def evaluate(kind: str, sets: dict[str, SceneBatch]) -> dict:
    captioner = load_captioner(kind)
    result = {name: score_set(captioner, scenes) for name, scenes in sets.items()}
    result["scenes"] = {name: len(scenes) for name, scenes in sets.items()}
    result["pointing_rule"] = (f"the peak region ({PATCH}x{PATCH} pixels) holds at least one pixel of an object "
                               "the noun names")
    return result


def summary(kind: str, result: dict) -> str:
    lines = []
    for name in ("fresh", "novel"):
        for lang in LANGUAGES:
            part = result[name][lang]
            point = f"  pointing {part['pointing']:.4f}" if part.get("pointing") is not None else ""
            lines.append(f"{kind:8s} {name:5s} {lang}: exact {part['exact_match']:.4f}{point}  "
                         f"by objects {part['by_objects']}")
    return "\n".join(lines)


def main() -> None:
    sets = evaluation_sets()
    for kind in CAPTION_KINDS:
        if read_card(kind) is not None:
            print(summary(kind, evaluate(kind, sets)), flush=True)


if __name__ == "__main__":
    main()
