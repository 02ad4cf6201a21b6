"""AppTest runs of the Image, Sentence and About pages with the real bundled models (no mocks)."""

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from streamlit.testing.v1 import AppTest

from model.catalog import ASSETS, BUNDLED_VIT, KOREAN_ENCODER
from model.inputs import decode_image
from model.loading import load_vit
from model.samples import load_samples
from model.vit.trace import model_input
from tests.bad_inputs import animated_gif, text_renamed_png
from ui import cache
from ui.common import markdown_text

APP = str(Path(__file__).resolve().parent.parent / "app.py")
BUNDLED_FILES = [ASSETS / "models" / f"{BUNDLED_VIT.replace('-', '_')}{ext}" for ext in (".json", ".safetensors")]
needs_bundled_vit = pytest.mark.skipif(
    not all(f.exists() for f in BUNDLED_FILES) or not (ASSETS / "samples" / "samples.json").exists(),
    reason="the bundled ViT or the sample gallery is not in assets/ yet (make train)",
)


def open_page(page: str, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def live_payload(at: AppTest) -> dict | None:
    """The data the live explorer (ui/live.py, the default view) was mounted with, or None where it is not shown."""
    mounted = at.get("bidi_component")
    return json.loads(mounted[0].proto.json) if mounted else None


def figures(at: AppTest) -> list:
    """What the page drew: its Plotly charts, and the live explorer when it holds a trace's attention."""
    live = [c for c in at.get("bidi_component") if json.loads(c.proto.json or "{}").get("weights")]
    return [*at.get("plotly_chart"), *live]


def traced(at: AppTest) -> bool:
    """The Image page shows a traced picture: the top-5 prediction bars and a figure of its attention."""
    bars = [bar.proto.text for bar in at.get("progress")]  # the inspector has a step counter bar of its own
    return sum(text.endswith("%") for text in bars) == 5 and len(figures(at)) >= 1


def unfused_vit_weights(image_bytes: bytes) -> np.ndarray:
    """The bundled ViT's own attention weights from timm's unfused branch: (L, H, N, N).

    No code of ours computes them.
    """
    loaded = load_vit()
    module = loaded.module
    captured = []
    handles = []
    for block in module.blocks:
        block.attn.fused_attn = False  # a private instance, not the app's cached one
        hook = block.attn.attn_drop.register_forward_hook(lambda m, a, out: captured.append(out[0].detach().numpy()))
        handles.append(hook)
    _, pixels = model_input(loaded, decode_image(image_bytes).image)
    with torch.no_grad():
        module(pixels)
    for handle in handles:
        handle.remove()
    return np.stack(captured)


@pytest.fixture(scope="module")
def image_page():
    return open_page("ui/image_page.py")


@needs_bundled_vit
def test_image_page_default_sample_shows_figures_and_prediction(image_page, bundled_vit):
    at = image_page
    assert not at.error
    assert [f.key for f in figures(at)] == ["img-live"]  # the heads, in the live explorer
    bars = [bar.proto for bar in at.get("progress")]  # the top-5 predictions, best first
    assert traced(at) and [b.value for b in bars] == sorted((b.value for b in bars), reverse=True)
    card_classes = bundled_vit.classes
    said = next(m.value for m in at.markdown if m.value.startswith("The model says"))
    assert any(f"**{name}**" in said for name in card_classes)


@needs_bundled_vit
@pytest.mark.parametrize("view", ["overview", "finder", "rollout", "pipeline", "inspector", "heads"])
def test_image_page_every_view_renders(image_page, view):
    at = image_page
    at.segmented_control(key="img-view").set_value(view).run()
    assert not at.exception and not at.error
    assert traced(at) and at.get("plotly_chart")


@needs_bundled_vit
def test_image_inspector_numbers_are_the_models_own(image_page):
    at = image_page
    at.segmented_control(key="img-view").set_value("inspector").run()
    layer, query = 1, 5
    at.slider(key="img-layer").set_value(layer).run()
    at.selectbox(key="img-query").set_value(query).run()
    at.selectbox(key="img-head").set_value(2).run()
    table = at.dataframe[0].value
    shown = table.iloc[:, -1].to_numpy(dtype=float)  # the weight column, as displayed (4 decimals)
    expected = unfused_vit_weights(load_samples()[0].read_bytes())[layer, 2, query]
    np.testing.assert_allclose(shown, expected, atol=6e-5)
    assert abs(shown.sum() - 1) < 1e-3


@needs_bundled_vit
def test_image_page_bad_upload_shows_message_and_recovers():
    at = open_page("ui/image_page.py")
    at.segmented_control(key="img-source").set_value("upload").run()
    name, data = text_renamed_png()
    at.get("file_uploader")[0].set_value((name, data, "image/png")).run()
    assert not at.exception
    assert at.error and "not an image" in at.error[0].value.lower()
    at.segmented_control(key="img-source").set_value("sample").run()
    assert not at.error and traced(at)


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.segmented_control(key="img-source").set_value("upload").run()
    at.get("file_uploader")[0].set_value((name, data, "image/gif")).run()
    assert not at.exception
    return at


@needs_bundled_vit
def test_an_upload_whose_name_is_too_long_for_a_file_system_is_traced():
    name = "가" * 82 + ".gif"  # 250 bytes in UTF-8: once raised "File name too long" in the saved-trace lookup
    at = upload(open_page("ui/image_page.py"), name, animated_gif(2)[1])
    assert not at.error and traced(at)


@needs_bundled_vit
def test_a_file_name_written_as_markdown_is_shown_as_typed_not_as_a_link():
    at = upload(open_page("ui/image_page.py"), "[fix](https://example.org).gif", animated_gif(2)[1])
    frames = [info.value for info in at.info if "frames" in info.value]
    assert frames and "\\[fix\\]\\(https\\://example\\.org\\)\\.gif" in frames[0]


@needs_bundled_vit
def test_the_same_picture_under_another_name_is_traced_once_and_named_as_each_user_named_it():
    data = animated_gif(2)[1] + b"\0same-bytes"  # bytes after the GIF's end: a picture of its own for the cache
    first = upload(open_page("ui/image_page.py"), "mine.gif", data)
    held = cache.TRACES.used
    second = upload(open_page("ui/image_page.py"), "yours.gif", data)
    assert cache.TRACES.used == held
    mine, yours = markdown_text("mine.gif"), markdown_text("yours.gif")  # as names reach Markdown
    assert any(mine in info.value for info in first.info)
    assert any(yours in info.value for info in second.info)
    assert not any(mine in info.value for info in second.info)


@needs_bundled_vit
@pytest.mark.parametrize("forged", [
    {"selection": {"points": [{"customdata": "x"}]}},
    {"selection": {"points": [{"customdata": -5}]}},
    {"selection": {"points": [{"customdata": 10**9}]}},
    {"selection": {"points": "all"}},
    {"selection": 3},
    [],
])
def test_a_forged_click_on_the_heads_figure_leaves_the_query_as_it_was(image_page, forged):
    at = image_page
    at.selectbox(key="img-query").set_value(5).run()
    at.session_state["img-heads-chart"] = forged  # what a client could send as the chart's selection
    at.run()
    assert not at.exception and at.selectbox(key="img-query").value == 5


@pytest.fixture(scope="module")
def sentence_page():
    return open_page("ui/sentence_page.py")


def test_sentence_page_default_preset(sentence_page):
    at = sentence_page
    assert not at.error
    assert any("animal" in m.value and "tired" in m.value for m in at.markdown)
    assert figures(at) and "animal" in live_payload(at)["tokens"]  # the live explorer, the default view


@pytest.mark.parametrize("view", ["lines", "overview", "finder", "rollout", "inspector", "matrix"])
def test_sentence_page_every_view_renders(sentence_page, view):
    at = sentence_page
    at.segmented_control(key="txt-view").set_value(view).run()
    assert not at.exception and not at.error
    assert at.get("plotly_chart")


def test_sentence_inspector_numbers_match_eager_attention(sentence_page, minilm):
    at = sentence_page
    at.text_area(key="txt-text").set_value("I am a student").run()
    at.segmented_control(key="txt-view").set_value("inspector").run()
    at.slider(key="txt-layer").set_value(3).run()
    at.selectbox(key="txt-head").set_value(7).run()
    at.selectbox(key="txt-query").set_value(2).run()
    table = at.dataframe[0].value
    with torch.no_grad():
        encoded = minilm.tokenizer("I am a student", return_tensors="pt")
        eager = minilm.module(**encoded, output_attentions=True).attentions
    expected = eager[3][0, 7, 2].numpy()
    assert list(table.iloc[:, 0]) == ["[CLS]", "i", "am", "a", "student", "[SEP]"]
    np.testing.assert_allclose(table.iloc[:, -1].to_numpy(dtype=float), expected, atol=6e-5)


def test_typed_markdown_reaches_the_inspector_as_text(sentence_page):
    at = sentence_page
    at.text_area(key="txt-text").set_value("see *this* and [that](https://example.org)").run()
    at.segmented_control(key="txt-view").set_value("inspector").run()
    tokens = [str(at.selectbox(key="txt-query").options[i]).split(": ", 1)[1] for i in range(3)]
    at.selectbox(key="txt-query").set_value(2).run()  # "*"
    assert tokens[2] == "*"
    row = next(m.value for m in at.markdown if m.value.startswith("The row of query"))
    assert "**\\***" in row  # the token itself, escaped inside the bold: not a stray emphasis marker


def test_sentence_page_empty_and_huge_inputs(sentence_page):
    at = sentence_page
    at.text_area(key="txt-text").set_value("   ").run()
    assert not at.exception and "no text" in at.error[0].value.lower()
    at.text_area(key="txt-text").set_value("attention " * 2000).run()
    assert not at.exception and not at.error
    assert any("were kept" in i.value for i in at.info)
    at.text_area(key="txt-text").set_value("I am a student").run()
    assert not at.error and at.get("plotly_chart")


def test_a_new_text_starts_from_the_cls_query():
    # A query index kept from the last text would name another token (and the browser's select box went on
    # showing the old token's label, "10: it" on a Korean sentence).
    at = open_page("ui/sentence_page.py")
    tokens = [str(option).split(": ", 1)[1] for option in at.selectbox(key="txt-query").options]
    assert tokens[at.selectbox(key="txt-query").value] == "it"  # the preset's focus: "it" → "animal"
    at.selectbox(key="txt-preset").set_value("I am a student").run()
    assert not at.exception and at.selectbox(key="txt-query").value == 0
    at.selectbox(key="txt-query").set_value(3).run()
    at.segmented_control(key="txt-view").set_value("matrix").run()
    at.slider(key="txt-layer").set_value(2).run()
    assert at.selectbox(key="txt-query").value == 3  # the same text: the student's choice stays


def test_korean_preset_says_the_model_reads_letters_in_the_chosen_language():
    at = open_page("ui/sentence_page.py", lang="ko")
    at.selectbox(key="txt-preset").set_value("나는 학생입니다").run()
    assert not at.exception and figures(at)
    assert any("낱자(자모)" in i.value for i in at.info)


def test_the_bundled_korean_encoder_reads_korean_words_as_words():
    at = open_page("ui/sentence_page.py", lang="ko")
    at.sidebar.selectbox(key="txt-model").set_value(KOREAN_ENCODER).run()
    at.selectbox(key="txt-preset").set_value("나는 학생입니다").run()
    assert not at.exception and not at.error and figures(at)
    assert not any("낱자(자모)" in i.value for i in at.info)
    tokens = next(m.value for m in at.markdown if m.value.startswith("**토큰"))
    assert "`` 학생 ``" in tokens and "`` 입니다 ``" in tokens
    assert any("학생" in m.value and "먹었다" in m.value for m in at.markdown)  # the words it knows, listed
    at.text_area(key="txt-text").set_value("나는 피자를 먹었다").run()
    assert any("피자를" in i.value for i in at.info)  # the word it does not know, named
    at.segmented_control(key="txt-view").set_value("inspector").run()
    assert not at.exception and at.dataframe


def test_korean_switch_changes_ui_text():
    at = open_page("ui/sentence_page.py")
    assert at.title[0].value == "Attention in a sentence"
    at.sidebar.radio(key="lang").set_value("ko").run()
    assert at.title[0].value == "문장 속의 어텐션"
    assert at.query_params["lang"] == "ko"


@needs_bundled_vit
def test_link_with_language_opens_in_korean():
    at = open_page("ui/image_page.py", lang="ko")
    assert at.title[0].value == "비전 트랜스포머의 어텐션"
    assert any(m.value.startswith("모델의 답") for m in at.markdown)


@needs_bundled_vit
def test_image_page_switch_to_korean_relabels_every_choice():
    # The option labels, not just the widget labels, follow the switch, and so does the model card.
    at = open_page("ui/image_page.py")
    assert at.sidebar.selectbox(key="img-model").options[0] == "Atlas shapes ViT (bundled, offline)"
    at.sidebar.radio(key="lang").set_value("ko").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="img-model").options[0] == "아틀라스 도형 ViT (내장, 오프라인)"
    assert at.sidebar.selectbox(key="img-model").options[-1] == "내 가중치 파일…"
    assert "실제 사진에 대해서는 아무것도 모릅니다" in at.sidebar.caption[0].value


def test_about_page():
    at = open_page("ui/about_page.py")
    assert not at.exception and at.markdown


@needs_bundled_vit
def test_the_bundled_model_says_when_a_picture_is_unlike_its_shapes(bundled_vit):
    """An upload the model is unsure of (its own top probability below even odds) gets the notice; a star does not."""
    import io

    import torch
    from PIL import Image

    from model.vit.trace import model_input

    def top_probability(data: bytes) -> float:
        _, pixels = model_input(bundled_vit, Image.open(io.BytesIO(data)))
        with torch.inference_mode():
            return float(bundled_vit.module(pixels).softmax(-1).max())

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (128, 128, 128)).save(buffer, format="PNG")  # a blank grey picture: no shape
    blank = buffer.getvalue()
    star = next(s for s in load_samples() if s.file == "shape_star.png")
    assert top_probability(blank) < 0.5 < top_probability(star.read_bytes())  # the model's own answers

    def notices(at: AppTest) -> list[str]:
        assert not at.exception
        return [w.value for w in at.warning if "knows only drawn shapes" in w.value]

    at = open_page("ui/image_page.py")
    at.selectbox(key="img-sample").set_value(star).run()
    assert not notices(at)
    at.segmented_control(key="img-source").set_value("upload").run()
    at.get("file_uploader")[0].set_value(("blank.png", blank, "image/png")).run()
    assert notices(at)


@pytest.mark.parametrize(("page", "view_key", "fallback"), [
    pytest.param("ui/image_page.py", "img-view", "heads", marks=needs_bundled_vit),
    ("ui/sentence_page.py", "txt-view", "matrix"),
])
def test_live_explorer_is_the_default_view_and_the_plotly_views_stay(page, view_key, fallback):
    at = open_page(page)  # a fresh session: the default view, whatever the tests above chose
    assert at.segmented_control(key=view_key).value == "live"
    assert not at.exception and not at.error
    sent = [c.value for c in at.caption if c.value.startswith("Sent to the browser with this page")]
    assert sent and "all 6 layers" in sent[0], sent  # the bundled models' traces go at once (viz/live.py)
    at.segmented_control(key=view_key).set_value(fallback).run()
    assert not at.exception and not at.error
    assert at.get("plotly_chart")
