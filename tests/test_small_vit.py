"""The procedural shapes and the bundled small ViT trained on them.

The model is checked through the app's own path (load_vit → trace_image → rollout) on fresh
images from a seed that training never draws from.
"""

import json

import numpy as np
import pytest
import torch
from PIL import Image
from safetensors.torch import load_file
from scipy import ndimage

from model.catalog import BUNDLED_VIT, bundled_files
from model.drawing import CLASSES, patch_mask
from model.loading import load_vit
from model.rollout import attention_rollout
from model.samples import SAMPLES_DIR
from training.eval_small_vit import evaluate
from training.shapes import BACKGROUNDS, STYLES, make_shapes
from training.train_small_vit import cls_rollout

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
    for image, mask, style in zip(batch.images.astype(float), batch.masks, batch.styles):
        assert ndimage.label(mask, structure=EIGHT_NEIGHBOURS)[1] == 1  # a star's tip may hang on by a corner
        assert 0.01 < mask.mean() < 0.25
        assert not (mask[0].any() or mask[-1].any() or mask[:, 0].any() or mask[:, -1].any())
        if style == "filled":  # a plain fill is one flat colour (give or take noise and JPEG), unlike the ground
            ring = ndimage.binary_dilation(mask, iterations=3) & ~ndimage.binary_dilation(mask)
            inner = ndimage.binary_erosion(mask)
            assert image[inner].std(axis=0).mean() < image[ring].std(axis=0).mean() + 10


def test_every_background_and_style_is_drawn_and_outlines_are_thin():
    batch = make_shapes(400, seed=10)
    assert set(batch.backgrounds) == set(BACKGROUNDS) and set(batch.styles) == set(STYLES)
    for mask, style, label in zip(batch.masks, batch.styles, batch.labels):
        share = mask.sum() / ndimage.binary_fill_holes(mask).sum()  # the mask's share of the area it encloses
        if style == "outlined":
            assert share < 0.8
        elif CLASSES[label] != "ring":
            assert share > 0.95


def test_another_shape_is_beside_the_object_in_some_images_never_over_it():
    batch = make_shapes(400, seed=12)
    with_other = batch.others.any(axis=(1, 2))
    assert 0.05 < with_other.mean() < 0.16  # DISTRACTOR_SHARE is 0.1; the object may hide a few
    assert not (batch.others & batch.masks).any()


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
    # The card records `make eval`'s numbers for each of its sets, the in-distribution ones on top too.
    assert set(card["evaluation"]) == {"in distribution", "OOD drawn", "hand-made"}
    assert card["evaluation"]["in distribution"]["accuracy"] == card["accuracy"]
    # The rollout goals (issue 3, and issue 16's mass ratio off distribution) are met; issue 16's in-distribution
    # accuracy goal (97%) is not: 87.4% on its harder images (the earlier, soft-clutter kind alone: 96.6%).
    assert card["pointing_game"] >= 0.9 and card["mass_ratio"] >= 2
    assert all(numbers["mass_ratio"] >= 2 for numbers in card["evaluation"].values())
    assert card["accuracy"] >= 0.85
    assert "real photos" in card["limitations"]


@pytest.mark.slow
def test_bundled_model_classifies_and_attends_to_the_object(loaded):
    # Issue 3's rollout goals, on 200 fresh images. Accuracy gets a floor under the card's 87.4% (2,000
    # images), three standard deviations of a 200-image mean lower; the 97% goal is not met on these images.
    result = evaluate(loaded, make_shapes(200, seed=TEST_SEED, size=loaded.input_size[0]))
    assert result.pointing_game >= 0.9
    assert result.mass_ratio >= 2
    assert result.accuracy >= 0.8


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


def test_training_pulls_on_the_rollout_the_app_shows():
    # The look loss is taken on training's torch rollout; it must be the app's (model/rollout.py) [CLS] row.
    weights = torch.rand(3, 6, 4, 10, 10, generator=torch.Generator().manual_seed(0)).softmax(-1)  # (B, L, H, N, N)
    rows = cls_rollout([weights[:, layer] for layer in range(6)])  # (B, N)
    for row, image_weights in zip(rows, weights):
        np.testing.assert_allclose(row.numpy(), attention_rollout(image_weights.numpy())[0], atol=1e-6)
