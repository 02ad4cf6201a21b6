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
- Memory: pixels are converted and shrunk a band of rows at a time, so beyond the decoded image
  itself only one band and the result are held (a 16-bit 50-megapixel scan needs about 2 bytes
  per pixel more than its decoded 2, where whole-image float copies needed 26).
- Animations: the first frame is used, with a notice. Frames are counted, never taken from a
  header (an APNG's acTL can claim two billion): GIF and APNG by walking their blocks without
  decoding, others by seeking; counting stops at `MAX_FRAME_SCAN` frames ("100 or more").
- Files built to make the decoder crawl (a PNG of a million empty chunks, a GIF whose first
  frame hides behind megabytes of comment blocks: seconds and hundreds of MB inside Pillow,
  which reads these one at a time in Python) are refused before Pillow sees them.
- Sides below `MIN_SIDE` are refused (the model cannot make patches out of a 1-pixel strip);
  long thin images are accepted with a notice that the model's square input squeezes them.
- Large images are downscaled for display to `max_side` on the long side (JPEG decodes at a
  reduced scale directly, other formats are shrunk band by band while converting, so no
  full-size RGB copy is ever made); `original_size` keeps the size before that.

Text (`clean_text`): invisible and control characters are removed (with a notice saying how
many), line breaks normalised to "\\n", the result NFC-normalised and stripped. The text is
data: nothing here or downstream interprets it as HTML or Markdown. Truncation to the model's
token limit happens later, in the tokenizer step.
"""

from __future__ import annotations

import io
import math
import re
import struct
import threading
import time
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
MAX_FRAME_SCAN = 100  # frames counted at most; a file with more "holds 100 or more frames"
MAX_FRAME_SCAN_SECONDS = 0.2  # time bound on counting frames by seeking (WebP, MPO)
MAX_BLOCKS = 20_000  # PNG chunks (or GIF blocks before the first frame) accepted; Pillow reads
# each in Python (~10 µs a PNG chunk): a 20 MB file of empty chunks took it 14 s. Real files
# hold a few hundred at most (a 20 MB PNG in libpng's 8 kB IDAT chunks: 2,500).
_GIF_SCAN_STEPS = 200_000  # GIF blocks walked while counting frames (tens of ms), then "or more"
_BAND_ROWS = 256  # source rows converted at a time; bounds every temporary copy to one band

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
        frames_capped: True when counting stopped early (at `MAX_FRAME_SCAN` frames or its time
            bound): the file holds at least `frames` frames.
        notices: what was changed on the way, for the page to show.
    """

    image: Image.Image
    format: str
    original_size: tuple[int, int]
    frames: int = 1
    notices: tuple[Notice, ...] = ()
    frames_capped: bool = False


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
            image_corrupt, image_too_complex, image_too_many_pixels, image_too_small.
    """
    name = display_name(filename)
    if not data:
        raise AtlasError("image_empty", "“{filename}” is empty (0 bytes). Choose another file.",
                         filename=name)
    data = bytes(data)
    walked = _walk_blocks(data, name)  # before Pillow reads the blocks one at a time
    im = _open_lazily(data, name, max_pixels)
    try:
        return _decode(im, name, max_side, walked)
    finally:
        im.close()


def _decode(im: Image.Image, name: str, max_side: int | None, walked: _Frames | None) -> DecodedImage:
    """Pixels of a lazily opened image whose header passed the pixel ceiling.

    `walked` is the frame count from walking a GIF's or PNG's blocks (None for other formats).
    """
    width, height = im.size  # from the header; nothing decoded yet
    if min(width, height) < MIN_SIDE:
        raise AtlasError(
            "image_too_small",
            "“{filename}” is only {width}×{height} pixels; each side needs at least {min_side} "
            "pixels for the model to cut it into patches. Choose a larger image.",
            filename=name, width=width, height=height, min_side=MIN_SIDE,
        )
    fmt = im.format
    frames = _count_frames(im, walked)
    if max_side and max(width, height) > max_side and fmt in ("JPEG", "MPO"):
        # JPEG decodes at 1/2, 1/4 or 1/8 scale directly, never below the requested size.
        scale = max(width, height) / max_side
        im.draft(None, (max(1, int(width / scale)), max(1, int(height / scale))))
    try:
        im.load()
        transpose = _orientation(im)
        converted = _to_rgb(im, _fit(im.size, max_side))  # shrunk first, turned after: small
        rgb = converted.rgb if transpose is None else converted.rgb.transpose(transpose)
    except _DECODE_ERRORS as exc:
        raise _broken(exc, name, fmt) from exc

    notices = list(converted.notices)
    swaps = transpose in _SWAPPING
    original_size = (height, width) if swaps else (width, height)
    if frames.count > 1 and frames.capped:
        notices.insert(0, Notice(
            "image_many_frames",
            "“{filename}” holds {frames} or more frames (an animation or several pictures); "
            "only the first frame is used.",
            {"filename": name, "frames": frames.count},
        ))
    elif frames.count > 1:
        notices.insert(0, Notice(
            "image_first_frame",
            "“{filename}” holds {frames} frames (an animation or several pictures); "
            "only the first frame is used.",
            {"filename": name, "frames": frames.count},
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
    return DecodedImage(image=rgb, format=fmt, original_size=original_size, frames=frames.count,
                        notices=tuple(notices), frames_capped=frames.capped)


def display_name(filename: str) -> str:
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


@dataclass(frozen=True)
class _Frames:
    count: int  # frames found (at least 1)
    capped: bool = False  # counting stopped early: the file holds at least `count`


def _walk_blocks(data: bytes, name: str) -> _Frames | None:
    """Frames of a GIF or PNG, counted from its blocks; refuses files built to make Pillow crawl.

    Pillow walks a PNG's chunks, and a GIF's blocks before the first frame, one at a time in
    Python (and keeps every comment block and private chunk), so this walk runs before Pillow
    sees the bytes. Other formats give None: their frames are counted by seeking, once open.

    Raises:
        AtlasError: image_too_complex, for more than `MAX_BLOCKS` chunks or blocks.
    """
    kind = _sniff(data)
    if kind == "PNG":
        return _png_frames(data, name)
    if kind == "GIF":
        return _gif_frames(data, name)
    return None


def _png_frames(data: bytes, name: str) -> _Frames:
    """Frames of an APNG: one per fcTL chunk, plus the default image when it precedes them.

    The frame count in acTL is never read: it is the header's claim, not the file's content.
    The walk stops at IEND or at `MAX_FRAME_SCAN` frames and touches no pixel data.
    """
    pos, chunks, controls = 8, 0, 0
    animated = idat = default = False
    while pos + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        chunks += 1
        if chunks > MAX_BLOCKS:
            raise _too_complex(name, "PNG")
        if kind == b"IEND":
            break
        if kind == b"acTL" and not idat:
            animated = True
        elif kind == b"IDAT" and not idat:
            idat, default = True, controls == 0  # an IDAT before any fcTL is a frame of its own
        elif kind == b"fcTL" and animated:
            controls += 1
            if controls + default >= MAX_FRAME_SCAN:
                return _Frames(MAX_FRAME_SCAN, capped=True)
        pos += 12 + length
    return _Frames(max(1, controls + default) if animated else 1)


_GIF_TAGS = re.compile(rb"[!,;]")  # extension, image descriptor, trailer


def _gif_frames(data: bytes, name: str) -> _Frames:
    """Frames of a GIF: its image descriptors, found by walking the blocks without decoding.

    Stray bytes between blocks are stepped over (as Pillow does, one at a time, which is why
    they count towards `MAX_BLOCKS` before the first frame). The walk stops at the trailer, at
    `MAX_FRAME_SCAN` frames or after `_GIF_SCAN_STEPS` blocks.
    """
    size = len(data)
    if size < 13:
        return _Frames(1)  # Pillow says what is wrong with it
    pos = 13 + _gif_palette(data[10])
    frames = steps = 0
    in_blocks = False  # inside a run of data sub-blocks, ended by a zero-length one
    while pos < size:
        steps += 1
        if in_blocks:
            length = data[pos]
            pos += length + 1
            in_blocks = length > 0
        elif data[pos] == 0x3B:  # trailer
            break
        elif data[pos] == 0x21:  # extension: label, then sub-blocks
            pos += 2
            in_blocks = True
        elif data[pos] == 0x2C:  # image descriptor (9 bytes), local palette, LZW size, sub-blocks
            frames += 1
            if frames >= MAX_FRAME_SCAN:
                return _Frames(frames, capped=True)
            if pos + 10 > size:
                break
            pos += 10 + _gif_palette(data[pos + 9]) + 1
            in_blocks = True
        else:
            found = _GIF_TAGS.search(data, pos)
            end = found.start() if found else size
            steps += end - pos - 1
            pos = end
        if frames == 0 and steps > MAX_BLOCKS:
            raise _too_complex(name, "GIF")
        if steps > _GIF_SCAN_STEPS:
            return _Frames(max(1, frames), capped=frames > 1)
    return _Frames(max(1, frames))


def _gif_palette(flags: int) -> int:
    """Bytes of the colour table that a GIF descriptor's flags announce."""
    return 3 << ((flags & 7) + 1) if flags & 0x80 else 0


def _too_complex(name: str, kind: str) -> AtlasError:
    return AtlasError(
        "image_too_complex",
        "“{filename}” is a {kind} file cut into more than {limit} pieces (chunks or blocks), far "
        "more than any image needs; reading it would hold up the app for everyone. Open it in an "
        "image editor and save it again, or choose another file.",
        filename=name, kind=kind, limit=f"{MAX_BLOCKS:,}",
    )


def _count_frames(im: Image.Image, walked: _Frames | None) -> _Frames:
    """Frames in the file, counted rather than read from a header, and the image rewound.

    GIF and PNG were counted by walking their blocks (`walked`; a PNG Pillow does not take for
    an animation is one frame whatever its chunks say). Other formats (WebP, MPO) are counted
    by seeking, for at most `MAX_FRAME_SCAN` frames and `MAX_FRAME_SCAN_SECONDS`. A later
    frame that cannot be reached ends the count: only the first frame is used, so a broken
    later frame does not make the file unusable.
    """
    if walked is not None and im.format == "GIF":
        return walked  # (Pillow's is_animated would walk the GIF itself)
    try:
        animated = bool(getattr(im, "is_animated", False))  # PNG: acTL seen; WebP, MPO: 2+ found
    except _DECODE_ERRORS:
        animated = False
    if not animated or walked is not None:
        return walked if animated else _Frames(1)
    frames, deadline = 1, time.perf_counter() + MAX_FRAME_SCAN_SECONDS
    try:
        with _WARNINGS_LOCK, warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            while frames < MAX_FRAME_SCAN and time.perf_counter() < deadline:
                im.seek(frames)  # checks the frame is there; decodes nothing
                frames += 1
    except (*_DECODE_ERRORS, Image.DecompressionBombError):
        return _Frames(frames)
    finally:
        try:
            im.seek(0)
        except _DECODE_ERRORS:
            pass  # load() then reports the file as broken
    return _Frames(frames, capped=True)


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


_WIDE_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")
_ALPHA_MODES = ("RGBA", "LA", "La", "RGBa", "PA")


def _fit(size: tuple[int, int], max_side: int | None) -> tuple[int, int]:
    """`size` shrunk so the long side is at most `max_side`, keeping the aspect ratio."""
    width, height = size
    long = max(width, height)
    if not max_side or long <= max_side:
        return size
    return max(1, round(width * max_side / long)), max(1, round(height * max_side / long))


def _to_rgb(im: Image.Image, size: tuple[int, int]) -> _Converted:
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
        return _Converted(grey.convert("RGB"), (notice,))
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
            return _Converted(rgb, ())
        notice = Notice(
            "image_transparent",
            "This image has transparent parts; they are shown on a white background, and the "
            "model sees them as white.",
            {},
        )
        return _Converted(rgb, (notice,))
    if mode in ("L", "1"):
        return _Converted(_in_bands(im, size, lambda band: band.convert("L")).convert("RGB"), ())
    # RGB (copied: the copy holds no reference to the uploaded bytes), P, CMYK, ...
    return _Converted(_in_bands(im, size, lambda band: band.convert("RGB")), ())


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
