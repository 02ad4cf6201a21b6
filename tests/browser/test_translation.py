"""The Translation page in a real browser: step through a decode, pick a word and see the output change, in
English and in Korean, and the unknown-word notice as a person reads it."""

import re

import pytest

from model.translate.bundle import read_card

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(read_card("ko", "en", "additive") is None,
                       reason="the ko-en additive translator is not in assets/models yet (make train)"),
]

TEXTS = {  # the labels the test clicks, in each UI language
    "en": dict(view="View", stepper="Step by step", next="Next ▶", step="Step {step} of {total}",
               pick="Word at step {step}", apply="Use this word", box="Sentence to translate"),
    "ko": dict(view="보기", stepper="한 단계씩", next="다음 ▶", step="{total}단계 중 {step}단계",
               pick="{step}단계의 단어", apply="이 단어 쓰기", box="번역할 문장"),
}


def main_text(app, pattern: str):
    return app.page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]').filter(
        has_text=re.compile(pattern)).first


def output_words(app) -> list[str]:
    """The code spans of the "Output, N steps:" line ("출력 N단계:" in Korean)."""
    return main_text(app, r"^(Output,|출력 )").locator("code").all_text_contents()


def headline(app) -> str:
    return app.page.locator('[data-testid="stMain"] h3').first.inner_text()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_step_through_a_decode_and_pick_a_word(app, lang):
    words = TEXTS[lang]
    app.open("translation", lang=lang)
    app.assert_healthy()
    app.page.locator('.atlas-live[data-ready="1"][data-kind="matrix"]').first.wait_for()  # the alignment matrix
    assert headline(app) == "I am a student"
    before = output_words(app)
    assert before[-1] == "</s>" and len(before) >= 3

    app.choose_segment(words["view"], words["stepper"])
    app.wait_for_figures(3)
    total = len(before)
    assert main_text(app, re.escape(words["step"].format(step=1, total=total))).is_visible()
    app.click(app.page.get_by_role("button", name=words["next"]))
    assert main_text(app, re.escape(words["step"].format(step=2, total=total))).is_visible()
    app.assert_healthy()

    word = "was" if before[1] != "was" else "is"  # words of the bundled English vocabulary
    app.select_option(words["pick"].format(step=2), word, typed=True)
    app.click(app.page.get_by_role("button", name=words["apply"]))
    app.assert_healthy()
    after = output_words(app)
    assert after[0] == before[0] and after[1] == word and after != before
    assert headline(app) != "I am a student"
    assert main_text(app, re.escape(words["step"].format(step=2, total=len(after)))).is_visible()
    app.wait_for_figures(3)


def test_the_unknown_word_notice_shows_the_word_and_the_unk_token_as_text(app):
    app.open("translation")
    app.set_text(TEXTS["en"]["box"], "나는 외계인입니다")
    app.assert_healthy()
    notices = [n for n in app.infos() if "외계인입니다" in n]
    assert notices and "<unk>" in notices[0], app.infos()
