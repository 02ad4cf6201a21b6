"""Image files: opened lazily, checked, oriented and converted, or refused with a message.

- The file's format is sniffed from its content (`formats.py`); GIF and PNG blocks are walked
  before Pillow reads them (`frames.py`).
- The pixel ceiling is checked on the header size right after `Image.open`, which is lazy,
  so a decompression bomb is refused before a single pixel is decoded. Pillow's own bomb
  check is kept (its error becomes our message; its warning is silenced because our ceiling,
  below Pillow's, refuses those files anyway).
- EXIF orientation is applied, so the image the page shows and the one the model sees are
  the photo as every viewer shows it.
- Sides below `MIN_SIDE` are refused (the model cannot make patches out of a 1-pixel strip);
  long thin images are accepted with a notice that the model's square input squeezes them.
- Large images are downscaled for display to `max_side` on the long side (JPEG decodes at a
  reduced scale directly, other formats are shrunk band by band while converting in
  `pixels.py`); `original_size` keeps the size before that.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from PIL import Image

from model.errors import AtlasError, Notice
from model.inputs.formats import DECODE_ERRORS, FORMAT_NAMES, FORMATS, WARNINGS_LOCK, sniff_format
from model.inputs.frames import Frames, count_frames, walk_blocks
from model.inputs.pixels import fit_size, to_rgb

MAX_PIXELS = 50_000_000  # 50 megapixels: an 8000×6000 photo fits; below Pillow's own limit
MIN_SIDE = 8  # pixels; below this the image cannot be cut into patches sensibly
MAX_SIDE = 2048  # pixels on the long side of the decoded image (the model sees 224 or less)
MAX_ASPECT = 3.0  # long side / short side above which we say the image will be squeezed


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
    walked = walk_blocks(data, name)  # before Pillow reads the blocks one at a time
    im = _open_lazily(data, name, max_pixels)
    try:
        return _decode(im, name, max_side, walked)
    finally:
        im.close()


def _decode(im: Image.Image, name: str, max_side: int | None, walked: Frames | None) -> DecodedImage:
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
    frames = count_frames(im, walked)
    if max_side and max(width, height) > max_side and fmt in ("JPEG", "MPO"):
        # JPEG decodes at 1/2, 1/4 or 1/8 scale directly, never below the requested size.
        scale = max(width, height) / max_side
        im.draft(None, (max(1, int(width / scale)), max(1, int(height / scale))))
    try:
        im.load()
        transpose = _orientation(im)
        converted = to_rgb(im, fit_size(im.size, max_side))  # shrunk first, turned after: small
        rgb = converted.rgb if transpose is None else converted.rgb.transpose(transpose)
    except DECODE_ERRORS as exc:
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
        with WARNINGS_LOCK, warnings.catch_warnings():
            # Pillow warns between its limit and twice it; our lower ceiling refuses those below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError as exc:
        found = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = int(found.group(1)) if found else 2 * (Image.MAX_IMAGE_PIXELS or max_pixels) + 1
        raise _too_many_pixels(name, pixels, max_pixels) from exc
    except DECODE_ERRORS as exc:
        kind = sniff_format(data)
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
        filename=name, kind=FORMAT_NAMES.get(kind or "", kind or "?"),
    )


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
    except DECODE_ERRORS:
        return None
    return _TRANSPOSES.get(orientation) if isinstance(orientation, int) else None

