"""How long training the bundled translators and captioners takes on one thread, when nothing else runs.

    .venv/bin/python -m bench.train_speed

Each model's training loop is run for a few hundred steps on one thread (as `make train` runs
it: one model per core) and the time per step is scaled to the model's full step count; the
captioners' scenes are drawn for a tenth of the set and scaled the same way. The cards record the
time of the run that wrote the weights, which shared the cores with other jobs; this prints what
a quiet machine takes. Prints figures; asserts nothing.
"""

import time
from dataclasses import replace

import torch

from training import train_captioner, train_translation
from training.translation_data import training_corpus

STEPS = 200


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def translator_rows(pairs) -> list[tuple[str, float, int]]:
    rows = []
    for kind in ("none", "additive", "transformer"):
        config = train_translation.config_for(kind)
        quick = replace(config, steps=STEPS, threads=1)
        seconds = timed(lambda: train_translation.train("ko", "en", kind, pairs, quick))
        rows.append((f"translator ko-en {kind}", seconds / STEPS, config.steps))
    return rows


def captioner_rows() -> list[tuple[str, float, int]]:
    config = train_captioner.TrainConfig()
    count = config.train_scenes // 10
    scenes = []
    draw = timed(lambda: scenes.append(train_captioner.make_scenes(count, train_captioner.TRAIN_SEED)))
    data = train_captioner.training_data(scenes[0])
    rows = [("captioner scenes (draw)", draw / count, config.train_scenes)]
    for kind in train_captioner.CAPTION_KINDS:
        quick = replace(config, steps=STEPS, threads=1)
        seconds = timed(lambda: train_captioner.train(kind, data, quick))
        rows.append((f"captioner {kind}", seconds / STEPS, config.steps))
    return rows


def main() -> None:
    torch.set_num_threads(1)
    rows = translator_rows(training_corpus(train_translation.TrainConfig.train_size)) + captioner_rows()
    print(f"\n{'what':32s} {'s per step':>10s} {'steps':>7s} {'minutes':>8s}")
    for name, per_step, steps in rows:
        print(f"{name:32s} {per_step:10.4f} {steps:7d} {per_step * steps / 60:8.1f}")


if __name__ == "__main__":
    main()
