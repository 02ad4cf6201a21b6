"""The Image page in a real browser: upload, samples, explore, download, and every bad file users send.

Each bad input is uploaded through the real uploader; the test reads the message the page shows,
then uploads a valid image and checks that it is traced (the page recovers).
"""

import json
import re

import numpy as np
import pytest

from bench.server import ROOT
from tests import bad_inputs as bad
from tests.browser.helpers import assert_traced, near, needs_bundled_vit

pytestmark = [pytest.mark.browser, needs_bundled_vit]  # every test here traces with the bundled ViT

SAMPLES = ROOT / "assets" / "samples" / "samples.json"


@pytest.fixture
def upload_page(app):
    """The Image page with its source switched to Upload."""
    app.open()
    app.assert_healthy()
    app.choose_segment("Image", "Upload")
    return app


def assert_recovers(app) -> None:
    """After a bad file, a good one is traced as usual and the old message is gone."""
    app.upload(*bad.photo_png(7, name="good_after_bad.png"))
    assert_traced(app)
    assert not app.errors()


# --- the happy path -------------------------------------------------------------------------


def test_upload_explore_layers_and_switch_views(upload_page):
    app = upload_page
    app.upload(*bad.photo_png(1))
    assert_traced(app)
    # The default view, the live explorer, holds every layer and scrubs them itself: the page has no Layer slider.
    assert not app.slider("Layer").count()
    app.choose_segment("View", "Heads")
    last = app.slider_value("Layer")
    app.move_slider("Layer", -min(2, last))
    layer = app.slider_value("Layer")
    assert layer == last - min(2, last)

    for view in ["All layers", "Head finder", "Rollout", "Pipeline", "Step by step", "Heads"]:
        app.choose_segment("View", view)
        app.wait_for_figures(1)
        app.assert_healthy()
    app.page.get_by_text(f"looks in layer {layer}").first.wait_for()  # the Heads view, at the layer chosen
    app.choose_segment("View", "Explore live")
    app.wait_for_live("image", layer=layer)  # the explorer opens at the layer chosen in the other views
    app.assert_healthy()


def test_click_a_patch_makes_it_the_query(upload_page):
    app = upload_page
    app.upload(*bad.photo_png(1))
    assert_traced(app)
    app.choose_segment("View", "Heads")  # the Plotly heads figure (the default view is the live explorer)
    app.wait_for_figures(2)
    # Click the 11th patch of the first head's panel: it becomes the query.
    query = app.page.locator('input[role="combobox"][aria-label="Query"]')
    assert query.input_value() == "[CLS]"
    heads = app.plotly_figures().filter(has=app.page.locator(".scatterlayer .point")).first
    point = heads.locator(".scatterlayer .trace").first.locator(".point").nth(10)
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    app.act(lambda: app.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))
    app.page.wait_for_function(
        "() => document.querySelector('input[aria-label=\"Query\"]').value.startsWith('patch')", timeout=10_000
    )
    assert re.fullmatch(r"patch \(\d+,\d+\)", query.input_value())
    assert app.page.get_by_text(re.compile(r"Where patch \(\d+,\d+\) looks in layer")).count() >= 1


def test_trace_download_matches_the_page(upload_page, tmp_path):
    app = upload_page
    app.upload(*bad.photo_png(2))
    assert_traced(app)
    facts = app.page.get_by_text(re.compile(r"\d+ layers × \d+ heads, \d+ tokens")).first.inner_text()
    layers, heads, tokens = map(int, re.search(r"(\d+) layers × (\d+) heads, (\d+) tokens", facts).groups())
    name, arrays = app.download_npz(tmp_path)
    assert name == "trace-photo_2.npz"
    weights = arrays["weights"]  # (L, H, N, N)
    assert weights.shape == (layers, heads, tokens, tokens)
    assert np.allclose(weights.sum(-1), 1.0, atol=1e-4)


@pytest.mark.skipif(not SAMPLES.exists(), reason="no sample gallery yet (assets/samples/samples.json)")
def test_pick_each_sample(app):
    app.open()
    samples = json.loads(SAMPLES.read_text(encoding="utf-8"))
    assert_traced(app)  # the first sample is traced on arrival
    for sample in samples[1:3]:
        app.select_option("Sample", sample["title_en"])
        assert_traced(app)


# --- every bad input, end to end ------------------------------------------------------------

REFUSED = [
    # generator, what the error on the page says
    (bad.text_renamed_png,
     "“notes.png” is not an image Attention Atlas can read (PNG, JPEG, WebP, GIF or BMP). Choose another file."),
    (bad.truncated_jpeg, "“cut_off.jpg” stops before the image ends"),
    (bad.corrupt_png, "“scrambled.png” looks like a PNG image but its data is damaged"),
    (bad.decompression_bomb_png, "“bomb.png” has 900 million pixels, more than the 50 million this app accepts."),
    (bad.strip_png, "“strip_1x4000.png” is only 1×4000 pixels; each side needs at least 8 pixels"),
    (bad.empty_file, "“empty.png” is empty (0 bytes). Choose another file."),
]


@pytest.mark.parametrize("make, message", REFUSED, ids=[m.__name__ for m, _ in REFUSED])
def test_bad_file_shows_its_message_then_a_good_file_works(upload_page, make, message):
    app = upload_page
    app.upload(*make())
    errors = app.errors()
    assert any(message in e for e in errors), errors
    assert not app.exceptions()
    assert_recovers(app)


@pytest.mark.parametrize(
    "make, message",
    [(bad.oversized_file, "File must be 20.0MB or smaller."), (bad.heic_file, "files are not allowed")],
    ids=["over_20_MB", "heic_extension"],
)
def test_uploader_refuses_before_the_app_sees_the_file(upload_page, make, message):
    app = upload_page
    app.upload(*make(), rerun=False)  # refused in the browser: the script may not run at all
    app.page.locator('[data-testid="stFileUploader"]').get_by_text(message).wait_for()
    app.assert_healthy()
    assert_recovers(app)


ACCEPTED = [
    # generator, the notice shown (or None)
    (bad.jpeg_named_png, None),
    (bad.cmyk_jpeg, None),
    (bad.png_16bit, "its values 0–65535 were spread over 0–255"),
    (bad.animated_gif,
     "“spinner.gif” holds 3 frames (an animation or several pictures); only the first frame is used."),
    (bad.exif_rotated_jpeg, None),
    (bad.palette_transparent_png, "they are shown on a white background"),
    (bad.panorama_jpeg, "This image is 400×50 pixels, far from square"),
]


@pytest.mark.parametrize("make, notice", ACCEPTED, ids=[m.__name__ for m, _ in ACCEPTED])
def test_unusual_file_is_converted_and_traced(upload_page, make, notice):
    app = upload_page
    name, data = make()
    app.upload(name, data)
    assert_traced(app)
    infos = app.infos()
    if notice:
        assert any(notice in i for i in infos), infos
    else:
        assert not infos, infos
    shown = np.asarray(app.shown_image())  # (h, w, 3) what the model sees, as the browser shows it
    h, w, _ = shown.shape
    if make is bad.cmyk_jpeg:  # left half cyan, right half yellow
        assert near(shown[h // 2, w // 8], (0, 255, 255)) and near(shown[h // 2, w * 7 // 8], (255, 255, 0))
    if make is bad.animated_gif:  # the first frame is red
        assert near(shown[h // 2, w // 2], bad.RED)
    if make is bad.exif_rotated_jpeg:  # upright: the red corner is at the top right
        assert near(shown[h // 16, w * 7 // 8], bad.RED)
        assert near(shown[h // 16, w // 8], bad.BLUE) and near(shown[h * 15 // 16, w * 7 // 8], bad.BLUE)
    if make is bad.png_16bit:  # the ramp survives: dark on the left, light on the right
        assert shown[h // 2, 2].mean() < 40 and shown[h // 2, -3].mean() > 215
    if make is bad.palette_transparent_png:  # transparent left half on white
        assert near(shown[h // 2, w // 8], (255, 255, 255)) and near(shown[h // 2, w * 7 // 8], bad.GREEN)


def test_script_tag_as_a_file_name_is_shown_as_text_never_run(upload_page):
    app = upload_page
    app.page.evaluate("() => { window.__atlas_pwned = false; }")
    data = bad.text_renamed_png()[1]
    app.upload(bad.SCRIPT + ".png", data)
    errors = app.errors()
    assert any("“<script>alert(1)</script>.png” is not an image" in e for e in errors), errors
    app.upload(*bad.script_named_png())
    assert_traced(app)
    assert "<script" in app.uploader_text()  # the name is shown, as text
    assert not app.dialogs
    injected = app.page.evaluate("() => document.querySelectorAll('[data-testid=\"stMain\"] script').length")
    assert injected == 0
    assert not app.page.evaluate("() => window.__atlas_pwned === true")


def test_messages_are_in_korean_when_korean_is_chosen(app):
    app.open(lang="ko")
    app.choose_segment("이미지", "업로드")
    app.upload(*bad.text_renamed_png())
    errors = app.errors()
    said = ("어텐션 아틀라스가 읽을 수 있는 이미지", "다른 파일을 선택해 주세요")
    assert any(all(part in e for part in said) for e in errors), errors
    app.upload(*bad.animated_gif())
    assert any("프레임이 3개 들어 있습니다" in i for i in app.infos()), app.infos()
    app.assert_healthy()
