"""Write the sample gallery (assets/samples/samples.json and its shape images) from the bundled model.

The shape samples are chosen by what the bundled model does with them, so they are remade
after every training run: its best case per chosen class (right, confident, rollout on the
object), one shape on a plain background, and its most confident mistake. The notes quote the
model's own numbers. The photos are scikit-image's free sample photos, kept as they are.

Run: make samples   (make train runs it too)
"""

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
from PIL import Image

from model.catalog import BUNDLED_VIT, bundled_files
from model.inputs import decode_image
from model.loading import load_vit
from model.samples import SAMPLES_DIR, Sample
from model.saved import digest, save_trace, saved_path
from model.vit_trace import trace_image
from training.eval_small_vit import evaluate
from training.shapes import CLASSES, CLASSES_KO, make_shapes

GALLERY_SEED = 4_242_424  # outside training's, evaluation's and the tests' seeds
CANDIDATES = 400
SHOWN_CLASSES = ("star", "heart", "arrow", "ring")  # the first is the app's default input
SOURCE = "Drawn by training/shapes.py (python -m training.gallery)"
LICENSE = "Same as this repository"
SKIMAGE = "scikit-image sample data (skimage.data.{name})"
PHOTOS = (
    Sample("photo_astronaut.jpg", "Photo: astronaut", "사진: 우주비행사", "photo", "", "",
           SKIMAGE.format(name="astronaut") + ", NASA", "Public domain"),
    Sample("photo_chelsea.jpg", "Photo: cat", "사진: 고양이", "photo", "", "",
           SKIMAGE.format(name="chelsea") + ", photo by Stefan van der Walt", "CC0 1.0"),
    Sample("photo_coffee.jpg", "Photo: coffee", "사진: 커피", "photo", "", "",
           SKIMAGE.format(name="coffee") + ", photo by Rachel Michetti", "CC0 1.0"),
    Sample("photo_rocket.jpg", "Photo: rocket launch", "사진: 로켓 발사", "photo", "", "",
           SKIMAGE.format(name="rocket") + ", SpaceX", "Public domain"),
)
PHOTO_NOTE_EN = ("A real photo: the small bundled model has only seen drawn shapes, so its answer here means nothing. "
                 "Pick a pretrained ViT (online) to see attention on photos.")
PHOTO_NOTE_KO = ("실제 사진입니다. 내장된 작은 모델은 그려진 도형만 보았으므로 여기서의 답은 의미가 없습니다. "
                 "사진의 어텐션을 보려면 사전학습된 ViT(온라인)를 고르세요.")


def _probabilities(logits: np.ndarray) -> np.ndarray:
    z = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _ends_in_consonant(word: str) -> bool:
    """Does the last Hangul syllable have a final consonant (batchim)? It picks 이라고 over 라고."""
    return (ord(word[-1]) - 0xAC00) % 28 != 0


def _shape_sample(file: str, image: np.ndarray, title: tuple[str, str], label: int, predicted: int, confidence: float,
                  hit: bool) -> Sample:
    Image.fromarray(image).save(SAMPLES_DIR / file)
    where_en = "peaks on the shape" if hit else "peaks off the shape"
    where_ko = "도형 위에서 가장 큽니다" if hit else "도형 밖에서 가장 큽니다"
    if predicted == label:
        note_en = f"The model says {CLASSES[predicted]} ({confidence:.0%}); the [CLS] rollout {where_en}."
        note_ko = f"모델의 답: {CLASSES_KO[predicted]} ({confidence:.0%}). [CLS] 롤아웃이 {where_ko}."
    else:
        note_en = (f"A mistake: this is {_a(CLASSES[label])}, but the model says {CLASSES[predicted]} ({confidence:.0%}); "
                   f"the [CLS] rollout {where_en}. Which patches misled it?")
        note_ko = (f"틀린 예: {CLASSES_KO[label]}인데 모델은 {CLASSES_KO[predicted]}({confidence:.0%})"
                   f"{'이라고' if _ends_in_consonant(CLASSES_KO[predicted]) else '라고'} 답합니다. "
                   f"[CLS] 롤아웃이 {where_ko}. 어느 패치가 모델을 헷갈리게 했을까요?")
    return Sample(file, *title, "shapes", note_en, note_ko, SOURCE, LICENSE)


def _judged(loaded, batch):
    """The model's answers on a batch: predictions (B,), confidence (B,), correct (B,) and pointing hits (B,)."""
    result = evaluate(loaded, batch)
    return result.predictions, _probabilities(result.logits).max(axis=1), result.correct, result.hits


def build_gallery() -> list[Sample]:
    loaded = load_vit(BUNDLED_VIT)
    size = loaded.input_size[0]

    def sample(file, batch, judged, index, title):
        predictions, confidence, _, hits = judged
        label = int(batch.labels[index])
        return _shape_sample(file, batch.images[index], title(label), label, int(predictions[index]),
                             float(confidence[index]), bool(hits[index]))

    batch = make_shapes(CANDIDATES, seed=GALLERY_SEED, size=size)
    judged = predictions, confidence, correct, hits = _judged(loaded, batch)
    samples = []
    for name in SHOWN_CLASSES:
        # Best case: right, rollout on the object, and the most confident such image.
        best = int(np.argmax(np.where(correct & hits & (batch.labels == CLASSES.index(name)), confidence, -1)))
        samples.append(sample(f"shape_{name}.png", batch, judged, best, lambda k: (f"Shape: {CLASSES[k]}", f"도형: {CLASSES_KO[k]}")))
    plain = make_shapes(CANDIDATES, seed=GALLERY_SEED, size=size, clutter=0.0)  # the same objects, no clutter
    plain_judged = _judged(loaded, plain)
    best = int(np.argmax(np.where(plain_judged[2], plain_judged[1], -1)))
    samples.append(sample("shape_plain.png", plain, plain_judged, best,
                          lambda k: (f"Plain background: {CLASSES[k]}", f"단색 배경: {CLASSES_KO[k]}")))
    if (~correct).any():
        worst = int(np.argmax(np.where(~correct, confidence, -1)))  # the most confident mistake
        samples.append(sample("shape_mistake.png", batch, judged, worst,
                              lambda k: (f"A mistake: {CLASSES[k]}", f"틀린 예: {CLASSES_KO[k]}")))
    return samples + [Sample(**{**asdict(p), "note_en": PHOTO_NOTE_EN, "note_ko": PHOTO_NOTE_KO}) for p in PHOTOS]


def save_default_trace(default: Sample) -> Path:
    """The default sample's trace on the bundled model, saved beside it (model/saved.py)."""
    loaded = load_vit(BUNDLED_VIT)
    picture = default.read_bytes()
    decoded = decode_image(picture, filename=default.file)
    path = saved_path(SAMPLES_DIR / default.file)
    save_trace(trace_image(loaded, decoded.image, decoded.notices), path, digest(bundled_files()[1].read_bytes()), digest(picture))
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


if __name__ == "__main__":
    main()
