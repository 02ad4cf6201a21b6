"""Drawing primitives shared by every generator of pictures: the eight shapes, cluttered backgrounds, strokes.

The shapes are inside-tests on a coordinate frame in units of the object's radius, each scaled
to the same area, so size tells nothing about the class. Backgrounds and strokes are drawn
vectorised over a batch of images. The bundled ViT's training images (training/shapes.py) and
the captioning scenes (model/caption/scenes.py) are both drawn with these, so a picture from one
looks like a picture from the other; changing one here changes both data sets.
"""

import numpy as np

# The classes by their English names, which name them everywhere; their names in other languages: i18n/shapes.py.
CLASSES = ("circle", "square", "triangle", "star", "cross", "ring", "heart", "arrow")

SUPERSAMPLE = 2  # each output pixel averages SUPERSAMPLE² inside-tests: smooth edges
NUM_STROKES = 5


def _regular_polygon(u: np.ndarray, v: np.ndarray, sides: int, radius: float) -> np.ndarray:
    """Inside a regular polygon with a vertex at angle -90° (pointing up) and circumradius `radius`."""
    apothem = radius * np.cos(np.pi / sides)
    inside = np.ones(u.shape, dtype=bool)
    for k in range(sides):
        normal = np.pi / 2 + (2 * k + 1) * np.pi / sides  # edge normals sit between the vertices
        inside &= u * np.cos(normal) + v * np.sin(normal) <= apothem
    return inside


def _star(u: np.ndarray, v: np.ndarray, points: int = 5, inner: float = 0.42) -> np.ndarray:
    """Inside a star of outer radius 1: fold every point into the half-sector from a tip to a valley."""
    sector = 2 * np.pi / points
    phi = np.mod(np.arctan2(v, u) + np.pi / 2, sector)  # 0 at a tip, tips point up
    phi = np.abs(phi - sector / 2)  # sector/2 at a tip, 0 at a valley
    rho = np.hypot(u, v)
    x, y = rho * np.cos(sector / 2 - phi), rho * np.sin(sector / 2 - phi)  # tip on +x
    valley = np.array([inner * np.cos(sector / 2), inner * np.sin(sector / 2)])
    edge = valley - np.array([1.0, 0.0])
    # Inside when on the same side of the tip→valley edge as the centre.
    return (x - 1.0) * edge[1] - y * edge[0] <= 0


def _heart(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Inside the quartic heart (x² + y² − 1)³ ≤ x²y³, with the point down (v grows downwards)."""
    x, y = 1.12 * u, -1.12 * v + 0.12
    return (x * x + y * y - 1) ** 3 - x * x * y**3 <= 0


def _arrow(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    shaft = (u >= -0.95) & (u <= 0.15) & (np.abs(v) <= 0.2)
    head = (u >= 0.1) & (np.abs(v) <= 0.62 * (0.95 - u) / 0.85)
    return shaft | head


# Each class is an inside-test on object coordinates (u, v) in which the shape spans about the unit disc.
_SHAPES = {
    "circle": lambda u, v: u * u + v * v <= 0.85**2,
    "square": lambda u, v: np.maximum(np.abs(u), np.abs(v)) <= 0.68,
    "triangle": lambda u, v: _regular_polygon(u, v + 0.15, 3, 1.0),
    "star": _star,
    "cross": lambda u, v: ((np.abs(u) <= 0.27) | (np.abs(v) <= 0.27)) & (np.maximum(np.abs(u), np.abs(v)) <= 0.92),
    "ring": lambda u, v: np.abs(np.hypot(u, v) - 0.72) <= 0.2,
    "heart": _heart,
    "arrow": _arrow,
}
SHAPE_AREA = 1.6  # every class covers SHAPE_AREA·r² pixels at radius r, so size tells nothing about the class


def _normalise_area(inside):
    """The shape scaled to SHAPE_AREA, and its extent: the farthest inside point from the centre, in radii.

    Without this a heart covers three times the area of an arrow at the same radius, and a
    small ViT learns "big means heart" long before it learns any shape.
    """
    t = np.linspace(-2, 2, 801, dtype=np.float32)
    u, v = np.meshgrid(t, t)
    shape = inside(u, v)
    scale = np.sqrt(shape.sum() * (t[1] - t[0]) ** 2 / SHAPE_AREA)
    return (lambda u, v: inside(u * scale, v * scale)), float(np.hypot(u, v)[shape].max() / scale)


INSIDE, EXTENT = {}, {}
for _name, _test in _SHAPES.items():
    INSIDE[_name], EXTENT[_name] = _normalise_area(_test)


def uniform(rng: np.random.Generator, low: float, high, shape) -> np.ndarray:
    """float32 uniform samples: float64 would double the cost of every image-sized array."""
    return (low + (high - low) * rng.random(shape, dtype=np.float32)).astype(np.float32)


def _smooth_noise(rng: np.random.Generator, count: int, size: int, cells: int) -> np.ndarray:
    """(B, size, size, 3) colour noise in [-1, 1], bilinear between a random cells×cells lattice."""
    lattice = uniform(rng, -1, 1, (count, 3, cells + 1, cells + 1))
    # Bilinear upsampling is one matrix per axis: row h weighs its two nearest lattice points.
    t = np.linspace(0, cells, size, dtype=np.float32)
    weights = np.maximum(0, 1 - np.abs(t[:, None] - np.arange(cells + 1, dtype=np.float32)))  # (size, cells+1)
    noise = weights @ lattice @ weights.T  # (B, 3, size, size)
    return noise.transpose(0, 2, 3, 1)


def background(rng: np.random.Generator, count: int, size: int, clutter: float) -> np.ndarray:
    """(B, H, W, 3) in [0, 1]: a base colour, smooth colour texture, and stripes at a random angle and frequency."""
    base = uniform(rng, 0.1, 0.9, (count, 1, 1, 3))
    texture = _smooth_noise(rng, count, size, cells=4) * uniform(rng, 0.05, 0.25, (count, 1, 1, 1)) * clutter
    angle = uniform(rng, 0, np.pi, (count, 1, 1))
    freq = uniform(rng, 0.15, 0.9, (count, 1, 1))
    pixel = np.arange(size, dtype=np.float32) + 0.5
    phase = freq * (pixel[None, :, None] * np.sin(angle) + pixel[None, None, :] * np.cos(angle))  # (B, H, W)
    tint = uniform(rng, 0, 0.12, (count, 1, 1, 1)) * uniform(rng, -1, 1, (count, 1, 1, 3)) * clutter
    return np.clip(base + texture + np.sin(phase)[..., None] * tint, 0, 1)


def strokes(rng: np.random.Generator, count: int, size: int, clutter: float) -> tuple[np.ndarray, np.ndarray]:
    """NUM_STROKES line segments per image: (B, M, H, W) coverage in [0, 1] and (B, M, 3) colours.

    Drawn at output resolution with an analytic edge (coverage falls from 1 to 0 over one
    pixel of distance), which is as smooth as supersampling at a quarter of the cost.
    """
    ends = uniform(rng, 0, size, (count, NUM_STROKES, 2, 2))  # (B, M, end, xy)
    half_width = uniform(rng, 0.3, 0.8, (count, NUM_STROKES, 1, 1))
    shown = rng.random((count, NUM_STROKES, 1, 1)) < 0.8 * clutter
    colours = uniform(rng, 0, 1, (count, NUM_STROKES, 3))
    pixel = np.arange(size, dtype=np.float32) + 0.5
    x0, y0 = ends[:, :, 0, 0, None, None], ends[:, :, 0, 1, None, None]  # (B, M, 1, 1)
    dx, dy = ends[:, :, 1, 0, None, None] - x0, ends[:, :, 1, 1, None, None] - y0  # (B, M, 1, 1)
    px, py = pixel[None, None, None, :] - x0, pixel[None, None, :, None] - y0  # (B, M, 1, W), (B, M, H, 1)
    t = np.clip((px * dx + py * dy) / (dx * dx + dy * dy + 1e-6), 0, 1)  # (B, M, H, W) nearest point on the segment
    dist = np.hypot(px - t * dx, py - t * dy)  # (B, M, H, W)
    return np.clip(half_width + 0.5 - dist, 0, 1) * shown, colours


def downsample(fine: np.ndarray) -> np.ndarray:
    """(..., H·S, W·S) bool -> (..., H, W) float coverage in [0, 1]."""
    *lead, h, w = fine.shape
    s = SUPERSAMPLE
    return fine.reshape(*lead, h // s, s, w // s, s).mean(axis=(-3, -1), dtype=np.float32)


def patch_mask(masks: np.ndarray, patch_size: int) -> np.ndarray:
    """(..., H, W) pixel masks -> (..., H/p, W/p) bool: the patches holding at least one object pixel."""
    *lead, h, w = masks.shape
    p = patch_size
    return masks.reshape(*lead, h // p, p, w // p, p).any(axis=(-3, -1))
