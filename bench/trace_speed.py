"""Trace time against a plain forward of the same model on the same input, and rollout time (CPU).

    .venv/bin/python -m bench.trace_speed

Prints figures; asserts nothing. Random weights: speed does not depend on them.
"""

import statistics
import time

import numpy as np
import timm
import torch
from PIL import Image

from model.loading import _finish_vit, load_text_model
from model.rollout import attention_rollout
from model.text.trace import tokenize, trace_text
from model.vit.trace import model_input, trace_image

REPEATS = 15


def median_ms(fn, repeats: int = REPEATS) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_vit(name: str, image: Image.Image) -> tuple[float, float]:
    loaded = _finish_vit(name, timm.create_model(name, pretrained=False), {})
    _, pixels = model_input(loaded, image)

    def plain():
        with torch.inference_mode():
            loaded.module(pixels)

    return median_ms(plain), median_ms(lambda: trace_image(loaded, image))


def main() -> None:
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, median of {REPEATS}")
    image = Image.fromarray(np.random.default_rng(0).integers(0, 256, (224, 224, 3), dtype=np.uint8))
    print(f"{'model':34} {'forward ms':>10} {'trace ms':>10} {'ratio':>6}")
    for name in ("vit_tiny_patch16_224", "vit_small_patch16_224", "vit_base_patch16_224"):
        plain, traced = bench_vit(name, image)
        print(f"{name:34} {plain:10.1f} {traced:10.1f} {traced / plain:6.2f}")

    text = load_text_model()
    sentence = "The animal didn't cross the street because it was too tired"
    encoded, _ = tokenize(text, sentence)

    def plain_text():
        with torch.inference_mode():
            text.module(**encoded)

    plain, traced = median_ms(plain_text), median_ms(lambda: trace_text(text, sentence))
    name = f"all-MiniLM-L6-v2 ({encoded['input_ids'].shape[1]} tokens)"
    print(f"{name:34} {plain:10.1f} {traced:10.1f} {traced / plain:6.2f}")

    weights = np.random.default_rng(1).random((12, 12, 197, 197)).astype(np.float32)
    weights /= weights.sum(-1, keepdims=True)
    for fusion, discard in (("mean", 0.0), ("mean", 0.9), ("max", 0.9)):
        ms = median_ms(lambda: attention_rollout(weights, head_fusion=fusion, discard_ratio=discard), repeats=30)
        print(f"rollout ViT-B/16 (12 layers × 12 heads × 197²), {fusion} fusion, discard {discard}: {ms:.1f} ms")


if __name__ == "__main__":
    main()
