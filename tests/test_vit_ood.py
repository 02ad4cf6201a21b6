"""The out-of-distribution evaluation of issue 16: its generator, its hand-made pictures, and floors for the model.

training/ood_shapes.py draws pictures unlike the training set's; assets/ood/ holds hand-made
ones from training/ood_pictures.py. The last test measures the bundled model on a small sample
of the generator through the eval's own path (load_vit → trace_image → rollout).
"""

import json

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from model.loading import load_vit
from training.eval_small_vit import PICTURES_DIR, evaluate, load_pictures
from training.ood_pictures import PICTURES, draw_picture
from training.ood_shapes import CLASS_SHAPES, OTHER_SHAPES, draw_one, make_ood_shapes

TEST_SEED = 1_616  # not the eval's OOD seed
CLASSES = tuple(CLASS_SHAPES)


def test_a_seed_names_one_data_set_and_a_longer_set_extends_a_shorter():
    first, again, other = make_ood_shapes(16, seed=5), make_ood_shapes(16, seed=5), make_ood_shapes(16, seed=6)
    for field in ("images", "masks", "labels"):
        assert np.array_equal(getattr(first, field), getattr(again, field))
    assert not np.array_equal(first.images, other.images)
    longer = make_ood_shapes(24, seed=5)
    assert np.array_equal(longer.images[:16], first.images)
    assert first.images.shape == (16, 64, 64, 3) and first.images.dtype == np.uint8
    assert first.masks.shape == (16, 64, 64) and first.masks.dtype == bool


def test_labels_name_the_drawn_shape_and_a_fifth_are_outside_the_classes():
    batch = make_ood_shapes(200, seed=9)
    for label, shape in zip(batch.labels, batch.shapes):
        assert shape == CLASSES[label] if label >= 0 else shape in OTHER_SHAPES
    assert 0.12 <= (batch.labels == -1).mean() <= 0.28
    assert set(batch.labels[batch.labels >= 0]) == set(range(len(CLASSES)))


def test_labels_follow_the_order_of_the_classes_asked_for():
    turned = CLASSES[::-1]
    batch = make_ood_shapes(40, seed=9, classes=turned)
    assert all(shape == turned[label] for label, shape in zip(batch.labels, batch.shapes) if label >= 0)
    with pytest.raises(ValueError, match="no drawing"):
        make_ood_shapes(1, seed=9, classes=("circle", "dodecahedron"))


@pytest.mark.parametrize("index", range(40))
def test_the_mask_covers_what_the_object_changed(index):
    """Against the same picture drawn without its object: inside the mask it differs, away from it nothing does."""
    image, _, mask, _, _ = draw_one(11, index, 64, CLASSES)
    bare, *_ = draw_one(11, index, 64, CLASSES, with_object=False)
    change = np.linalg.norm(image.astype(float) - bare, axis=-1) / 255  # (H, W) RGB distance in [0, √3]
    assert mask.sum() >= 20
    assert np.median(change[mask]) >= 0.2
    assert (change[mask] >= 0.1).mean() >= 0.9
    # Three pixels off the mask the object has left no trace; a JPEG'd picture (its bare twin is compressed
    # alike) differs there only by compression's faint ringing.
    far = ~ndimage.binary_dilation(mask, iterations=3)
    assert change[far].mean() <= 0.03
    assert change[far].max() <= 0.35


def test_hand_made_pictures_are_listed_and_redrawn_bit_for_bit():
    entries = json.loads((PICTURES_DIR / "pictures.json").read_text())
    assert [entry["file"] for entry in entries] == [f"{p.name}.png" for p in PICTURES]
    assert sum(entry["class"] is None for entry in entries) >= 2
    for picture, entry in zip(PICTURES, entries):
        image, mask = draw_picture(picture)
        assert np.array_equal(np.asarray(Image.open(PICTURES_DIR / entry["file"]).convert("RGB")), image)
        assert np.array_equal(np.asarray(Image.open(PICTURES_DIR / entry["mask"])) > 0, mask)
        assert 0.01 <= mask.mean() <= 0.4  # an object (a pencil outline is thin), not a speck, not the page
        assert entry["class"] in (*CLASSES, None)
    pictures = load_pictures(CLASSES)
    assert pictures.images.shape[0] == len(entries) and pictures.masks.shape == pictures.images.shape[:3]


@pytest.mark.slow
def test_bundled_model_keeps_its_out_of_distribution_floors():
    """Issue 16's goals out of distribution: the mass ratio (≥ 2) is met, the pointing game (≥ 90%) is not.

    On these 40 images (seed 1616) the bundled model measured pointing 80.0%, mass ratio 3.90 and accuracy
    43.3% on the in-class ones; on the eval's 400 (make eval) 80.2%, 3.97 and 38.9%. The model before its
    look loss measured 67.5% and 1.49 here. The pointing floor sits under the measured number and catches a
    model that looks at the background again; raise it to the goal when a retrained model reaches it.
    """
    loaded = load_vit()
    result = evaluate(loaded, make_ood_shapes(40, seed=TEST_SEED, size=loaded.input_size[0], classes=loaded.classes))
    assert result.pointing_game >= 0.7
    assert result.mass_ratio >= 2
