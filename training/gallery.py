"""Write the sample gallery (assets/samples/samples.json and its shape images) from the bundled model.

The shape samples are chosen by what the bundled model does with them, so they are remade
after every training run: its best case per chosen class (right, confident, rollout on the
object), one shape on a plain background, its most confident mistake, and its most confident
mistake on the shapes drawn by hand in assets/ood (training/ood_pictures.py). The notes quote the
model's own numbers. The photos are scikit-image's free sample photos, kept as they are.

It also saves the first traces the pages draw without torch (model/saved.py): the default sample's and,
through training/saved_sentence.py, the default sentence's.

Run: make samples   (make train runs it too)
"""

import json
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from pathlib import Path

import numpy as np
from PIL import Image

from i18n.shapes import photo_note, photo_title, shape_note, shape_title
from model.catalog import BUNDLED_VIT, bundled_files
from model.drawing import CLASSES
from model.inputs import decode_image
from model.loading import load_vit
from model.samples import SAMPLES_DIR, Sample
from model.saved import digest, save_trace, saved_path
from model.vit.trace import trace_image
from model.working import softmax_working
from training.eval_small_vit import evaluate, load_pictures
from training.saved_sentence import save_default_sentence_trace
from training.shapes import make_shapes

GALLERY_SEED = 4_242_424  # outside training's, evaluation's and the tests' seeds
CANDIDATES = 400
SHOWN_CLASSES = ("star", "heart", "arrow", "ring")  # the first is the app's default input
SOURCE = "Drawn by training/shapes.py (python -m training.gallery)"
HANDMADE_SOURCE = "A hand-drawn picture of assets/ood/, redrawn by training/ood_pictures.py"
LICENSE = "Same as this repository"
SKIMAGE = "scikit-image sample data (skimage.data.{name})"
PHOTOS = (  # (file, source, license); their titles and notes are in i18n/shapes.py
    ("photo_astronaut.jpg", SKIMAGE.format(name="astronaut") + ", NASA", "Public domain"),
    ("photo_chelsea.jpg", SKIMAGE.format(name="chelsea") + ", photo by Stefan van der Walt", "CC0 1.0"),
    ("photo_coffee.jpg", SKIMAGE.format(name="coffee") + ", photo by Rachel Michetti", "CC0 1.0"),
    ("photo_rocket.jpg", SKIMAGE.format(name="rocket") + ", SpaceX", "Public domain"),
)


def _probabilities(logits: np.ndarray) -> np.ndarray:
    """(B, K) logits -> (B, K) probabilities, each row by the softmax the pages work out."""
    rows = [softmax_working(row) for row in logits]
    return np.stack([row.exps / row.total for row in rows])


def _sample(file: str, kind: str, title: Callable[[str], str], note: Callable[[str], str], source: str,
            license: str) -> Sample:
    """A gallery entry whose title and note, in English and Korean, are `title(lang)` and `note(lang)`."""
    return Sample(file=file, title_en=title("en"), title_ko=title("ko"), kind=kind, note_en=note("en"),
                  note_ko=note("ko"), source=source, license=license)


def _shape_sample(file: str, image: np.ndarray, case: str, label: int, predicted: int, confidence: float,
                  hit: bool) -> Sample:
    """A drawn sample, saved as `file`; `case` names its title ("shape", "plain", "mistake" or "handmade")."""
    Image.fromarray(image).save(SAMPLES_DIR / file)
    label, predicted = CLASSES[label], CLASSES[predicted]
    return _sample(file, "shapes", partial(shape_title, case, label),
                   partial(shape_note, label, predicted, confidence, hit),
                   HANDMADE_SOURCE if case == "handmade" else SOURCE, LICENSE)


def _judged(loaded, batch):
    """The model's answers on a batch: predictions (B,), confidence (B,), correct (B,) and pointing hits (B,)."""
    result = evaluate(loaded, batch)
    return result.predictions, _probabilities(result.logits).max(axis=1), result.correct, result.hits


def build_gallery() -> list[Sample]:
    loaded = load_vit(BUNDLED_VIT)
    size = loaded.input_size[0]

    def sample(file, case, batch, judged, index):
        predictions, confidence, _, hits = judged
        return _shape_sample(file, batch.images[index], case, int(batch.labels[index]), int(predictions[index]),
                             float(confidence[index]), bool(hits[index]))

    batch = make_shapes(CANDIDATES, seed=GALLERY_SEED, size=size)
    judged = predictions, confidence, correct, hits = _judged(loaded, batch)
    samples = []
    for name in SHOWN_CLASSES:
        # Best case: right, rollout on the object, and the most confident such image.
        best = int(np.argmax(np.where(correct & hits & (batch.labels == CLASSES.index(name)), confidence, -1)))
        samples.append(sample(f"shape_{name}.png", "shape", batch, judged, best))
    plain = make_shapes(CANDIDATES, seed=GALLERY_SEED, size=size, clutter=0.0)  # the same objects, no clutter
    plain_judged = _judged(loaded, plain)
    best = int(np.argmax(np.where(plain_judged[2], plain_judged[1], -1)))
    samples.append(sample("shape_plain.png", "plain", plain, plain_judged, best))
    if (~correct).any():
        worst = int(np.argmax(np.where(~correct, confidence, -1)))  # the most confident mistake
        samples.append(sample("shape_mistake.png", "mistake", batch, judged, worst))
    pictures = load_pictures(loaded.classes)  # assets/ood: shapes drawn by hand, unlike any training image
    pictures_judged = _judged(loaded, pictures)
    wrong = (pictures.labels >= 0) & ~pictures_judged[2]
    if wrong.any():  # what the model still gets wrong off its own drawings (issue 16): its most confident mistake
        worst = int(np.argmax(np.where(wrong, pictures_judged[1], -1)))
        samples.append(sample(f"drawn_{pictures.files[worst]}", "handmade", pictures, pictures_judged, worst))
    return samples + [_sample(file, "photo", partial(photo_title, file), photo_note, source, license)
                      for file, source, license in PHOTOS]


def save_default_trace(default: Sample) -> Path:
    """The default sample's trace on the bundled model, saved beside it (model/saved.py)."""
    loaded = load_vit(BUNDLED_VIT)
    picture = default.read_bytes()
    decoded = decode_image(picture, filename=default.file)
    path = saved_path(SAMPLES_DIR / default.file)
    save_trace(trace_image(loaded, decoded.image, decoded.notices), path, digest(bundled_files()[1].read_bytes()),
               digest(picture))
    return path


def main() -> None:
    samples = build_gallery()
    (SAMPLES_DIR / "samples.json").write_text(
        json.dumps([asdict(s) for s in samples], indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for sample in samples:
        print(f"{sample.file:24} {sample.note_en}")
    for stale in SAMPLES_DIR.glob("*.trace.npz"):
        stale.unlink()
    print(f"saved the default sample's trace: {save_default_trace(samples[0]).name}")
    print(f"saved the default sentence's trace: {save_default_sentence_trace().name}")


if __name__ == "__main__":
    main()
