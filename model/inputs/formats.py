"""The formats we open, told apart by content, and what Pillow raises on broken ones.

The format is recognised from the content, never from the file name; only PNG, JPEG (and MPO,
the multi-picture JPEG some cameras write), WebP, GIF and BMP are opened, so no other decoder
(TIFF, EPS, ...) ever sees user bytes. The magic numbers of other formats only word the message
for files we refuse.
"""

from __future__ import annotations

import struct
import threading
import zlib

FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "BMP")  # what Image.open may try, in this order

# Any of these raised while Pillow reads user bytes means "this file is broken", not a bug.
DECODE_ERRORS = (
    OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError,
    struct.error, zlib.error, MemoryError, OverflowError, ZeroDivisionError,
)
WARNINGS_LOCK = threading.Lock()  # warnings.catch_warnings is process-wide state

# How messages name each format Pillow reports.
FORMAT_NAMES = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG", "WEBP": "WebP", "GIF": "GIF", "BMP": "BMP"}

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



def sniff_format(data: bytes) -> str | None:
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
