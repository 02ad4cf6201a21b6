"""Input decoding: every bad file or text gets its own clear message, and nothing else escapes."""

import dataclasses
import re
import time
import unicodedata
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18n import TEXT, t
from model.errors import AtlasError, Notice
from model.inputs import (
    BACKGROUND, MAX_SIDE, MIN_SIDE, CleanText, DecodedImage, clean_text, decode_image,
)
from tests import bad_inputs as bad

SOURCE = Path(__file__).resolve().parent.parent / "model" / "inputs.py"


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


@pytest.mark.parametrize("make, frames", [(bad.animated_gif, 3), (bad.animated_webp, 2), (bad.animated_png, 2)])
def test_animation_uses_the_first_frame_and_says_so(make, frames):
    result = decoded(make)
    assert result.frames == frames
    assert close(pixel(result, 16, 16), bad.RED)
    (notice,) = result.notices
    assert notice.code == "image_first_frame" and notice.params["frames"] == frames
    assert "only the first frame" in str(notice)


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
    source = SOURCE.read_text(encoding="utf-8")
    errors = set(re.findall(r'AtlasError\(\s*"(\w+)"', source))
    notices = set(re.findall(r'Notice\(\s*"(\w+)"', source))
    assert len(errors) >= 9 and len(notices) >= 5
    missing = {f"error.{c}" for c in errors} | {f"notice.{c}" for c in notices}
    assert not missing - TEXT.keys()
