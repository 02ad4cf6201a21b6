"""Train the bundled small ViT on procedural shapes (training/shapes.py): about thirteen minutes on two CPU cores.

Writes assets/models/atlas_shapes_vit.safetensors (the timm state_dict) and its model card
atlas_shapes_vit.json, then evaluates the written model through the app's own loading,
tracing and rollout path (training/eval_small_vit.py) and records the numbers in the card.

A pool of images is drawn once (drawing costs as much as a training step); each step takes a
batch from it under one of the square's eight symmetries.

Besides the class loss on [CLS], a linear head on every patch token learns that patch's label:
the object's class on object patches, "another shape" on a shape outside the classes, and
"background" elsewhere (token labelling, Jiang et al. 2021, "All Tokens Matter"). The dense
signal gets a small ViT off its slow start many times sooner. The head is used only in
training; the saved model is the plain timm ViT.

A look loss pulls the [CLS] rollout, the one the Image page shows, onto the object's patches:
−log of its share there. Learnt on its own, the rollout found hard edges in the background as
often as the object; with it, the rollout points at the object because the model was taught to
look there (as the captioner's and the translator's attention are guided).

The run is deterministic for a given seed and thread count (the step count is fixed, never
"as many steps as fit in the time").

Run: make train   (= .venv/bin/python -m training.train_small_vit)
"""

import json
import math
import time
from dataclasses import asdict, dataclass

import numpy as np
import timm
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

from model.catalog import BUNDLED_VIT, bundled_files
from model.drawing import CLASSES, patch_mask
from training.eval_small_vit import evaluate_bundled
from training.shapes import DISTRACTOR_SHARE, make_shapes

CARD, WEIGHTS = bundled_files(BUNDLED_VIT)
# The patch tokens' labels: a class, then "another shape" (outside the classes), then "background".
OTHER_SHAPE, BACKGROUND = len(CLASSES), len(CLASSES) + 1
TOKEN_CLASSES = len(CLASSES) + 2
MEAN = (0.5, 0.5, 0.5)
STD = (0.5, 0.5, 0.5)


@dataclass(frozen=True)
class TrainConfig:
    # The pool is drawn from seed·10 000 and the held-out set from seed·10 000 + 9 999; eval and tests use other seeds.
    seed: int = 0
    arch: str = "vit_tiny_patch16_224"  # timm's ViT builder; the kwargs below replace its sizes
    image_size: int = 64
    patch_size: int = 8  # an 8×8 grid of patches: few enough tokens to read every attention map
    embed_dim: int = 96  # narrower than ViT-Ti: on two cores more steps beat more width (78% vs 70% after six minutes)
    depth: int = 6
    num_heads: int = 4
    mlp_ratio: float = 2.0  # half of timm's default: the MLP would otherwise cost twice the attention
    pool_size: int = 24_000  # images drawn once; every step shows a batch of them turned or mirrored
    steps: int = 5_500
    batch_size: int = 64  # small batches: on two cores, more updates of fewer images learn faster
    lr: float = 1e-3
    weight_decay: float = 0.05
    warmup_fraction: float = 0.05
    label_smoothing: float = 0.1
    token_loss_weight: float = 1.0  # weight of the patch-token labels next to the [CLS] class loss
    pixel_loss_weight: float = 1.0  # weight of each patch token's own pixel mask
    look_loss_weight: float = 0.2  # weight of −log(the [CLS] rollout's share on the object's patches)
    threads: int = 2  # the machines this runs on have two cores; results depend on it
    report_every: int = 500


def model_kwargs(config: TrainConfig) -> dict:
    return {
        "img_size": config.image_size,
        "patch_size": config.patch_size,
        "embed_dim": config.embed_dim,
        "depth": config.depth,
        "num_heads": config.num_heads,
        "mlp_ratio": config.mlp_ratio,
        "num_classes": len(CLASSES),
        "global_pool": "token",  # the decision is read from [CLS], so its attention is the one to explain
    }


def to_input(images: np.ndarray) -> torch.Tensor:
    """(B, H, W, 3) uint8 -> (B, 3, H, W) float32 normalised with MEAN and STD."""
    x = torch.from_numpy(images).permute(0, 3, 1, 2).float().div(255)  # (B, 3, H, W)
    return (x - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)


def learning_rate(step: int, total: int, config: TrainConfig) -> float:
    """Linear warm-up, then cosine decay to zero."""
    warmup = max(1, int(total * config.warmup_fraction))
    if step < warmup:
        return config.lr * (step + 1) / warmup
    return config.lr * 0.5 * (1 + math.cos(math.pi * (step - warmup) / (total - warmup)))


@torch.inference_mode()
def accuracy(module: torch.nn.Module, images: np.ndarray, labels: np.ndarray, batch_size: int = 500) -> float:
    module.eval()
    predicted = torch.cat([module(to_input(images[i : i + batch_size])).argmax(-1)
                           for i in range(0, len(images), batch_size)])
    module.train()
    return float((predicted.numpy() == labels).mean())


def pixel_targets(masks: np.ndarray, patch_size: int) -> torch.Tensor:
    """(B, H, W) masks -> (B, N, p²) float: each patch's own pixels, patches in token order."""
    b, h, w = masks.shape
    p = patch_size
    patches = masks.reshape(b, h // p, p, w // p, p).transpose(0, 1, 3, 2, 4)  # (B, rows, cols, p, p)
    return torch.from_numpy(patches.reshape(b, -1, p * p).astype(np.float32))


def cls_rollout(weights: list[torch.Tensor]) -> torch.Tensor:
    """The [CLS] row (B, N) of the attention rollout the app shows (model/rollout.py: heads averaged, the
    residual folded in as 0.5·A + 0.5·I, the layers' matrices multiplied), in torch so that training can
    pull it onto the object. Only one row is wanted, so it is carried down from the last layer.

    weights: each layer's (B, H, N, N) attention, first layer first.
    """
    b, _, n, _ = weights[0].shape
    row = torch.zeros(b, 1, n)
    row[:, 0, 0] = 1  # (B, 1, N) the [CLS] query
    for w in reversed(weights):
        row = row @ (0.5 * w.mean(1) + 0.5 * torch.eye(n))  # (B, 1, N) @ (B, N, N): rows of 0.5·A + 0.5·I
    return row[:, 0]


def _decays(name: str, parameter: torch.nn.Parameter) -> bool:
    """Weight decay on matrices only: decaying norms, biases and embeddings just fights the data."""
    return parameter.ndim >= 2 and "pos_embed" not in name and "cls_token" not in name


def dihedral(turn: int, *arrays: np.ndarray) -> list[np.ndarray]:
    """One of the 8 symmetries of the square, the same for every (B, H, W, ...) array: images and masks.

    Every class is closed under them (shapes are drawn at any rotation), so each pool image
    serves as eight.
    """
    arrays = [np.rot90(a, turn % 4, axes=(1, 2)) for a in arrays]
    return [np.ascontiguousarray(a[:, :, ::-1] if turn >= 4 else a) for a in arrays]


def train(config: TrainConfig) -> tuple[torch.nn.Module, float]:
    """Train from scratch; returns the model in eval mode and the seconds it took."""
    torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    start, start_cpu = time.perf_counter(), time.process_time()
    module = timm.create_model(config.arch, pretrained=False, **model_kwargs(config))
    token_head = torch.nn.Linear(config.embed_dim, TOKEN_CLASSES + config.patch_size**2)
    named = list(module.named_parameters()) + [(f"token_head.{n}", p) for n, p in token_head.named_parameters()]
    optimizer = torch.optim.AdamW(
        [
            {"params": [p for n, p in named if _decays(n, p)], "weight_decay": config.weight_decay},
            {"params": [p for n, p in named if not _decays(n, p)], "weight_decay": 0.0},
        ]
    )
    # Each block's attention weights (B, H, N, N) for the look loss, as timm's unfused path computes them
    # (the fused kernel never materialises them): the softmax's output is what enters attn_drop.
    weights = []
    fused = [block.attn.fused_attn for block in module.blocks]
    for block in module.blocks:
        block.attn.fused_attn = False
    hooks = [block.attn.attn_drop.register_forward_hook(lambda _, __, out: weights.append(out))
             for block in module.blocks]
    pool = make_shapes(config.pool_size, seed=config.seed * 10_000, size=config.image_size)
    held_out = make_shapes(1000, seed=config.seed * 10_000 + 9_999, size=config.image_size)
    print(f"{sum(p.numel() for p in module.parameters()):,} parameters, {config.steps} steps of {config.batch_size}, "
          f"pool of {config.pool_size:,} drawn in {time.perf_counter() - start:.0f} s", flush=True)
    losses = []
    for step in range(config.steps):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, config.steps, config)
        chosen = rng.choice(config.pool_size, config.batch_size, replace=False)
        images, masks, others = dihedral(int(rng.integers(8)), pool.images[chosen], pool.masks[chosen],
                                         pool.others[chosen])
        labels = torch.from_numpy(pool.labels[chosen])
        on_object = torch.from_numpy(patch_mask(masks, config.patch_size).reshape(len(chosen), -1))  # (B, N)
        on_other = torch.from_numpy(patch_mask(others, config.patch_size).reshape(len(chosen), -1))  # (B, N)
        # (B, N): the object's class, else "another shape", else "background"
        targets = torch.where(on_object, labels[:, None], torch.where(on_other, OTHER_SHAPE, BACKGROUND))
        features = module.forward_features(to_input(images))  # (B, 1 + N, C), filling `weights`
        on_patches = cls_rollout(weights)[:, module.num_prefix_tokens :]  # (B, N) where [CLS] looks
        logits = module.forward_head(features)  # (B, K)
        token_out = token_head(features[:, module.num_prefix_tokens :])  # (B, N, K + 2 + p²)
        token_logits, pixel_logits = token_out[..., :TOKEN_CLASSES], token_out[..., TOKEN_CLASSES:]
        loss = (
            F.cross_entropy(logits, labels, label_smoothing=config.label_smoothing)
            + config.token_loss_weight * F.cross_entropy(token_logits.flatten(0, 1), targets.flatten())
            + config.pixel_loss_weight * F.binary_cross_entropy_with_logits(
                pixel_logits, pixel_targets(masks, config.patch_size))
            - config.look_loss_weight * torch.log((on_patches * on_object).sum(1) / on_patches.sum(1) + 1e-6).mean()
        )
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_([p for _, p in named], 1.0)
        optimizer.step()
        losses.append(loss.item())
        if (step + 1) % config.report_every == 0 or step + 1 == config.steps:
            print(
                f"step {step + 1}/{config.steps}  loss {np.mean(losses):.3f}  "
                f"held-out accuracy {accuracy(module, held_out.images, held_out.labels):.1%}  "
                f"{time.perf_counter() - start:.0f} s",
                flush=True,
            )
            losses = []
        weights.clear()  # this step's, and the held-out batches' when it reported
    for block, hook, was_fused in zip(module.blocks, hooks, fused):
        hook.remove()
        block.attn.fused_attn = was_fused
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
    # Other work on the machine stretches the wall time; CPU time over the threads is what free cores would take.
    print(f"trained in {seconds:.0f} s wall, {cpu_seconds:.0f} CPU s "
          f"({cpu_seconds / config.threads:.0f} s on {config.threads} free cores)")
    return module.eval(), seconds


def model_card(config: TrainConfig, train_seconds: float) -> dict:
    return {
        "id": BUNDLED_VIT,
        "timm_arch": config.arch,
        "model_kwargs": model_kwargs(config),
        "classes": list(CLASSES),  # English names; other languages are in i18n/shapes.py
        "input_size": [3, config.image_size, config.image_size],
        "mean": list(MEAN),
        "std": list(STD),
        "patch_size": config.patch_size,
        "accuracy": None,  # filled in by the evaluation after the weights are written
        "pointing_game": None,
        "mass_ratio": None,
        "train_command": "make train",
        "seed": config.seed,
        "train_seconds": round(train_seconds),
        "train_config": asdict(config),
        "trained_on": (
            f"{config.steps * config.batch_size:,} views (turned or mirrored) of {config.pool_size:,} procedurally "
            f"drawn {config.image_size}×{config.image_size} images (training/shapes.py), each one shape "
            f"({', '.join(CLASSES)}) in a random colour, size, position and rotation, filled plainly, filled with "
            "a texture or outlined, on a background of soft clutter, colour fields split by hard edges, stripes, "
            f"checks, photo crops or paper; {DISTRACTOR_SHARE:.0%} of them with a shape outside the classes beside it."
        ),
        "limitations": (
            "It knows nothing about real photos: it has only ever seen these synthetic shapes, so on a photo "
            "its class is meaningless and its attention shows only what stands out in colour and contrast."
        ),
    }


def write_card(card: dict) -> None:
    CARD.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    config = TrainConfig()
    module, seconds = train(config)
    card = model_card(config, seconds)
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in module.state_dict().items()}, WEIGHTS)
    write_card(card)
    print(f"wrote {WEIGHTS} ({WEIGHTS.stat().st_size / 2**20:.1f} MB) and {CARD.name}", flush=True)
    record_evaluation(card)


def record_evaluation(card: dict) -> None:
    """Measure the written model through the app's loader (training/eval_small_vit.py) and record it in the card:
    the in-distribution numbers at the top, every set's under "evaluation"."""
    results = evaluate_bundled()
    inside = results["in distribution"][1]
    card.update(accuracy=inside.accuracy, pointing_game=inside.pointing_game, mass_ratio=inside.mass_ratio)
    card["evaluation"] = {
        name: {"images": len(batch.labels), "in_class": int((batch.labels >= 0).sum()), "accuracy": result.accuracy,
               "pointing_game": result.pointing_game, "mass_ratio": result.mass_ratio}
        for name, (batch, result) in results.items()
    }
    write_card(card)


if __name__ == "__main__":
    main()
