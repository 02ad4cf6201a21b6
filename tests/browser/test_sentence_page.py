"""The Sentence page in a real browser: explore, download, and every bad text a user types."""

import re

import numpy as np
import pytest

from tests import bad_inputs as bad

pytestmark = pytest.mark.browser

BOX = "Your sentence"


def token_line(app):
    """The "**N tokens:** `[CLS]` · `the` ..." line under the text box (any language)."""
    return app.page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]:has(p > strong + code)').first


def token_count(app) -> int:
    """N from the token line's bold "N tokens:" ("토큰 N개:" in Korean)."""
    return int(re.search(r"\d+", token_line(app).locator("strong").first.inner_text()).group())


def token_spans(app) -> list[str]:
    return token_line(app).locator("code").all_text_contents()


def assert_nothing_injected(app) -> None:
    """No dialog opened, and no element the typed markup could have created exists in the app."""
    assert not app.dialogs, app.dialogs
    injected = app.page.evaluate(
        """() => [...document.querySelectorAll(
               '[data-testid="stMain"] script, [data-testid="stMain"] img[src="x"], '
               + '[data-testid="stMain"] b, [data-testid="stMain"] a[href^="javascript"]')]
             .map(e => e.outerHTML)"""
    )
    assert not injected, injected
    assert not app.page.evaluate("() => window.__atlas_pwned === true")


def test_default_sentence_traces_and_every_view_draws(app):
    app.open("sentence")
    app.assert_healthy()
    app.wait_for_live("tokens")  # the default view: the live explorer
    assert token_count(app) == 15  # [CLS] the animal didn ' t cross ... tired [SEP]
    assert app.live_explorer("tokens").locator(".atlas-live-q").count() == 15
    app.choose_segment("View", "Token × token")
    app.wait_for_figures(1)
    # The preset opens on the head the finder ranked first for "it" → "animal" (tests/test_page_parts.py checks which)
    assert any(re.fullmatch(r"layer \d+, head \d+", title) for title in app.figure_titles())
    opened = app.slider_value("Layer")
    target = 2 if opened != 2 else 3
    app.move_slider("Layer", target - opened)
    assert app.slider_value("Layer") == target
    app.select_option("Head", "3")
    app.page.wait_for_function(
        "title => [...document.querySelectorAll('.js-plotly-plot .gtitle')].some(e => e.textContent.includes(title))",
        arg=f"layer {target}, head 3",
    )
    for view in ["Lines", "All layers", "Head finder", "Rollout", "Step by step", "Token × token"]:
        app.choose_segment("View", view)
        app.wait_for_figures(1)
        app.assert_healthy()
    app.choose_segment("View", "Explore live")
    app.wait_for_live("tokens", layer=target, head=3)  # the live explorer opens on the layer and head chosen
    app.assert_healthy()


def test_trace_download_is_a_complete_npz(app, tmp_path):
    app.open("sentence")
    name, arrays = app.download_npz(tmp_path)
    assert name.endswith(".npz")
    weights = arrays["weights"]  # (L, H, N, N)
    assert weights.shape[-1] == weights.shape[-2] == 15
    assert np.allclose(weights.sum(-1), 1.0, atol=1e-4)
    app.assert_healthy()


def test_script_tag_in_the_sentence_is_shown_as_text_never_run(app):
    app.open("sentence")
    app.page.evaluate("() => { window.__atlas_pwned = false; }")
    typed = bad.script_sentence() + ' <img src=x onerror="window.__atlas_pwned=true;alert(2)"> <b>bold</b>'
    app.set_text(BOX, typed)
    app.assert_healthy()
    assert app.text_area(BOX).input_value() == typed
    spans = token_spans(app)
    assert "script" in spans and "<" in spans and "alert" in spans  # tokenised like any text
    assert_nothing_injected(app)
    app.set_text(BOX, "I am a student")  # and the next sentence works as usual
    assert token_count(app) == 6
    assert_nothing_injected(app)


def test_each_token_is_shown_on_its_own_even_a_backtick(app):
    app.open("sentence")
    app.set_text(BOX, "a ` b ** c")
    assert token_spans(app) == ["[CLS]", "a", "`", "b", "*", "*", "c", "[SEP]"]


def test_long_sentence_is_truncated_with_a_notice_and_the_next_one_works(app):
    app.open("sentence")
    text = bad.long_sentence()  # 20,000 characters, the text box's own limit
    app.set_text(BOX, text)
    app.assert_healthy()
    assert len(app.text_area(BOX).input_value()) == 20_000
    notices = app.infos()
    assert any(re.search(r"The text has \d+ tokens; the first 128 were kept\.", n) for n in notices), notices
    assert token_count(app) == 128
    from playwright.sync_api import expect  # here: without playwright the browser tests are skipped, not broken

    app.wait_for_live("tokens")  # the default view, the live explorer, draws the 128 tokens kept
    expect(app.live_explorer("tokens").locator(".atlas-live-q")).to_have_count(128, timeout=app.run_timeout_ms)
    app.set_text(BOX, "I am a student")
    assert token_count(app) == 6
    assert not any("were kept" in n for n in app.infos())


def test_empty_sentence_says_what_to_do_and_the_next_one_works(app):
    app.open("sentence")
    app.set_text(BOX, "   \n  ")
    assert any("There is no text to read. Type or paste a sentence first." in e for e in app.errors()), app.errors()
    assert not app.exceptions()
    app.set_text(BOX, "The cat sat on the mat")
    assert not app.errors()
    assert token_count(app) == 8
    app.assert_healthy()


def test_invisible_characters_are_removed_with_a_notice(app):
    app.open("sentence")
    app.set_text(BOX, "The\u200b cat\u202e sat\u2066 down")
    assert any("3 invisible or control characters were removed" in n for n in app.infos()), app.infos()
    assert token_count(app) == 6  # [CLS] the cat sat down [SEP]
    app.assert_healthy()


def test_messages_follow_the_language_switch(app):
    app.open("sentence", lang="ko")
    app.set_text("문장 입력", " ")
    assert any("읽을 글이 없습니다" in e for e in app.errors()), app.errors()
    app.set_text("문장 입력", "나는 학생입니다")
    assert not app.errors()
    assert token_count(app) > 2  # the multilingual text is tokenised (wordpieces or [UNK]), not refused
    app.assert_healthy()
