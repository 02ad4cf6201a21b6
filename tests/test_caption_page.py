"""AppTest runs of the Captioning page with the bundled captioners (no mocks): both languages, a clicked word,
the no-attention model, a picked word, an upload and a refused one, and the ViT comparison."""

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from model.caption.scenes import CLASSES, PLURAL
from ui import cache
from ui.common import markdown_text
from viz.live import decode_f32

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "ui/caption_page.py"

pytestmark = pytest.mark.slow


def open_page(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    healthy(at)
    return at


def healthy(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def caption_line(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### ")).removeprefix("### ")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_sample_scene_is_captioned_in_both_languages(lang):
    at = open_page(lang)
    assert at.title[0].value == ("Attention in a captioner" if lang == "en" else "캡션 모델 속의 어텐션")
    samples = cache.caption_samples()
    run = cache.caption("additive", samples.images[0], lang)
    assert caption_line(at) == markdown_text(run.text)
    at.segmented_control(key="cap-lang").set_value("ko" if lang == "en" else "en").run()
    healthy(at)
    other = cache.caption("additive", samples.images[0], "ko" if lang == "en" else "en")
    assert caption_line(at) == markdown_text(other.text)


def word_maps(at: AppTest) -> dict:
    """The data the page's word view (ui/live.py's word maps) was mounted with."""
    return next(p for p in (json.loads(c.proto.json or "{}") for c in at.get("bidi_component")) if p["kind"] == "words")


def test_a_clicked_word_shows_its_map_and_the_stepper_follows_a_pick():
    at = open_page("en")
    run = cache.caption("additive", cache.caption_samples().images[0], "en")
    shown = word_maps(at)
    nouns = [t for t, w in enumerate(run.words) if w in set(CLASSES) | set(PLURAL.values())]
    assert shown["step"] == nouns[0]  # the first noun to begin with
    assert shown["words"] == list(run.words)
    maps = decode_f32(shown["weights"], shown["shape"])  # (T, G, G) what the browser draws, bit for bit
    np.testing.assert_array_equal(maps.reshape(len(run.words), -1), run.decode.weights[: len(run.words)])
    at.session_state["cap-word"] = 0  # what a click on the first word does (ui/live.py's on_query_change)
    at.run()
    healthy(at)
    assert word_maps(at)["step"] == 0
    assert not at.select_slider  # the stepper's panel is closed: it runs when opened
    at.session_state["cap-stepper"] = True
    at.run()
    at.select_slider(key="tr-step").set_value(1).run()
    healthy(at)
    other = next(w for w in ("red", "yellow", "green", "blue", "white") if w != run.decode.output[1])
    at.selectbox(key="tr-pick-1").set_value(other).run()
    at.button(key="tr-apply").click().run()
    healthy(at)
    assert caption_line(at).split()[1] == other


def test_the_no_attention_model_and_another_sample():
    at = open_page("en")
    at.selectbox(key="cap-kind").set_value("none").run()
    healthy(at)
    at.selectbox(key="cap-sample").set_value(3).run()
    healthy(at)
    run = cache.caption("none", cache.caption_samples().images[3], "en")
    assert caption_line(at) == markdown_text(run.text)
    assert any("no attention" in info.value for info in at.info)


def test_an_upload_is_captioned_and_a_bad_file_refused_with_the_image_pages_message():
    at = open_page("en")
    at.segmented_control(key="cap-source").set_value("upload").run()
    healthy(at)
    picture = np.zeros((120, 120, 3), dtype=np.uint8)
    picture[20:50, 20:50] = (230, 30, 25)  # a red square, top left
    buffer = io.BytesIO()
    Image.fromarray(picture).save(buffer, format="PNG")
    at.file_uploader(key="cap-upload").set_value(("drawing.png", buffer.getvalue(), "image/png")).run()
    healthy(at)
    assert caption_line(at)
    at.file_uploader(key="cap-upload").set_value(("broken.png", b"not a picture", "image/png")).run()
    assert not at.exception and at.error


def test_the_vit_comparison_draws_both_maps():
    at = open_page("en")
    at.toggle(key="cap-compare").set_value(True).run()
    healthy(at)
    assert any("rollout" in m.value for m in at.markdown)
