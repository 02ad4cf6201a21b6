"""AppTest runs of the Translation page with the bundled translators (no mocks): every view in both languages,
the unknown-word notice, picking a word, the random sentence, and the numbers the stepper shows."""

import json
import re
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from i18n import t
from model.attention import SCORE_FUNCTIONS
from model.translate.bundle import KINDS, read_card
from ui import cache
from ui.translation_views import VIEWS
from viz.live import sent_matrix

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "ui/translation_page.py"
OUTPUT_LINE = re.compile(r"^\*\*(Output|출력)")
SOURCE_LINE = re.compile(r"^\*\*(Source|원문)")


def bundled(*kinds: str, direction: tuple[str, str] = ("ko", "en")):
    missing = [kind for kind in kinds if read_card(*direction, kind) is None]
    return pytest.mark.skipif(bool(missing), reason=f"{'-'.join(direction)} {missing} not in assets/models yet "
                                                    "(make train)")


def open_page(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def output_words(at: AppTest, line: re.Pattern = OUTPUT_LINE) -> list[str]:
    """The tokens of the "**Output, N steps:** `` i `` · `` am `` ..." line (or of the source line)."""
    text = next(m.value for m in at.markdown if line.match(m.value))
    return re.findall(r"`` (.+?) ``", text)


def healthy(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def show(at: AppTest, view: str) -> AppTest:
    at.segmented_control(key="tr-view").set_value(view).run()
    healthy(at)
    return at


def figures(at: AppTest) -> list:
    """What the page drew: Plotly charts and the matrices drawn in the browser (ui/live.py)."""
    return [*at.get("plotly_chart"), *at.get("bidi_component")]


@bundled("additive", "dot", "general", "cosine")
def test_the_alignment_view_sends_the_decodes_weights_and_each_score_functions():
    at = open_page()
    shown = [json.loads(c.proto.json) for c in at.get("bidi_component")]  # the alignment, then the panels
    titles = {m["title"]: m for m in shown[1:]}
    panels = [titles[t(f"translation.kind.{kind}", "en")] for kind in SCORE_FUNCTIONS]
    for payload, kind in zip([shown[0], *panels], ("additive", *SCORE_FUNCTIONS)):
        decode = cache.translation("ko", "en", kind, "나는 학생입니다").decode
        np.testing.assert_array_equal(sent_matrix(payload), decode.weights)  # bit for bit: what the browser draws
        assert (payload["rows"], payload["cols"]) == (list(decode.output), list(decode.source))
    assert shown[0]["cells"] is not None and all(m["cells"] is None for m in panels)  # small panels: colour only


@bundled("additive")
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_view_renders_in_both_languages(lang):
    at = open_page(lang)
    assert at.title[0].value == ("Attention in a translator" if lang == "en" else "번역기 속의 어텐션")
    assert output_words(at)[-1] == "</s>"
    for view in VIEWS:
        show(at, view)
        if view != "costs":  # that view is tables and text
            assert figures(at), view


@bundled("none", "additive", "transformer")
@pytest.mark.slow
@pytest.mark.parametrize("kind", ["none", "transformer"])
def test_the_bottleneck_and_the_transformer_models_step_through_every_view(kind):
    at = open_page()
    at.selectbox(key="tr-kind").set_value(kind).run()
    healthy(at)
    for view in VIEWS:
        show(at, view)
    show(at, "stepper")
    for _ in range(len(output_words(at)) - 1):  # Next, to the last step
        at.button(key="tr-next").click().run()
        healthy(at)
    assert at.button(key="tr-next").disabled


@bundled("additive")
def test_korean_mode_names_the_views_and_the_models_in_korean():
    at = open_page("ko")
    labels = at.segmented_control(key="tr-view").options
    assert labels == ["정렬", "한 단계씩", "병목", "트랜스포머", "RNN과 트랜스포머"]
    assert all(re.search("[가-힣]", option) for option in at.selectbox(key="tr-kind").options)


@bundled("additive")
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_word_outside_the_vocabulary_is_named_in_a_notice(lang):
    at = open_page(lang)
    at.text_area(key="tr-text-ko").input("나는 외계인입니다").run()
    healthy(at)
    notices = [info.value for info in at.info if "외계인입니다" in info.value]
    assert len(notices) == 1
    assert ("vocabulary" in notices[0]) if lang == "en" else ("어휘" in notices[0])
    assert output_words(at, SOURCE_LINE) == ["나", "는", "<unk>", "</s>"]


@bundled("additive")
def test_an_empty_sentence_says_what_to_do_and_the_next_one_works():
    at = open_page()
    at.text_area(key="tr-text-ko").input("   ").run()
    assert not at.exception
    assert [e.value for e in at.error] == ["There is no text to read. Type or paste a sentence first."]
    at.text_area(key="tr-text-ko").input(".,!").run()  # characters, but not one word
    assert not at.exception and not at.error
    assert any("Type a sentence to translate." in info.value for info in at.info)
    assert not figures(at)
    at.text_area(key="tr-text-ko").input("나는 학생입니다").run()
    healthy(at)
    assert figures(at)


@bundled("additive")
def test_picking_a_word_changes_that_step_keeps_the_earlier_ones_and_can_be_undone():
    at = show(open_page(), "stepper")
    before = output_words(at)
    at.button(key="tr-next").click().run()
    assert at.select_slider(key="tr-step").value == 1
    pick = at.selectbox(key="tr-pick-1")
    word = next(option for option in pick.options if option not in (before[1], "</s>"))
    pick.set_value(word).run()
    at.button(key="tr-apply").click().run()
    healthy(at)
    after = output_words(at)
    assert after[0] == before[0] and after[1] == word and after != before
    assert any("✋" in m.value for m in at.markdown)
    assert at.select_slider(key="tr-step").value == 1  # still on the step the word was picked at
    at.button(key="tr-reset").click().run()
    assert output_words(at) == before


@bundled("additive")
def test_picking_a_word_moves_the_attention_of_the_steps_after_it():
    at = show(open_page(), "stepper")
    at.text_area(key="tr-text-ko").input("그 동물은 너무 피곤해서 길을 건너지 않았다").run()

    def weights_at(step: int) -> np.ndarray:
        at.select_slider(key="tr-step").set_value(step).run()
        return at.dataframe[0].value.iloc[:, -1].to_numpy(dtype=float)  # α column of the softmax table

    before = weights_at(2)
    at.select_slider(key="tr-step").set_value(1).run()
    words = at.selectbox(key="tr-pick-1").options
    at.selectbox(key="tr-pick-1").set_value(words[3]).run()  # an unlikely word: the decoder goes elsewhere
    at.button(key="tr-apply").click().run()
    healthy(at)
    assert not np.allclose(weights_at(2), before, atol=1e-3)


@bundled("additive")
def test_the_stepper_works_a_score_out_and_it_matches_the_model():
    at = show(open_page(), "stepper")
    agree = [m.value for m in at.markdown if "worked out here in float64" in m.value]
    assert len(agree) == 1 and agree[0].endswith("✅")
    table = at.dataframe[0].value
    assert abs(table.iloc[:, -1].sum() - 1) < 1e-3  # α sums to 1


@bundled("additive")
def test_the_random_button_draws_a_new_sentence_the_same_one_for_the_same_click():
    at = open_page()
    first = at.text_area(key="tr-text-ko").value
    drawn = []
    for _ in range(2):
        at.button(key="tr-random-button").click().run()
        healthy(at)
        drawn.append(at.text_area(key="tr-text-ko").value)
    assert first not in drawn and drawn[0] != drawn[1]
    again = open_page()
    again.button(key="tr-random-button").click().run()
    assert again.text_area(key="tr-text-ko").value == drawn[0]  # the click count seeds the grammar


@bundled("additive")
def test_a_preset_replaces_the_sentence():
    at = open_page()
    at.selectbox(key="tr-preset-ko").set_value("내일 시간 있어?").run()
    healthy(at)
    assert at.text_area(key="tr-text-ko").value == "내일 시간 있어?"
    assert output_words(at)[-1] == "</s>"


@bundled("additive")
@bundled("additive", direction=("en", "ko"))
def test_switching_direction_follows_the_source_language():
    at = open_page()
    at.segmented_control(key="tr-direction").set_value("en-ko").run()
    healthy(at)
    assert "I am a student" in at.selectbox(key="tr-preset-en").options
    assert at.text_area(key="tr-text-en").value == "I am a student"
    assert all(re.search("[가-힣]", word) for word in output_words(at)[:-1])


@bundled("none", "additive")
def test_the_bottleneck_view_draws_the_curves_and_a_row_per_evaluated_model():
    at = show(open_page(), "bottleneck")
    assert len(at.get("plotly_chart")) == 1
    evaluated = [kind for kind in KINDS if "evaluation" in (read_card("ko", "en", kind) or {})]
    table = at.dataframe[0].value
    assert len(table) == len(evaluated) >= 2
    assert any("longest training sentence" in c.value for c in at.caption)


@bundled("transformer")
def test_the_masked_decoder_inspector_leaves_the_later_words_out_of_the_softmax():
    at = show(open_page(), "transformer")
    at.segmented_control(key="tr-part").set_value("decoder_self").run()
    at.selectbox(key="tr-query").set_value(1).run()
    healthy(at)
    table = at.dataframe[0].value  # key, q·k, ×1/√d_k, − max, exp, weight
    exps, weights = table.iloc[:, -2].to_numpy(dtype=float), table.iloc[:, -1].to_numpy(dtype=float)
    assert np.all(exps[2:] == 0) and np.all(weights[2:] == 0)
    np.testing.assert_allclose(exps / exps.sum(), weights, atol=2e-4)


@bundled("additive", "transformer")
@pytest.mark.parametrize("kind", ["additive", "transformer"])
def test_a_cached_translation_is_shared_and_none_of_its_arrays_can_be_changed(kind):
    first = cache.translation("ko", "en", kind, "나는 학생입니다", ((1, "was"),))
    assert cache.translation("ko", "en", kind, "나는 학생입니다", ((1, "was"),)) is first
    decode = first.decode
    assert decode.output[1] == "was" and decode.forced == (1,)
    arrays = [decode.logits]
    if kind == "transformer":
        arrays += [getattr(trace, name) for trace in (decode.encoder, decode.decoder_self, decode.cross)
                   for name in ("q", "k", "v", "scores", "weights", "head_out", "attn_out", "block_out", "x", "mid")]
    else:
        arrays += [decode.encoder_states, decode.initial_state, decode.states, decode.scores, decode.weights,
                   decode.contexts]
    for array in arrays:
        with pytest.raises(ValueError):
            array.flat[0] = 1.0
