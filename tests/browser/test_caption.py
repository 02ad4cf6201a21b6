"""The Captioning page in a real browser: the caption of a sample scene in English and Korean; hovering a word
redraws its map over the picture in the page (ui/live/words.js) with the decode's exact float32 weights and no
rerun, and a click chooses it; an uploaded drawing captioned word by word; the decode downloaded as .npz."""

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

pytestmark = pytest.mark.browser

MAP_TITLE = {"en": "“{word}” (step {step})", "ko": "“{word}” ({step}단계)"}
WORDS = '.atlas-live[data-ready="1"][data-kind="words"]'  # the word view once it has drawn


def expected_run(lang: str):
    """The page's first sample captioned by the bundled model, as the page computes it."""
    from model.caption.bundle import load_captioner
    from model.caption.run import caption_image
    from model.caption.scenes import make_scenes
    from ui.cache import CAPTION_SAMPLE_SEED, CAPTION_SAMPLES

    image = make_scenes(CAPTION_SAMPLES, CAPTION_SAMPLE_SEED).images[0]
    return caption_image(load_captioner("additive"), image, lang)


def drawn_map(root) -> np.ndarray:
    """The map canvas's values as drawn (its data attribute: String() of each float32, exact)."""
    text = root.locator("canvas.atlas-live-map").get_attribute("data-values")
    return np.array([float(v) for v in text.split(",")]).astype(np.float32)


def click_word(app, root, step: int) -> None:
    """Click the word of `step` in the word view; the page reruns with it chosen."""
    app.click(root.locator(f'.atlas-live-token[data-step="{step}"]'))
    app.page.wait_for_function("([el, t]) => el.dataset.step === String(t)", arg=[root.element_handle(), step],
                               timeout=15_000)


def page_weights(app, folder) -> np.ndarray:
    """(T, m) the weights of the decode the server computed, from the page's own .npz download: this process's
    torch may round a last bit differently (another thread count), so the drawn numbers are held to these."""
    return app.download_npz(folder)[1]["weights"]


def wait_for_map_title(app, title: str) -> None:
    app.page.wait_for_function(
        "([sel, t]) => [...document.querySelectorAll(sel + ' figcaption')].some(e => e.textContent === t)",
        arg=[WORDS, title], timeout=15_000,
    )


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_sample_is_captioned_and_a_hovered_word_shows_its_map(app, lang, tmp_path):
    run = expected_run(lang)
    app.open("captioning", lang=lang)
    app.assert_healthy()
    root = app.page.locator(WORDS)
    root.wait_for(timeout=60_000)
    assert app.page.locator('[data-testid="stMain"] h3').first.inner_text() == run.text
    weights = page_weights(app, tmp_path)  # (T, m)
    np.testing.assert_allclose(weights, run.decode.weights, atol=1e-6)  # the model's decode, computed here too
    words = root.locator(".atlas-live-token").all_inner_texts()
    assert words == list(run.words)
    assert root.locator("canvas.atlas-live-thumb").count() == len(words)  # every word's small map
    runs = app.run_count()
    for step, chooser in ((1, "atlas-live-token"), (len(words) - 1, "atlas-live-thumb"), (0, "atlas-live-token")):
        root.locator(f'.{chooser}[data-step="{step}"]').hover()
        app.page.wait_for_function("([el, t]) => el.dataset.step === String(t)", arg=[root.element_handle(), step],
                                   timeout=5_000)
        np.testing.assert_array_equal(drawn_map(root), weights[step])  # bit for bit
        wait_for_map_title(app, MAP_TITLE[lang].format(word=words[step], step=step + 1))
    # a region of the map under the pointer: the readout shows its exact weight
    canvas = root.locator("canvas.atlas-live-map")
    box = canvas.bounding_box()
    app.page.mouse.move(box["x"] + box["width"] * 0.05, box["y"] + box["height"] * 0.05)  # the top-left region
    readout = root.locator(".atlas-live-readout")
    app.page.wait_for_function("el => el.dataset.region === '0'", arg=readout.element_handle(), timeout=5_000)
    step = int(readout.get_attribute("data-step"))
    assert np.float32(float(readout.get_attribute("data-value"))) == weights[step, 0]
    assert app.run_count() == runs, "hovering must not rerun the script"
    click_word(app, root, 1)  # a colour word: not the first noun the page starts with
    wait_for_map_title(app, MAP_TITLE[lang].format(word=words[1], step=2))
    app.assert_healthy()


def drawing_png() -> bytes:
    """A drawing as a user makes one in a paint program: two shapes in named colours on a dark background."""
    image = Image.new("RGB", (240, 240), (35, 30, 45))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, 90, 90), fill=(230, 30, 25))  # a red square, top left
    draw.ellipse((140, 140, 210, 210), fill=(40, 80, 240))  # a blue circle, bottom right
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_uploaded_drawing_is_captioned_and_each_clicked_word_shows_its_map(app, tmp_path):
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
    root = app.page.locator(WORDS)
    root.wait_for(timeout=60_000)
    assert app.page.locator('[data-testid="stMain"] h3').first.inner_text() == run.text
    weights = page_weights(app, tmp_path)
    np.testing.assert_allclose(weights, run.decode.weights, atol=1e-6)
    for step, word in enumerate(run.words):
        click_word(app, root, step)
        wait_for_map_title(app, MAP_TITLE["en"].format(word=word, step=step + 1))
        np.testing.assert_array_equal(drawn_map(root), weights[step])
    app.assert_healthy()


def test_the_decode_downloads_as_npz(app, tmp_path):
    run = expected_run("en")
    app.open("captioning", lang="en")
    app.page.locator(WORDS).wait_for(timeout=60_000)
    _, data = app.download_npz(tmp_path)
    assert list(data["output_tokens"]) == list(run.decode.output)
    weights = data["weights"]  # (T, m)
    assert weights.shape == (len(run.decode.output), run.grid**2)
    assert np.allclose(weights.sum(-1), 1.0, atol=1e-4)
