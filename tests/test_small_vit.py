"""The procedural shapes and the bundled small ViT trained on them.

The model is checked through the app's own path (load_vit → trace_image → rollout) on fresh
images from a seed that training never draws from.
"""

import json

import numpy as np
import pytest
from PIL import Image
from safetensors.torch import load_file
from scipy import ndimage

from model.catalog import BUNDLED_VIT, bundled_files
from model.drawing import CLASSES, patch_mask
from model.loading import load_vit
from model.samples import SAMPLES_DIR
from training.eval_small_vit import evaluate
from training.shapes import make_shapes

TEST_SEED = 31_337_001  # outside training's (seed·10 000 and seed·10 000 + 9 999) and eval's seeds
CARD, WEIGHTS = bundled_files(BUNDLED_VIT)
EIGHT_NEIGHBOURS = np.ones((3, 3), dtype=bool)


def test_a_seed_names_one_data_set():
    first, again, other = make_shapes(24, seed=5), make_shapes(24, seed=5), make_shapes(24, seed=6)
    assert np.array_equal(first.images, again.images)
    assert np.array_equal(first.masks, again.masks)
    assert np.array_equal(first.labels, again.labels)
    assert not np.array_equal(first.images, other.images)


def test_classes_are_balanced():
    batch = make_shapes(80, seed=7)
    assert np.bincount(batch.labels, minlength=len(CLASSES)).tolist() == [80 // len(CLASSES)] * len(CLASSES)


def test_mask_is_exactly_the_object_on_a_plain_background():
    # Without clutter an image has two colours, object and background, and anti-aliased edges
    # between them; the mask's inside must be all object colour and the outside all background,
    # two pixels away from the mask (a star's tip is thinner than half a pixel for a pixel or two).
    # "Inside" is away from the edge in all 8 directions: a pixel diagonal to a concave corner
    # (star, cross, arrow) is partly covered.
    batch = make_shapes(40, seed=8, clutter=0.0)
    for image, mask in zip(batch.images.astype(int), batch.masks):
        inner = ndimage.binary_erosion(mask, structure=EIGHT_NEIGHBOURS)
        outer = ~ndimage.binary_dilation(mask, iterations=2)
        object_colour, background_colour = image[inner][0], image[outer][0]
        assert (np.abs(image[inner] - object_colour) <= 1).all()
        assert (np.abs(image[outer] - background_colour) <= 1).all()
        assert np.linalg.norm(object_colour - background_colour) > 0.3 * 255


def test_mask_is_one_whole_object_of_plausible_size_inside_the_image():
    batch = make_shapes(64, seed=9)
    for image, mask in zip(batch.images.astype(float), batch.masks):
        assert ndimage.label(mask, structure=EIGHT_NEIGHBOURS)[1] == 1  # a star's tip may hang on by a corner
        assert 0.01 < mask.mean() < 0.25
        assert not (mask[0].any() or mask[-1].any() or mask[:, 0].any() or mask[:, -1].any())
        # In clutter the object is still a flat colour, unlike the ground around it.
        ring = ndimage.binary_dilation(mask, iterations=3) & ~ndimage.binary_dilation(mask)
        inner = ndimage.binary_erosion(mask)
        assert image[inner].std(axis=0).mean() < image[ring].std(axis=0).mean() + 10


def test_patch_mask_marks_every_patch_the_object_touches():
    masks = np.zeros((1, 16, 16), dtype=bool)
    masks[0, 7, 8] = True  # one pixel in the patch at row 0, column 1 (patch size 8)
    assert patch_mask(masks, 8)[0].tolist() == [[False, True], [False, False]]


@pytest.fixture(scope="module")
def loaded():
    return load_vit(BUNDLED_VIT)


def test_bundled_model_is_small_and_loads_unchanged(loaded):
    assert WEIGHTS.stat().st_size <= 5 * 2**20
    saved = load_file(WEIGHTS)
    state = loaded.module.state_dict()
    assert saved.keys() == state.keys()
    assert all(np.array_equal(saved[k].float().numpy(), state[k].float().numpy()) for k in saved)


def test_card_describes_the_bundled_model(loaded):
    card = json.loads(CARD.read_text(encoding="utf-8"))
    assert card["id"] == BUNDLED_VIT
    assert tuple(card["classes"]) == CLASSES == loaded.classes
    assert not [key for key in card if key.endswith("_ko")]  # names in other languages: i18n/shapes.py
    assert card["input_size"][1:] == list(loaded.input_size)
    # The card records `make eval`'s numbers (2,000 fresh images), and they meet issue 3's goals.
    assert card["pointing_game"] >= 0.9 and card["mass_ratio"] >= 2
    assert card["accuracy"] >= 0.97
    assert "real photos" in card["limitations"]


@pytest.mark.slow
def test_bundled_model_classifies_and_attends_to_the_object(loaded):
    # Issue 3's rollout goals, on 200 fresh images. Accuracy gets a floor under its 97% goal
    # (checked on 2,000 images in the card): on 200 images a 97% model scores 93% or more with
    # high probability (more than three standard deviations).
    result = evaluate(loaded, make_shapes(200, seed=TEST_SEED, size=loaded.input_size[0]))
    assert result.pointing_game >= 0.9
    assert result.mass_ratio >= 2
    assert result.accuracy >= 0.93


def test_samples_are_listed_with_both_languages_and_a_clear_default(loaded):
    samples = json.loads((SAMPLES_DIR / "samples.json").read_text(encoding="utf-8"))
    for sample in samples:
        assert (SAMPLES_DIR / sample["file"]).is_file()
        assert sample["kind"] in ("shapes", "photo")
        assert all(sample[key] for key in ("title_en", "title_ko", "note_en", "note_ko", "source", "license"))
    default = samples[0]
    assert default["kind"] == "shapes"
    from model.vit.trace import trace_image

    trace = trace_image(loaded, Image.open(SAMPLES_DIR / default["file"]))
    assert loaded.classes[int(trace.logits.argmax())] in default["title_en"].lower()
