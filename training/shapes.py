"""Procedural shapes: one object of a known class on a busy background, with its pixel mask.

Every image is drawn from a seed, so a seed names a data set: the same seed gives the same
images, bit for bit, and a fresh seed gives images the model has never seen. Nothing is
downloaded.

The background is made so that nothing in it can stand in for the object. A model trained only
on soft clutter learnt "a hard edge is the object", and on pictures with hard edges of their
own (a whiteboard's frame, a photo, checked paper) it looked at the wallpaper. So besides the
soft clutter (colour texture, stripes, pixel noise, thin strokes) there are backgrounds of hard
edges: colour fields split by straight lines and gradients that wrap, square-wave stripes,
checks, crops of photos (assets/training_photos) and paper; they make up 30% of the images. The
object is filled with a plain or a textured colour or only outlined, and a shape outside the
eight classes sometimes stands beside it. The object's colour keeps its distance from most of the background
under it, whatever that is.

Drawing is vectorised over a chunk of images: each shape is an inside-test on its own rotated,
scaled coordinate frame, supersampled for anti-aliased edges.
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage

from model.drawing import CLASSES, EXTENT, INSIDE, NUM_STROKES, SUPERSAMPLE, background, downsample, strokes, uniform

CHUNK = 256  # images drawn at once; bounds the (B, M, H, W) stroke arrays
RADIUS = (0.18, 0.28)  # object radius as a fraction of the image side: big enough to read, small enough to point at
BACKGROUNDS = ("clutter", "split", "stripes", "checks", "photo", "paper")
BACKGROUND_SHARES = (0.7, 0.08, 0.06, 0.04, 0.08, 0.04)
STYLES = ("filled", "textured", "outlined")
STYLE_SHARES = (0.84, 0.08, 0.08)
OUTLINE_WIDTH = (1.2, 3.0)  # pixels
DISTRACTOR_SHARE = 0.1  # images with a shape outside the classes beside the object
DISTRACTOR_RADIUS = (0.1, 0.2)
JPEG_SHARE = 0.1
MIN_DISTANCE = 0.35  # RGB distance (channels in [0, 1]) the object's colour keeps from 85% of the pixels under it
MIN_LIGHTNESS = 0.3  # and the luminance difference it keeps from their median
LUMINANCE = np.array([0.299, 0.587, 0.114], dtype=np.float32)  # ITU-R BT.601 weights of R, G, B
PHOTOS = Path(__file__).resolve().parent.parent / "assets" / "training_photos"  # CC0 / public domain: README there


def _hexagon(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    a, b = np.abs(u), np.abs(v)
    return (b <= 0.75) & (0.5 * b + 0.866 * a <= 0.75)


def _crescent(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    return (u * u + v * v <= 0.81) & ((u - 0.4) ** 2 + v * v > 0.55)


# Shapes outside the classes, only ever beside an object of a class; its extent is at most 1 radius.
OTHER_SHAPES = {
    "hexagon": _hexagon,
    "ellipse": lambda u, v: (u / 0.95) ** 2 + (v / 0.5) ** 2 <= 1,
    "crescent": _crescent,
    "kite": lambda u, v: np.abs(u) / 0.55 + np.abs(v + 0.2 * (v < 0)) / 0.95 <= 1,
}


@dataclass(frozen=True)
class ShapeBatch:
    images: np.ndarray  # (B, H, W, 3) uint8
    labels: np.ndarray  # (B,) int64, index into CLASSES
    masks: np.ndarray  # (B, H, W) bool, the object's visible pixels (the outline alone for an outlined object)
    others: np.ndarray  # (B, H, W) bool, the visible pixels of a shape outside the classes, if there is one
    styles: tuple[str, ...]  # (B,) each object's style, one of STYLES
    backgrounds: tuple[str, ...]  # (B,) each image's kind of background, one of BACKGROUNDS


def _cover(rng: np.random.Generator, tests: list, extents: np.ndarray, radius: tuple[float, float], size: int,
           width: np.ndarray) -> np.ndarray:
    """(B, H, W) coverage in [0, 1] of one shape per image: random radius, rotation and centre, fully inside.

    tests[i] is image i's inside-test, extents[i] its farthest point in radii; width[i] > 0 draws only
    an outline that many pixels wide.
    """
    count = len(tests)
    radius = uniform(rng, *radius, (count, 1, 1)) * size
    margin = radius * extents[:, None, None] + 1
    centre_x = uniform(rng, margin, size - margin, (count, 1, 1))
    centre_y = uniform(rng, margin, size - margin, (count, 1, 1))
    turn = uniform(rng, 0, 2 * np.pi, (count, 1, 1))
    fine = (np.arange(size * SUPERSAMPLE, dtype=np.float32) + 0.5) / SUPERSAMPLE  # sample points in pixel units
    dx = (fine[None, None, :] - centre_x) / radius  # (B, 1, F)
    dy = (fine[None, :, None] - centre_y) / radius  # (B, F, 1)
    u = dx * np.cos(turn) + dy * np.sin(turn)  # (B, F, F) in the shape's frame
    v = dy * np.cos(turn) - dx * np.sin(turn)
    inside = np.zeros((count, fine.size, fine.size), dtype=bool)
    for test in set(tests):
        chosen = np.array([t is test for t in tests])
        inside[chosen] = test(u[chosen], v[chosen])
    width = np.minimum(width, 0.15 * radius[:, 0, 0])  # (B,) pixels: a small shape's outline leaves a middle
    for i in np.flatnonzero(width > 0):  # keep the samples within `width` pixels of the outside: an even line
        inside[i] &= ndimage.distance_transform_edt(inside[i]) <= width[i] * SUPERSAMPLE
    return downsample(inside)


def _pixel_centres(size: int) -> tuple[np.ndarray, np.ndarray]:
    """(H, W) y and x of every pixel's centre, in pixels."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) + 0.5
    return y, x


def _split(rng: np.random.Generator, count: int, size: int) -> np.ndarray:
    """Colour fields cut by one to three straight lines, half of them with a gradient that wraps into hard edges."""
    y, x = _pixel_centres(size)
    image = np.broadcast_to(uniform(rng, 0.1, 0.9, (count, 1, 1, 3)), (count, size, size, 3)).copy()
    for share in (1.0, 0.6, 0.4):
        angle = uniform(rng, 0, 2 * np.pi, (count, 1, 1))
        offset = uniform(rng, 0.2, 0.8, (count, 1, 1)) * size
        side = (x - size / 2) * np.cos(angle) + (y - size / 2) * np.sin(angle) + size / 2 > offset  # (B, H, W)
        shown = rng.random((count, 1, 1)) < share
        image += (side & shown)[..., None] * uniform(rng, -0.5, 0.5, (count, 1, 1, 3))
    angle = uniform(rng, 0, 2 * np.pi, (count, 1, 1))
    period = uniform(rng, 0.3, 1.2, (count, 1, 1)) * size
    ramp = np.mod((x * np.cos(angle) + y * np.sin(angle)) / period, 1)  # (B, H, W) from 0 to 1, then back to 0
    slope = uniform(rng, -0.4, 0.4, (count, 1, 1, 3)) * (rng.random((count, 1, 1, 1)) < 0.5)
    return np.clip(image + ramp[..., None] * slope, 0, 1)


def _two_tone(rng: np.random.Generator, count: int, size: int, cells: int) -> np.ndarray:
    """Square-wave stripes (cells=1) or checks (cells=2) of two random colours at a random angle and period."""
    y, x = _pixel_centres(size)
    angle = uniform(rng, 0, np.pi, (count, 1, 1))
    period = uniform(rng, 3, 16, (count, 1, 1))
    phase = uniform(rng, 0, 1, (count, 1, 1))
    along = (x * np.cos(angle) + y * np.sin(angle)) / period + phase  # (B, H, W)
    across = (y * np.cos(angle) - x * np.sin(angle)) / period + phase
    stripes = np.mod(along, 1) < uniform(rng, 0.3, 0.7, (count, 1, 1))
    on = stripes if cells == 1 else (np.floor(along) + np.floor(across)) % 2 == 1
    first, second = uniform(rng, 0, 1, (count, 1, 1, 3)), uniform(rng, 0, 1, (count, 1, 1, 3))
    return np.where(on[..., None], first, second)


@cache
def _photos() -> tuple[tuple[np.ndarray, bool], ...]:
    """The training photos as float RGB in [0, 1], each with whether it is greyscale (three equal channels)."""
    photos = [np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255
              for path in sorted(PHOTOS.glob("*.jpg"))]
    return tuple((photo, bool(np.ptp(photo[::8, ::8], axis=-1).max() < 0.02)) for photo in photos)


def _photo(rng: np.random.Generator, count: int, size: int) -> np.ndarray:
    """Square crops of the training photos, scaled to size; a grey photo is tinted between two random colours."""
    photos = _photos()
    out = np.empty((count, size, size, 3), dtype=np.float32)
    for i in range(count):
        photo, grey = photos[int(rng.integers(len(photos)))]
        side = int(min(photo.shape[:2]) * rng.uniform(0.15, 0.8))
        top, left = rng.integers(0, photo.shape[0] - side + 1), rng.integers(0, photo.shape[1] - side + 1)
        crop = Image.fromarray(np.uint8(photo[top : top + side, left : left + side] * 255))
        out[i] = np.asarray(crop.resize((size, size), Image.Resampling.BILINEAR), dtype=np.float32) / 255
        dark, light = rng.uniform(0, 1, 3), rng.uniform(0, 1, 3)
        if grey:
            out[i] = dark + out[i][..., :1] * (light - dark)
    return out


def _paper(rng: np.random.Generator, count: int, size: int) -> np.ndarray:
    """Pale paper with fibres along one axis, light falling off to one side, and ruled or squared lines."""
    y, x = _pixel_centres(size)
    base = uniform(rng, 0.75, 0.98, (count, 1, 1, 1)) - uniform(rng, 0, 0.1, (count, 1, 1, 3))
    fibres = np.repeat(uniform(rng, -1, 1, (count, size, 1, 1)), size, axis=2)  # (B, H, W, 1) streaks along x
    fibres = np.where(rng.random((count, 1, 1, 1)) < 0.5, fibres, fibres.transpose(0, 2, 1, 3))
    angle = uniform(rng, 0, 2 * np.pi, (count, 1, 1))
    light = 1 + uniform(rng, -0.25, 0.25, (count, 1, 1)) * ((x * np.cos(angle) + y * np.sin(angle)) / size - 0.5)
    paper = base * light[..., None] + uniform(rng, 0.01, 0.05, (count, 1, 1, 1)) * fibres
    gap = uniform(rng, 5, 11, (count, 1, 1))
    rows = np.mod(y + uniform(rng, 0, 11, (count, 1, 1)), gap) < 1  # (B, H, W)
    columns = np.mod(x + uniform(rng, 0, 11, (count, 1, 1)), gap) < 1
    kind = rng.random((count, 1, 1))  # ruled 40%, squared 20%, plain 40%
    lines = (rows & (kind < 0.6)) | (columns & (kind < 0.2))
    ink = uniform(rng, 0.2, 0.8, (count, 1, 1, 3))
    return np.clip(paper + lines[..., None] * 0.5 * (ink - paper), 0, 1)


def _backgrounds(rng: np.random.Generator, kinds: np.ndarray, size: int) -> np.ndarray:
    """(B, H, W, 3) in [0, 1]: each image's background of its kind (an index into BACKGROUNDS)."""
    count = len(kinds)
    draw = {
        "clutter": lambda n: _clutter(rng, n, size),
        "split": lambda n: _split(rng, n, size),
        "stripes": lambda n: _two_tone(rng, n, size, cells=1),
        "checks": lambda n: _two_tone(rng, n, size, cells=2),
        "photo": lambda n: _photo(rng, n, size),
        "paper": lambda n: _paper(rng, n, size),
    }
    image = np.empty((count, size, size, 3), dtype=np.float32)
    for index, name in enumerate(BACKGROUNDS):
        chosen = kinds == index
        image[chosen] = draw[name](int(chosen.sum()))
    return image


def _clutter(rng: np.random.Generator, count: int, size: int) -> np.ndarray:
    """Soft clutter, as every training image had before issue 16: model/drawing.py's colour texture and soft
    stripes under its thin strokes."""
    image = background(rng, count, size, 1.0)  # (B, H, W, 3)
    cover, colours = strokes(rng, count, size, 1.0)  # (B, M, H, W), (B, M, 3)
    for m in range(NUM_STROKES):
        image += cover[:, m, :, :, None] * (colours[:, m, None, None, :] - image)  # alpha blend
    return image


def _colours(rng: np.random.Generator, image: np.ndarray, cover: np.ndarray) -> np.ndarray:
    """(B, 3) colours, each at MIN_DISTANCE from 85% of the background pixels its (B, H, W) cover lies on, and
    MIN_LIGHTNESS lighter or darker than their median.

    Of 24 random candidates the first that passes wins; if none does, the one farthest from those pixels.
    """
    candidates = uniform(rng, 0, 1, (len(image), 24, 3))
    chosen = np.empty((len(image), 3), dtype=np.float32)
    for i in range(len(image)):
        under = image[i][cover[i] >= 0.5]  # (n, 3)
        near = np.quantile(np.linalg.norm(candidates[i][:, None] - under[None], axis=-1), 0.15, axis=1)  # (24,)
        lighter = np.abs((candidates[i] - np.median(under, axis=0)) @ LUMINANCE)  # (24,)
        passing = np.flatnonzero((near >= MIN_DISTANCE) & (lighter >= MIN_LIGHTNESS))
        chosen[i] = candidates[i][passing[0] if passing.size else near.argmax()]
    return chosen


def _fill(rng: np.random.Generator, colour: np.ndarray, textured: np.ndarray, size: int) -> np.ndarray:
    """(B, H, W, 3) fill: the plain colour, or for `textured` images the colour under soft stripes or shading."""
    y, x = _pixel_centres(size)
    angle = uniform(rng, 0, 2 * np.pi, (len(colour), 1, 1))
    period = uniform(rng, 3, 64, (len(colour), 1, 1))
    wave = np.sin(2 * np.pi * (x * np.cos(angle) + y * np.sin(angle)) / period)  # (B, H, W)
    tint = uniform(rng, 0.08, 0.2, (len(colour), 1, 1, 1)) * uniform(rng, -1, 1, (len(colour), 1, 1, 3))
    return np.clip(colour[:, None, None] + (textured[:, None, None, None] * wave[..., None]) * tint, 0, 1)


def _jpeg(quality: int, image: np.ndarray) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=quality)
    return np.asarray(Image.open(buffer).convert("RGB"))


def _draw_chunk(rng: np.random.Generator, labels: np.ndarray, size: int, clutter: float) -> tuple[np.ndarray, ...]:
    """Draw one chunk: (B, H, W, 3) uint8 images, (B, H, W) bool masks of the object and of the other shape,
    and each image's background kind and style (indices into BACKGROUNDS and STYLES)."""
    count = len(labels)
    kinds = rng.choice(len(BACKGROUNDS), size=count, p=BACKGROUND_SHARES)
    styles = rng.choice(len(STYLES), size=count, p=STYLE_SHARES)
    styles[np.isin(labels, [CLASSES.index("circle"), CLASSES.index("ring")]) & (styles == 2)] = 0  # circle↔ring
    image = _backgrounds(rng, kinds, size)  # (B, H, W, 3)
    if not clutter:  # the same draws, then each background flattened to its mean colour
        image = np.broadcast_to(image.mean(axis=(1, 2), keepdims=True), image.shape).copy()
        styles[:] = 0
    # A shape outside the classes first: the object goes over it, so the object's mask is all its own.
    names = list(OTHER_SHAPES)
    beside = np.flatnonzero(rng.random(count) < DISTRACTOR_SHARE)
    other = np.zeros((count, size, size), dtype=np.float32)
    other[beside] = _cover(rng, [OTHER_SHAPES[names[i]] for i in rng.integers(len(names), size=len(beside))],
                           np.ones(len(beside), dtype=np.float32), DISTRACTOR_RADIUS, size,
                           np.zeros(len(beside), dtype=np.float32)) * bool(clutter)  # (B, H, W)
    image += other[..., None] * (uniform(rng, 0, 1, (count, 1, 1, 3)) - image)
    width = np.where(styles == 2, uniform(rng, *OUTLINE_WIDTH, count), 0).astype(np.float32)
    cover = _cover(rng, [INSIDE[CLASSES[k]] for k in labels], np.array([EXTENT[CLASSES[k]] for k in labels]),
                   RADIUS, size, width)  # (B, H, W)
    fill = _fill(rng, _colours(rng, image, cover), styles == 1, size)
    image += cover[..., None] * (fill - image)
    noise = rng.standard_normal(image.shape, dtype=np.float32) * uniform(rng, 0, 0.06, (count, 1, 1, 1)) * clutter
    pixels = np.rint(np.clip(image + noise, 0, 1) * 255).astype(np.uint8)
    quality = rng.integers(30, 90, size=count)
    for i in np.flatnonzero(rng.random(count) < JPEG_SHARE * clutter):
        pixels[i] = _jpeg(int(quality[i]), pixels[i])
    mask = cover >= 0.5
    return pixels, mask, (other >= 0.5) & ~mask, kinds, styles


def make_shapes(count: int, seed: int, size: int = 64, clutter: float = 1.0) -> ShapeBatch:
    """Draw `count` images of `size`×`size` pixels, balanced over CLASSES in a shuffled order.

    `clutter` scales the noise and the share of JPEG; 0 draws each object filled with a plain colour
    on its background's mean colour, with no other shape beside it. The random draws do not depend on it, so
    the same seed at another clutter level gives the same objects in the same places.
    """
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(count) % len(CLASSES))
    images = np.empty((count, size, size, 3), dtype=np.uint8)
    masks = np.empty((count, size, size), dtype=bool)
    others = np.empty((count, size, size), dtype=bool)
    kinds, styles = np.empty(count, dtype=int), np.empty(count, dtype=int)
    for start in range(0, count, CHUNK):
        part = slice(start, start + CHUNK)
        images[part], masks[part], others[part], kinds[part], styles[part] = _draw_chunk(rng, labels[part], size,
                                                                                          clutter)
    return ShapeBatch(images=images, labels=labels.astype(np.int64), masks=masks, others=others,
                      styles=tuple(STYLES[s] for s in styles), backgrounds=tuple(BACKGROUNDS[k] for k in kinds))
