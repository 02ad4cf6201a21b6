"""Every mode to 8-bit RGB, shrunk on the way, a band of rows at a time.

- Transparency (RGBA, LA, PA, P with a transparent colour) is composited on white
  (`BACKGROUND`); 16- and 32-bit greyscale (I;16, I, F) is stretched from its actual min..max to
  0..255 (never clipped); CMYK, L and 1 convert directly.
- Memory: pixels are converted and shrunk a band of rows at a time, so beyond the decoded image
  itself only one band and the result are held (a 16-bit 50-megapixel scan needs about 2 bytes
  per pixel more than its decoded 2, where whole-image float copies needed 26).
- Large images are shrunk band by band while converting (JPEG already decoded at a reduced
  scale), so no full-size RGB copy is ever made.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from model.errors import Notice

BACKGROUND = (255, 255, 255)  # transparent pixels are composited on white
_BAND_ROWS = 256  # source rows converted at a time; bounds every temporary copy to one band


@dataclass(frozen=True)
class Converted:
    rgb: Image.Image
    notices: tuple[Notice, ...]


_WIDE_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")
_ALPHA_MODES = ("RGBA", "LA", "La", "RGBa", "PA")


def fit_size(size: tuple[int, int], max_side: int | None) -> tuple[int, int]:
    """`size` shrunk so the long side is at most `max_side`, keeping the aspect ratio."""
    width, height = size
    long = max(width, height)
    if not max_side or long <= max_side:
        return size
    return max(1, round(width * max_side / long)), max(1, round(height * max_side / long))


def to_rgb(im: Image.Image, size: tuple[int, int]) -> Converted:
    """8-bit RGB of `size` (at most `im.size`) from any mode Pillow opens our five formats in.

    The decoded image is read a band of rows at a time (`_in_bands`): each band is converted
    and shrunk on its own, so no full-size copy in another mode is ever made.
    """
    mode = im.mode
    if mode in _WIDE_MODES:
        low, high = _value_range(im)
        grey = _in_bands(im, size, lambda band: _stretch(band, low, high))
        notice = Notice(
            "image_rescaled",
            "This image has more than 8 bits per pixel; its values {low}–{high} were spread "
            "over 0–255 for display and for the model.",
            {"low": _number(low), "high": _number(high)},
        )
        return Converted(grey.convert("RGB"), (notice,))
    if (mode == "P" and "transparency" in im.info) or mode in _ALPHA_MODES:
        seen = []  # True for each band with a pixel that is not fully opaque

        def on_white(band: Image.Image) -> Image.Image:
            rgba = band.convert("RGBA")
            seen.append(rgba.getchannel("A").getextrema()[0] < 255)
            canvas = Image.new("RGB", rgba.size, BACKGROUND)
            canvas.paste(rgba, mask=rgba)  # the alpha band is the mask
            return canvas

        rgb = _in_bands(im, size, on_white)
        if not any(seen):
            return Converted(rgb, ())
        notice = Notice(
            "image_transparent",
            "This image has transparent parts; they are shown on a white background, and the "
            "model sees them as white.",
            {},
        )
        return Converted(rgb, (notice,))
    if mode in ("L", "1"):
        return Converted(_in_bands(im, size, lambda band: band.convert("L")).convert("RGB"), ())
    # RGB (copied: the copy holds no reference to the uploaded bytes), P, CMYK, ...
    return Converted(_in_bands(im, size, lambda band: band.convert("RGB")), ())


def _in_bands(im: Image.Image, size: tuple[int, int], convert) -> Image.Image:
    """`convert` applied to `im` a band of about `_BAND_ROWS` rows at a time, resized to `size`.

    Each band is shrunk with Lanczos, down then across (`box` places it in source rows), and
    reads enough rows above and below for the filter's reach: the result is one vertical then
    one horizontal resize of the whole converted image, with no seams (a few pixels differ by
    1 of 255 where the band offsets round differently).
    """
    width, height = im.size
    out_width, out_height = size
    scale = height / out_height  # source rows per output row (1 or more)
    margin = 0 if out_height == height else math.ceil(3 * scale) + 2  # Lanczos: 3 × scale
    step = max(1, int(_BAND_ROWS / scale))  # output rows per band
    out = None
    for top in range(0, out_height, step):
        bottom = min(out_height, top + step)
        y0, y1 = top * scale, bottom * scale  # the band in source rows, fractional
        first, last = max(0, math.floor(y0) - margin), min(height, math.ceil(y1) + margin)
        band = convert(im.crop((0, first, width, last)))  # (last - first) rows
        if out_height != height:
            band = band.resize((width, bottom - top), Image.Resampling.LANCZOS,
                               box=(0, y0 - first, width, y1 - first))
        if out_width != width:
            band = band.resize((out_width, bottom - top), Image.Resampling.LANCZOS)
        if out is None:
            out = Image.new(band.mode, size)
        out.paste(band, (0, top))
    return out


def _wide_values(band: Image.Image) -> np.ndarray:
    """A band of a 16- or 32-bit image as numbers: NaN as 0 and ±inf as the largest floats."""
    values = np.asarray(band)  # (rows, W) uint16, int32 or float32
    if values.dtype.kind == "f":
        values = np.nan_to_num(values.astype(np.float64), copy=False)
    return values


def _value_range(im: Image.Image) -> tuple[float, float]:
    """The smallest and largest value of a 16- or 32-bit image, a band at a time."""
    low, high = math.inf, -math.inf
    for top in range(0, im.height, _BAND_ROWS):
        values = _wide_values(im.crop((0, top, im.width, min(im.height, top + _BAND_ROWS))))
        low, high = min(low, float(values.min())), max(high, float(values.max()))
    return low, high


def _stretch(band: Image.Image, low: float, high: float) -> Image.Image:
    """A band of a 16- or 32-bit image as 8-bit grey, `low`..`high` spread over 0..255."""
    values = _wide_values(band).astype(np.float64, copy=False)  # (rows, W), fresh: edited in place
    if high > low:
        values -= low
        values *= 255.0 / (high - low)
        np.rint(values, out=values)
    else:  # one value everywhere: keep it where it already fits 0..255
        values.fill(0.0 if high <= 0 else 255.0 if high >= 255 else round(high))
    return Image.fromarray(values.astype(np.uint8))  # (rows, W) mode L


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.4g}"
