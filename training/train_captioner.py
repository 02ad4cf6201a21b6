"""Train the bundled captioners on generated scenes (model/caption/scenes.py): with attention and without.

One model writes both languages: each training example is a scene and one of its two captions,
the language given to the decoder's first state. Each model is trained for a fixed number of
steps from a fixed seed (deterministic for a given thread count), saved in float16 with a card,
then evaluated through the app's own loader (training/eval_captioner.py) and the numbers added
to its card.

The attention model is also shown where to look, as the Transformer translator is: a guided
term adds −log Σ α over the regions of the object a shape noun names, at the step that writes
that noun (Garg et al. 2019 do this for translation). Colour words, counts and relations are not
guided.

Run: .venv/bin/python -m training.train_captioner   (`--only additive` for one model)
"""

import argparse
import json
import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

from model.caption.bundle import build_captioner, caption_vocab, model_files
from model.caption.captioner import CAPTION_KINDS, LANGUAGES, by_quadrant
from model.caption.scenes import HELD_OUT, MAX_OBJECTS, SIZE, SceneBatch, make_scenes, region_masks
from training.eval_captioner import evaluate, evaluation_sets, summary

TRAIN_SEED = 11


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 0
    train_scenes: int = 30_000  # each with an English and a Korean caption
    steps: int = 4_200
    batch_size: int = 64  # captions: both of each of 32 scenes
    lr: float = 3e-3
    warmup: int = 100
    guide_weight: float = 0.3  # the attention model only: pull the noun's attention onto its object
    pool_guide_weight: float = 0.3  # both models: pull each quadrant's summary onto the object in it
    threads: int = 1  # `make train` trains the two models at once, one per core


SIZES = {"image_size": SIZE, "channels": [16, 32, 64, 96], "embed": 48, "width": 128, "score_width": 64}
ARCHITECTURES = {
    "additive": "CNN (4 conv layers) -> 10x10 grid of region states with learned positions; GRU decoder with "
                "additive attention over the regions at every step, Luong-style (model/caption/captioner.py, "
                "model/attention.py). One model for both languages: a learned language vector in the first state, "
                "which also holds one region state per quadrant, pooled towards its object.",
    "none": "The same CNN and GRU decoder without attention: the decoder sees the image only through its first "
            "state, made of one pooled region state per quadrant (model/caption/captioner.py).",
}


@dataclass(frozen=True)
class TrainData:
    images: torch.Tensor  # (N, H, W, 3) uint8
    target_in: torch.Tensor  # (N, 2, n) per language, <s> first, 0-padded
    target_out: torch.Tensor  # (N, 2, n) ending with </s>
    noun_objects: torch.Tensor  # (N, 2, n, K) bool: the objects the word written at step t names
    object_regions: torch.Tensor  # (N, K, m) bool: the regions holding a pixel of object k


def training_data(scenes: SceneBatch) -> TrainData:
    vocab = caption_vocab()
    n = max(len(layout.captions[lang].tokens) for layout in scenes.layouts for lang in LANGUAGES) + 1
    count = len(scenes)
    target_in = np.zeros((count, 2, n), dtype=np.int64)
    target_out = np.zeros((count, 2, n), dtype=np.int64)
    noun_objects = np.zeros((count, 2, n, MAX_OBJECTS), dtype=bool)
    for i, layout in enumerate(scenes.layouts):
        for li, lang in enumerate(LANGUAGES):
            caption = layout.captions[lang]
            ids = vocab.ids(caption.tokens)
            target_in[i, li, : len(ids) + 1] = [1] + ids
            target_out[i, li, : len(ids) + 1] = ids + [2]
            for step, objects in caption.nouns:
                noun_objects[i, li, step, list(objects)] = True
    return TrainData(torch.from_numpy(scenes.images), torch.from_numpy(target_in), torch.from_numpy(target_out),
                     torch.from_numpy(noun_objects), torch.from_numpy(region_masks(scenes.masks)))


def learning_rate(step: int, config: TrainConfig) -> float:
    """Linear warm-up, then cosine decay to a tenth."""
    if step < config.warmup:
        return config.lr * (step + 1) / config.warmup
    progress = (step - config.warmup) / max(1, config.steps - config.warmup)
    return config.lr * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * progress)))


def loss_of(module, data: TrainData, scenes: torch.Tensor, config: TrainConfig) -> torch.Tensor:
    """The loss on both captions of each of the (B/2,) scenes: the CNN sees each image once."""
    rows = scenes.repeat_interleave(len(LANGUAGES))  # (B,) each scene once per language, in a row
    langs = torch.arange(len(LANGUAGES)).repeat(len(scenes))  # (B,)
    target_in, target_out = data.target_in[rows, langs], data.target_out[rows, langs]  # (B, n)
    longest = int((target_out > 0).sum(1).max())
    target_in, target_out = target_in[:, :longest], target_out[:, :longest]
    out = module(data.images[scenes], langs, target_in)
    loss = F.cross_entropy(out["logits"].flatten(0, 1), target_out.flatten(), ignore_index=0)
    if config.pool_guide_weight:
        on_object = by_quadrant(data.object_regions[rows].any(1))  # (B, 4, m/4): regions holding an object
        held = on_object.any(-1)  # (B, 4): the quadrants with an object
        mass = (out["pool"] * on_object).sum(-1)[held]  # (Q,) each summary's weight on its object
        loss = loss - config.pool_guide_weight * torch.log(mass + 1e-6).mean()
    if module.attends and config.guide_weight:
        nouns = data.noun_objects[rows, langs, :longest].float()  # (B, n, K)
        on_object = (nouns @ data.object_regions[rows].float()) > 0  # (B, n, m)
        steps = on_object.any(-1)  # (B, n): the steps that write a shape noun
        mass = (out["weights"] * on_object).sum(-1)[steps]  # (S,) attention on the named objects
        loss = loss - config.guide_weight * torch.log(mass + 1e-6).mean()
    return loss


def train(kind: str, data: TrainData, config: TrainConfig) -> tuple[torch.nn.Module, float]:
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    module = build_captioner(kind, SIZES)
    optimizer = torch.optim.AdamW(module.parameters(), lr=config.lr, weight_decay=0.01)
    generator = torch.Generator().manual_seed(config.seed)
    started = time.perf_counter()
    module.train()
    for step in range(config.steps):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, config)
        scenes = torch.randint(len(data.images), (config.batch_size // len(LANGUAGES),), generator=generator)
        loss = loss_of(module, data, scenes, config)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(module.parameters(), 1.0)
        optimizer.step()
        if step % 100 == 0 or step == config.steps - 1:
            print(f"  {kind} step {step:5d}  loss {loss.item():.4f}  {time.perf_counter() - started:.0f} s",
                  flush=True)
    return module.eval(), time.perf_counter() - started


def save(kind: str, module, config: TrainConfig, seconds: float, data_seconds: float) -> dict:
    card_path, weights_path = model_files(kind)
    weights_path.parent.mkdir(parents=True, exist_ok=True)
    save_file({k: v.detach().half().contiguous() for k, v in module.state_dict().items()}, str(weights_path))
    card = {
        "id": f"atlas-captioner-{kind}",
        "kind": kind,
        "architecture": ARCHITECTURES[kind],
        "data": (f"Scenes of model/caption/scenes.py: {config.train_scenes:,} drawn from seed {TRAIN_SEED}, each "
                 "with its English and Korean caption; 1-4 of the eight shapes in five named colours, one per "
                 f"quadrant of a {SIZE}x{SIZE} image. Held out of training entirely: "
                 + ", ".join(f"{c} {s}" for c, s in HELD_OUT) + "."),
        "guidance": (f"Shape nouns' attention guided to their objects (weight {config.guide_weight}); "
                     if kind == "additive" else "")
                    + f"each quadrant's pooling guided to its object (weight {config.pool_guide_weight})",
        "limitations": ("Knows only the scene grammar: five colours, eight shapes, one object per quadrant. "
                        "Any other picture gets a caption of those words. A toy for seeing attention."),
        "sizes": SIZES,
        "parameters": sum(p.numel() for p in module.parameters()),
        "weights": "float16 on disk, float32 in use; evaluated as loaded from disk",
        "train_config": asdict(config) | ({} if kind == "additive" else {"guide_weight": 0.0}),
        "train_seconds": round(seconds, 1),
        "data_seconds": round(data_seconds, 1),
        "vocab": list(caption_vocab().tokens),
        "held_out_pairs": [list(p) for p in HELD_OUT],
    }
    card_path.write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return card


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="kinds to train: additive, none")
    parser.add_argument("--steps", type=int, default=TrainConfig.steps, help="training steps per model")
    parser.add_argument("--threads", type=int, default=TrainConfig.threads,
                        help="torch threads (1 when another job shares the two cores: two would fight over them)")
    args = parser.parse_args()
    config = TrainConfig(steps=args.steps, threads=args.threads)
    torch.set_num_threads(config.threads)
    started = time.perf_counter()
    data = training_data(make_scenes(config.train_scenes, TRAIN_SEED))
    data_seconds = time.perf_counter() - started
    print(f"drew {config.train_scenes:,} scenes in {data_seconds:.0f} s", flush=True)
    sets = evaluation_sets()
    for kind in CAPTION_KINDS:
        if args.only and kind not in args.only:
            continue
        module, seconds = train(kind, data, config)
        card = save(kind, module, config, seconds, data_seconds)
        card["evaluation"] = evaluate(kind, sets)
        model_files(kind)[0].write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{kind}: trained in {seconds / 60:.1f} min", flush=True)
        print(summary(kind, card["evaluation"]), flush=True)


if __name__ == "__main__":
    main()
