"""Frames counted from the file itself, and files built to make the decoder crawl refused.

Animations: the first frame is used, with a notice. Frames are counted, never taken from a
header (an APNG's acTL can claim two billion): GIF and APNG by walking their blocks without
decoding, others by seeking; counting stops at `MAX_FRAME_SCAN` frames ("100 or more").

Files built to make the decoder crawl (a PNG of a million empty chunks, a GIF whose first
frame hides behind megabytes of comment blocks: seconds and hundreds of MB inside Pillow,
which reads these one at a time in Python) are refused before Pillow sees them.
"""

from __future__ import annotations

import re
import struct
import time
import warnings
from dataclasses import dataclass

from PIL import Image

from model.errors import AtlasError
from model.inputs.formats import DECODE_ERRORS, WARNINGS_LOCK, sniff_format

MAX_FRAME_SCAN = 100  # frames counted at most; a file with more "holds 100 or more frames"
MAX_FRAME_SCAN_SECONDS = 0.2  # time bound on counting frames by seeking (WebP, MPO)
MAX_BLOCKS = 20_000  # PNG chunks (or GIF blocks before the first frame) accepted; Pillow reads
# each in Python (~10 µs a PNG chunk): a 20 MB file of empty chunks took it 14 s. Real files
# hold a few hundred at most (a 20 MB PNG in libpng's 8 kB IDAT chunks: 2,500).
_GIF_SCAN_STEPS = 200_000  # GIF blocks walked while counting frames (tens of ms), then "or more"


@dataclass(frozen=True)
class Frames:
    """How many frames a file holds, as far as counting went."""

    count: int  # frames found (at least 1)
    capped: bool = False  # counting stopped early: the file holds at least `count`


def walk_blocks(data: bytes, name: str) -> Frames | None:
    """Frames of a GIF or PNG, counted from its blocks; refuses files built to make Pillow crawl.

    Pillow walks a PNG's chunks, and a GIF's blocks before the first frame, one at a time in
    Python (and keeps every comment block and private chunk), so this walk runs before Pillow
    sees the bytes. Other formats give None: their frames are counted by seeking, once open.

    Raises:
        AtlasError: image_too_complex, for more than `MAX_BLOCKS` chunks or blocks.
    """
    kind = sniff_format(data)
    if kind == "PNG":
        return _png_frames(data, name)
    if kind == "GIF":
        return _gif_frames(data, name)
    return None


def _png_frames(data: bytes, name: str) -> Frames:
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
                return Frames(MAX_FRAME_SCAN, capped=True)
        pos += 12 + length
    return Frames(max(1, controls + default) if animated else 1)


_GIF_TAGS = re.compile(rb"[!,;]")  # extension, image descriptor, trailer


def _gif_frames(data: bytes, name: str) -> Frames:
    """Frames of a GIF: its image descriptors, found by walking the blocks without decoding.

    Stray bytes between blocks are stepped over (as Pillow does, one at a time, which is why
    they count towards `MAX_BLOCKS` before the first frame). The walk stops at the trailer, at
    `MAX_FRAME_SCAN` frames or after `_GIF_SCAN_STEPS` blocks.
    """
    size = len(data)
    if size < 13:
        return Frames(1)  # Pillow says what is wrong with it
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
                return Frames(frames, capped=True)
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
            return Frames(max(1, frames), capped=frames > 1)
    return Frames(max(1, frames))


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


def count_frames(im: Image.Image, walked: Frames | None) -> Frames:
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
    except DECODE_ERRORS:
        animated = False
    if not animated or walked is not None:
        return walked if animated else Frames(1)
    frames, deadline = 1, time.perf_counter() + MAX_FRAME_SCAN_SECONDS
    try:
        with WARNINGS_LOCK, warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            while frames < MAX_FRAME_SCAN and time.perf_counter() < deadline:
                im.seek(frames)  # checks the frame is there; decodes nothing
                frames += 1
    except (*DECODE_ERRORS, Image.DecompressionBombError):
        return Frames(frames)
    finally:
        try:
            im.seek(0)
        except DECODE_ERRORS:
            pass  # load() then reports the file as broken
    return Frames(frames, capped=True)

