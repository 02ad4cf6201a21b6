"""The Captioning page in a real browser: the caption of a sample scene in English and Korean, a clicked word's
map drawn over the picture, an uploaded drawing captioned word by word, and the decode downloaded as .npz."""

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

pytestmark = pytest.mark.browser

WORD_GROUP = {"en": "Click a word", "ko": "단어를 누르세요"}
MAP_TITLE = {"en": "“{word}” (step {step})", "ko": "“{word}” ({step}단계)"}
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def expected_run(lang: str):
    """The page's first sample captioned by the bundled model, as the page computes it."""
    from model.caption.bundle import load_captioner
    from model.caption.run import caption_image
    from model.caption.scenes import make_scenes
    from ui.cache import CAPTION_SAMPLE_SEED, CAPTION_SAMPLES

    image = make_scenes(CAPTION_SAMPLES, CAPTION_SAMPLE_SEED).images[0]
    return caption_image(load_captioner("additive"), image, lang)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_sample_is_captioned_and_a_clicked_word_shows_its_map(app, lang):
    run = expected_run(lang)
    app.open("captioning", lang=lang)
    app.assert_healthy()
    app.wait_for_figures(2)  # the chosen word's map and the strip of every word's map
    assert app.page.locator('[data-testid="stMain"] h3').first.inner_text() == run.text
    word = run.words[1]  # a colour word: not the first noun the page starts with
    app.choose_segment(WORD_GROUP[lang], word + "₂")  # the page writes each word's step as a subscript
    app.wait_for_figures(2)
    wait_for_map_title(app, MAP_TITLE[lang].format(word=word, step=2))
    app.assert_healthy()


def wait_for_map_title(app, title: str) -> None:
    app.page.wait_for_function(
        "t => [...document.querySelectorAll('.js-plotly-plot .annotation-text')].some(e => e.textContent.includes(t))",
        arg=title, timeout=15_000,
    )


def drawing_png() -> bytes:
    """A drawing as a user makes one in a paint program: two shapes in named colours on a dark background."""
    image = Image.new("RGB", (240, 240), (35, 30, 45))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 90, 90), fill=(230, 30, 25))  # a red square, top left
    draw.ellipse((140, 140, 210, 210), fill=(40, 80, 240))  # a blue circle, bottom right
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_uploaded_drawing_is_captioned_and_each_clicked_word_shows_its_map(app):
    from model.caption.bundle import load_captioner
    from model.caption.run import caption_image, fit_image
    from model.caption.scenes import SIZE
    from model.inputs import decode_image

    data = drawing_png()
    run = caption_image(load_captioner("additive"), fit_image(decode_image(data, filename="drawing.png").image, SIZE),
                        "en")
    app.open("captioning", lang="en")
    app.choose_segment("Picture", "Upload a drawing")
    app.upload("drawing.png", data)
    app.wait_for_figures(2)
    assert app.page.locator('[data-testid="stMain"] h3').first.inner_text() == run.text
    for step, word in enumerate(run.words):
        app.choose_segment(WORD_GROUP["en"], word + str(step + 1).translate(SUBSCRIPT))
        wait_for_map_title(app, MAP_TITLE["en"].format(word=word, step=step + 1))
    app.assert_healthy()


def test_the_decode_downloads_as_npz(app, tmp_path):
    run = expected_run("en")
    app.open("captioning", lang="en")
    app.wait_for_figures(2)
    with app.page.expect_download() as info:
        app.page.locator('[data-testid="stDownloadButton"] button').filter(has_text=".npz").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    with np.load(path) as data:
        assert list(data["output_tokens"]) == list(run.decode.output)
        weights = data["weights"]  # (T, m)
        assert weights.shape == (len(run.decode.output), run.grid**2)
        assert np.allclose(weights.sum(-1), 1.0, atol=1e-4)
