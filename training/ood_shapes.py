"""Out-of-distribution shapes: a second generator, written apart from the training one and unlike it on purpose.

The bundled ViT learns from training/shapes.py (inside-tests from model/drawing.py, supersampled
in numpy, on backgrounds of its own). This module shares none of that code: every shape is a
list of polygons from its own vertex math, filled or outlined with PIL's ImageDraw on a 4×
canvas and box-filtered down; backgrounds are its own hard-edged ones (gradients that wrap in
HSV, stripes and checks of two related colours), blotchy noise, crops of other photos than
training's (the sample photos) or paper; objects go smaller than training's; colours are chosen
in HSV and kept by a rule of their own (most background pixels under the object lie far from its
colour in RGB); low-contrast dots speckle the background; some images are saved as JPEG (at
qualities down to 20, training's go down to 30) and read back. About a fifth of the objects
are shapes outside the eight classes (hexagon, pentagon, ellipse, crescent, half disc),
labelled -1, so that "where does it look" is asked of shapes the model cannot name too.

Image i of a seed is drawn from its own generator, seeded by (seed, i): the same seed gives
the same images bit for bit, and the first n images of a larger set are the n-image set.

Run `python -m training.ood_shapes` to write a contact sheet of the first images to /tmp.
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

SUPER = 4  # the object is drawn on a canvas SUPER times the output side, then box-filtered: smooth edges
RADIUS = (0.12, 0.25)  # the object's farthest point from its centre, as a fraction of the side
OUT_OF_CLASS_SHARE = 0.2
OUTLINE_SHARE = 0.3  # outlined objects; the rest are filled
JPEG_SHARE = 0.3
MIN_DISTANCE = 0.3  # RGB distance (channels in [0, 1]) the object's colour keeps from most background pixels under it
PHOTOS = Path(__file__).resolve().parent.parent / "assets" / "samples"  # scikit-image's free photos, bundled
PHOTO_FILES = ("photo_astronaut.jpg", "photo_chelsea.jpg", "photo_coffee.jpg", "photo_rocket.jpg")

Polygon = tuple[np.ndarray, bool]  # (K, 2) vertices in units of the object's radius, and "is a hole"


def _ngon(sides: int, radius: float = 1.0, squash: float = 1.0) -> np.ndarray:
    """(sides, 2) vertices of a regular polygon with a vertex straight up (y grows downwards)."""
    angle = -np.pi / 2 + 2 * np.pi * np.arange(sides) / sides
    return np.stack([radius * np.cos(angle), squash * radius * np.sin(angle)], axis=1)


def _star(rng: np.random.Generator) -> list[Polygon]:
    tips = _ngon(10)
    tips[1::2] *= rng.uniform(0.38, 0.5)  # every other vertex pulled in: the valleys
    return [(tips, False)]


def _cross(rng: np.random.Generator) -> list[Polygon]:
    a = rng.uniform(0.26, 0.36)  # half the arm's width, the arm's length is 1
    quarter = np.array([[a, -1], [a, -a], [1, -a]])
    turns = [np.array([[c, -s], [s, c]]) for c, s in ((1, 0), (0, 1), (-1, 0), (0, -1))]
    return [(np.concatenate([quarter @ t.T for t in turns]), False)]


def _ring(rng: np.random.Generator) -> list[Polygon]:
    return [(_ngon(72), False), (_ngon(72, rng.uniform(0.5, 0.65)), True)]


def _heart(rng: np.random.Generator) -> list[Polygon]:
    t = np.linspace(0, 2 * np.pi, 96, endpoint=False)
    x = 16 * np.sin(t) ** 3
    y = -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))  # point down
    points = np.stack([x, y - (y.max() + y.min()) / 2], axis=1)
    return [(points * [rng.uniform(0.9, 1.1), 1.0], False)]


def _arrow(rng: np.random.Generator) -> list[Polygon]:
    shaft, head, neck = rng.uniform(0.16, 0.24), rng.uniform(0.5, 0.65), rng.uniform(0.05, 0.3)
    points = [[-1, -shaft], [neck, -shaft], [neck, -head], [1, 0], [neck, head], [neck, shaft], [-1, shaft]]
    return [(np.array(points, dtype=float), False)]


def _crescent(rng: np.random.Generator) -> list[Polygon]:
    """The unit disc less a disc of radius r2 centred at (d, 0): the outer arc, then the cut's arc back."""
    d, r2 = rng.uniform(0.35, 0.5), rng.uniform(0.85, 0.95)
    x = (1 - r2 * r2 + d * d) / (2 * d)  # where the two circles cross
    y = np.sqrt(1 - x * x)
    theta0, phi1 = np.arctan2(y, x), np.arctan2(y, x - d)
    outer = np.linspace(theta0, 2 * np.pi - theta0, 48)
    inner = np.linspace(2 * np.pi - phi1, phi1, 48)
    points = np.concatenate([np.stack([np.cos(outer), np.sin(outer)], 1),
                             np.stack([d + r2 * np.cos(inner), r2 * np.sin(inner)], 1)])
    return [(points, False)]


def _half_disc(rng: np.random.Generator) -> list[Polygon]:
    t = np.linspace(0, np.pi, 48)
    return [(np.stack([np.cos(t), np.sin(t) - 0.4], axis=1), False)]


# The eight classes by the model card's names, each drawn by this module's own code; then shapes outside them.
CLASS_SHAPES = {
    "circle": lambda rng: [(_ngon(72), False)],
    "square": lambda rng: [(_ngon(4), False)],  # a diamond before the random turn, like any square
    "triangle": lambda rng: [(_ngon(3), False)],
    "star": _star,
    "cross": _cross,
    "ring": _ring,
    "heart": _heart,
    "arrow": _arrow,
}
OTHER_SHAPES = {
    "hexagon": lambda rng: [(_ngon(6), False)],
    "pentagon": lambda rng: [(_ngon(5), False)],
    "ellipse": lambda rng: [(_ngon(72, squash=rng.uniform(0.4, 0.6)), False)],
    "crescent": _crescent,
    "half disc": _half_disc,
}
ALL_SHAPES = {**CLASS_SHAPES, **OTHER_SHAPES}
BACKGROUNDS = ("wrapped gradient", "stripes", "checks", "noise", "photo", "paper")


@dataclass(frozen=True)
class OodBatch:
    images: np.ndarray  # (B, H, W, 3) uint8
    labels: np.ndarray  # (B,) int64, index into the classes asked for, or -1 for a shape outside them
    masks: np.ndarray  # (B, H, W) bool, the object's drawn pixels (the outline alone for an outlined object)
    shapes: tuple[str, ...]  # (B,) each object's shape name
    backgrounds: tuple[str, ...]  # (B,) each image's kind of background, one of BACKGROUNDS


def hsv_to_rgb(hsv: np.ndarray) -> np.ndarray:
    """(..., 3) hue, saturation, value in [0, 1] -> (..., 3) RGB in [0, 1]; hue wraps."""
    h, s, v = np.moveaxis(hsv, -1, 0)
    k = np.mod(np.array([5.0, 3.0, 1.0]).reshape(3, *[1] * h.ndim) + h * 6, 6)  # (3, ...)
    rgb = v - v * s * np.clip(np.minimum(k, 4 - k), 0, 1)
    return np.moveaxis(rgb, 0, -1)


def _coordinates(rng: np.random.Generator, size: int, period: float, turn: float = 0.0) -> np.ndarray:
    """(size, size) distance along a random direction (turned by `turn` more), in periods, with a random phase."""
    angle = rng.uniform(0, np.pi) + turn
    y, x = np.mgrid[0:size, 0:size] + 0.5
    return (x * np.cos(angle) + y * np.sin(angle)) / period + rng.uniform(0, 1)


def _two_colours(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    first = np.array([rng.uniform(0, 1), rng.uniform(0.2, 0.9), rng.uniform(0.3, 0.95)])
    second = first + [rng.uniform(-0.3, 0.3), rng.uniform(-0.2, 0.2), rng.choice([-1, 1]) * rng.uniform(0.15, 0.4)]
    return hsv_to_rgb(first), hsv_to_rgb(np.clip(second, [-9, 0, 0.05], [9, 1, 1]))


@cache
def _photo(name: str) -> np.ndarray:
    with Image.open(PHOTOS / name) as photo:
        return np.asarray(photo.convert("RGB"))


def background(rng: np.random.Generator, kind: str, size: int) -> np.ndarray:
    """(size, size, 3) float RGB in [0, 1] of one kind."""
    if kind == "wrapped gradient":  # hue and value ramp, then jump back: hard straight edges
        ramp = np.mod(_coordinates(rng, size, size / rng.uniform(0.8, 2.5)), 1.0)
        hsv = np.stack([rng.uniform(0, 1) + rng.uniform(0.15, 0.6) * ramp,
                        np.full_like(ramp, rng.uniform(0.3, 0.9)),
                        rng.uniform(0.35, 0.6) + rng.uniform(0.25, 0.4) * ramp], axis=-1)
        return hsv_to_rgb(hsv)
    if kind == "stripes":
        first, second = _two_colours(rng)
        on = np.mod(_coordinates(rng, size, rng.uniform(4, 14)), 1.0) < rng.uniform(0.3, 0.7)
        return np.where(on[..., None], first, second)
    if kind == "checks":
        first, second = _two_colours(rng)
        cell = rng.uniform(4, 12)
        turn = rng.uniform(0, np.pi / 2)
        u, v = _coordinates(rng, size, cell, turn), _coordinates(rng, size, cell, turn + np.pi / 2)
        on = (np.floor(u) + np.floor(v)) % 2 == 1
        return np.where(on[..., None], first, second)
    if kind == "noise":  # blotches of two colours, then grain
        first, second = _two_colours(rng)
        cells = int(rng.integers(3, 10))
        coarse = Image.fromarray(rng.integers(0, 256, (cells, cells), dtype=np.uint8))
        mix = np.asarray(coarse.resize((size, size), Image.Resampling.BICUBIC), dtype=float)[..., None] / 255
        return first + mix * (second - first) + rng.normal(0, rng.uniform(0.03, 0.1), (size, size, 3))
    if kind == "photo":
        photo = _photo(str(rng.choice(PHOTO_FILES)))
        side = int(min(photo.shape[:2]) * rng.uniform(0.2, 0.6))
        top, left = rng.integers(0, photo.shape[0] - side + 1), rng.integers(0, photo.shape[1] - side + 1)
        crop = Image.fromarray(photo[top : top + side, left : left + side])
        return np.asarray(crop.resize((size, size), Image.Resampling.BOX), dtype=float) / 255
    if kind == "paper":  # off-white, fibres along one direction, uneven light, sometimes ruled lines
        base = hsv_to_rgb(np.array([rng.uniform(0.07, 0.16), rng.uniform(0.02, 0.15), rng.uniform(0.82, 0.97)]))
        fibres = Image.fromarray(rng.integers(0, 256, (size, size // 6), dtype=np.uint8))
        fibres = np.asarray(fibres.resize((size, size), Image.Resampling.BILINEAR), dtype=float) / 255 - 0.5
        if rng.random() < 0.5:
            fibres = fibres.T
        light = 1 + rng.uniform(-0.1, 0.1) * (_coordinates(rng, size, size) - 0.5)
        paper = base * light[..., None] + rng.uniform(0.02, 0.06) * fibres[..., None]
        if rng.random() < 0.4:
            gap = int(rng.integers(6, 11))
            paper[int(rng.integers(0, gap)) :: gap] *= hsv_to_rgb(np.array([0.6, 0.25, 0.9]))
        return paper
    raise ValueError(f"background must be one of {BACKGROUNDS}, not {kind!r}")


def _dots(rng: np.random.Generator, image: np.ndarray) -> None:
    """0 to 3 small dots a little lighter or darker than the background under them, in place."""
    size = image.shape[0]
    y, x = np.mgrid[0:size, 0:size] + 0.5
    for _ in range(int(rng.integers(0, 4))):
        cx, cy, r = rng.uniform(0, size), rng.uniform(0, size), rng.uniform(0.8, 2.0)
        cover = np.clip(r + 0.5 - np.hypot(x - cx, y - cy), 0, 1)[..., None]  # (H, W, 1)
        shift = rng.choice([-1, 1]) * rng.uniform(0.06, 0.14)
        image += cover * shift


def _polygons(rng: np.random.Generator, name: str, size: int) -> list[Polygon]:
    """The object's polygons in canvas pixels: a random size, turn and place, wholly inside the picture."""
    polygons = ALL_SHAPES[name](rng)
    reach = max(np.hypot(*points.T).max() for points, _ in polygons)
    radius = rng.uniform(*RADIUS) * size * SUPER
    turn = rng.uniform(0, 2 * np.pi)
    rotate = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    margin = radius + 2 * SUPER  # room for an outline's half width
    centre = rng.uniform(margin, size * SUPER - margin, 2)
    return [(points / reach * radius @ rotate.T + centre, hole) for points, hole in polygons]


def _coverage(polygons: list[Polygon], size: int, outline: float) -> np.ndarray:
    """(size, size) float coverage in [0, 1]: filled (outline 0) or outlined `outline` output pixels wide."""
    canvas = Image.new("L", (size * SUPER, size * SUPER), 0)
    draw = ImageDraw.Draw(canvas)
    for points, hole in polygons:
        xy = [tuple(p) for p in points]
        if outline:
            draw.line([*xy, xy[0], xy[1]], fill=255, width=max(1, round(outline * SUPER)), joint="curve")
        else:
            draw.polygon(xy, fill=0 if hole else 255)
    return np.asarray(canvas.resize((size, size), Image.Resampling.BOX), dtype=np.float32) / 255


def _object_colour(rng: np.random.Generator, under: np.ndarray) -> np.ndarray:
    """An HSV-drawn colour whose RGB distance to 90% of the (n, 3) background pixels under it is ≥ MIN_DISTANCE.

    Of 64 candidates the first that passes wins; if none does, the one farthest from those pixels.
    """
    hsv = np.stack([rng.uniform(0, 1, 64), rng.uniform(0.25, 1, 64), rng.uniform(0.15, 1, 64)], axis=1)
    candidates = hsv_to_rgb(hsv)  # (64, 3)
    near = np.quantile(np.linalg.norm(candidates[:, None] - under[None], axis=-1), 0.1, axis=1)  # (64,)
    passing = np.flatnonzero(near >= MIN_DISTANCE)
    return candidates[passing[0] if passing.size else near.argmax()]


def _jpeg(rng: np.random.Generator, image: np.ndarray) -> np.ndarray:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="JPEG", quality=int(rng.integers(20, 70)))
    return np.asarray(Image.open(buffer).convert("RGB"))


def draw_one(seed: int, index: int, size: int, classes: tuple[str, ...],
             with_object: bool = True) -> tuple[np.ndarray, int, np.ndarray, str, str]:
    """Image `index` of `seed`: (H, W, 3) uint8, its label, (H, W) bool mask, shape name, background kind.

    `with_object=False` makes every random draw but leaves the object out: the picture's background alone.
    """
    rng = np.random.default_rng([seed, index])
    if rng.random() < OUT_OF_CLASS_SHARE:
        name, label = str(rng.choice(list(OTHER_SHAPES))), -1
    else:
        label = int(rng.integers(len(classes)))
        name = classes[label]
    kind = str(rng.choice(BACKGROUNDS))
    image = background(rng, kind, size)
    _dots(rng, image)
    image = np.clip(image, 0, 1)
    outlined = rng.random() < OUTLINE_SHARE and name != "circle"  # an outlined circle is a ring
    outline = rng.uniform(1.2, 2.5) if outlined else 0.0
    cover = _coverage(_polygons(rng, name, size), size, outline)  # (H, W)
    mask = cover >= 0.5
    colour = _object_colour(rng, image[mask])
    if rng.random() < 0.3:  # shaded fill: brighter to one side
        shade = 1 + rng.uniform(0.1, 0.25) * (_coordinates(rng, size, size) - 0.5)
        colour = np.clip(colour * shade[..., None], 0, 1)
    image += cover[..., None] * (colour - image) * with_object
    pixels = np.rint(image * 255).astype(np.uint8)
    if rng.random() < JPEG_SHARE:
        pixels = _jpeg(rng, pixels)
    return pixels, label, mask, name, kind


def make_ood_shapes(count: int, seed: int, size: int = 64, classes: tuple[str, ...] = tuple(CLASS_SHAPES)) -> OodBatch:
    """Draw `count` images of `size`×`size` pixels; labels index into `classes` (the model card's names)."""
    unknown = set(classes) - set(CLASS_SHAPES)
    if unknown:
        raise ValueError(f"no drawing for the classes {sorted(unknown)}; this generator draws {list(CLASS_SHAPES)}")
    images, labels, masks, shapes, kinds = zip(*(draw_one(seed, i, size, classes) for i in range(count)))
    return OodBatch(images=np.stack(images), labels=np.array(labels, dtype=np.int64), masks=np.stack(masks),
                    shapes=shapes, backgrounds=kinds)


def contact_sheet(batch: OodBatch, columns: int = 10) -> Image.Image:
    """The images in a grid, each above its mask: for looking at, not for the model."""
    rows = -(-len(batch.images) // columns)
    h, w = batch.images.shape[1:3]
    sheet = Image.new("RGB", (columns * (w + 2), rows * (2 * h + 4)), "white")
    for i, (image, mask) in enumerate(zip(batch.images, batch.masks)):
        x, y = (i % columns) * (w + 2), (i // columns) * (2 * h + 4)
        sheet.paste(Image.fromarray(image), (x, y))
        sheet.paste(Image.fromarray(mask.astype(np.uint8) * 255).convert("RGB"), (x, y + h + 1))
    return sheet


if __name__ == "__main__":
    sheet = contact_sheet(make_ood_shapes(60, seed=1))
    sheet.resize((sheet.width * 2, sheet.height * 2), Image.Resampling.NEAREST).save("/tmp/ood_shapes.png")
    print("wrote /tmp/ood_shapes.png")
