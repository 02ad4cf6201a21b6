"""Decoding of what users hand us: image files (any of five formats) and typed text.

Everything here works on untrusted input and either returns a clean value or raises
`AtlasError` with a message a person can act on; nothing else escapes (tests fuzz it).

Images (`decode_image`):
- The format is recognised from the content, never from the file name; only PNG, JPEG
  (and MPO, the multi-picture JPEG some cameras write), WebP, GIF and BMP are opened, so no
  other decoder (TIFF, EPS, ...) ever sees user bytes.
- The pixel ceiling is checked on the header size right after `Image.open`, which is lazy,
  so a decompression bomb is refused before a single pixel is decoded. Pillow's own bomb
  check is kept (its error becomes our message; its warning is silenced because our ceiling,
  below Pillow's, refuses those files anyway).
- EXIF orientation is applied, so the image the page shows and the one the model sees are
  the photo as every viewer shows it.
- Every mode becomes 8-bit RGB: transparency (RGBA, LA, PA, P with a transparent colour)
  is composited on white (`BACKGROUND`); 16- and 32-bit greyscale (I;16, I, F) is stretched
  from its actual min..max to 0..255 (never clipped); CMYK, L and 1 convert directly.
- Animations: the first frame is used, with a notice.
- Sides below `MIN_SIDE` are refused (the model cannot make patches out of a 1-pixel strip);
  long thin images are accepted with a notice that the model's square input squeezes them.
- Large images are downscaled for display to `max_side` on the long side (JPEG decodes at a
  reduced scale directly); `original_size` keeps the size before that.

Text (`clean_text`): invisible and control characters are removed (with a notice saying how
many), line breaks normalised to "\\n", the result NFC-normalised and stripped. The text is
data: nothing here or downstream interprets it as HTML or Markdown. Truncation to the model's
token limit happens later, in the tokenizer step.
"""

from __future__ import annotations

import io
import re
import struct
import threading
import unicodedata
import warnings
import zlib
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from model.errors import AtlasError, Notice

FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP")  # what Image.open may try, in this order
MAX_PIXELS = 50_000_000  # 50 megapixels: an 8000×6000 photo fits; below Pillow's own limit
MIN_SIDE = 8  # pixels; below this the image cannot be cut into patches sensibly
MAX_SIDE = 2048  # pixels on the long side of the decoded image (the model sees 224 or less)
MAX_ASPECT = 3.0  # long side / short side above which we say the image will be squeezed
BACKGROUND = (255, 255, 255)  # transparent pixels are composited on white
MAX_TEXT_CHARS = 100_000  # typed text longer than this is refused, not just truncated

# Any of these raised while Pillow reads user bytes means "this file is broken", not a bug.
_DECODE_ERRORS = (
    OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError,
    struct.error, zlib.error, MemoryError, OverflowError, ZeroDivisionError,
)
_WARNINGS_LOCK = threading.Lock()  # warnings.catch_warnings is process-wide state

# Magic numbers, used only to word the message for files we refuse.
_OURS = (
    (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"), (b"BM", "BMP"),
)
_OTHERS = (
    (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"%PDF", "PDF"), (b"8BPS", "Photoshop (PSD)"),
    (b"\x00\x00\x01\x00", "ICO"), (b"\xff\x0a", "JPEG XL"), (b"\x00\x00\x00\x0cJXL ", "JPEG XL"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
)
_FTYP_BRANDS = {
    b"heic": "HEIC", b"heix": "HEIC", b"hevc": "HEIC", b"heim": "HEIC", b"heis": "HEIC",
    b"mif1": "HEIF", b"msf1": "HEIF", b"avif": "AVIF", b"avis": "AVIF",
}


@dataclass(frozen=True)
class DecodedImage:
    """An uploaded image, ready to show and to feed to a model.

    Attributes:
        image: 8-bit RGB, EXIF orientation applied, long side at most `max_side`.
        format: the format the content is in ("PNG", "JPEG", "MPO", "WEBP", "GIF", "BMP").
        original_size: (width, height) in pixels after orientation, before any downscaling.
        frames: how many frames the file holds (1 for a still image; only the first is used).
        notices: what was changed on the way, for the page to show.
    """

    image: Image.Image
    format: str
    original_size: tuple[int, int]
    frames: int = 1
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class CleanText:
    """Typed text, cleaned: `text` is NFC, stripped, free of invisible and control characters."""

    text: str
    notices: tuple[Notice, ...] = ()


# ---------------------------------------------------------------------------------------------
# Images


def decode_image(
    data: bytes,
    *,
    filename: str = "",
    max_pixels: int = MAX_PIXELS,
    max_side: int | None = MAX_SIDE,
) -> DecodedImage:
    """Decode an uploaded image file into an RGB image, or explain why it cannot be.

    Args:
        data: the file's bytes, exactly as uploaded.
        filename: the name the user gave the file; used only in messages.
        max_pixels: refuse images whose header claims more pixels than this.
        max_side: downscale so the long side is at most this; None keeps full size.

    Raises:
        AtlasError: image_empty, image_not_image, image_unsupported, image_truncated,
            image_corrupt, image_too_many_pixels, image_too_small.
    """
    name = _display_name(filename)
    if not data:
        raise AtlasError("image_empty", "“{filename}” is empty (0 bytes). Choose another file.",
                         filename=name)
    im = _open_lazily(bytes(data), name, max_pixels)
    try:
        return _decode(im, name, max_side)
    finally:
        im.close()


def _decode(im: Image.Image, name: str, max_side: int | None) -> DecodedImage:
    """Pixels of a lazily opened image whose header passed the pixel ceiling."""
    width, height = im.size  # from the header; nothing decoded yet
    if min(width, height) < MIN_SIDE:
        raise AtlasError(
            "image_too_small",
            "“{filename}” is only {width}×{height} pixels; each side needs at least {min_side} "
            "pixels for the model to cut it into patches. Choose a larger image.",
            filename=name, width=width, height=height, min_side=MIN_SIDE,
        )
    fmt = im.format
    frames = _count_frames(im)
    if max_side and max(width, height) > max_side and fmt in ("JPEG", "MPO"):
        # JPEG decodes at 1/2, 1/4 or 1/8 scale directly, never below the requested size.
        scale = max(width, height) / max_side
        im.draft(None, (max(1, int(width / scale)), max(1, int(height / scale))))
    try:
        im.load()
        transpose = _orientation(im)
        if transpose is not None:
            im = im.transpose(transpose)
        converted = _to_rgb(im)
    except _DECODE_ERRORS as exc:
        raise _broken(exc, name, fmt) from exc

    rgb, notices = converted.rgb, list(converted.notices)
    swaps = transpose in _SWAPPING
    original_size = (height, width) if swaps else (width, height)
    if max_side and max(rgb.size) > max_side:
        rgb.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    if frames > 1:
        notices.insert(0, Notice(
            "image_first_frame",
            "“{filename}” holds {frames} frames (an animation or several pictures); "
            "only the first frame is used.",
            {"filename": name, "frames": frames},
        ))
    short, long = sorted(original_size)
    if long / short > MAX_ASPECT:
        notices.append(Notice(
            "image_squeezed",
            "This image is {width}×{height} pixels, far from square; the model sees it "
            "squeezed into its square input, so shapes look stretched. Crop it closer to a "
            "square for a fairer picture.",
            {"width": original_size[0], "height": original_size[1]},
        ))
    return DecodedImage(image=rgb, format=fmt, original_size=original_size,
                        frames=frames, notices=tuple(notices))


def _display_name(filename: str) -> str:
    """The file name as messages show it: one line, at most 80 characters."""
    name = "".join(ch for ch in (filename or "") if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    name = name.strip() or "(untitled)"
    return name if len(name) <= 80 else name[:50] + "…" + name[-29:]


def _open_lazily(data: bytes, name: str, max_pixels: int) -> Image.Image:
    """Identify the file and read its header, refusing bombs before any pixel is decoded."""
    try:
        with _WARNINGS_LOCK, warnings.catch_warnings():
            # Pillow warns between its limit and twice it; our lower ceiling refuses those below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = int(found.group(1)) if found else 2 * (Image.MAX_IMAGE_PIXELS or max_pixels) + 1
        raise _too_many_pixels(name, pixels, max_pixels) from exc
    except _DECODE_ERRORS as exc:
        kind = _sniff(data)
        if kind in FORMATS:
            raise _broken(exc, name, kind) from exc
        if kind:
            raise AtlasError(
                "image_unsupported",
                "“{filename}” is a {kind} file, which Attention Atlas cannot read. Save it as "
                "PNG or JPEG and upload that, or choose another file.",
                filename=name, kind=kind,
            ) from exc
        raise AtlasError(
            "image_not_image",
            "“{filename}” is not an image Attention Atlas can read (PNG, JPEG, WebP, GIF or BMP). "
            "Choose another file.",
            filename=name,
        ) from exc
    width, height = im.size
    if width * height > max_pixels:
        raise _too_many_pixels(name, width * height, max_pixels)
    return im


def _too_many_pixels(name: str, pixels: int, max_pixels: int) -> AtlasError:
    return AtlasError(
        "image_too_many_pixels",
        "“{filename}” has {megapixels} million pixels, more than the {limit} million this app "
        "accepts. Shrink it (for example to 4000 pixels on the long side) and upload it again.",
        filename=name, megapixels=_millions(pixels), limit=_millions(max_pixels),
    )


def _millions(pixels: int) -> str:
    return f"{pixels / 1e6:,.1f}".removesuffix(".0")


def _broken(exc: BaseException, name: str, kind: str | None) -> AtlasError:
    """The message for a file in one of our formats whose data cannot be decoded."""
    text = str(exc).lower()
    if isinstance(exc, EOFError) or "truncated" in text or "end of file" in text:
        return AtlasError(
            "image_truncated",
            "“{filename}” stops before the image ends: the file is incomplete, perhaps cut off "
            "while copying or downloading. Save or download it again, or choose another file.",
            filename=name,
        )
    return AtlasError(
        "image_corrupt",
        "“{filename}” looks like a {kind} image but its data is damaged and cannot be decoded. "
        "Open it in an image editor and save it again, or choose another file.",
        filename=name, kind=_FORMAT_NAMES.get(kind or "", kind or "?"),
    )


_FORMAT_NAMES = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG", "WEBP": "WebP", "GIF": "GIF",
                 "BMP": "BMP"}


def _sniff(data: bytes) -> str | None:
    """The format the first bytes announce ("PNG", ... for ours, a plain name for others)."""
    head = data[:32]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    for magic, kind in _OURS + _OTHERS:
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp" and head[8:12] in _FTYP_BRANDS:
        return _FTYP_BRANDS[head[8:12]]
    text = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "SVG"
    return None


def _count_frames(im: Image.Image) -> int:
    """Frames in the file, read from headers (GIF: scanned without decoding), and rewound.

    When the later frames cannot be read, the answer is 2 ("more than one"): only the first
    frame is used, so a broken later frame does not make the file unusable.
    """
    try:
        if not getattr(im, "is_animated", False):
            return 1
    except _DECODE_ERRORS:
        return 1
    try:
        return max(2, int(getattr(im, "n_frames", 2)))
    except _DECODE_ERRORS:
        return 2
    finally:
        try:
            im.seek(0)
        except _DECODE_ERRORS:
            pass  # load() then reports the file as broken


_TRANSPOSES = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90,
}
_SWAPPING = {Image.Transpose.TRANSPOSE, Image.Transpose.ROTATE_270,
             Image.Transpose.TRANSVERSE, Image.Transpose.ROTATE_90}


def _orientation(im: Image.Image) -> Image.Transpose | None:
    """The transpose that EXIF orientation 2..8 asks for (as ImageOps.exif_transpose does).

    Read after `load()`, since PNG may store its EXIF after the pixels. Broken EXIF is
    ignored: the photo is then shown as stored rather than refused.
    """
    try:
        orientation = im.getexif().get(0x0112, 1)
    except _DECODE_ERRORS:
        return None
    return _TRANSPOSES.get(orientation) if isinstance(orientation, int) else None


@dataclass(frozen=True)
class _Converted:
    rgb: Image.Image
    notices: tuple[Notice, ...]


def _to_rgb(im: Image.Image) -> _Converted:
    """8-bit RGB from any mode Pillow opens our five formats in."""
    mode = im.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        values = np.nan_to_num(np.asarray(im, dtype=np.float64))  # (H, W)
        low, high = float(values.min()), float(values.max())
        if high > low:
            scaled = (values - low) * (255.0 / (high - low))  # (H, W) in 0..255
        else:
            scaled = np.full_like(values, 0.0 if high <= 0 else 255.0 if high >= 255 else high)
        grey = Image.fromarray(np.rint(scaled).astype(np.uint8))
        notice = Notice(
            "image_rescaled",
            "This image has more than 8 bits per pixel; its values {low}–{high} were spread "
            "over 0–255 for display and for the model.",
            {"low": _number(low), "high": _number(high)},
        )
        return _Converted(grey.convert("RGB"), (notice,))
    if (mode == "P" and "transparency" in im.info) or mode == "PA":
        im, mode = im.convert("RGBA"), "RGBA"
    if mode in ("RGBA", "LA", "La", "RGBa"):
        rgba = im.convert("RGBA")
        alpha = rgba.getchannel("A")
        if alpha.getextrema()[0] == 255:
            return _Converted(rgba.convert("RGB"), ())
        canvas = Image.new("RGB", rgba.size, BACKGROUND)
        canvas.paste(rgba, mask=alpha)
        notice = Notice(
            "image_transparent",
            "This image has transparent parts; they are shown on a white background, and the "
            "model sees them as white.",
            {},
        )
        return _Converted(canvas, (notice,))
    if mode == "RGB":
        return _Converted(im.copy(), ())  # a copy holds no reference to the uploaded bytes
    return _Converted(im.convert("RGB"), ())


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.4g}"


# ---------------------------------------------------------------------------------------------
# Text

_INVISIBLE = frozenset(
    [chr(c) for c in range(0x200B, 0x200E)]  # zero-width space, non-joiner, joiner
    + ["\u2060", "\ufeff", "\u00ad", "\u180e"]  # word joiner, BOM / ZWNBSP, soft hyphen, MVS
    + ["\u200e", "\u200f", "\u061c"]  # left-to-right, right-to-left, Arabic letter marks
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings and overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi isolates
)
_KEPT_CONTROLS = frozenset("\n\t")


def clean_text(text: str | None, *, max_chars: int = MAX_TEXT_CHARS) -> CleanText:
    """Clean typed text for a tokenizer, or explain why there is nothing to use.

    Line breaks ("\\r\\n", "\\r") become "\\n"; tabs and line breaks are kept; every other
    control character, the zero-width and bidi-control characters and lone surrogates are
    removed (a notice says how many); the rest is NFC-normalised and stripped.

    Raises:
        AtlasError: text_empty (nothing visible left), text_too_long (over `max_chars`).
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > max_chars:
        raise AtlasError(
            "text_too_long",
            "The text is {length} characters long; the limit is {limit}. Shorten it (the model "
            "reads only the first few hundred words anyway) and try again.",
            length=f"{len(text):,}", limit=f"{max_chars:,}",
        )
    kept = [ch for ch in text if not _is_invisible(ch)]
    removed = len(text) - len(kept)
    cleaned = unicodedata.normalize("NFC", "".join(kept)).strip()
    if not cleaned:
        raise AtlasError("text_empty", "There is no text to read. Type or paste a sentence first.")
    notices = ()
    if removed:
        notices = (Notice(
            "text_invisible_removed",
            "{count} invisible or control characters were removed from the text.",
            {"count": removed},
        ),)
    return CleanText(text=cleaned, notices=notices)


def _is_invisible(ch: str) -> bool:
    if ch in _INVISIBLE:
        return True
    category = unicodedata.category(ch)
    return (category == "Cc" and ch not in _KEPT_CONTROLS) or category == "Cs"
