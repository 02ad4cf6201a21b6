"""Captioning scenes: 1–4 shapes in named colours on a cluttered background, each with its caption and masks.

Every scene is drawn from a seed, so a seed names a data set; nothing is downloaded. The shapes
are the bundled ViT's eight classes, drawn by model/drawing.py's inside-tests, as the ViT's
training images are. The image is cut into four quadrants and each object sits in its own
quadrant (a little off centre), so "left of", "above" and the reading order are never in doubt.
The background's strokes use the same named colours as the objects, so colour alone does not
find an object.

The caption grammar writes exactly one caption per scene, in English and Korean:

- two different objects: one is large and one small, in neighbouring quadrants; the large one is
  named first with where it is relative to the small one:
  "a red star left of a blue circle" / "파란 원 왼쪽에 빨간 별";
- otherwise (one object, two alike, three or four): the objects in reading order, alike
  neighbours counted together: "two red stars and a blue circle" / "빨간 별 두 개와 파란 원",
  but "a red star, a blue circle and a red star" when the circle comes between them. (Grouping
  every alike object wherever it stands was tried first: a decoder this small learnt it for
  barely a third of four-object scenes.)

Some colour–shape pairs (HELD_OUT) never appear in training scenes: evaluated apart, they ask
whether a model composes a colour and a shape it has only seen separately.
"""

from dataclasses import dataclass

import numpy as np

from model.drawing import CLASSES, EXTENT, INSIDE, background, downsample, patch_mask, strokes, uniform

SIZE = 80  # pixels per side
QUADRANT = SIZE // 2
JITTER = 2.0  # pixels an object's centre may move off its quadrant's centre
RADIUS = {"large": 13.0, "small": 8.0}  # pixels; the widest shape (arrow, 1.26 radii) still fits its quadrant
TURN = 0.3  # radians of rotation either way: a square stays a square, not a diamond
MAX_OBJECTS = 4

# Named colours (RGB in [0, 1]) and their Korean adjectives; English names are the keys everywhere.
COLOURS = {
    "red": (0.90, 0.12, 0.10),
    "yellow": (0.96, 0.85, 0.10),
    "green": (0.10, 0.72, 0.22),
    "blue": (0.15, 0.32, 0.95),
    "white": (0.97, 0.97, 0.97),
}
COLOUR_KO = {"red": "빨간", "yellow": "노란", "green": "초록", "blue": "파란", "white": "하얀"}
SHAPE_KO = {"circle": "원", "square": "정사각형", "triangle": "삼각형", "star": "별", "cross": "십자",
            "ring": "고리", "heart": "하트", "arrow": "화살표"}  # as i18n/shapes.py names the classes
PLURAL = {shape: shape + ("es" if shape.endswith("ss") else "s") for shape in CLASSES}
COUNT_EN = {2: "two", 3: "three", 4: "four"}
COUNT_KO = {2: "두", 3: "세", 4: "네"}
RELATION_EN = {"left": ("left", "of"), "right": ("right", "of"), "above": ("above",), "below": ("below",)}
RELATION_KO = {"left": "왼쪽에", "right": "오른쪽에", "above": "위에", "below": "아래에"}
COUNTER_KO = "개"
NOUN_AT = {"en": 2, "ko": 1}  # where the shape noun sits in a phrase of `_phrase`

# One pair per colour and per shape, so every colour and every shape is still seen in training.
HELD_OUT = (("red", "circle"), ("yellow", "star"), ("green", "heart"), ("blue", "triangle"), ("white", "arrow"))
PAIRS = tuple((c, s) for c in COLOURS for s in CLASSES)
TRAIN_PAIRS = tuple(p for p in PAIRS if p not in HELD_OUT)

# Which pairs a scene set may use: training scenes never hold a HELD_OUT pair, "novel" scenes hold at least one.
SEEN, NOVEL = "seen", "novel"


@dataclass(frozen=True)
class SceneObject:
    colour: str
    shape: str
    large: bool
    quadrant: int  # 0 top left, 1 top right, 2 bottom left, 3 bottom right: reading order

    @property
    def pair(self) -> tuple[str, str]:
        return self.colour, self.shape


@dataclass(frozen=True)
class Caption:
    tokens: tuple[str, ...]
    nouns: tuple[tuple[int, tuple[int, ...]], ...]  # (token index of a shape noun, the objects it names)


@dataclass(frozen=True)
class Layout:
    objects: tuple[SceneObject, ...]
    captions: dict  # "en" / "ko" -> Caption


@dataclass(frozen=True)
class SceneBatch:
    images: np.ndarray  # (B, H, W, 3) uint8
    masks: np.ndarray  # (B, MAX_OBJECTS, H, W) bool, mask k is layouts[b].objects[k]'s pixels (empty past the last)
    layouts: tuple[Layout, ...]

    def __len__(self) -> int:
        return len(self.layouts)


def _has_batchim(word: str) -> bool:
    """Whether a Korean word ends in a final consonant: 과 follows it, 와 follows a vowel."""
    code = ord(word[-1]) - 0xAC00
    return 0 <= code < 11172 and code % 28 != 0


def _relation(large: SceneObject, small: SceneObject) -> str:
    """Where the large object is relative to the small one: they sit in neighbouring quadrants."""
    (lr, lc), (sr, sc) = divmod(large.quadrant, 2), divmod(small.quadrant, 2)
    if lr == sr:
        return "left" if lc < sc else "right"
    return "above" if lr < sr else "below"


def _phrase(obj: SceneObject, count: int, lang: str) -> list[str]:
    if lang == "en":
        return ["a", obj.colour, obj.shape] if count == 1 else [COUNT_EN[count], obj.colour, PLURAL[obj.shape]]
    words = [COLOUR_KO[obj.colour], SHAPE_KO[obj.shape]]
    return words if count == 1 else words + [COUNT_KO[count], COUNTER_KO]


def describe(objects: tuple[SceneObject, ...], lang: str) -> Caption:
    """The one caption of a scene in `lang` ("en" or "ko"), with each shape noun's objects."""
    if len(objects) == 2 and objects[0].pair != objects[1].pair:
        large, small = (0, 1) if objects[0].large else (1, 0)
        relation = _relation(objects[large], objects[small])
        if lang == "en":
            first, second = _phrase(objects[large], 1, lang), _phrase(objects[small], 1, lang)
            tokens = first + list(RELATION_EN[relation]) + second
            return Caption(tuple(tokens), ((NOUN_AT[lang], (large,)), (len(tokens) - 1, (small,))))
        first, second = _phrase(objects[small], 1, lang), _phrase(objects[large], 1, lang)
        tokens = first + [RELATION_KO[relation]] + second
        return Caption(tuple(tokens), ((NOUN_AT[lang], (small,)), (len(tokens) - 1, (large,))))
    runs: list[list[int]] = []  # alike objects next to each other in reading order are counted together
    for index in sorted(range(len(objects)), key=lambda i: objects[i].quadrant):
        if runs and objects[runs[-1][0]].pair == objects[index].pair:
            runs[-1].append(index)
        else:
            runs.append([index])
    tokens, nouns = [], []
    for g, members in enumerate(runs):
        if g > 0:
            last = g == len(runs) - 1
            if lang == "en":
                tokens.append("and" if last else ",")
            else:
                tokens.append(("과" if _has_batchim(tokens[-1]) else "와") if last else ",")
        phrase = _phrase(objects[members[0]], len(members), lang)
        nouns.append((len(tokens) + NOUN_AT[lang], tuple(members)))
        tokens += phrase
    return Caption(tuple(tokens), tuple(nouns))


def render(tokens, lang: str) -> str:
    """Caption tokens as a person writes them: no space before a comma, nor before a Korean particle."""
    text = ""
    for token in tokens:
        glued = token == "," or (lang == "ko" and token in ("와", "과"))
        text += token if glued or not text else " " + token
    return text


def _pair(rng: np.random.Generator, pairs) -> tuple[str, str]:
    return pairs[rng.integers(len(pairs))]


def sample_layout(rng: np.random.Generator, pairs: str = SEEN) -> Layout:
    """One scene's objects and captions. pairs: SEEN (no HELD_OUT pair) or NOVEL (at least one HELD_OUT pair)."""
    count = int(rng.integers(1, MAX_OBJECTS + 1))
    chosen = [_pair(rng, TRAIN_PAIRS) for _ in range(count)]
    if count == 2 and rng.random() < 0.3:
        chosen[1] = chosen[0]  # two alike: "two red stars"
    elif count > 2:
        for k in range(1, count):
            if rng.random() < 0.35:
                chosen[k] = chosen[int(rng.integers(k))]  # a repeat: the caption counts
    if pairs == NOVEL:
        novel = _pair(rng, HELD_OUT)
        chosen = [novel if p == chosen[0] else p for p in chosen]  # every copy of the first pair, so counts hold
    if count == 2 and chosen[0] != chosen[1]:
        quadrants = ((0, 1), (2, 3), (0, 2), (1, 3))[rng.integers(4)]  # neighbours: a row or a column
        quadrants = quadrants if rng.random() < 0.5 else quadrants[::-1]
        large = (True, False)
    else:
        quadrants = tuple(int(q) for q in rng.permutation(4)[:count])
        large = tuple(bool(b) for b in rng.random(count) < 0.5)
    objects = tuple(SceneObject(c, s, big, int(q)) for (c, s), big, q in zip(chosen, large, quadrants))
    return Layout(objects, {lang: describe(objects, lang) for lang in ("en", "ko")})


def _draw(rng: np.random.Generator, layouts, clutter: float) -> tuple[np.ndarray, np.ndarray]:
    """(B, H, W, 3) float images in [0, 1] and (B, MAX_OBJECTS, H, W) bool masks of one chunk of layouts."""
    count = len(layouts)
    # A darker copy of the shapes background, so the brightest named colours (yellow, white) still stand out.
    image = 0.08 + 0.5 * background(rng, count, SIZE, clutter)  # (B, H, W, 3)
    cover, _ = strokes(rng, count, SIZE, clutter)  # (B, M, H, W)
    names = np.array(list(COLOURS.values()), dtype=np.float32)  # (K, 3)
    stroke_colours = names[rng.integers(len(names), size=cover.shape[:2])]  # (B, M, 3): the objects' colours
    for m in range(cover.shape[1]):
        image += cover[:, m, :, :, None] * (stroke_colours[:, m, None, None, :] - image)
    masks = np.zeros((count, MAX_OBJECTS, SIZE, SIZE), dtype=bool)
    fine = (np.arange(QUADRANT * 2, dtype=np.float32) + 0.5) / 2  # supersampled pixel centres in one quadrant
    for b, layout in enumerate(layouts):
        for k, obj in enumerate(layout.objects):
            radius = RADIUS["large" if obj.large else "small"]
            centre = QUADRANT / 2 + uniform(rng, -JITTER, JITTER, 2)  # (x, y) inside the quadrant
            turn = float(uniform(rng, -TURN, TURN, ()))
            dx, dy = (fine[None, :] - centre[0]) / radius, (fine[:, None] - centre[1]) / radius
            c, s = np.cos(turn), np.sin(turn)
            inside = INSIDE[obj.shape](dx * c + dy * s, dy * c - dx * s)  # (2Q, 2Q) in the object's frame
            part = downsample(inside)[..., None]  # (Q, Q, 1) coverage
            colour = np.clip(np.array(COLOURS[obj.colour], dtype=np.float32) + uniform(rng, -0.06, 0.06, 3), 0, 1)
            row, col = divmod(obj.quadrant, 2)
            window = (slice(row * QUADRANT, (row + 1) * QUADRANT), slice(col * QUADRANT, (col + 1) * QUADRANT))
            image[(b,) + window] += part * (colour - image[(b,) + window])
            masks[(b, k) + window] = part[..., 0] >= 0.5
    noise = rng.standard_normal(image.shape, dtype=np.float32) * uniform(rng, 0, 0.05, (count, 1, 1, 1)) * clutter
    return np.clip(image + noise, 0, 1), masks


CHUNK = 256


def make_scenes(count: int, seed: int, pairs: str = SEEN, clutter: float = 1.0) -> SceneBatch:
    """Draw `count` scenes from `seed`: the same seed gives the same scenes, bit for bit."""
    rng = np.random.default_rng(seed)
    layouts = tuple(sample_layout(rng, pairs) for _ in range(count))
    images = np.empty((count, SIZE, SIZE, 3), dtype=np.uint8)
    masks = np.empty((count, MAX_OBJECTS, SIZE, SIZE), dtype=bool)
    for start in range(0, count, CHUNK):
        part = slice(start, start + CHUNK)
        drawn, masks[part] = _draw(rng, layouts[part], clutter)
        images[part] = np.rint(drawn * 255)
    return SceneBatch(images, masks, layouts)


def extent_fits() -> bool:
    """Whether every shape at the large radius, moved by JITTER, stays inside its quadrant."""
    return max(EXTENT.values()) * RADIUS["large"] + JITTER < QUADRANT / 2


def caption_words() -> tuple[str, ...]:
    """Every token the grammar can write, in either language, sorted: one vocabulary for both."""
    words = {"a", "and", ",", COUNTER_KO, "와", "과"} | set(COUNT_EN.values()) | set(COUNT_KO.values())
    words |= set(COLOURS) | set(COLOUR_KO.values()) | set(CLASSES) | set(PLURAL.values()) | set(SHAPE_KO.values())
    words |= {w for ws in RELATION_EN.values() for w in ws} | set(RELATION_KO.values())
    return tuple(sorted(words))


PATCH = 8  # pixels per side of one region of the captioner's grid (model/caption/captioner.py)


def region_masks(masks: np.ndarray, patch: int = PATCH) -> np.ndarray:
    """(..., H, W) pixel masks -> (..., m) bool, m = (H/patch)²: the regions holding a pixel of the object."""
    return patch_mask(masks, patch).reshape(*masks.shape[:-2], -1)
