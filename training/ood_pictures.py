"""The hand-made out-of-distribution pictures in assets/ood/: shapes drawn as if on paper or a whiteboard.

Ten pictures, each with its object's mask and an entry in pictures.json (file, class name or
null for a shape outside the eight classes, mask file). Each is drawn from its own fixed seed
with the vertex math of training/ood_shapes.py, made to look made by hand: the outline wobbles
and is gone over more than once in pencil or pen, marker fills are uneven and crayon fills are
hatched, the object casts a soft shadow, and the sheet is turned a few degrees. The mask is the
object's drawn pixels (outline and fill), never its shadow.

Run: .venv/bin/python -m training.ood_pictures   (rewrites assets/ood/, bit for bit the same)
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from training.ood_shapes import ALL_SHAPES, CLASS_SHAPES, background, hsv_to_rgb

OUT = Path(__file__).resolve().parent.parent / "assets" / "ood"
SIZE = 128  # the pictures' side in pixels; the app and the eval resize them to the model's input
SUPER = 4  # drawn on a canvas SUPER times larger, then box-filtered
SHEET = int(SIZE * 1.25)  # the sheet is drawn larger, turned, then cropped to SIZE: no corners show
PENCIL, PEN = (0.33, 0.32, 0.3), (0.08, 0.1, 0.25)


@dataclass(frozen=True)
class Picture:
    name: str
    shape: str  # a name in training.ood_shapes.ALL_SHAPES: one of the eight classes or a shape outside them
    surface: str  # "paper", "ruled", "graph" or "whiteboard"
    outline: tuple[float, float, float] | None  # RGB of the drawn outline, or None for none
    fill: str  # "none", "marker" (uneven) or "hatch" (crayon lines)
    fill_colour: tuple[float, float, float] = (0.0, 0.0, 0.0)  # HSV
    seed: int = 0


PICTURES = (
    Picture("star_pencil", "star", "paper", PENCIL, "none", seed=1),
    Picture("circle_marker", "circle", "whiteboard", None, "marker", (0.6, 0.8, 0.75), seed=2),
    Picture("triangle_crayon", "triangle", "ruled", PENCIL, "hatch", (0.02, 0.7, 0.8), seed=3),
    Picture("heart_marker", "heart", "graph", None, "marker", (0.98, 0.85, 0.85), seed=4),
    Picture("arrow_pen", "arrow", "ruled", PEN, "none", seed=5),
    Picture("square_note", "square", "whiteboard", None, "marker", (0.15, 0.7, 0.95), seed=6),
    Picture("cross_marker", "cross", "graph", (0.1, 0.45, 0.2), "hatch", (0.33, 0.6, 0.6), seed=7),
    Picture("ring_pencil", "ring", "paper", PENCIL, "hatch", (0.08, 0.3, 0.55), seed=8),
    Picture("hexagon_pencil", "hexagon", "paper", PENCIL, "hatch", (0.55, 0.5, 0.6), seed=9),
    Picture("crescent_marker", "crescent", "whiteboard", None, "marker", (0.07, 0.85, 0.95), seed=10),
)


def _surface(rng: np.random.Generator, kind: str) -> np.ndarray:
    """(SHEET, SHEET, 3) float RGB of the surface drawn on."""
    sheet = background(rng, "paper", SHEET)
    if kind == "whiteboard":  # cool white, a broad glare, faint ghosts of wiped marker
        y, x = np.mgrid[0:SHEET, 0:SHEET] / SHEET
        glare = np.exp(-(((x - y) - rng.uniform(-0.3, 0.3)) ** 2) / 0.05)
        sheet = np.array([0.9, 0.92, 0.94]) + 0.06 * glare[..., None] + 0.02 * (sheet - sheet.mean())
    if kind == "ruled":
        sheet[int(rng.integers(4, 12)) :: 12] *= (0.75, 0.82, 0.95)
        sheet[:, 18:20] *= (1.0, 0.7, 0.7)  # the margin line
    if kind == "graph":
        sheet[::8] *= (0.8, 0.9, 1.0)
        sheet[:, ::8] *= (0.8, 0.9, 1.0)
    return sheet


def _wobble(rng: np.random.Generator, points: np.ndarray, amount: float) -> np.ndarray:
    """The closed polygon resampled every few pixels and pushed about by a smooth random offset."""
    closed = np.concatenate([points, points[:1]])
    lengths = np.r_[0, np.cumsum(np.hypot(*np.diff(closed, axis=0).T))]
    t = np.linspace(0, lengths[-1], max(16, int(lengths[-1] / (2 * SUPER))), endpoint=False)
    path = np.stack([np.interp(t, lengths, closed[:, 0]), np.interp(t, lengths, closed[:, 1])], axis=1)
    phase = np.linspace(0, 2 * np.pi, len(t), endpoint=False)
    waves = [rng.normal(0, amount / k, 2) * np.sin(k * phase[:, None] + rng.uniform(0, 2 * np.pi)) for k in (1, 2, 3)]
    return path + sum(waves)  # (K, 2)


def _layer(draw_on) -> np.ndarray:
    """(SHEET, SHEET) float coverage of what `draw_on(ImageDraw)` draws on the fine canvas."""
    canvas = Image.new("L", (SHEET * SUPER, SHEET * SUPER), 0)
    draw_on(ImageDraw.Draw(canvas))
    return np.asarray(canvas.resize((SHEET, SHEET), Image.Resampling.BOX), dtype=np.float32) / 255


def draw_picture(picture: Picture) -> tuple[np.ndarray, np.ndarray]:
    """(SIZE, SIZE, 3) uint8 picture and (SIZE, SIZE) bool mask."""
    rng = np.random.default_rng(picture.seed)
    sheet = _surface(rng, picture.surface)
    radius = rng.uniform(0.26, 0.34) * SIZE * SUPER
    turn = rng.uniform(0, 2 * np.pi)
    rotate = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    centre = SHEET * SUPER / 2 + rng.uniform(-0.12, 0.12, 2) * SIZE * SUPER
    polygons = ALL_SHAPES[picture.shape](rng)
    reach = max(np.hypot(*points.T).max() for points, _ in polygons)
    polygons = [(points / reach * radius @ rotate.T + centre, hole) for points, hole in polygons]

    def region(draw):
        for points, hole in polygons:
            draw.polygon([tuple(p) for p in _wobble(rng, points, 0.5 * SUPER)], fill=0 if hole else 255)

    inside = _layer(region)
    if picture.fill == "marker":  # blotchy ink, denser in streaks along one direction
        coarse = Image.fromarray(rng.integers(150, 256, (6, 6), dtype=np.uint8))
        coarse = coarse.resize((SHEET, SHEET), Image.Resampling.BICUBIC)
        streaks = 0.85 + 0.15 * np.sin(np.arange(SHEET) / rng.uniform(1.5, 3))[:, None]
        fill = inside * np.clip(np.asarray(coarse, dtype=np.float32) / 255 * streaks, 0, 1)
    elif picture.fill == "hatch":  # crayon lines at a slant, each of its own pressure
        slant = rng.uniform(0.3, 1.2)

        def hatch(draw):
            for x in range(-SHEET * SUPER, 2 * SHEET * SUPER, 3 * SUPER):
                pressure = int(rng.uniform(120, 255))
                draw.line([(x, 0), (x + slant * SHEET * SUPER, SHEET * SUPER)], fill=pressure, width=SUPER * 2)

        fill = inside * _layer(hatch)
    else:
        fill = np.zeros_like(inside)
    outline = np.zeros_like(inside)
    if picture.outline is not None:
        for _ in range(int(rng.integers(2, 4))):  # gone over two or three times
            def stroke(draw):
                for points, _hole in polygons:
                    path = [tuple(p) for p in _wobble(rng, points, 1.2 * SUPER)]
                    draw.line([*path, path[0], path[1]], fill=int(rng.uniform(140, 220)), width=int(1.3 * SUPER),
                              joint="curve")

            outline = 1 - (1 - outline) * (1 - _layer(stroke))
        outline *= rng.uniform(0.75, 1.0, outline.shape)  # graphite grain
    mask = np.maximum(inside * (picture.fill != "none"), outline)  # a hatched or blotchy fill counts whole
    shadow = np.asarray(Image.fromarray(np.uint8(mask * 255)).filter(ImageFilter.GaussianBlur(3)), dtype=np.float32)
    shadow = np.roll(shadow / 255, (3, 2), axis=(0, 1))
    image = sheet * (1 - 0.3 * shadow[..., None])
    colour = hsv_to_rgb(np.array(picture.fill_colour))
    image += fill[..., None] * (colour - image)
    if picture.outline is not None:
        image += outline[..., None] * (np.array(picture.outline) - image)
    image = np.clip(image + rng.normal(0, 0.015, image.shape), 0, 1)
    tilt = rng.uniform(3, 8) * rng.choice([-1, 1])  # the sheet is not quite square to the camera
    margin = (SHEET - SIZE) // 2
    box = (margin, margin, margin + SIZE, margin + SIZE)
    photo = Image.fromarray(np.uint8(np.rint(image * 255))).rotate(tilt, Image.Resampling.BILINEAR).crop(box)
    seen = Image.fromarray(np.uint8(mask * 255)).rotate(tilt, Image.Resampling.BILINEAR).crop(box)
    return np.asarray(photo), np.asarray(seen) >= 96  # faint pencil counts as drawn


def write_pictures(out: Path = OUT) -> list[dict]:
    """Draw every picture into `out` with its mask, and pictures.json listing them."""
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for picture in PICTURES:
        image, mask = draw_picture(picture)
        Image.fromarray(image).save(out / f"{picture.name}.png", optimize=True)
        Image.fromarray(mask).save(out / f"{picture.name}_mask.png", optimize=True)
        named = picture.shape if picture.shape in CLASS_SHAPES else None
        entries.append({"file": f"{picture.name}.png", "class": named, "mask": f"{picture.name}_mask.png"})
    (out / "pictures.json").write_text(json.dumps(entries, indent=2) + "\n")
    return entries


if __name__ == "__main__":
    print(f"wrote {len(write_pictures())} pictures to {OUT}")
