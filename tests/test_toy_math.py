"""The Step-through page's numbers against an independent numpy computation, and the toy's
properties under hypothesis.

The reference here is written from the textbook formulas with plain numpy (x @ w, exp / sum);
it never calls model/toy.py or model/attention.py. The page tests read the very strings the
page renders (cell texts of its figures, the LaTeX of the worked example) and check each one
at the precision it is shown with.
"""

import base64
import json
import math
import re
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from i18n import TEXT, t
from model import toy
from model.errors import AtlasError

ROOT = Path(__file__).resolve().parent.parent


# --- the independent reference ----------------------------------------------------------------


def reference(example: toy.ToyExample, variant: str, heads: int = 1, scaling: bool = True, temperature: float = 1.0):
    """Every intermediate, from the formulas: a dict of plain numpy arrays (heads on axis 0)."""
    x = np.array(example.x, dtype=np.float64)
    n, d = x.shape
    if variant == "positional":
        pe = np.zeros((n, d))
        for pos in range(n):
            for i in range(d):
                angle = pos / 10000 ** (2 * (i // 2) / d)
                pe[pos, i] = math.sin(angle) if i % 2 == 0 else math.cos(angle)
        x = x + pe
    src = np.array(example.x_src) if variant == "cross" else x
    q, k, v = x @ example.w_q, src @ example.w_k, src @ example.w_v
    h = heads if variant == "multihead" else 1
    d_h = q.shape[1] // h
    if variant != "temperature":
        scaling, temperature = True, 1.0
    divisor = (math.sqrt(d_h) if scaling else 1.0) * temperature
    out = {"x": x, "q": q, "k": k, "v": v, "scores": [], "scaled": [], "exp": [], "sum": [], "weights": [], "z": []}
    for head in range(h):
        cols = slice(head * d_h, (head + 1) * d_h)
        scores = q[:, cols] @ k[:, cols].T
        scaled = scores / divisor
        if variant == "causal":
            scaled = np.where(np.arange(n)[None, :] <= np.arange(n)[:, None], scaled, -np.inf)
        e = np.exp(scaled - scaled.max(axis=1, keepdims=True))
        weights = e / e.sum(axis=1, keepdims=True)
        for name, value in (("scores", scores), ("scaled", scaled), ("exp", e), ("sum", e.sum(axis=1)),
                            ("weights", weights), ("z", weights @ v[:, cols])):
            out[name].append(value)
    out = {name: np.array(value) for name, value in out.items()}
    out["concat"] = np.concatenate(list(out["z"]), axis=1)
    out["output"] = out["concat"] @ example.w_o if variant == "multihead" else out["concat"]
    out["divisor"] = divisor
    return out


def shown_value(text: str) -> tuple[float, float]:
    """A number as printed -> (value, how far the truth may be from it at that precision)."""
    text = text.strip().replace(r"\infty", "∞").strip("()")
    if text in ("-∞", "∞"):
        return (-math.inf if text.startswith("-") else math.inf), 0.0
    if "/" in text:
        top, bottom = text.split("/")
        return int(top) / int(bottom), 1e-9
    decimals = len(text.split(".")[1]) if "." in text else 0
    # a value printed with fewer than 3 decimals claims to be exact
    return float(text), (0.5 * 10**-decimals + 1e-9 if decimals == 3 else 1e-9)


def assert_shown(text: str, truth: float, what: str) -> None:
    value, tolerance = shown_value(text)
    if math.isinf(truth) or math.isinf(value):
        assert value == truth, f"{what}: shown {text}, true {truth}"
    else:
        assert abs(value - truth) <= tolerance, f"{what}: shown {text}, true {truth!r}"


# --- the page's own strings ---------------------------------------------------------------------


def open_page(params: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params)
    at.run()
    at.switch_page("ui/toy_page.py").run()
    assert not at.exception
    return at


def figures(at: AppTest) -> dict[str, list[list[str]]]:
    """Title -> cell texts of every matrix figure on the page."""
    found = {}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        trace = spec["data"][0]
        if trace.get("type") == "heatmap" and "text" in trace:
            found[spec["layout"]["title"]["text"]] = trace["text"]
    return found


def latex_results(body: str) -> list[str]:
    """The value after the last "=" of every line of a rendered LaTeX block."""
    body = body.strip().strip("$").strip()
    body = re.sub(r"\\(begin|end)\{aligned\}", "", body)
    return [line.rsplit("=", 1)[1].strip() for line in body.split(r"\\") if "=" in line]


def latex_blocks(at: AppTest) -> list[str]:
    return [element.value for element in at.latex]


def assert_matrix(cells: list[list[str]], truth: np.ndarray, what: str) -> None:
    assert np.shape(cells) == truth.shape, what
    for (r, c), value in np.ndenumerate(truth):
        assert_shown(cells[r][c], value, f"{what}[{r},{c}]")


CASES = [
    ("pencil", "basic", {}),
    ("student", "basic", {"q": "3"}),
    ("it_animal", "basic", {"q": "7"}),
    ("it_animal", "causal", {"q": "5"}),
    ("student", "cross", {"q": "1"}),
    ("pencil", "positional", {"q": "2"}),
    ("student", "multihead", {"h": "2", "hd": "1", "q": "2"}),
    ("student", "temperature", {"sc": "0", "t": "0.3"}),
    ("random", "basic", {"seed": "7", "n": "5", "d": "3", "dk": "2", "q": "4"}),
]


@pytest.mark.parametrize("preset,variant,extra", CASES, ids=[f"{p}-{v}" for p, v, _ in CASES])
def test_page_numbers_match_numpy(preset, variant, extra):
    params = {"p": preset, "v": variant, **extra}
    state, notices = toy.decode_state(params)
    assert not notices
    example = toy.state_example(state)
    ref = reference(example, variant, state.heads, state.scaling, state.temperature)
    head, query, token = state.head, state.query, example.tokens[state.query]
    suffix = f", head {head + 1}" if variant == "multihead" else ""
    at = open_page({**params, "s": toy.steps_for(variant)[1]})
    for step in toy.steps_for(variant)[1:]:
        figs, blocks = figures(at), latex_blocks(at)
        if step == "qkv":
            for name, title in (("q", "Q (queries)"), ("k", "K (keys)"), ("v", "V (values)")):
                assert_matrix(figs[title], ref[name], title)
            # the worked example: q of the selected token, channel by channel
            assert_matrix([latex_results(blocks[-1])], ref["q"][query][None], "q working")
        elif step == "split":
            cols = slice(head * ref["q"].shape[1] // state.heads, (head + 1) * ref["q"].shape[1] // state.heads)
            assert_matrix(figs["Q (queries)" + suffix], ref["q"][:, cols], "Q head")
        elif step == "scores":
            assert_matrix(figs["S = Q·Kᵀ (scores)" + suffix], ref["scores"][head], "S")
            assert_matrix([latex_results(blocks[-1])], ref["scores"][head][query][None], "dot products")
        elif step == "scale":
            assert_matrix(figs["Scaled scores" + suffix], ref["scaled"][head], "scaled")
            assert_matrix([latex_results(blocks[-1])], ref["scaled"][head][query][None], "scaling working")
            assert_shown(latex_results(blocks[1])[0], ref["divisor"], "divisor")
        elif step == "softmax":
            assert_matrix(figs["A (attention weights)" + suffix], ref["weights"][head], "A")
            max_line, exp_lines, sum_line, weight_lines = blocks[-4:]
            row = ref["scaled"][head][query]
            assert_shown(latex_results(max_line)[0], row[np.isfinite(row)].max(), "row max")
            assert_matrix([latex_results(exp_lines)], ref["exp"][head][query][None], "exp")
            assert_shown(latex_results(sum_line)[0], ref["sum"][head][query], "sum")
            assert_matrix([latex_results(weight_lines)], ref["weights"][head][query][None], "weights working")
            assert f"a_{{{toy.latex_text(token)}," in weight_lines
            if variant == "temperature":
                entropy = -(np.where(ref["weights"][0] > 0, ref["weights"][0] * np.log2(ref["weights"][0]), 0)).sum(1)
                assert_matrix(figs["Entropy per row (bits)"], entropy[:, None], "entropy")
        elif step == "mix":
            assert_matrix(figs["Z = A·V" + suffix], ref["z"][head], "Z")
            assert_matrix([latex_results(blocks[-1])], ref["z"][head][query][None], "mix working")
        elif step == "output":
            assert_matrix(figs["Output"], ref["output"], "output")
            if variant == "multihead":
                assert_matrix(figs["Heads side by side"], ref["concat"], "concat")
                assert_matrix([latex_results(blocks[-1])], ref["output"][query][None], "output working")
        elif step == "position":
            assert_matrix(figs["X + PE"], ref["x"], "X + PE")
        if step != "output":
            at.button(key="toy.next").click().run()
            assert not at.exception


def test_pencil_example_is_whole_numbers_up_to_the_softmax():
    ref = reference(toy.preset_example("pencil"), "basic")
    for name in ("q", "k", "v", "scores", "scaled"):
        assert np.array_equal(ref[name], np.round(ref[name])), name
    assert ref["divisor"] == 2


def test_it_attends_to_animal():
    example = toy.preset_example("it_animal")
    weights = reference(example, "basic")["weights"][0]
    it, animal = example.tokens.index("it"), example.tokens.index("animal")
    assert weights[it].argmax() == animal and weights[it, animal] > 0.75


# --- printed strings, directly ------------------------------------------------------------------


@given(st.floats(min_value=-1e3, max_value=1e3, allow_nan=False))
def test_format_value_is_true_at_its_precision(value):
    assert_shown(toy.format_value(value), value, "format_value")


def test_format_value_exact_forms():
    assert [toy.format_value(v) for v in (3.0, 2.5, -0.25, 1 / 3, -2 / 3, 1 / 7, 0.1234, -1e-7, -np.inf)] == [
        "3", "2.5", "-0.25", "1/3", "-2/3", "1/7", "0.123", "0.000", "-∞"]


def test_token_names_cannot_become_latex_markup():
    text = toy.latex_text(r"a}\href{x}$&#^_%~")
    assert text.startswith(r"\text{") and text.endswith("}")
    inner = text[len(r"\text{"):-1]
    assert "}" not in re.sub(r"\\[a-z]*\{\}|\\[{}$&#_%]", "", inner)


# --- properties ---------------------------------------------------------------------------------

values = st.integers(min_value=-20, max_value=20).map(lambda i: i / 4)


@st.composite
def examples(draw, max_n=toy.MAX_TOKENS, max_d=toy.MAX_DIM):
    n, m = draw(st.integers(1, max_n)), draw(st.integers(1, max_n))
    d, d_k = draw(st.integers(1, max_d)), draw(st.integers(1, max_d))

    def matrix(rows, cols):
        return np.array(draw(st.lists(st.lists(values, min_size=cols, max_size=cols), min_size=rows, max_size=rows)))

    return toy.ToyExample(
        tokens=tuple(f"t{i}" for i in range(n)), x=matrix(n, d), w_q=matrix(d, d_k), w_k=matrix(d, d_k),
        w_v=matrix(d, d_k), w_o=matrix(d_k, d), src_tokens=tuple(f"s{i}" for i in range(m)), x_src=matrix(m, d),
    )


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(examples(), st.sampled_from(toy.VARIANTS), st.data())
def test_softmax_rows_sum_to_one(example, variant, data):
    heads = data.draw(st.sampled_from(toy.head_choices(example.d_k)))
    run = toy.compute_toy(example, variant, heads)
    assert np.allclose(run.weights.sum(axis=-1), 1.0, atol=1e-12)
    assert (run.weights >= 0).all()


@FAST
@given(examples(), st.data())
def test_causal_mask_zeroes_the_future(example, data):
    run = toy.compute_toy(example, "causal")
    n = example.n
    future = np.triu(np.ones((n, n), dtype=bool), k=1)
    assert (run.weights[0][future] == 0).all()
    assert np.isneginf(run.scaled[0][future]).all()
    # changing a later token changes nothing before it
    changed = data.draw(st.integers(0, n - 1))
    x = example.x.copy()
    x[changed] += 1.0
    other = toy.compute_toy(toy.ToyExample(**{**vars(example), "x": x}), "causal")
    assert np.allclose(other.out[:changed], run.out[:changed], atol=1e-12)


@FAST
@given(examples(), st.data())
def test_multihead_concat_equals_each_head_alone(example, data):
    heads = data.draw(st.sampled_from(toy.head_choices(example.d_k)))
    run = toy.compute_toy(example, "multihead", heads)
    ref = reference(example, "multihead", heads)
    d_h = example.d_k // heads
    assert run.concat.shape == (example.n, example.d_k)
    assert run.head_out.shape == (heads, example.n, d_h)
    for h in range(heads):
        assert np.allclose(run.concat[:, h * d_h:(h + 1) * d_h], ref["z"][h], atol=1e-10)
    assert np.allclose(run.out, ref["concat"] @ example.w_o, atol=1e-9)


@FAST
@given(examples(), st.floats(0.1, 10.0), st.floats(0.1, 10.0), st.booleans())
def test_entropy_never_falls_as_temperature_rises(example, t1, t2, scaling):
    low, high = sorted((t1, t2))
    cold = toy.compute_toy(example, "temperature", scaling=scaling, temperature=low)
    warm = toy.compute_toy(example, "temperature", scaling=scaling, temperature=high)
    assert (cold.entropy <= warm.entropy + 1e-9).all()
    assert (warm.entropy <= np.log2(cold.weights.shape[-1]) + 1e-9).all()
    sweep = toy.entropy_by_temperature(cold, [low, high])  # the page's curve agrees with single runs
    assert np.allclose(sweep[0], cold.entropy) and np.allclose(sweep[1], warm.entropy)


@st.composite
def states(draw):
    preset = draw(st.sampled_from(toy.PRESETS))
    variant = draw(st.sampled_from(toy.VARIANTS))
    state = toy.ToyState(
        preset=preset, variant=variant, step=draw(st.sampled_from(toy.steps_for(variant))),
        query=draw(st.integers(0, 7)), head=draw(st.integers(0, 7)), heads=draw(st.integers(1, 8)),
        scaling=draw(st.booleans()), temperature=draw(st.floats(*toy.TEMPERATURE_RANGE)),
        seed=draw(st.integers(0, 999_999)), n=draw(st.integers(1, 8)), d=draw(st.integers(1, 8)),
        d_k=draw(st.integers(1, 8)), quiz=draw(st.integers(0, 999)), presenter=draw(st.booleans()),
        edits=draw(st.none() | examples(max_n=4, max_d=4)),
    )
    return toy.normalize_state(state)


@FAST
@given(states())
def test_link_state_round_trips(state):
    params = toy.encode_state(state)
    assert set(params) <= set(toy.LINK_KEYS)
    assert all(isinstance(v, str) for v in params.values())
    assert toy.decode_state(params) == (state, ())


@FAST
@given(st.dictionaries(st.sampled_from(toy.LINK_KEYS), st.text(max_size=40)))
def test_any_link_decodes_to_a_usable_state(params):
    state, notices = toy.decode_state(params)
    assert state == toy.normalize_state(state)
    toy.compute_toy(toy.state_example(state), state.variant, state.heads, state.scaling, state.temperature)
    assert all(f"notice.{n.code}" in TEXT for n in notices)


@pytest.mark.parametrize("text", ["", "e", "!!!", "eNo", "A" * 7000, toy.encode_example(toy.preset_example("pencil"))[:-5]])
def test_broken_numbers_in_a_link_give_a_notice(text):
    state, notices = toy.decode_state({"p": "pencil", "e": text})
    assert state.edits is None and [n.code for n in notices] == ["toy_link_numbers"]


def test_a_link_holding_a_400_digit_integer_gives_a_notice_not_a_crash():
    data = json.loads(zlib.decompress(base64.urlsafe_b64decode(_padded(toy.encode_example(toy.preset_example("pencil"))))))
    data["x"][0][0] = int("9" * 400)  # json reads it as an int; float() of it overflows
    text = base64.urlsafe_b64encode(zlib.compress(json.dumps(data).encode())).decode()
    state, notices = toy.decode_state({"p": "pencil", "e": text})
    assert state.edits is None and [n.code for n in notices] == ["toy_link_numbers"]
    with pytest.raises(AtlasError) as err:
        toy.parse_matrix([[int("-" + "9" * 400)]], "X")
    assert err.value.code == "toy_cell_too_large"


def _padded(text: str) -> str:
    return text + "=" * (-len(text) % 4)


# --- quiz ---------------------------------------------------------------------------------------


@FAST
@given(examples(max_n=4, max_d=4), st.sampled_from(toy.QUIZ_STEPS), st.integers(1, 50), st.data())
def test_quiz_accepts_the_shown_answer_and_rejects_a_far_one(example, step, round_, data):
    run = toy.compute_toy(example, "basic")
    query = data.draw(st.integers(0, example.n - 1))
    question = toy.quiz_question(run, step, 0, query, round_)
    truth = {"scores": run.scores, "softmax": run.weights, "mix": run.head_out}[step][0][query, question.col]
    assert question.answer == truth
    assert toy.check_answer(toy.format_value(truth), question).correct
    assert toy.check_answer(f"{truth:.2f}".replace(".", ","), question).correct
    assert not toy.check_answer(str(truth + 0.05 * max(1, abs(truth))), question).correct


@pytest.mark.parametrize("text", ["", "abc", "1/0", "nan", "inf", "1/2/3"])
def test_quiz_refuses_text_that_is_no_number(text):
    question = toy.QuizQuestion(step="scores", head=0, row=0, col=0, answer=1.0)
    with pytest.raises(AtlasError) as err:
        toy.check_answer(text, question)
    assert err.value.code == "toy_quiz_not_a_number"


# --- bad input and its messages -----------------------------------------------------------------


def _pencil(**changes):
    base = toy.preset_example("pencil")
    return toy.ToyExample(**{**vars(base), **changes})


BAD_INPUTS = {
    "toy_cell_empty": lambda: toy.parse_matrix([[1, None]], "X"),
    "toy_cell_not_number": lambda: toy.parse_matrix([["1", "two"]], "W_Q"),
    "toy_table_shape": lambda: toy.parse_matrix([[1, 2], [3]], "X"),
    "toy_cell_not_finite": lambda: _pencil(x=[[1, 0, math.nan], [0, 1, 1], [1, 1, 0]]),
    "toy_cell_too_large": lambda: _pencil(x=[[1, 0, 1e6], [0, 1, 1], [1, 1, 0]]),
    "toy_token_empty": lambda: _pencil(tokens=("I", " ", "cats")),
    "toy_token_too_long": lambda: _pencil(tokens=("I", "x" * 17, "cats")),
    "toy_token_count": lambda: _pencil(tokens=tuple("abcdefghi"), x=np.ones((9, 3))),
    "toy_width": lambda: _pencil(x=np.ones((3, 9))),
}


@pytest.mark.parametrize("code", sorted(BAD_INPUTS))
def test_bad_input_raises_one_translated_error(code):
    with pytest.raises(AtlasError) as err:
        BAD_INPUTS[code]()
    assert err.value.code == code
    assert t(f"error.{code}", "en", **err.value.params) == str(err.value)  # the English table is the message
    assert t(f"error.{code}", "ko", **err.value.params)


def test_every_toy_message_is_translated_with_the_backend_text():
    notices = toy.decode_state({"e": "x", "q": "x"})[1]
    for notice in notices:
        assert t(f"notice.{notice.code}", "en", **notice.params) == str(notice)
    source = (ROOT / "model" / "toy.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'(?:AtlasError|Notice)\(\s*"(toy_[a-z_]+)"', source))
    assert codes == {k.split(".", 1)[1] for k in TEXT if k.startswith(("error.toy_", "notice.toy_"))}


def test_toy_text_keys_are_namespaced():
    from i18n import toy as toy_text

    assert all(k.startswith(("toy.", "error.toy_", "notice.toy_")) for k in toy_text.TEXT)


# --- the matrix figure ---------------------------------------------------------------------------


def test_matrix_figure_prints_given_text_and_hides_non_finite_cells():
    from viz.matrix import matrix_figure

    values = np.array([[1.0, -np.inf], [np.nan, 2.5]])
    fig = matrix_figure(values, ["the", "the"], ["<s>", "b"], cell_text=np.array([["1", "-∞"], ["?", "5/2"]]),
                        highlight_row=1)
    trace = fig.data[0]
    assert list(map(list, trace.text)) == [["1", "-∞"], ["?", "5/2"]]
    assert np.isnan(np.asarray(trace.z, dtype=float)[[0, 1], [1, 0]]).all()  # no colour, no hover value
    assert not trace.hoverongaps
    assert len(set(trace.y)) == 2 and trace.x[0] == "&lt;s&gt;"  # repeated labels kept apart; no markup
    assert fig.layout.shapes[0].y0 == 0.5 and fig.layout.shapes[0].y1 == 1.5


def test_matrix_figure_prints_values_only_when_small():
    from viz.matrix import MAX_VALUE_CELLS, matrix_figure

    small = matrix_figure(np.eye(3), list("abc"), list("abc"), decimals=2)
    assert small.data[0].text[0][0] == "1.00" and small.data[0].colorscale  # values printed
    size = MAX_VALUE_CELLS + 1
    large = matrix_figure(np.zeros((size, size)), [str(i) for i in range(size)], [str(i) for i in range(size)])
    assert large.data[0].text is None
    signed = matrix_figure(np.array([[-2.0, 1.0]]), ["r"], ["a", "b"])
    assert (signed.data[0].zmin, signed.data[0].zmax) == (-2.0, 2.0)  # diverging, centred on zero
