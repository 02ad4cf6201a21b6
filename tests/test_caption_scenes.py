"""The captioning scenes: drawn from a seed, one true caption each in two languages, held-out pairs kept out."""

import numpy as np
import pytest

from model.caption.bundle import caption_vocab
from model.caption.scenes import (
    HELD_OUT,
    NOVEL,
    PLURAL,
    QUADRANT,
    SHAPE_KO,
    SceneObject,
    describe,
    extent_fits,
    make_scenes,
    render,
    sample_layout,
)
from model.drawing import CLASSES


@pytest.fixture(scope="module")
def scenes():
    return make_scenes(300, seed=7)


def test_the_same_seed_draws_the_same_scenes_and_another_seed_others():
    first, again, other = make_scenes(12, seed=3), make_scenes(12, seed=3), make_scenes(12, seed=4)
    assert np.array_equal(first.images, again.images) and np.array_equal(first.masks, again.masks)
    assert first.layouts == again.layouts
    assert not np.array_equal(first.images, other.images)


def test_the_issue_examples_are_written_as_asked():
    star, circle = SceneObject("red", "star", True, 0), SceneObject("blue", "circle", False, 1)
    assert render(describe((star, circle), "en").tokens, "en") == "a red star left of a blue circle"
    assert render(describe((star, circle), "ko").tokens, "ko") == "파란 원 왼쪽에 빨간 별"
    below = SceneObject("red", "star", True, 2), SceneObject("blue", "circle", False, 0)
    assert render(describe(below, "en").tokens, "en") == "a red star below a blue circle"
    counted = (SceneObject("red", "star", True, 0), SceneObject("red", "star", False, 1),
               SceneObject("green", "heart", False, 3))
    assert render(describe(counted, "en").tokens, "en") == "two red stars and a green heart"
    assert render(describe(counted, "ko").tokens, "ko") == "빨간 별 두 개와 초록 하트"
    apart = (counted[0], SceneObject("green", "heart", False, 1), SceneObject("red", "star", False, 2))  # heart between
    assert render(describe(apart, "en").tokens, "en") == "a red star, a green heart and a red star"
    assert render(describe(apart, "ko").tokens, "ko") == "빨간 별, 초록 하트와 빨간 별"
    listed = counted[:2] + (SceneObject("white", "ring", True, 2), SceneObject("blue", "cross", True, 3))
    assert render(describe(listed, "en").tokens, "en") == "two red stars, a white ring and a blue cross"
    assert render(describe(listed, "ko").tokens, "ko") == "빨간 별 두 개, 하얀 고리와 파란 십자"
    after_consonant = (SceneObject("blue", "circle", True, 0), SceneObject("red", "star", True, 1),
                       SceneObject("red", "star", False, 2))
    assert render(describe(after_consonant, "ko").tokens, "ko") == "파란 원과 빨간 별 두 개"  # 과 after 원, 와 after 개


def test_held_out_pairs_never_appear_in_training_scenes_and_novel_scenes_hold_one():
    rng = np.random.default_rng(0)
    seen = [sample_layout(rng) for _ in range(3000)]
    novel = [sample_layout(rng, NOVEL) for _ in range(500)]
    assert not any(o.pair in HELD_OUT for layout in seen for o in layout.objects)
    assert all(any(o.pair in HELD_OUT for o in layout.objects) for layout in novel)
    colours_seen = {o.colour for layout in seen for o in layout.objects}
    shapes_seen = {o.shape for layout in seen for o in layout.objects}
    assert {c for c, _ in HELD_OUT} <= colours_seen and {s for _, s in HELD_OUT} <= shapes_seen
    assert {len(layout.objects) for layout in seen} == {1, 2, 3, 4}


def _centre(mask: np.ndarray) -> np.ndarray:
    rows, cols = np.nonzero(mask)
    return np.array([cols.mean(), rows.mean()])  # (x, y)


def test_masks_are_the_objects_each_in_its_own_quadrant(scenes):
    assert extent_fits()
    for b, layout in enumerate(scenes.layouts):
        masks = scenes.masks[b]
        assert not masks[len(layout.objects):].any()
        assert masks.sum(0).max() <= 1  # no two objects share a pixel
        for k, obj in enumerate(layout.objects):
            row, col = divmod(obj.quadrant, 2)
            inside = np.zeros(masks[k].shape, dtype=bool)
            inside[row * QUADRANT:(row + 1) * QUADRANT, col * QUADRANT:(col + 1) * QUADRANT] = True
            assert masks[k].any() and not (masks[k] & ~inside).any()


def test_each_caption_is_true_of_the_drawn_positions(scenes):
    """Relations from the masks' centres, reading order from them, nouns naming the right shapes, counts right."""
    vocab = caption_vocab()
    for b, layout in enumerate(scenes.layouts):
        objects, masks = layout.objects, scenes.masks[b]
        centres = [_centre(masks[k]) for k in range(len(objects))]
        for lang in ("en", "ko"):
            caption = layout.captions[lang]
            assert all(t in vocab for t in caption.tokens)
            named = [k for _, ks in caption.nouns for k in ks]
            assert sorted(named) == list(range(len(objects)))  # every object named exactly once
            for step, ks in caption.nouns:
                word = caption.tokens[step]
                shape = objects[ks[0]].shape
                assert all(objects[k].pair == objects[ks[0]].pair for k in ks)
                assert word == ({"en": PLURAL[shape] if len(ks) > 1 else shape, "ko": SHAPE_KO[shape]}[lang])
        en = layout.captions["en"].tokens
        if len(objects) == 2 and objects[0].pair != objects[1].pair:
            large, small = (0, 1) if objects[0].large else (1, 0)
            assert masks[large].sum() > 1.5 * masks[small].sum()
            dx, dy = centres[large] - centres[small]  # pixels, y down
            relation = en[3]
            assert {"left": dx < -2 * abs(dy), "right": dx > 2 * abs(dy), "above": dy < -2 * abs(dx),
                    "below": dy > 2 * abs(dx)}[relation]
        else:
            named = [k for _, ks in layout.captions["en"].nouns for k in ks]  # phrase by phrase
            order = [(round(centres[k][1] // QUADRANT), round(centres[k][0] // QUADRANT)) for k in named]
            assert order == sorted(order)  # reading order: by row, then by column
            pairs = [objects[ks[0]].pair for _, ks in layout.captions["en"].nouns]
            assert all(a != b for a, b in zip(pairs, pairs[1:]))  # alike neighbours are one counted phrase


def test_every_class_and_colour_is_drawn_and_the_vocabulary_is_small(scenes):
    drawn = {o.shape for layout in scenes.layouts for o in layout.objects}
    assert drawn == set(CLASSES)
    assert len(caption_vocab()) < 80
