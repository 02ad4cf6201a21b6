"""Evaluate the bundled small ViT on fresh shapes, through the same path as the app.

load_vit → trace_image → attention_rollout → the [CLS] row on the patch grid, for each image
of a test set drawn from a seed that training never uses. Prints:

- accuracy: the top class is the drawn class;
- pointing game: the rollout's peak patch overlaps the object's mask;
- mass ratio: the share of rollout mass on object patches divided by the object's share of
  patches (1 is no better than spreading the mass evenly).

Run: make eval   (= .venv/bin/python -m training.eval_small_vit)
"""

from dataclasses import dataclass

import numpy as np
from PIL import Image

from model.catalog import BUNDLED_VIT
from model.drawing import CLASSES, patch_mask
from model.loading import LoadedVit, load_vit
from model.rollout import attention_rollout
from model.vit.trace import trace_image
from training.shapes import ShapeBatch, make_shapes

EVAL_SEED = 7_777_777  # outside training's seeds (seed·10 000 and seed·10 000 + 9 999)
EVAL_COUNT = 2_000


@dataclass(frozen=True)
class EvalResult:
    accuracy: float
    pointing_game: float
    mass_ratio: float  # mean over images
    per_class_accuracy: dict[str, float]
    logits: np.ndarray  # (B, K)
    predictions: np.ndarray  # (B,) predicted class index
    correct: np.ndarray  # (B,) bool, the prediction is the drawn class
    hits: np.ndarray  # (B,) bool, the rollout's peak patch lies on the object
    heatmaps: np.ndarray  # (B, rows, cols) [CLS] rollout over the patches


def pointing_hit(heatmap: np.ndarray, on_object: np.ndarray) -> bool:
    """Does the heatmap's peak patch lie on the object? Both (rows, cols)."""
    return bool(on_object.flat[heatmap.argmax()])


def mass_ratio(heatmap: np.ndarray, on_object: np.ndarray) -> float:
    """Share of the heatmap's mass on object patches over the object's share of patches."""
    return float(heatmap[on_object].sum() / heatmap.sum() / on_object.mean())


def cls_rollout(loaded: LoadedVit, image: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """The app's view of one image: its logits (K,) and the [CLS] rollout on the patch grid (rows, cols)."""
    trace = trace_image(loaded, image)
    rollout = attention_rollout(trace.weights, num_prefix_tokens=trace.num_prefix_tokens)  # (N, N)
    return trace.logits, trace.on_grid(rollout[0])  # the [CLS] row


def evaluate(loaded: LoadedVit, batch: ShapeBatch) -> EvalResult:
    logits, heatmaps = zip(*(cls_rollout(loaded, Image.fromarray(image)) for image in batch.images))
    logits = np.stack(logits)  # (B, K)
    predictions = np.argmax(logits, axis=1)
    heatmaps = np.stack(heatmaps)  # (B, rows, cols)
    on_object = patch_mask(batch.masks, batch.masks.shape[1] // heatmaps.shape[1])  # (B, rows, cols)
    correct = predictions == batch.labels
    hits = np.array([pointing_hit(h, o) for h, o in zip(heatmaps, on_object)])
    return EvalResult(
        accuracy=float(correct.mean()),
        pointing_game=float(hits.mean()),
        mass_ratio=float(np.mean([mass_ratio(h, o) for h, o in zip(heatmaps, on_object)])),
        per_class_accuracy={name: float(correct[batch.labels == k].mean()) for k, name in enumerate(CLASSES)},
        logits=logits,
        predictions=predictions,
        correct=correct,
        hits=hits,
        heatmaps=heatmaps,
    )


def evaluate_bundled(count: int = EVAL_COUNT, seed: int = EVAL_SEED) -> EvalResult:
    """Load the bundled model as the app does, evaluate it on fresh shapes and print the numbers."""
    loaded = load_vit(BUNDLED_VIT)
    batch = make_shapes(count, seed=seed, size=loaded.input_size[0])
    result = evaluate(loaded, batch)
    print(f"{count} fresh images (seed {seed})")
    print(f"accuracy        {result.accuracy:.1%}   (goal ≥ 97%)")
    print(f"pointing game   {result.pointing_game:.1%}   (goal ≥ 90%)")
    print(f"mass ratio      {result.mass_ratio:.2f}    (goal ≥ 2)")
    print("per class       " + "  ".join(f"{name} {acc:.0%}" for name, acc in result.per_class_accuracy.items()))
    return result


if __name__ == "__main__":
    evaluate_bundled()
