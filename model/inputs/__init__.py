"""Decoding of what users hand us: image files (any of five formats) and typed text.

Everything here works on untrusted input and either returns a clean value or raises
`AtlasError` with a message a person can act on; nothing else escapes (tests fuzz it).

- `images.py`: `decode_image`, the way in for an uploaded file: opened lazily, checked against
  the pixel ceiling and minimum side, oriented, converted; every refusal's message.
- `formats.py`: the five formats we open (PNG, JPEG/MPO, WebP, GIF, BMP), told apart by content.
- `frames.py`: frames counted from the file itself; files built to make the decoder crawl refused.
- `pixels.py`: every mode to 8-bit RGB, shrunk on the way, a band of rows at a time.
- `text.py`: `clean_text`, typed text cleaned for a tokenizer.
"""

from model.inputs.formats import FORMATS
from model.inputs.frames import MAX_BLOCKS, MAX_FRAME_SCAN, MAX_FRAME_SCAN_SECONDS
from model.inputs.images import MAX_ASPECT, MAX_PIXELS, MAX_SIDE, MIN_SIDE, DecodedImage, decode_image, display_name
from model.inputs.pixels import BACKGROUND
from model.inputs.text import MAX_TEXT_CHARS, CleanText, clean_text

__all__ = [
    "BACKGROUND", "FORMATS", "MAX_ASPECT", "MAX_BLOCKS", "MAX_FRAME_SCAN", "MAX_FRAME_SCAN_SECONDS", "MAX_PIXELS",
    "MAX_SIDE", "MAX_TEXT_CHARS", "MIN_SIDE", "CleanText", "DecodedImage", "clean_text", "decode_image", "display_name",
]
