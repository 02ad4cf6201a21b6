"""Input decoding: every bad file or text gets its own clear message, and nothing else escapes."""

import dataclasses
import io
import json
import re
import subprocess
import sys
import time
import unicodedata
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from i18n import TEXT, t
from model.errors import AtlasError, Notice
from model.inputs import (
    BACKGROUND,
    MAX_BLOCKS,
    MAX_FRAME_SCAN,
    MAX_SIDE,
    MIN_SIDE,
    CleanText,
    DecodedImage,
    clean_text,
    decode_image,
)
from tests import bad_inputs as bad

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "model" / "inputs"  # the package: every module in it


def translated(item) -> None:
    """The item has English and Korean text; the English is exactly the back end's message."""
    key = f"{'notice' if isinstance(item, Notice) else 'error'}.{item.code}"
    assert key in TEXT, f"no translation for {key}"
    assert t(key, "en", **item.params) == str(item)
    korean = t(key, "ko", **item.params)
    assert re.search("[가-힣]", korean) and korean != str(item)


def refused(make, **kwargs) -> AtlasError:
    name, data = make()
    with pytest.raises(AtlasError) as info:
        decode_image(data, filename=name, **kwargs)
    translated(info.value)
    return info.value


def decoded(make, **kwargs) -> DecodedImage:
    name, data = make()
    result = decode_image(data, filename=name, **kwargs)
    assert result.image.mode == "RGB"
    for notice in result.notices:
        translated(notice)
    return result


def pixel(result: DecodedImage, x: int, y: int) -> np.ndarray:
    return np.asarray(result.image)[y, x].astype(int)  # (3,)


def close(found, expected, tolerance=6) -> bool:
    return bool(np.all(np.abs(np.asarray(found, dtype=int) - np.asarray(expected)) <= tolerance))


# --- refused images, each with its own message ----------------------------------------------

REFUSALS = [
    # generator, code, phrases the message must contain (what happened and what to do)
    (bad.empty_file, "image_empty", ["empty", "Choose another file"]),
    (bad.text_renamed_png, "image_not_image", ["not an image", "PNG, JPEG, WebP, GIF or BMP", "Choose another file"]),
    (bad.truncated_jpeg, "image_truncated", ["incomplete", "download it again"]),
    (bad.truncated_png, "image_truncated", ["incomplete", "download it again"]),
    (bad.corrupt_png, "image_corrupt", ["PNG", "damaged", "save it again"]),
    (bad.heic_file, "image_unsupported", ["HEIC", "Save it as PNG or JPEG"]),
    (bad.decompression_bomb_png, "image_too_many_pixels", ["900 million", "50 million", "Shrink it"]),
    (lambda: bad.header_only_png(30_000, 30_000), "image_too_many_pixels", ["900 million", "Shrink it"]),
    (bad.strip_png, "image_too_small", ["1×4000", f"at least {MIN_SIDE} pixels", "Choose a larger image"]),
    (lambda: bad.strip_png(4000, 5), "image_too_small", ["4000×5", "Choose a larger image"]),
]


@pytest.mark.parametrize("make, code, phrases", REFUSALS, ids=[r[1] + "-" + str(i) for i, r in enumerate(REFUSALS)])
def test_bad_image_is_refused_with_a_message_that_says_what_to_do(make, code, phrases):
    err = refused(make)
    assert err.code == code
    assert make()[0] in str(err) or make()[0] == ""  # names the file
    for phrase in phrases:
        assert phrase in str(err)


@pytest.mark.parametrize("side", [7_100, 10_000, 30_000])  # ours only; Pillow warns; Pillow errors
def test_pixel_ceiling_refuses_from_the_header_quickly_and_leaks_no_warning(side):
    name, data = bad.header_only_png(side, side)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        started = time.perf_counter()
        with pytest.raises(AtlasError) as info:
            decode_image(data, filename=name)
        elapsed = time.perf_counter() - started
    assert info.value.code == "image_too_many_pixels"
    assert elapsed < 0.5  # nothing was decoded (decoding 30000² would take seconds and GBs)
    assert not caught, [str(w.message) for w in caught]


def test_real_decompression_bomb_is_refused_before_decoding():
    name, data = bad.decompression_bomb_png()
    assert len(data) < 200_000  # 900 million pixels in a small file: the bomb is real
    started = time.perf_counter()
    with pytest.raises(AtlasError, match="900 million"):
        decode_image(data, filename=name)
    assert time.perf_counter() - started < 0.5


CRAWLERS = [
    # files whose blocks Pillow would read one at a time in Python for seconds
    (bad.png_chunk_flood, "PNG"),
    (lambda: bad.png_chunk_flood(before_idat=False), "PNG"),
    (bad.gif_comment_flood, "GIF"),
    (bad.gif_stray_bytes, "GIF"),
]


@pytest.mark.parametrize("make, kind", CRAWLERS, ids=["png-before-idat", "png-after-idat", "gif-comment", "gif-stray"])
def test_file_built_to_make_the_decoder_crawl_is_refused_quickly(make, kind):
    name, data = make()
    started = time.perf_counter()
    with pytest.raises(AtlasError) as info:
        decode_image(data, filename=name)
    elapsed = time.perf_counter() - started
    print(f"{name}: {len(data):,} bytes refused in {elapsed * 1000:.0f} ms")
    err = info.value
    translated(err)
    assert err.code == "image_too_complex"
    assert f"“{name}” is a {kind} file" in str(err) and f"{MAX_BLOCKS:,} pieces" in str(err)
    assert "save it again" in str(err)
    assert elapsed < 0.5  # the walk stops at the limit (Pillow took seconds on these files)


def test_png_cut_into_thousands_of_small_chunks_by_its_writer_is_still_accepted():
    name, data = bad.png_split_idat()
    assert 5_000 < data.count(b"IDAT") < MAX_BLOCKS
    result = decoded(bad.png_split_idat)
    assert result.image.size == (120, 120) and result.notices == ()


def test_pixel_ceiling_is_a_parameter():
    name, data = bad.photo_png(size=(100, 100))
    assert decode_image(data, filename=name, max_pixels=10_000).original_size == (100, 100)
    with pytest.raises(AtlasError) as info:
        decode_image(data, filename=name, max_pixels=9_999)
    assert info.value.code == "image_too_many_pixels"


def test_smallest_accepted_side():
    assert decode_image(bad._save(bad.Image.new("RGB", (MIN_SIDE, 300)), "PNG")).original_size == (MIN_SIDE, 300)
    with pytest.raises(AtlasError) as info:
        decode_image(bad._save(bad.Image.new("RGB", (MIN_SIDE - 1, 300)), "PNG"))
    assert info.value.code == "image_too_small"


def test_file_name_in_messages_is_kept_as_data_and_kept_short():
    data = bad.text_renamed_png()[1]
    with pytest.raises(AtlasError) as info:
        decode_image(data, filename="<script>alert(1)</script>.png")
    assert info.value.params["filename"] == "<script>alert(1)</script>.png"  # not escaped, not run
    with pytest.raises(AtlasError) as info:
        decode_image(data, filename="x" * 300 + ".png")
    assert len(info.value.params["filename"]) <= 80 and info.value.params["filename"].endswith(".png")
    with pytest.raises(AtlasError) as info:
        decode_image(data, filename="evil\u202egnp.exe\n")
    assert info.value.params["filename"] == "evilgnp.exe"  # no bidi trick, one line
    with pytest.raises(AtlasError) as info:
        decode_image(data)
    assert info.value.params["filename"] == "(untitled)"


# --- accepted images, converted correctly ---------------------------------------------------


def test_format_is_recognised_by_content_not_by_name():
    result = decoded(bad.jpeg_named_png)
    assert result.format == "JPEG" and result.notices == ()
    assert close(pixel(result, 5, 5), bad.BLUE)


@pytest.mark.parametrize("make, fmt", [(bad.bmp_file, "BMP"), (bad.webp_file, "WEBP"), (bad.photo_png, "PNG")])
def test_each_supported_format_decodes(make, fmt):
    result = decoded(make)
    assert result.format == fmt and result.frames == 1 and result.notices == ()
    assert result.image.size == result.original_size


def test_result_is_frozen():
    result = decoded(bad.photo_png)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.format = "GIF"
    with pytest.raises(dataclasses.FrozenInstanceError):
        clean_text("hi").text = "ho"


def test_cmyk_jpeg_becomes_the_right_rgb():
    result = decoded(bad.cmyk_jpeg)
    assert result.notices == ()
    assert close(pixel(result, 8, 16), (0, 255, 255), 12)  # cyan
    assert close(pixel(result, 56, 16), (255, 255, 0), 12)  # yellow


@pytest.mark.parametrize("low, high", [(0, 65535), (1000, 5000)])
def test_16_bit_png_is_rescaled_by_its_range_not_clipped(low, high):
    result = decoded(lambda: bad.png_16bit(low, high))
    row = np.asarray(result.image)[3, :, 0].astype(int)  # (256,) a left-to-right ramp
    assert row[0] == 0 and row[-1] == 255
    assert np.all(np.diff(row) >= 0)  # the gradient survives
    assert len(np.unique(row)) > 250  # not clipped to a few values
    assert np.all(np.asarray(result.image)[..., 0] == np.asarray(result.image)[..., 2])  # grey
    (notice,) = result.notices
    assert notice.code == "image_rescaled" and notice.params == {"low": str(low), "high": str(high)}


def test_16_bit_values_are_stretched_from_their_range_exactly():
    rng = np.random.default_rng(7)
    values = rng.integers(1234, 54322, size=(700, 40), dtype=np.uint16)  # (H, W): 3 bands of rows
    values[5, 5], values[600, 30] = 1234, 54321
    data = bad._save(Image.fromarray(values), "PNG")
    assert Image.open(io.BytesIO(data)).mode == "I;16"
    result = decode_image(data, filename="scan.png", max_side=None)
    expected = np.rint((values - 1234.0) * (255.0 / (54321 - 1234))).astype(np.uint8)  # (H, W)
    got = np.asarray(result.image)  # (H, W, 3)
    for channel in range(3):
        assert np.array_equal(got[..., channel], expected)
    assert result.notices[0].params == {"low": "1234", "high": "54321"}


@pytest.mark.parametrize("mode", ["I;16", "RGBA"])
def test_large_image_is_shrunk_band_by_band_without_seams(mode):
    rng = np.random.default_rng(8)
    if mode == "I;16":
        values = rng.integers(100, 60_000, size=(2600, 300), dtype=np.uint16)  # (H, W) noise
        low, high = float(values.min()), float(values.max())
        grey = np.rint((values - low) * (255.0 / (high - low))).astype(np.uint8)  # (H, W)
        full = Image.fromarray(grey).convert("RGB")
    else:
        values = rng.integers(0, 256, size=(2600, 300, 4), dtype=np.uint8)  # (H, W, 4) noise
        rgba = Image.fromarray(values)
        full = Image.new("RGB", rgba.size, BACKGROUND)
        full.paste(rgba, mask=rgba)  # composited in one piece
    data = bad._save(Image.fromarray(values), "PNG")
    result = decode_image(data, filename="tall.png", max_side=1000)
    assert result.image.size == (115, 1000) and result.original_size == (300, 2600)
    # one Lanczos resize of the whole image, down then across: the same but for float rounding
    # of the band offsets (a seam, where the filter missed rows, is off by 6 or more on noise)
    lanczos = Image.Resampling.LANCZOS
    expected = full.resize((300, 1000), lanczos).resize((115, 1000), lanczos)
    difference = np.abs(np.asarray(result.image).astype(int) - np.asarray(expected))  # (1000, 115, 3)
    assert difference.max() <= 1 and np.mean(difference > 0) < 0.01


# The peak is this process's own high-water mark (VmHWM): ru_maxrss would start from the pytest
# process's size, which a forked child's copied pages count until exec.
_PEAK_SCRIPT = """
import json, re, sys
import psutil
from model.inputs import decode_image
from tests import bad_inputs as bad

decode_image(bad.png_16bit()[1])  # imports and first allocations happen before the baseline
data = open(sys.argv[1], "rb").read()
before = psutil.Process().memory_info().rss
result = decode_image(data, filename="scan.png")
status = open("/proc/self/status").read()
peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) * 1024
pixels = result.image.load()
print(json.dumps({
    "extra": peak - before, "size": result.image.size, "params": result.notices[0].params,
    "corner": pixels[0, 10], "background": pixels[1500, 1500],
}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory is read from /proc/self/status")
def test_16_bit_scan_of_50_megapixels_decodes_in_bounded_memory(tmp_path):
    name, data = bad.large_16bit_png()
    assert len(data) < 150_000  # 7071×7071 16-bit pixels (100 MB decoded) in ~110 kB
    path = tmp_path / name
    path.write_bytes(data)
    run = subprocess.run([sys.executable, "-c", _PEAK_SCRIPT, str(path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.splitlines()[-1])
    per_pixel = found["extra"] / 7071**2
    print(f"peak over baseline: {found['extra'] / 2**20:.0f} MiB, {per_pixel:.2f} bytes per pixel")
    # 2 bytes per pixel are the decoded 16-bit image itself; measured 2.7 (26 with float64 copies)
    assert per_pixel < 6
    assert found["size"] == [MAX_SIDE, MAX_SIDE]
    assert found["params"] == {"low": "0", "high": "65535"}  # the file's own range, not clipped
    assert max(found["corner"]) <= 2  # the ramp starts at the lowest value
    assert found["background"] == [117] * 3  # 30000 of 0..65535 is 116.7 of 0..255


@pytest.mark.parametrize(
    "make, left, right",
    [
        (bad.rgba_png, BACKGROUND, bad.RED),
        (bad.la_png, BACKGROUND, (128, 128, 128)),
        (bad.palette_transparent_png, BACKGROUND, bad.GREEN),
    ],
)
def test_transparency_is_composited_on_white(make, left, right):
    assert BACKGROUND == (255, 255, 255)
    result = decoded(make)
    assert tuple(pixel(result, 2, 2)) == left
    assert tuple(pixel(result, 30, 2)) == right
    assert [n.code for n in result.notices] == ["image_transparent"]


def test_fully_opaque_alpha_gives_no_notice():
    result = decoded(bad.opaque_rgba_png)
    assert result.notices == () and tuple(pixel(result, 0, 0)) == (10, 20, 30)


def test_mode_1_becomes_black_and_white():
    result = decoded(bad.mode1_png)
    assert tuple(pixel(result, 2, 2)) == (0, 0, 0) and tuple(pixel(result, 30, 2)) == (255, 255, 255)


@pytest.mark.parametrize(
    "make, frames",
    [(bad.animated_gif, 3), (bad.animated_webp, 2), (bad.animated_png, 2), (bad.animated_mpo, 2)],
)
def test_animation_uses_the_first_frame_and_says_so(make, frames):
    result = decoded(make)
    assert result.frames == frames and not result.frames_capped
    assert close(pixel(result, 16, 16), bad.RED)
    (notice,) = result.notices
    assert notice.code == "image_first_frame" and notice.params["frames"] == frames
    assert str(notice).startswith(f"“{make()[0]}” holds {frames} frames")  # browser tests look for this
    assert "only the first frame" in str(notice)


def test_apng_frame_count_is_counted_not_taken_from_its_header():
    name, data = bad.apng_claiming_frames()
    assert (2_147_483_647).to_bytes(4, "big") in data  # acTL claims two billion frames
    result = decoded(bad.apng_claiming_frames)
    assert result.frames == 2 and not result.frames_capped
    (notice,) = result.notices
    assert str(notice).startswith("“liar.png” holds 2 frames") and "2147483647" not in str(notice)


@pytest.mark.parametrize("fmt", ["GIF", "PNG", "WEBP"])
def test_long_animation_is_said_to_hold_at_least_the_frames_counted(fmt):
    result = decoded(lambda: bad.long_animation(fmt, MAX_FRAME_SCAN + 20))
    assert result.frames == MAX_FRAME_SCAN and result.frames_capped
    assert close(pixel(result, 4, 4), bad.RED)
    (notice,) = result.notices
    assert notice.code == "image_many_frames" and notice.params["frames"] == MAX_FRAME_SCAN
    assert f"holds {MAX_FRAME_SCAN} or more frames" in str(notice)


def test_gif_of_a_million_empty_frames_is_counted_only_up_to_the_cap():
    name, data = bad.gif_empty_frames()
    assert 19_000_000 < len(data) < 20 * 2**20  # within the app's upload limit
    started = time.perf_counter()
    result = decode_image(data, filename=name)
    elapsed = time.perf_counter() - started
    print(f"{len(data):,} bytes, {result.frames} frames counted in {elapsed * 1000:.0f} ms")
    assert result.frames == MAX_FRAME_SCAN and result.frames_capped
    (notice,) = result.notices
    translated(notice)
    assert str(notice).startswith(f"“many_frames.gif” holds {MAX_FRAME_SCAN} or more frames")
    assert elapsed < 2  # loose: milliseconds here; counting all 1.3 million took Pillow 9 s


def test_exif_orientation_is_applied():
    result = decoded(bad.exif_rotated_jpeg)
    assert result.image.size == result.original_size == (32, 64)  # sides swapped
    assert close(pixel(result, 28, 3), bad.RED)  # the stored top-left corner is now top-right
    assert close(pixel(result, 3, 3), bad.BLUE)
    assert close(pixel(result, 3, 60), bad.BLUE) and close(pixel(result, 28, 60), bad.BLUE)
    assert result.notices == ()


def test_long_thin_image_is_accepted_with_a_note_that_it_is_squeezed():
    result = decoded(bad.panorama_jpeg)
    assert result.original_size == (400, 50)
    assert [n.code for n in result.notices] == ["image_squeezed"]
    assert "400×50" in str(result.notices[0])


def test_large_photo_is_shrunk_for_display_and_keeps_its_original_size():
    result = decoded(bad.large_jpeg)
    assert result.original_size == (6000, 4000)
    assert max(result.image.size) == MAX_SIDE
    assert abs(result.image.size[0] / result.image.size[1] - 1.5) < 0.01
    assert close(pixel(result, 100, 100), bad.BLUE)
    full = decode_image(bad.photo_png(size=(3000, 20))[1], max_side=None)
    assert full.image.size == (3000, 20)


# --- random and mangled bytes only ever give AtlasError -------------------------------------

VALID_FILES = [make()[1] for make in (
    bad.photo_png, bad.jpeg_named_png, bad.bmp_file, bad.webp_file, bad.animated_gif,
    bad.animated_png, bad.palette_transparent_png, bad.exif_rotated_jpeg, bad.png_16bit,
    bad.apng_claiming_frames, bad.animated_mpo, lambda: bad.gif_empty_frames(40), bad.la_png,
)]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def decode_or_refuse(data: bytes) -> None:
    try:
        result = decode_image(data, filename="fuzz.png", max_pixels=4_000_000)
    except AtlasError as err:
        translated(err)
    else:
        assert result.image.mode == "RGB" and min(result.image.size) >= 1


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes_raise_nothing_but_atlas_error(data):
    decode_or_refuse(data)


@FUZZ
@given(
    st.sampled_from(VALID_FILES),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8),
    st.one_of(st.none(), st.integers(1, 10**6)),
)
def test_mangled_image_files_raise_nothing_but_atlas_error(data, flips, cut):
    mangled = bytearray(data)
    for position, value in flips:
        mangled[position % len(mangled)] = value
    decode_or_refuse(bytes(mangled[: cut if cut is None else cut % len(mangled) + 1]))


# --- text ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n", None, "\u200b\u200d\ufeff", "\x00\x07"])
def test_empty_text_is_refused(text):
    with pytest.raises(AtlasError) as info:
        clean_text(text)
    assert info.value.code == "text_empty" and "Type or paste a sentence" in str(info.value)
    translated(info.value)


def test_invisible_and_control_characters_are_removed_and_counted():
    raw = "\ufeffThe\u200b cat\u2066 sat\u2069\u202e on\x00 the\x1b mat.\u200d"
    result = clean_text(raw)
    assert result.text == "The cat sat on the mat."
    (notice,) = result.notices
    assert notice.code == "text_invisible_removed" and notice.params == {"count": 8}
    assert str(notice).startswith("8 invisible or control characters")
    translated(notice)


def test_line_breaks_and_tabs_are_kept_and_surrounding_space_stripped():
    result = clean_text("  first line\r\nsecond\tline\rthird  \n")
    assert result == CleanText("first line\nsecond\tline\nthird", ())


def test_decomposed_korean_is_normalised_to_nfc():
    composed = "어텐션은 무엇을 볼까?"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    result = clean_text(decomposed)
    assert result.text == composed and result.notices == ()


def test_markup_is_kept_as_plain_data():
    assert clean_text(bad.script_sentence()).text == bad.script_sentence()


def test_long_sentence_is_left_for_the_tokenizer_to_truncate():
    text = bad.long_sentence()
    assert len(text) == 20_000
    assert clean_text(text).text == text.strip()


def test_absurdly_long_text_is_refused():
    with pytest.raises(AtlasError) as info:
        clean_text("a" * 100_001)
    assert info.value.code == "text_too_long" and "100,000" in str(info.value)
    translated(info.value)
    assert clean_text("ab", max_chars=2).text == "ab"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_text_output_is_clean_and_cleaning_twice_changes_nothing(text):
    try:
        result = clean_text(text)
    except AtlasError as err:
        assert err.code == "text_empty"
        return
    out = result.text
    assert out and out == out.strip() and unicodedata.is_normalized("NFC", out)
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in out)
    assert not set(out) & {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066"}
    assert clean_text(out) == CleanText(out, ())


# --- translations ---------------------------------------------------------------------------


def test_every_code_in_inputs_has_english_and_korean_text():
    source = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SOURCE.glob("*.py")))
    errors = set(re.findall(r'AtlasError\(\s*"(\w+)"', source))
    notices = set(re.findall(r'Notice\(\s*"(\w+)"', source))
    assert len(errors) >= 9 and len(notices) >= 5
    missing = {f"error.{c}" for c in errors} | {f"notice.{c}" for c in notices}
    assert not missing - TEXT.keys()
