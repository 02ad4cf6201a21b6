"""Procedural shapes: one object of a known class on a cluttered background, with its pixel mask.

Every image is drawn from a seed, so a seed names a data set: the same seed gives the same
images, bit for bit, and a fresh seed gives images the model has never seen. Nothing is
downloaded. The background is made to distract (colour texture, stripes, pixel noise and thin
strokes in any colour) without looking like a class: the strokes are thin and straight, and
every object is a filled shape many strokes wide, so the class lives in the object alone.

Drawing is vectorised over a chunk of images: each object is an inside-test on its own
rotated, scaled coordinate frame, supersampled for anti-aliased edges.
"""

from dataclasses import dataclass

import numpy as np

from model.drawing import CLASSES, EXTENT, INSIDE, NUM_STROKES, SUPERSAMPLE, background, downsample, strokes, uniform

CHUNK = 256  # images drawn at once; bounds the (B, M, H, W) stroke arrays
RADIUS = (0.18, 0.28)  # object radius as a fraction of the image side: big enough to read, small enough to point at
MIN_CONTRAST = 0.35  # luminance difference, in [0, 1], between object and background colour
LUMINANCE = np.array([0.299, 0.587, 0.114], dtype=np.float32)  # ITU-R BT.601 weights of R, G, B


@dataclass(frozen=True)
class ShapeBatch:
    images: np.ndarray  # (B, H, W, 3) uint8
    labels: np.ndarray  # (B,) int64, index into CLASSES
    masks: np.ndarray  # (B, H, W) bool, the object's visible pixels


def _object_cover(rng: np.random.Generator, labels: np.ndarray, size: int) -> np.ndarray:
    """(B, H, W) coverage in [0, 1] of each image's object: random radius, rotation and centre, fully inside."""
    count = len(labels)
    radius = uniform(rng, *RADIUS, (count, 1, 1)) * size
    margin = radius * np.array([EXTENT[name] for name in CLASSES], dtype=np.float32)[labels, None, None] + 1
    centre_x = uniform(rng, margin, size - margin, (count, 1, 1))
    centre_y = uniform(rng, margin, size - margin, (count, 1, 1))
    turn = uniform(rng, 0, 2 * np.pi, (count, 1, 1))
    fine = (np.arange(size * SUPERSAMPLE, dtype=np.float32) + 0.5) / SUPERSAMPLE  # sample points in pixel units
    dx = (fine[None, None, :] - centre_x) / radius  # (B, 1, F)
    dy = (fine[None, :, None] - centre_y) / radius  # (B, F, 1)
    cos, sin = np.cos(turn), np.sin(turn)
    inside = np.zeros((count, fine.size, fine.size), dtype=bool)
    for index, name in enumerate(CLASSES):
        chosen = labels == index
        if chosen.any():
            x, y, c, s = dx[chosen], dy[chosen], cos[chosen], sin[chosen]
            inside[chosen] = INSIDE[name](x * c + y * s, y * c - x * s)  # (b, F, F) in the object's frame
    return downsample(inside)


def _contrasting_colours(rng: np.random.Generator, background: np.ndarray) -> np.ndarray:
    """(B, 3) object colours of any hue whose luminance differs by MIN_CONTRAST from each (B, 3) background colour."""
    colours = uniform(rng, 0, 1, background.shape)
    for _ in range(30):  # rejection sampling; the few left after 30 rounds become white or black
        close = np.abs((colours - background) @ LUMINANCE) < MIN_CONTRAST
        if not close.any():
            return colours
        colours[close] = uniform(rng, 0, 1, (close.sum(), 3))
    colours[close] = (background[close] @ LUMINANCE < 0.5)[:, None]
    return colours


def _draw_chunk(rng: np.random.Generator, labels: np.ndarray, size: int,
                clutter: float) -> tuple[np.ndarray, np.ndarray]:
    """Draw one chunk: (B, H, W, 3) float images in [0, 1] and (B, H, W) bool masks."""
    count = len(labels)
    image = background(rng, count, size, clutter)  # (B, H, W, 3)
    # Strokes go under the object, so the mask is exactly the object's visible pixels.
    cover, colours = strokes(rng, count, size, clutter)  # (B, M, H, W), (B, M, 3)
    for m in range(NUM_STROKES):
        image += cover[:, m, :, :, None] * (colours[:, m, None, None, :] - image)  # alpha blend
    cover = _object_cover(rng, labels, size)[..., None]  # (B, H, W, 1)
    colour = _contrasting_colours(rng, image.mean(axis=(1, 2)))  # (B, 3)
    image += cover * (colour[:, None, None, :] - image)
    noise = rng.standard_normal(image.shape, dtype=np.float32) * uniform(rng, 0, 0.06, (count, 1, 1, 1)) * clutter
    return np.clip(image + noise, 0, 1), cover[..., 0] >= 0.5


def make_shapes(count: int, seed: int, size: int = 64, clutter: float = 1.0) -> ShapeBatch:
    """Draw `count` images of `size`×`size` pixels, balanced over CLASSES in a shuffled order.

    `clutter` scales the background's texture, stripes, strokes and noise: 0 draws each object
    on a flat colour. The random draws do not depend on it, so the same seed at another
    clutter level gives the same objects.
    """
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(count) % len(CLASSES))
    images = np.empty((count, size, size, 3), dtype=np.uint8)
    masks = np.empty((count, size, size), dtype=bool)
    for start in range(0, count, CHUNK):
        part = slice(start, start + CHUNK)
        drawn, masks[part] = _draw_chunk(rng, labels[part], size, clutter)
        images[part] = np.rint(drawn * 255)
    return ShapeBatch(images=images, labels=labels.astype(np.int64), masks=masks)
