"""AppTests of the Step-through page, run through the app's entry point (app.py) as a browser
opens it: navigation, language switch and query parameters included."""

import json
import math
import re
from dataclasses import replace

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from i18n import t
from model import toy
from tests.toy_reference import latex_results, matrices, open_page, reference
from ui.toy_session import COST_PANEL, EDIT_PANEL
from viz.live import sent_matrix
from viz.matrix import format_matrix

STATE = "toy.state"


def step_title(at: AppTest) -> str:
    return at.subheader[0].value


def expected_title(index: int, step: str, lang: str = "en") -> str:
    return f"{index + 1}. {t(f'toy.step.{step}', lang)}"


def walk(at: AppTest, variant: str, forward: bool) -> None:
    """Through every step of the variant, from the first with Next or from the last with Back.

    Every variant starts with "input" and ends with "output", so alternating directions
    chains the walks without extra clicks.
    """
    steps = list(enumerate(toy.steps_for(variant)))
    button = "toy.next" if forward else "toy.back"
    for count, (index, step) in enumerate(steps if forward else steps[::-1]):
        assert step_title(at) == expected_title(index, step), (variant, step)
        assert at.query_params["s"] == step and at.query_params["v"] == variant
        assert matrices(at) or at.get("plotly_chart"), (variant, step)
        if count < len(steps) - 1:
            at.button(key=button).click().run()
            assert not at.exception, (variant, step)
    assert at.button(key=button).disabled


@pytest.mark.parametrize("preset", toy.PRESETS)
def test_stepper_goes_through_every_step_of_every_variant(preset):
    at = open_page({"p": preset})
    for number, variant in enumerate(toy.VARIANTS):
        at.selectbox(key="toy.w.variant").set_value(variant).run()
        assert not at.exception
        walk(at, variant, forward=number % 2 == 0)


def test_quiz_and_presenter_modes_go_through_every_step():
    at = open_page({"p": "it_animal", "q": "7", "quiz": "1", "pm": "1"})
    assert not at.data_editor  # presenter mode: one step per screen, no editors
    for number, variant in enumerate(toy.VARIANTS):
        at.selectbox(key="toy.w.variant").set_value(variant).run()
        walk(at, variant, forward=number % 2 == 0)
    assert at.query_params["pm"] == "1" and at.query_params["quiz"] == "1"


def test_every_query_and_head_can_be_selected():
    at = open_page({"p": "student", "v": "multihead", "s": "mix", "h": "4"})
    for head in range(4):
        at.selectbox(key="toy.w.head").set_value(head).run()
        for query in range(4):
            at.selectbox(key="toy.w.query").set_value(query).run()
            assert not at.exception
            assert at.query_params["hd"] == str(head) if head else "hd" not in at.query_params


def opened(at: AppTest, *panels: str) -> AppTest:
    """`at` with these lazy expanders open, as a click on their header leaves them (their content runs only then)."""
    for key in panels:
        at.session_state[key] = True
    at.run()
    assert not at.exception
    return at


def _edited_pencil() -> toy.ToyExample:
    example = toy.preset_example("pencil")
    x = example.x.copy()
    x[0, 1] = 2.5
    return replace(example, tokens=("I", "like", "dogs"), x=x)


def test_link_restores_preset_variant_step_query_and_edits():
    edited = _edited_pencil()
    params = {"p": "pencil", "v": "causal", "s": "softmax", "q": "2", "e": toy.encode_example(edited)}
    at = open_page(params)
    assert not at.warning
    assert not at.data_editor  # the editors' panel is closed: the page computes with the link's numbers
    ref = reference(edited, "causal")
    assert latex_results(at.latex[-1].value) == list(format_matrix(ref["weights"][0])[2])
    opened(at, EDIT_PANEL)
    assert at.session_state[STATE] == toy.ToyState(preset="pencil", variant="causal", step="softmax", query=2,
                                                   edits=edited)
    assert at.selectbox(key="toy.w.preset").value == "pencil"
    assert at.selectbox(key="toy.w.variant").value == "causal"
    assert at.selectbox(key="toy.w.query").value == 2
    assert step_title(at) == expected_title(4, "softmax")
    assert at.data_editor[0].value["token"].tolist() == ["I", "like", "dogs"]
    assert at.data_editor[0].value["2"].tolist()[0] == 2.5
    # the page computes with the edited numbers, and writes the same link back
    assert latex_results(at.latex[-1].value) == list(format_matrix(ref["weights"][0])[2])
    assert {k: at.query_params[k] for k in params} == params
    assert at.query_params["lang"] == "en"

    at.button(key="toy.next").click().run()
    assert at.query_params["s"] == "mix" and at.query_params["e"] == params["e"]


def test_presenter_link_opens_on_that_step():
    at = open_page({"p": "it_animal", "s": "scores", "q": "7", "pm": "1"})
    assert step_title(at) == expected_title(2, "scores")
    at.radio(key="lang").set_value("ko").run()
    assert step_title(at) == expected_title(2, "scores", "ko")
    assert at.toggle(key="toy.w.presenter").value
    assert any("<style>" in m.value for m in at.markdown)


def test_quiz_accepts_a_right_answer_and_rejects_a_wrong_one():
    at = open_page({"p": "pencil", "s": "scores", "q": "1", "quiz": "1"})
    ask = next(m.value for m in at.markdown if m.value.startswith("Quiz:"))
    key = re.search(r"key “(.+?)”", ask).group(1)
    example = toy.preset_example("pencil")
    col = example.tokens.index(key)
    truth = reference(example, "basic")["scores"][0][1, col]
    shown = matrices(at)[0]
    assert shown["cells"][1][col] == "?"
    assert math.isnan(sent_matrix(shown)[1, col])  # the hidden value is not in the page either
    assert len(at.latex) == 1  # the working stays hidden until answered

    at.text_input[0].input(str(truth + 1))
    at.button(key="toy.quiz.check").click().run()
    assert at.error and not at.success
    assert len(at.latex) == 1

    at.text_input[0].input(f"{truth:g}")
    at.button(key="toy.quiz.check").click().run()
    assert at.success and not at.error
    assert len(at.latex) == 2  # now the dot products are written out

    at.button(key="toy.quiz.new").click().run()
    assert at.query_params["quiz"] == "2" and not at.success


@pytest.mark.parametrize("step", ["softmax", "mix"])
def test_quiz_on_weights_and_outputs(step):
    at = open_page({"p": "pencil", "s": step, "q": "0", "quiz": "3"})
    question = toy.quiz_question(toy.compute_toy(toy.preset_example("pencil"), "basic"), step, 0, 0, 3)
    ref = reference(toy.preset_example("pencil"), "basic")
    truth = (ref["weights"] if step == "softmax" else ref["z"])[0][0, question.col]
    at.text_input[0].input(f"{truth:.3f}")
    at.button(key="toy.quiz.check").click().run()
    assert at.success
    at.text_input[0].input("not a number")
    at.button(key="toy.quiz.check").click().run()
    assert at.error[0].value == t("error.toy_quiz_not_a_number", "en")


def test_korean_switch_shows_korean_text():
    at = open_page({"p": "pencil"})
    at.radio(key="lang").set_value("ko").run()
    assert not at.exception
    assert at.title[0].value == "단계별 계산"
    assert step_title(at) == "1. 입력 X"
    assert at.button(key="toy.next").label == "다음"
    assert "셀프 어텐션" in at.selectbox(key="toy.w.variant").options
    assert at.query_params["lang"] == "ko" and at.query_params["p"] == "pencil"
    at.button(key="toy.next").click().run()
    assert step_title(at) == "2. 쿼리, 키, 밸류"


@pytest.mark.parametrize("params,fields", [
    ({"e": "%%%not-a-link%%%"}, ["numbers"]),
    ({"p": "pencil", "e": toy.encode_example(toy.preset_example("pencil"))[:-8]}, ["numbers"]),
    ({"p": "nope", "v": "causal"}, ["p"]),
    ({"p": "pencil", "s": "split", "q": "99", "t": "nan", "h": "zero", "pm": "yes"}, ["pm", "t", "h", "s", "q"]),
    ({"p": "random", "n": "50", "d": "-1"}, ["n", "d"]),
])
def test_malformed_link_shows_a_message_and_falls_back(params, fields):
    at = open_page(params)
    warnings = [w.value for w in at.warning]
    labels = {"p": "Example", "s": "Step", "q": "Query token", "t": "Temperature T", "h": "Heads h",
              "pm": "Presenter mode", "n": "Tokens n", "d": "Embedding width d"}
    expected = [t("notice.toy_link_numbers", "en") if field == "numbers" else
                t("notice.toy_link_setting", "en", name=labels[field]) for field in fields]
    assert sorted(warnings) == sorted(expected)
    state = at.session_state[STATE]
    assert state.edits is None
    assert state == toy.normalize_state(state)
    at.button(key="toy.next").click().run()  # and the page works
    assert not at.exception and step_title(at).startswith("2.")
    at.run()
    assert not at.warning  # said once, not on every rerun


def _edits(rows=None, added=None, deleted=None) -> dict:
    return {"edited_rows": rows or {}, "added_rows": added or [], "deleted_rows": deleted or []}


@pytest.mark.parametrize("x_edits,message", [
    (_edits({1: {"token": ""}}), "Row 2 of X has no token name: type a word there."),
    (_edits({2: {"3": None}}), "Row 3, column 3 of X is empty: type a number there."),
    (_edits({2: {"3": "abc"}}), "Row 3, column 3 of X is empty: type a number there."),
    (_edits({0: {"1": 5000}}), "Row 1, column 1 of X is too large: use numbers between -1000 and 1000."),
    (_edits(added=[{"token": f"t{i}", "1": 1, "2": 1, "3": 1} for i in range(6)]),
     "X has 9 rows, but the step-through works with 1 to 8 tokens. Add or delete rows."),
    (_edits(deleted=[0, 1, 2]), "X has 0 rows, but the step-through works with 1 to 8 tokens. Add or delete rows."),
])
def test_bad_cells_show_an_error_and_keep_the_other_edits(x_edits, message):
    at = opened(open_page({"p": "pencil", "s": "scores"}), EDIT_PANEL)
    at.session_state["toy.ed.w_q.0"] = _edits({0: {"1": 5.0}})
    at.run()
    assert at.session_state[STATE].edits.w_q[0, 0] == 5.0
    at.session_state["toy.ed.x.0"] = x_edits
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [message]
    assert not at.subheader  # no steps from numbers that do not add up
    assert at.info[-1].value == t("toy.edit.invalid", "en")

    at.session_state["toy.ed.x.0"] = _edits({1: {"token": "like"}})  # fixed
    at.run()
    assert not at.error
    state = at.session_state[STATE]
    assert state.edits.w_q[0, 0] == 5.0 and state.edits.tokens[1] == "like"
    assert step_title(at) == expected_title(2, "scores")
    at.session_state[EDIT_PANEL] = False  # closing the panel keeps the edits
    at.run()
    assert not at.data_editor and at.session_state[STATE].edits == state.edits
    assert opened(at, EDIT_PANEL).data_editor[0].value["token"].tolist()[1] == "like"


def test_reset_and_preset_change_drop_the_edits():
    at = opened(open_page({"p": "pencil", "q": "2"}), EDIT_PANEL)
    at.session_state["toy.ed.w_k.0"] = _edits({1: {"2": -1.0}})
    at.run()
    assert "e" in at.query_params
    at.button(key="toy.reset").click().run()
    assert at.session_state[STATE].edits is None and "e" not in at.query_params
    assert at.data_editor[2].value["2"].tolist()[1] == 1.0  # the editor shows the preset again
    at.selectbox(key="toy.w.preset").set_value("student").run()
    assert at.session_state[STATE].preset == "student" and at.query_params["p"] == "student"


def test_random_preset_follows_its_seed_and_shape():
    at = opened(open_page({"p": "random", "seed": "3", "n": "5", "d": "2", "dk": "6"}), EDIT_PANEL)
    assert at.data_editor[0].value.shape == (5, 3)  # token + 2 dimensions
    assert np.array_equal(toy.state_example(at.session_state[STATE]).x, toy.random_example(3, 5, 2, 6).x)
    at.number_input(key="toy.w.seed").set_value(4).run()
    assert at.query_params["seed"] == "4"
    assert np.array_equal(toy.state_example(at.session_state[STATE]).x, toy.random_example(4, 5, 2, 6).x)


def test_temperature_what_if_and_cost_panel_render():
    at = open_page({"p": "student", "v": "temperature", "s": "softmax"})
    at.toggle(key="toy.w.scaling").set_value(False).run()
    at.slider(key="toy.w.temperature").set_value(0.2).run()
    assert at.query_params["sc"] == "0" and at.query_params["t"] == "0.2"
    assert not at.exception
    assert at.session_state[STATE].temperature == 0.2
    assert "toy.fig.cost" not in {c.key for c in at.get("plotly_chart")}  # the cost panel is closed: not drawn
    opened(at, COST_PANEL).number_input(key="toy.cost.d").set_value(1024).run()
    assert any("ViT-B/16: n = 197, d = 768" in m.value for m in at.markdown)
    assert any("2048" in m.value for m in at.markdown)  # the crossover n = 2d


def test_cost_panel_fills_in_the_papers_table():
    at = opened(open_page({"p": "student"}), COST_PANEL)
    at.number_input(key="toy.cost.d").set_value(256).run()
    at.number_input(key="toy.cost.length").set_value(100).run()
    at.number_input(key="toy.cost.kernel").set_value(5).run()
    table = at.dataframe[-1].value  # after the number editors
    n, d, k = 100, 256, 5
    assert list(table.iloc[:, 0]) == ["self-attention", "recurrent", "convolutional"]
    assert list(table.iloc[:, 1]) == [f"O(n²·d) = {n * n * d:,}", f"O(n·d²) = {n * d * d:,}",
                                      f"O(k·n·d²) = {k * n * d * d:,}"]
    assert list(table.iloc[:, 2]) == ["O(1) = 1", f"O(n) = {n}", "O(1) = 1"]
    assert list(table.iloc[:, 3]) == ["O(1) = 1", f"O(n) = {n}", f"O(log_k n) = {math.ceil(math.log(n, k))}"]
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "n = d = 256" in c.proto.spec)
    assert spec["layout"]["shapes"][0]["x0"] == d  # the crossing drawn at n = d
    assert any("only when n < d (here d = 256)" in m.value for m in at.markdown)


def test_scaling_step_demonstrates_the_variance_argument():
    at = open_page({"p": "student", "s": "scale"})
    at.select_slider(key="toy.why.d_k").set_value(256).run()
    assert not at.exception
    sample = toy.dot_product_sample(256, keys=8)
    measured = next(m.value for m in at.markdown if m.value.startswith("Measured here"))
    assert f"variance {sample.raw.var():.1f} before" in measured and f"{sample.scaled.var():.2f} after" in measured
    assert abs(float(measured.split("variance ")[1].split()[0]) / 256 - 1) < 0.1  # ≈ d_k, as the text says
    histograms = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if '"histogram"' in c.proto.spec]
    assert len(histograms) == 1 and histograms[0]["layout"]["title"]["text"].endswith("d_k = 256")


def test_a_link_with_every_setting_broken_names_each_one():
    at = open_page({key: "bad!" for key in toy.LINK_KEYS})
    assert len(at.warning) == len(toy.LINK_KEYS)
    assert not any("bad!" in w.value for w in at.warning)  # the link's text is never echoed
    assert at.session_state[STATE] == toy.ToyState()


def test_typed_token_names_stay_plain_text():
    nasty = ("$x$", "**b**", "a}\\c{", "<i>z</i>")
    example = replace(toy.preset_example("student"), tokens=nasty)
    at = open_page({"p": "student", "q": "1", "quiz": "1", "e": toy.encode_example(example)})
    markdown, latex, labels = [], [], set()
    for index in range(len(toy.steps_for("basic"))):
        markdown += [m.value for m in at.markdown]
        latex += [element.value for element in at.latex]
        labels |= {label for shown in matrices(at) for label in shown["rows"]}
        if index < len(toy.steps_for("basic")) - 1:
            at.button(key="toy.next").click().run()
            assert not at.exception
    ask = next(m for m in markdown if m.startswith("Quiz:"))
    assert r"\*\*b\*\*" in ask  # Markdown markup escaped: shown as typed
    text = " ".join(latex)
    assert r"\text{a\}\textbackslash{}c\{}" in text and r"\text{\$x\$}" in text
    assert "<i>z</i>" in labels  # sent as text: the browser sets it as textContent, never as markup
