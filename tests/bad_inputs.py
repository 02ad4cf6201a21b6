"""Inputs users really send, good and bad, generated in code (no binary fixtures).

Each image function returns `(filename, bytes)`, ready for `decode_image(data, filename=...)`
or for a browser upload; the unit tests (tests/test_inputs.py) and the browser tests
(tests/browser/) share them. Known colours sit at known places so tests can check where
pixels land.
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image

RED, GREEN, BLUE, WHITE, BLACK = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255), (0, 0, 0)
SCRIPT = "<script>alert(1)</script>"


def _save(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **params)
    return buffer.getvalue()


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


# --- valid images ----------------------------------------------------------------------------


def photo_png(seed: int = 0, size: tuple[int, int] = (96, 64), name: str | None = None) -> tuple[str, bytes]:
    """A valid RGB PNG: smooth colours that differ with `seed` (distinct files for many users)."""
    width, height = size
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 256, size=3)
    y, x = np.mgrid[0:height, 0:width]
    pixels = (base[None, None, :] + np.stack([x * 2, y * 3, (x + y)], axis=-1) * (seed % 5 + 1)) % 256
    return name or f"photo_{seed}.png", _save(Image.fromarray(pixels.astype(np.uint8)), "PNG")


def jpeg_named_png() -> tuple[str, bytes]:
    """A real JPEG whose name says .png: the content decides, so this is fine."""
    image = Image.new("RGB", (64, 48), BLUE)
    return "holiday.png", _save(image, "JPEG", quality=95)


def script_named_png() -> tuple[str, bytes]:
    """A valid PNG whose file name is a script tag: shown as text, never run."""
    return f"{SCRIPT}.png", _save(Image.new("RGB", (32, 32), GREEN), "PNG")


# --- refused ---------------------------------------------------------------------------------


def empty_file() -> tuple[str, bytes]:
    return "empty.png", b""


def text_renamed_png() -> tuple[str, bytes]:
    """A text file renamed to .png: must be refused by its content."""
    return "notes.png", b"Shopping list\n- eggs\n- milk\n- coffee\n" * 8


def truncated_jpeg() -> tuple[str, bytes]:
    """A JPEG cut off halfway (a half-finished download)."""
    rng = np.random.default_rng(1)
    image = Image.fromarray(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8))
    data = _save(image, "JPEG", quality=90)
    return "cut_off.jpg", data[: len(data) // 2]


def truncated_png() -> tuple[str, bytes]:
    rng = np.random.default_rng(2)
    data = _save(Image.fromarray(rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)), "PNG")
    return "cut_off.png", data[: len(data) // 2]


def corrupt_png() -> tuple[str, bytes]:
    """A PNG whose image data is scrambled (its header is fine)."""
    data = bytearray(photo_png(3)[1])
    start = data.index(b"IDAT") + 4
    for i in range(start + 2, start + 60):
        data[i] ^= 0x5A
    return "scrambled.png", bytes(data)


def header_only_png(width: int, height: int) -> tuple[str, bytes]:
    """A PNG whose header claims `width`×`height` over a few bytes of data (costs nothing)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    data = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
    data += _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _png_chunk(b"IEND", b"")
    return f"claims_{width}x{height}.png", data


def decompression_bomb_png(side: int = 30_000) -> tuple[str, bytes]:
    """A real, valid PNG of `side`×`side` black 1-bit pixels: ~110 MB of pixels in ~110 kB.

    Decoding it would need `side`² bytes (900 MB at 30000): it must be refused from its header.
    """
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte + packed bits
    compressor = zlib.compressobj(9)
    block = row * 100
    parts = [compressor.compress(block) for _ in range(side // 100)]
    parts.append(compressor.compress(row * (side % 100)))
    parts.append(compressor.flush())
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    data = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
    data += _png_chunk(b"IDAT", b"".join(parts)) + _png_chunk(b"IEND", b"")
    return "bomb.png", data


def strip_png(width: int = 1, height: int = 4000) -> tuple[str, bytes]:
    """A 1×4000 strip: too thin to cut into patches."""
    return f"strip_{width}x{height}.png", _save(Image.new("RGB", (width, height), RED), "PNG")


def heic_file() -> tuple[str, bytes]:
    """The start of an iPhone HEIC photo: a format we name in the message but do not read."""
    return "IMG_0001.HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


def oversized_file(megabytes: float = 21) -> tuple[str, bytes]:
    """More bytes than the app's 20 MB upload limit (noise behind a PNG signature)."""
    rng = np.random.default_rng(4)
    size = int(megabytes * 1024 * 1024)
    return "too_big.png", b"\x89PNG\r\n\x1a\n" + rng.integers(0, 256, size, dtype=np.uint8).tobytes()


def png_chunk_flood(chunks: int = 100_000, before_idat: bool = True) -> tuple[str, bytes]:
    """A valid small PNG carrying `chunks` empty private chunks (12 bytes each): Pillow reads
    every one in Python, about 10 µs apiece (a 20 MB file of them held it for 14 s)."""
    data = photo_png(5)[1]
    at = data.index(b"IDAT") - 4 if before_idat else len(data) - 12  # before IDAT or IEND
    return "chunky.png", data[:at] + _png_chunk(b"zzZz", b"") * chunks + data[at:]


def png_split_idat(chunk_bytes: int = 8) -> tuple[str, bytes]:
    """A real PNG whose image data is cut into many small IDAT chunks (thousands): legal and
    accepted, to show the chunk limit leaves room for unusual writers."""
    rng = np.random.default_rng(6)
    data = _save(Image.fromarray(rng.integers(0, 256, (120, 120, 3), dtype=np.uint8)), "PNG")
    start = data.index(b"IDAT") - 4
    (length,) = struct.unpack(">I", data[start:start + 4])
    assert data[start + 16 + length:start + 20 + length] == b"IEND"  # Pillow wrote one IDAT
    payload = data[start + 8:start + 8 + length]
    pieces = [payload[i:i + chunk_bytes] for i in range(0, len(payload), chunk_bytes)]
    body = b"".join(_png_chunk(b"IDAT", piece) for piece in pieces)
    return "split.png", data[:start] + body + data[start + 12 + length:]


def _gif_blocks_before_first_frame(extra: bytes) -> bytes:
    data = animated_gif(2)[1]
    flags = data[10]
    at = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)  # after the global palette
    return data[:at] + extra + data[at:]


def gif_comment_flood(blocks: int = 200_000) -> tuple[str, bytes]:
    """A 2-frame GIF whose first frame follows a comment of `blocks` one-byte sub-blocks:
    Pillow keeps each as a bytes object (19 MB of them: 7 s and 800 MB)."""
    return "chatty.gif", _gif_blocks_before_first_frame(b"!\xfe" + b"\x01a" * blocks + b"\x00")


def gif_stray_bytes(count: int = 1_000_000) -> tuple[str, bytes]:
    """A 2-frame GIF with `count` stray bytes before its first frame: Pillow steps over them one
    at a time (19 MB: 4 s)."""
    return "padded.gif", _gif_blocks_before_first_frame(b"\x01" * count)


# --- accepted after conversion ---------------------------------------------------------------


def cmyk_jpeg() -> tuple[str, bytes]:
    """A CMYK JPEG (print workflows): left half pure cyan, right half pure yellow."""
    image = Image.new("CMYK", (64, 32), (255, 0, 0, 0))
    image.paste((0, 0, 255, 0), (32, 0, 64, 32))
    return "print.jpg", _save(image, "JPEG", quality=95)


def png_16bit(low: int = 0, high: int = 65535, width: int = 256) -> tuple[str, bytes]:
    """A 16-bit greyscale PNG (mode I;16): a left-to-right ramp from `low` to `high`."""
    ramp = np.linspace(low, high, width).round().astype(np.uint16)
    pixels = np.tile(ramp, (width // 2, 1))  # (width // 2, width)
    return "scan_16bit.png", _save(Image.fromarray(pixels), "PNG")


def large_16bit_png(side: int = 7071, low: int = 0, high: int = 65535,
                    background: int = 30000) -> tuple[str, bytes]:
    """A 16-bit greyscale PNG of `side`×`side` (50 million pixels at 7071, just under the
    ceiling) in about 110 kB: `background` everywhere except the top-left 256×256 corner,
    a left-to-right ramp from `low` to `high`. Written row by row, never held as pixels."""
    row = np.full(side, background, dtype=">u2")
    plain = b"\x00" + row.tobytes()  # filter byte 0, then big-endian samples
    row[:256] = np.linspace(low, high, 256).round()
    ramp = b"\x00" + row.tobytes()
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(ramp) for _ in range(min(256, side))]
    parts += [compressor.compress(plain) for _ in range(side - min(256, side))]
    parts.append(compressor.flush())
    ihdr = struct.pack(">IIBBBBB", side, side, 16, 0, 0, 0, 0)  # 16-bit greyscale
    data = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
    data += _png_chunk(b"IDAT", b"".join(parts)) + _png_chunk(b"IEND", b"")
    return f"scan_{side}x{side}_16bit.png", data


def rgba_png() -> tuple[str, bytes]:
    """Left half fully transparent, right half opaque red."""
    image = Image.new("RGBA", (32, 16), (0, 0, 255, 0))
    image.paste((255, 0, 0, 255), (16, 0, 32, 16))
    return "logo.png", _save(image, "PNG")


def opaque_rgba_png() -> tuple[str, bytes]:
    """RGBA whose alpha is everywhere 255: nothing to composite, no notice."""
    return "opaque.png", _save(Image.new("RGBA", (32, 16), (10, 20, 30, 255)), "PNG")


def la_png() -> tuple[str, bytes]:
    """Greyscale with alpha: left half transparent black, right half opaque mid-grey (128)."""
    image = Image.new("LA", (32, 16), (0, 0))
    image.paste((128, 255), (16, 0, 32, 16))
    return "grey_alpha.png", _save(image, "PNG")


def palette_transparent_png() -> tuple[str, bytes]:
    """A palette PNG whose index 0 is transparent (left half) and index 1 is green (right)."""
    image = Image.new("P", (32, 16), 0)
    image.putpalette([0, 0, 0, 0, 255, 0] + [0] * (256 * 3 - 6))
    image.paste(1, (16, 0, 32, 16))
    return "icon.png", _save(image, "PNG", transparency=0)


def mode1_png() -> tuple[str, bytes]:
    """A 1-bit image: left half black, right half white."""
    image = Image.new("1", (32, 16), 0)
    image.paste(1, (16, 0, 32, 16))
    return "bilevel.png", _save(image, "PNG")


def animated_gif(frames: int = 3) -> tuple[str, bytes]:
    """An animation whose first frame is red, then green, then blue."""
    colours = [RED, GREEN, BLUE, WHITE, BLACK]
    images = [Image.new("RGB", (32, 32), colours[i % len(colours)]) for i in range(frames)]
    return "spinner.gif", _save(images[0], "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)


def animated_webp(frames: int = 2) -> tuple[str, bytes]:
    images = [Image.new("RGB", (32, 32), c) for c in (RED, GREEN, BLUE)[:frames]]
    return "spinner.webp", _save(images[0], "WEBP", save_all=True, append_images=images[1:], lossless=True)


def animated_png(frames: int = 2) -> tuple[str, bytes]:
    images = [Image.new("RGB", (32, 32), c) for c in (RED, GREEN, BLUE)[:frames]]
    return "spinner.png", _save(images[0], "PNG", save_all=True, append_images=images[1:])


def apng_claiming_frames(claimed: int = 2_147_483_647) -> tuple[str, bytes]:
    """A 2-frame APNG whose acTL chunk claims `claimed` frames (its CRC fixed to match)."""
    data = bytearray(animated_png(2)[1])
    at = data.index(b"acTL")  # length before, then num_frames, num_plays, CRC
    data[at + 4:at + 8] = struct.pack(">I", claimed)
    data[at + 12:at + 16] = struct.pack(">I", zlib.crc32(bytes(data[at:at + 12])))
    return "liar.png", bytes(data)


def gif_empty_frames(extra: int = 1_300_000) -> tuple[str, bytes]:
    """A 2-frame GIF followed by `extra` 1×1 frames of 15 bytes each (19.5 MB at the default,
    under the app's 20 MB upload limit): counting them all took Pillow 9 s."""
    data = animated_gif(2)[1]
    assert data.endswith(b";")
    # image descriptor at (0, 0), 1×1, no local palette; LZW code size 2; clear, 0, end; end
    tiny = b",\x00\x00\x00\x00\x01\x00\x01\x00\x00" + b"\x02\x02\x44\x01\x00"
    return "many_frames.gif", data[:-1] + tiny * extra + b";"


def long_animation(fmt: str, frames: int = 120) -> tuple[str, bytes]:
    """An animation of `frames` 8×8 frames (red first, then alternating) in GIF, PNG or WEBP."""
    colours = [RED] + [GREEN if i % 2 else BLUE for i in range(1, frames)]  # no two alike in a row
    images = [Image.new("RGB", (8, 8), colour) for colour in colours]
    params = {"lossless": True} if fmt == "WEBP" else {}
    data = _save(images[0], fmt, save_all=True, append_images=images[1:], duration=40, **params)
    return f"long.{fmt.lower()}", data


def animated_mpo() -> tuple[str, bytes]:
    """A multi-picture JPEG (as some stereo cameras write): a red picture, then a green one."""
    images = [Image.new("RGB", (32, 32), colour) for colour in (RED, GREEN)]
    return "stereo.mpo", _save(images[0], "MPO", save_all=True, append_images=images[1:])


def exif_rotated_jpeg() -> tuple[str, bytes]:
    """A phone photo stored 64 wide × 32 high with EXIF orientation 6 (rotate 90° clockwise).

    Stored: a red block in the top-left corner, the rest blue. Shown upright it is 32 wide ×
    64 high and the red block sits in the top-right corner.
    """
    image = Image.new("RGB", (64, 32), BLUE)
    image.paste(RED, (0, 0, 16, 16))
    exif = Image.Exif()
    exif[0x0112] = 6
    return "IMG_rotated.jpg", _save(image, "JPEG", quality=95, exif=exif.tobytes())


def bmp_file() -> tuple[str, bytes]:
    return "paint.bmp", _save(Image.new("RGB", (40, 30), GREEN), "BMP")


def webp_file() -> tuple[str, bytes]:
    return "web.webp", _save(Image.new("RGB", (40, 30), BLUE), "WEBP", lossless=True)


def panorama_jpeg() -> tuple[str, bytes]:
    """A 400×50 panorama: accepted, with a note that the model squeezes it to a square."""
    return "panorama.jpg", _save(Image.new("RGB", (400, 50), GREEN), "JPEG")


def large_jpeg(width: int = 6000, height: int = 4000) -> tuple[str, bytes]:
    """A big (24 megapixel) but legal photo: decoded at reduced scale for display."""
    return "big.jpg", _save(Image.new("RGB", (width, height), BLUE), "JPEG", quality=70)


# --- text ------------------------------------------------------------------------------------


def script_sentence() -> str:
    return f"{SCRIPT} The cat sat on the mat."


def long_sentence(chars: int = 20_000) -> str:
    """Exactly `chars` characters of ordinary words, ending in a full stop (far past any
    model's token limit)."""
    words = "the quick brown fox jumps over the lazy dog while attention looks at every word "
    return (words * (chars // len(words) + 1))[: chars - 1].rstrip().ljust(chars - 1, "s") + "."
