"""Evaluate the bundled small ViT in and out of its training distribution, through the same path as the app.

load_vit → trace_image → attention_rollout → the [CLS] row on the patch grid, for each image of
three sets side by side:

- in distribution: fresh images from training's own generator (training/shapes.py), from a
  seed that training never uses; these are the card's numbers;
- OOD drawn: images from training/ood_shapes.py, a generator written apart from training's
  and unlike it (backgrounds with hard edges, photos and paper, smaller objects, outlines,
  JPEG), a fifth of them shapes outside the eight classes;
- hand-made: the pictures in assets/ood/ (training/ood_pictures.py), shapes drawn as if on
  paper or a whiteboard.

For each set it prints:

- accuracy: the top class is the drawn class, over the images whose object is one of the classes;
- pointing game: the rollout's peak patch is on the object, over all images;
- mass ratio: the share of rollout mass on object patches divided by the object's share of
  patches, that is the mean rollout on object patches over the mean on all patches (1 is no
  better than spreading the mass evenly); the card's number;
- on/off: the mean rollout on object patches over the mean on the other patches.

A patch is on the object when any of its pixels is in the object's mask.

Run: make eval   (= .venv/bin/python -m training.eval_small_vit; about 25 s on one core)
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import torch
from PIL import Image

from model.catalog import BUNDLED_VIT
from model.drawing import patch_mask
from model.loading import LoadedVit, load_vit
from model.rollout import attention_rollout
from model.vit.trace import trace_image
from training.ood_shapes import make_ood_shapes
from training.shapes import make_shapes

EVAL_SEED = 7_777_777  # outside training's seeds (seed·10 000 and seed·10 000 + 9 999)
EVAL_COUNT = 2_000
OOD_SEED = 16_016  # the OOD generator's images for this report; tests/test_vit_ood.py draws from another seed
OOD_COUNT = 400
PICTURES_DIR = Path(__file__).resolve().parent.parent / "assets" / "ood"
GOALS = {"accuracy": (0.97, 0.90), "pointing_game": 0.9, "mass_ratio": 2.0}  # in / out of distribution


class LabelledImages(Protocol):
    images: np.ndarray  # (B, H, W, 3) uint8
    labels: np.ndarray  # (B,) int64, class index, or -1 for an object outside the classes
    masks: np.ndarray  # (B, H', W') bool object mask, H' a multiple of the patch grid's rows


@dataclass(frozen=True)
class Pictures:
    images: np.ndarray  # (B, H, W, 3) uint8
    labels: np.ndarray  # (B,) int64, class index or -1
    masks: np.ndarray  # (B, H, W) bool
    files: tuple[str, ...]  # (B,) file names in PICTURES_DIR


@dataclass(frozen=True)
class EvalResult:
    accuracy: float  # over the images whose label is a class (≥ 0); nan when there are none
    pointing_game: float
    mass_ratio: float  # mean over images
    on_off_ratio: float  # mean over images
    per_class_accuracy: dict[str, float]  # the classes with at least one image
    logits: np.ndarray  # (B, K)
    predictions: np.ndarray  # (B,) predicted class index
    correct: np.ndarray  # (B,) bool, the prediction is the drawn class (False for label -1)
    hits: np.ndarray  # (B,) bool, the rollout's peak patch lies on the object
    heatmaps: np.ndarray  # (B, rows, cols) [CLS] rollout over the patches


def pointing_hit(heatmap: np.ndarray, on_object: np.ndarray) -> bool:
    """Does the heatmap's peak patch lie on the object? Both (rows, cols)."""
    return bool(on_object.flat[heatmap.argmax()])


def mass_ratio(heatmap: np.ndarray, on_object: np.ndarray) -> float:
    """Share of the heatmap's mass on object patches over the object's share of patches."""
    return float(heatmap[on_object].sum() / heatmap.sum() / on_object.mean())


def on_off_ratio(heatmap: np.ndarray, on_object: np.ndarray) -> float:
    """Mean of the heatmap on object patches over its mean on the other patches."""
    return float(heatmap[on_object].mean() / heatmap[~on_object].mean())


def cls_rollout(loaded: LoadedVit, image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """The app's view of one image: its logits (K,) and the [CLS] rollout on the patch grid (rows, cols)."""
    trace = trace_image(loaded, image)
    rollout = attention_rollout(trace.weights, num_prefix_tokens=trace.num_prefix_tokens)  # (N, N)
    return trace.logits, trace.on_grid(rollout[0])  # the [CLS] row


def evaluate(loaded: LoadedVit, batch: LabelledImages) -> EvalResult:
    logits, heatmaps = zip(*(cls_rollout(loaded, Image.fromarray(image)) for image in batch.images))
    logits = np.stack(logits)  # (B, K)
    predictions = np.argmax(logits, axis=1)
    heatmaps = np.stack(heatmaps)  # (B, rows, cols)
    on_object = patch_mask(batch.masks, batch.masks.shape[1] // heatmaps.shape[1])  # (B, rows, cols)
    correct = predictions == batch.labels
    in_class = batch.labels >= 0
    hits = np.array([pointing_hit(h, o) for h, o in zip(heatmaps, on_object)])
    return EvalResult(
        accuracy=float(correct[in_class].mean()) if in_class.any() else float("nan"),
        pointing_game=float(hits.mean()),
        mass_ratio=float(np.mean([mass_ratio(h, o) for h, o in zip(heatmaps, on_object)])),
        on_off_ratio=float(np.mean([on_off_ratio(h, o) for h, o in zip(heatmaps, on_object)])),
        per_class_accuracy={name: float(correct[batch.labels == k].mean())
                            for k, name in enumerate(loaded.classes) if (batch.labels == k).any()},
        logits=logits,
        predictions=predictions,
        correct=correct,
        hits=hits,
        heatmaps=heatmaps,
    )


def load_pictures(classes: tuple[str, ...], directory: Path = PICTURES_DIR) -> Pictures:
    """The hand-made pictures listed in pictures.json, labelled by index into `classes` (-1 for null)."""
    entries = json.loads((directory / "pictures.json").read_text())

    def read(file: str, mode: str) -> np.ndarray:
        with Image.open(directory / file) as image:
            return np.asarray(image.convert(mode))

    return Pictures(
        images=np.stack([read(entry["file"], "RGB") for entry in entries]),
        labels=np.array([-1 if entry["class"] is None else classes.index(entry["class"]) for entry in entries]),
        masks=np.stack([read(entry["mask"], "L") >= 128 for entry in entries]),
        files=tuple(entry["file"] for entry in entries),
    )


def evaluate_sets(loaded: LoadedVit, count: int = EVAL_COUNT, seed: int = EVAL_SEED,
                  ood_count: int = OOD_COUNT, ood_seed: int = OOD_SEED) -> dict[str, tuple[LabelledImages, EvalResult]]:
    """Each set's images and the model's result on them: "in distribution", "OOD drawn", "hand-made"."""
    size = loaded.input_size[0]
    batches = {
        "in distribution": make_shapes(count, seed=seed, size=size),
        "OOD drawn": make_ood_shapes(ood_count, seed=ood_seed, size=size, classes=loaded.classes),
        "hand-made": load_pictures(loaded.classes),
    }
    return {name: (batch, evaluate(loaded, batch)) for name, batch in batches.items()}


def print_table(results: dict[str, tuple[LabelledImages, EvalResult]]) -> None:
    print(f"{'':18}{'images':>7}{'in-class':>9}{'accuracy':>10}{'pointing':>10}{'mass ratio':>12}{'on/off':>8}")
    for name, (batch, result) in results.items():
        print(f"{name:18}{len(batch.labels):>7}{int((batch.labels >= 0).sum()):>9}{result.accuracy:>10.1%}"
              f"{result.pointing_game:>10.1%}{result.mass_ratio:>12.2f}{result.on_off_ratio:>8.2f}")
    (accuracy_in, accuracy_out), pointing, mass = GOALS["accuracy"], GOALS["pointing_game"], GOALS["mass_ratio"]
    print(f"{'goals (issue 16)':34}{f'≥{accuracy_in:.0%}, OOD ≥{accuracy_out:.0%}':>16}"
          f"{f'≥{pointing:.0%}':>10}{f'≥{mass:g}':>12}")
    print("(accuracy over in-class images; pointing and ratios over all; a patch is on the object when any of its"
          " pixels is)")


def print_details(results: dict[str, tuple[LabelledImages, EvalResult]], classes: tuple[str, ...]) -> None:
    """Per-class accuracy in distribution, pointing by kind of background out of it, and each hand-made picture."""
    shapes, inside = results["in distribution"]
    print("per class (in distribution)  " + "  ".join(f"{k} {a:.0%}" for k, a in inside.per_class_accuracy.items()))
    for what, values in (("style", shapes.styles), ("background", shapes.backgrounds)):
        values = np.array(values)
        print(f"accuracy / pointing by {what} (in distribution)  " + "  ".join(
            f"{v} {inside.correct[values == v].mean():.0%} / {inside.hits[values == v].mean():.0%}"
            for v in dict.fromkeys(values)))
    batch, drawn = results["OOD drawn"]
    kinds = np.array(batch.backgrounds)
    print("OOD pointing by background   " + "  ".join(
        f"{kind} {drawn.hits[kinds == kind].mean():.0%}" for kind in dict.fromkeys(batch.backgrounds)))
    print(f"OOD pointing, in-class / out-of-class shapes   {drawn.hits[batch.labels >= 0].mean():.0%} / "
          f"{drawn.hits[batch.labels < 0].mean():.0%}")
    pictures, made = results["hand-made"]
    print("hand-made: the answer, and ✓ where the rollout's peak is on the object")
    for file, label, predicted, hit in zip(pictures.files, pictures.labels, made.predictions, made.hits):
        drawn = classes[label] if label >= 0 else "(none of the classes)"
        print(f"  {file:24}{drawn:>22} → {classes[predicted]:10}{'✓' if hit else '✗'}")


def evaluate_bundled(count: int = EVAL_COUNT, seed: int = EVAL_SEED) -> dict[str, tuple[LabelledImages, EvalResult]]:
    """Load the bundled model as the app does, print every set's numbers, and return every set's images and result."""
    loaded = load_vit(BUNDLED_VIT)
    results = evaluate_sets(loaded, count, seed)
    print(f"{count} fresh images (seed {seed}), {OOD_COUNT} OOD drawn (seed {OOD_SEED}), "
          f"{len(results['hand-made'][0].labels)} hand-made pictures ({PICTURES_DIR.name}/)")
    print_table(results)
    print_details(results, loaded.classes)
    return results


if __name__ == "__main__":
    torch.set_num_threads(1)  # one small image at a time: a second thread only waits, and on busy cores it spins
    evaluate_bundled()
