"""Step-through: self-attention on a toy example, one step at a time, with every number.

Wiring only: model/toy.py computes, formats and checks; viz/ draws. This page keeps one
`ToyState` in the session (the same object a shared link encodes), draws widgets from it, and
writes every change back to it and to the URL's query parameters.
"""

import re
from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from model import toy
from model.errors import AtlasError
from ui.common import in_prefix, labels_now, message_text, show_error, tr
from viz.matrix import matrix_figure
from viz.style import PLOTLY_CONFIG
from viz.toy_figures import cost_figure, entropy_curve_figure, positional_encoding_figure

STATE = "toy.state"
EDITOR_VERSION = "toy.editor_version"  # bumped when the numbers are replaced: the editors start afresh
QUIZ_RESULT = "toy.quiz.result"  # {cell and round: its QuizCheck or REVEALED}
REVEALED = "revealed"
PE_PATTERN_POSITIONS = 50
TEMPERATURES = np.geomspace(toy.TEMPERATURE_RANGE[0], toy.TEMPERATURE_RANGE[1], 61)
COST_LENGTHS = np.geomspace(2, 8192, 80)
# A link's parameters by the label of the control they set, for messages about a bad link.
LINK_LABELS = {"p": "toy.preset.label", "v": "toy.variant.label", "s": "toy.step.pick", "q": "toy.query",
               "hd": "toy.head", "h": "toy.heads", "sc": "toy.scaling", "t": "toy.temperature",
               "seed": "toy.random.seed", "n": "toy.random.n", "d": "toy.random.d", "dk": "toy.random.d_k",
               "quiz": "toy.quiz", "pm": "toy.presenter"}

# Styling only: no user text ever passes through this HTML.
PRESENTER_CSS = """<style>
[data-testid="stMainBlockContainer"] {max-width: 100%; padding-top: 2rem;}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li {font-size: 1.7rem; line-height: 1.45;}
[data-testid="stMain"] [data-testid="stCaptionContainer"] p {font-size: 1.3rem;}
[data-testid="stMain"] [data-testid="stHeading"] h3 {font-size: 2.6rem;}
[data-testid="stMain"] .katex {font-size: 1.45em !important;}
[data-testid="stMain"] .stButton button {font-size: 1.8rem; min-height: 4.2rem;}
</style>"""


# --- state ------------------------------------------------------------------------------------


def _state() -> toy.ToyState:
    """The page's state; on a session's first visit, the one the URL describes."""
    if STATE not in st.session_state:
        state, notices = toy.decode_state(st.query_params.to_dict())
        st.session_state[STATE] = state
        st.session_state["toy.notices"] = notices
    return st.session_state[STATE]


def _set(**changes) -> None:
    st.session_state[STATE] = toy.normalize_state(replace(_state(), **changes))


def _new_numbers() -> None:
    """The example was replaced: drop the edits and give the editors fresh keys."""
    st.session_state[EDITOR_VERSION] = st.session_state.get(EDITOR_VERSION, 0) + 1


def _reset_numbers() -> None:
    _new_numbers()
    _set(edits=None)


def _copy_widget(field: str) -> None:
    changes = {field: st.session_state[f"toy.w.{field}"]}
    if field in ("preset", "seed", "n", "d", "d_k"):
        changes["edits"] = None
        _new_numbers()
    _set(**changes)


def _bound(widget, field: str, label: str, **kwargs):
    """A widget showing one state field; changing it writes the field back."""
    key = f"toy.w.{field}"
    st.session_state[key] = getattr(_state(), field)
    return widget(label, key=key, on_change=_copy_widget, args=(field,), **kwargs)


def _write_link(state: toy.ToyState) -> None:
    """Mirror the state into the query parameters, leaving the others (`lang`) alone."""
    wanted = toy.encode_state(state)
    mine = {k: v for k, v in st.query_params.to_dict().items() if k in toy.LINK_KEYS}
    if mine != wanted:
        for key in mine.keys() - wanted.keys():
            del st.query_params[key]
        st.query_params.update(wanted)


def _md(text: str) -> str:
    """Typed text inside Markdown, its markup characters escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", text)


# --- controls and editors -----------------------------------------------------------------------


def _toggle_quiz() -> None:
    _set(quiz=1 if st.session_state["toy.w.quiz_on"] else 0)


def _controls(state: toy.ToyState) -> None:
    cols = st.columns([3, 3, 2, 2])
    _bound(cols[0].selectbox, "preset", tr("toy.preset.label"), options=toy.PRESETS,
           format_func=labels_now(in_prefix("toy.preset", toy.PRESETS)))
    _bound(cols[1].selectbox, "variant", tr("toy.variant.label"), options=toy.VARIANTS,
           format_func=labels_now(in_prefix("toy.variant", toy.VARIANTS)))
    st.session_state["toy.w.quiz_on"] = state.quiz > 0
    cols[2].toggle(tr("toy.quiz"), key="toy.w.quiz_on", on_change=_toggle_quiz, help=tr("toy.quiz.help"))
    _bound(cols[3].toggle, "presenter", tr("toy.presenter"), help=tr("toy.presenter.help"))
    if state.preset == "random":
        cols = st.columns(4)
        _bound(cols[0].number_input, "seed", tr("toy.random.seed"), min_value=0, max_value=999_999, step=1)
        for col, field in zip(cols[1:], ("n", "d", "d_k")):
            _bound(col.number_input, field, tr(f"toy.random.{field}"), min_value=1,
                   max_value=toy.MAX_TOKENS if field == "n" else toy.MAX_DIM, step=1)


def _variant_options(state: toy.ToyState, example: toy.ToyExample) -> None:
    if state.variant == "multihead":
        cols = st.columns(4)
        _bound(cols[0].selectbox, "heads", tr("toy.heads"), options=toy.head_choices(example.d_k))
    elif state.variant == "temperature":
        cols = st.columns([1, 3])
        _bound(cols[0].toggle, "scaling", tr("toy.scaling"))
        _bound(cols[1].slider, "temperature", tr("toy.temperature"), min_value=toy.TEMPERATURE_RANGE[0],
               max_value=toy.TEMPERATURE_RANGE[1], step=0.1, help=tr("toy.temperature.help"))


def _frame(example: toy.ToyExample, table: str) -> pd.DataFrame:
    values = getattr(example, table)
    columns = {str(c + 1): values[:, c] for c in range(values.shape[1])}
    if table in ("x", "x_src"):
        tokens = example.tokens if table == "x" else example.src_tokens
        return pd.DataFrame({"token": list(tokens), **columns})
    return pd.DataFrame(columns, index=[str(r + 1) for r in range(values.shape[0])])


def _editor(example: toy.ToyExample, table: str) -> dict:
    """One table's editor; returns the fields it parsed ({} after showing what is wrong)."""
    key = f"toy.ed.{table}.{st.session_state.get(EDITOR_VERSION, 0)}"
    base = f"toy.base.{table}"
    if key not in st.session_state:  # edits live as deltas on this base until the next version
        st.session_state[base] = _frame(example, table)
    st.caption(tr(f"toy.edit.{table}"))
    tokens = table in ("x", "x_src")
    edited = st.data_editor(
        st.session_state[base], key=key, hide_index=tokens, num_rows="dynamic" if tokens else "fixed",
        column_config={"token": st.column_config.TextColumn(tr("toy.edit.token"))} if tokens else None,
        width="stretch",
    )
    cells = edited.astype(object).where(edited.notna(), None)  # empty cells -> None, not NaN
    numbers = cells.drop(columns="token") if tokens else cells
    try:
        parsed = {table: toy.parse_matrix(numbers.values.tolist(), toy.TABLES[table])}
    except AtlasError as err:
        show_error(err)
        return {}
    if tokens:
        parsed["tokens" if table == "x" else "src_tokens"] = toy.parse_tokens(cells["token"].tolist())
    return parsed


def _editors(state: toy.ToyState) -> toy.ToyExample | None:
    """The editable tables; the example they describe, or None after showing what is wrong."""
    example = toy.state_example(state)
    tables = [["x"], ["w_q", "w_k", "w_v"]]
    if state.variant == "cross":
        tables[0].append("x_src")
    if state.variant == "multihead":
        tables[1].append("w_o")
    parts, complete = {}, True
    with st.expander(tr("toy.edit.title"), icon="✏️"):
        st.caption(tr("toy.edit.help"))
        for group in tables:
            for col, table in zip(st.columns(len(group)), group):
                with col:
                    found = _editor(example, table)
                    complete &= bool(found)
                    parts.update(found)
        st.button(tr("toy.edit.reset"), key="toy.reset", on_click=_reset_numbers)
        if complete:
            try:
                return replace(example, **parts)
            except AtlasError as err:
                show_error(err)
    st.info(tr("toy.edit.invalid"))
    return None


# --- figures ----------------------------------------------------------------------------------


def _channels(count: int, first: int = 0) -> list[str]:
    return [str(first + c + 1) for c in range(count)]


def _matrix(values, rows, cols, title: str, key: str, *, axes=("token", "channel"), highlight=None,
            hidden=None, weights=False) -> None:
    """A matrix with its exact values; `hidden` (row, col) prints "?" and has no colour or hover."""
    values = np.array(values, dtype=np.float64)
    text = toy.format_matrix(values)
    if hidden is not None:
        values[hidden], text[hidden] = np.nan, "?"
    scale = dict(zmin=0.0, zmax=1.0, colorscale="Blues") if weights else {}
    fig = matrix_figure(
        values, list(rows), list(cols), title=title, row_title=tr(f"toy.fig.{axes[0]}_axis"),
        col_title=tr(f"toy.fig.{axes[1]}_axis") if axes[1] else "", cell_text=text, highlight_row=highlight,
        font_size=22 if _state().presenter else 14, colorbar=False, **scale,
    )
    st.plotly_chart(fig, key=f"toy.fig.{key}", config=PLOTLY_CONFIG, width="stretch")


def _shapes(*parts: str) -> None:
    st.caption(tr("toy.shapes", shapes=",  ".join(parts)))


def _dims(rows: int, cols: int) -> str:
    return f"{rows}×{cols}"


# --- steps ------------------------------------------------------------------------------------


FORMULAS = {
    "input": r"X \in \mathbb{R}^{n \times d}",
    "position": r"X' = X + PE,\quad PE_{pos,\,2i} = \sin\frac{pos}{10000^{2i/d}},\quad "
                r"PE_{pos,\,2i+1} = \cos\frac{pos}{10000^{2i/d}}",
    "qkv": r"Q = XW_Q,\quad K = XW_K,\quad V = XW_V",
    "split": r"Q = [\,Q_1 \mid Q_2 \mid \cdots \mid Q_h\,],\quad Q_i \in \mathbb{R}^{n \times d_k/h}"
             r"\quad \text{(K, V alike)}",
    "scores": r"S = QK^{\top},\quad s_{ij} = q_i \cdot k_j",
    "scale": r"\tilde S = \frac{S}{\sqrt{d_k}}",
    "softmax": r"a_{ij} = \frac{e^{\tilde s_{ij}}}{\sum_{l} e^{\tilde s_{il}}}",
    "mix": r"Z = AV,\quad z_i = \sum_j a_{ij}\, v_j",
    "output": r"\mathrm{Attention}(Q,K,V) = \mathrm{softmax}\!\left(\frac{QK^{\top}}{\sqrt{d_k}}\right)V",
}
VARIANT_FORMULAS = {
    ("input", "cross"): r"X \in \mathbb{R}^{n \times d},\quad X_{src} \in \mathbb{R}^{m \times d}",
    ("qkv", "cross"): r"Q = XW_Q,\quad K = X_{src}W_K,\quad V = X_{src}W_V",
    ("qkv", "positional"): r"Q = X'W_Q,\quad K = X'W_K,\quad V = X'W_V",
    ("scale", "causal"): r"\tilde S = \frac{S}{\sqrt{d_k}} + M,\quad M_{ij} = "
                         r"\begin{cases} 0 & j \le i \\ -\infty & j > i \end{cases}",
    ("scale", "multihead"): r"\tilde S = \frac{S}{\sqrt{d_k/h}}",
    ("output", "causal"): r"\mathrm{softmax}\!\left(\frac{QK^{\top}}{\sqrt{d_k}} + M\right)V",
    ("output", "multihead"): r"O = [\,Z_1 \mid \cdots \mid Z_h\,]\,W_O",
}


def _formula(step: str, run: toy.ToyRun) -> str:
    if run.variant == "temperature" and step in ("scale", "output"):
        divided = r"T\sqrt{d_k}" if run.scaling else "T"
        if step == "scale":
            return rf"\tilde S = \frac{{S}}{{{divided}}},\quad T = {toy.format_value(run.temperature)}"
        return rf"\mathrm{{softmax}}\!\left(\frac{{QK^{{\top}}}}{{{divided}}}\right)V"
    return VARIANT_FORMULAS.get((step, run.variant), FORMULAS[step])


def _says(step: str, variant: str) -> str:
    specific = {("input", "cross"), ("qkv", "cross"), ("scale", "causal"), ("scale", "temperature"),
                ("output", "multihead")}
    return tr(f"toy.step.{step}.says_{variant}" if (step, variant) in specific else f"toy.step.{step}.says")


class _View:
    """What every step view needs: the run, the selected query and head, the quiz question."""

    def __init__(self, state: toy.ToyState, run: toy.ToyRun, example: toy.ToyExample):
        self.state, self.run, self.example = state, run, example
        self.query, self.head = state.query, state.head
        self.token = run.tokens[self.query]
        d_h = run.d_head
        self.cols = slice(self.head * d_h, (self.head + 1) * d_h)  # this head's channels of Q, K, V
        self.question = toy.quiz_question(run, state.step, self.head, self.query, state.quiz) if state.quiz else None

    def hidden(self):
        return None if self.question is None else (self.question.row, self.question.col)

    def head_title(self, key: str) -> str:
        name = tr(key)
        return tr("toy.fig.head_part", name=name, number=self.head + 1) if self.run.heads > 1 else name


def _view_input(v: _View) -> None:
    run = v.run
    panels = [(run.x, run.tokens, "toy.fig.x", "x")]
    if run.variant == "cross":
        panels.append((run.x_kv, run.key_tokens, "toy.fig.x_src", "x_src"))
    for col, (values, tokens, title, key) in zip(st.columns(len(panels)), panels):
        with col:
            _matrix(values, tokens, _channels(values.shape[1]), tr(title), key,
                    highlight=v.query if key == "x" else None)
    _shapes(*(f"{tr(p[2])}: {_dims(*p[0].shape)}" for p in panels))


def _view_position(v: _View) -> None:
    run = v.run
    n, d = run.x.shape
    st.plotly_chart(positional_encoding_figure(
        toy.sinusoidal_encoding(PE_PATTERN_POSITIONS, d), title=tr("toy.fig.pe_pattern"),
        position_title=tr("toy.fig.position_axis"), dimension_title=tr("toy.fig.dimension_axis"), highlight_rows=n,
    ), key="toy.fig.pe_pattern", config=PLOTLY_CONFIG, width="stretch")
    labels = [f"{i}: {t}" for i, t in enumerate(run.tokens)]
    for col, (values, title, key) in zip(st.columns(3), ((run.x, "toy.fig.x", "x"), (run.pe, "toy.fig.pe", "pe"),
                                                          (run.x_q, "toy.fig.x_pe", "x_pe"))):
        with col:
            _matrix(values, labels, _channels(d), tr(title), key, highlight=v.query)
    _shapes(f"X, PE, X + PE: {_dims(n, d)}")


def _view_qkv(v: _View) -> None:
    run = v.run
    for col, (values, tokens, name) in zip(st.columns(3), ((run.q, run.tokens, "q"), (run.k, run.key_tokens, "k"),
                                                            (run.v, run.key_tokens, "v"))):
        with col:
            _matrix(values, tokens, _channels(values.shape[1]), tr(f"toy.fig.{name}"), name,
                    highlight=v.query if name == "q" or run.variant != "cross" else None)
    n, d_k, m, d = run.q.shape[0], run.q.shape[1], run.k.shape[0], run.x.shape[1]
    _shapes(f"X {_dims(n, d)} · W_Q {_dims(d, d_k)} = Q {_dims(n, d_k)}",
            f"K, V {_dims(m, d_k)}")
    with _working():
        st.markdown(tr("toy.work.projection"))
        st.latex(toy.projection_working(run.x_q[v.query], v.example.w_q, run.q[v.query], "q", v.token))


def _view_split(v: _View) -> None:
    run = v.run
    d_h = run.d_head
    st.markdown(tr("toy.step.split.columns", number=v.head + 1, first=v.head * d_h + 1, last=(v.head + 1) * d_h))
    for col, (values, tokens, name) in zip(st.columns(3), ((run.q, run.tokens, "q"), (run.k, run.key_tokens, "k"),
                                                            (run.v, run.key_tokens, "v"))):
        with col:
            _matrix(values[:, v.cols], tokens, _channels(d_h, v.head * d_h), v.head_title(f"toy.fig.{name}"),
                    f"{name}_head", highlight=v.query)
    _shapes(f"Q {_dims(run.q.shape[0], run.q.shape[1])} → {run.heads} × {_dims(run.q.shape[0], d_h)}")


def _view_scores(v: _View) -> None:
    run, h = v.run, v.head
    _matrix(run.scores[h], run.tokens, run.key_tokens, v.head_title("toy.fig.scores"), "scores",
            axes=("query", "key"), highlight=v.query, hidden=v.hidden())
    n, m, d_h = run.scores.shape[1], run.scores.shape[2], run.d_head
    _shapes(f"Q {_dims(n, d_h)} · Kᵀ {_dims(d_h, m)} = S {_dims(n, m)}")
    if _quiz(v):
        with _working():
            st.markdown(tr("toy.work.dots"))
            st.latex(toy.dot_product_working(run.q[v.query, v.cols], run.k[:, v.cols], run.scores[h, v.query],
                                             v.token, run.key_tokens))


def _view_scale(v: _View) -> None:
    run, h = v.run, v.head
    divisor = toy.format_value(run.divisor)
    if run.variant == "temperature":
        root = r"T\sqrt{d_k}" if run.scaling else "T"
        st.latex(rf"{root} = {divisor}")
    else:
        root = r"\sqrt{d_k/h}" if run.heads > 1 else r"\sqrt{d_k}"
        st.latex(rf"{root} = \sqrt{{{run.d_head}}} = {divisor}")
    st.markdown(tr("toy.step.scale.divisor", divisor=divisor))
    panels = [(run.scaled[h], v.head_title("toy.fig.scaled"), "scaled")]
    if run.keep is not None:
        panels.insert(0, (np.where(run.keep, 0.0, -np.inf), tr("toy.fig.mask"), "mask"))
    for col, (values, title, key) in zip(st.columns(len(panels)), panels):
        with col:
            _matrix(values, run.tokens, run.key_tokens, title, key, axes=("query", "key"), highlight=v.query)
    n, m = run.scores.shape[1:]
    _shapes(f"S {_dims(n, m)} → {_dims(n, m)}")
    with _working():
        st.markdown(tr("toy.work.scale"))
        keep_row = None if run.keep is None else run.keep[v.query]
        st.latex(toy.scaling_working(run.scores[h, v.query], run.scaled[h, v.query], run.divisor, v.token,
                                     run.key_tokens, keep_row))


def _view_softmax(v: _View) -> None:
    run, h = v.run, v.head
    _matrix(run.weights[h], run.tokens, run.key_tokens, v.head_title("toy.fig.weights"), "weights",
            axes=("query", "key"), highlight=v.query, hidden=v.hidden(), weights=True)
    n, m = run.weights.shape[1:]
    _shapes(f"A {_dims(n, m)}, Σⱼ aᵢⱼ = 1")
    if run.variant == "temperature":
        _entropy(v)
    if _quiz(v):
        work = toy.softmax_working(run.scaled[h, v.query], run.weights[h, v.query], v.token, run.key_tokens)
        with _working():
            for label, latex in (("max", work.max_line), ("exp", work.exp_lines), ("sum", work.sum_line),
                                 ("divide", work.weight_lines)):
                st.markdown(tr(f"toy.work.{label}"))
                st.latex(latex)


def _entropy(v: _View) -> None:
    run = v.run
    most = toy.format_value(np.log2(run.weights.shape[2]))
    st.markdown(tr("toy.entropy.says", max=most))
    cols = st.columns([1, 3])
    with cols[0]:
        _matrix(run.entropy[0][:, None], run.tokens, [tr("toy.fig.entropy_col")], tr("toy.fig.entropy"), "entropy",
                axes=("query", ""), highlight=v.query)
    with cols[1]:
        curve = toy.entropy_by_temperature(run, TEMPERATURES)[:, 0]  # (T, n)
        st.plotly_chart(entropy_curve_figure(
            TEMPERATURES, curve, list(run.tokens), run.temperature, title=tr("toy.fig.entropy_curve"),
            temperature_title=tr("toy.fig.temperature_axis"), entropy_title=tr("toy.fig.entropy_axis"),
            max_entropy=float(np.log2(run.weights.shape[2])),
        ), key="toy.fig.entropy_curve", config=PLOTLY_CONFIG, width="stretch")


def _view_mix(v: _View) -> None:
    run, h = v.run, v.head
    d_h = run.d_head
    channels = _channels(d_h, h * d_h)
    cols = st.columns(3)
    with cols[0]:
        _matrix(run.weights[h], run.tokens, run.key_tokens, v.head_title("toy.fig.weights"), "weights_mix",
                axes=("query", "key"), highlight=v.query, weights=True)
    with cols[1]:
        _matrix(run.v[:, v.cols], run.key_tokens, channels, v.head_title("toy.fig.v"), "v_mix")
    with cols[2]:
        _matrix(run.head_out[h], run.tokens, channels, v.head_title("toy.fig.mix"), "mix", highlight=v.query,
                hidden=v.hidden())
    n, m = run.weights.shape[1:]
    _shapes(f"A {_dims(n, m)} · V {_dims(m, d_h)} = Z {_dims(n, d_h)}")
    if _quiz(v):
        with _working():
            st.markdown(tr("toy.work.mix"))
            st.latex(toy.mix_working(run.weights[h, v.query], run.v[:, v.cols], run.head_out[h, v.query], v.token))


def _view_output(v: _View) -> None:
    run = v.run
    n, d_k = run.concat.shape
    if run.variant != "multihead":
        _matrix(run.out, run.tokens, _channels(d_k), tr("toy.fig.output"), "output", highlight=v.query)
        _shapes(f"Z {_dims(n, d_k)}")
        return
    d = run.out.shape[1]
    panels = ((run.concat, run.tokens, "toy.fig.concat", "concat", "token", v.query),
              (v.example.w_o, _channels(d_k), "toy.fig.w_o", "w_o", "channel", None),
              (run.out, run.tokens, "toy.fig.output", "output", "token", v.query))
    for col, (values, rows, title, key, row_axis, highlight) in zip(st.columns(3), panels):
        with col:
            _matrix(values, rows, _channels(values.shape[1]), tr(title), key, axes=(row_axis, "channel"),
                    highlight=highlight)
    _shapes(f"[Z_1 … Z_{run.heads}] {_dims(n, d_k)} · W_O {_dims(d_k, d)} = O {_dims(n, d)}")
    with _working():
        st.markdown(tr("toy.work.output"))
        st.latex(toy.output_working(run.concat[v.query], v.example.w_o, run.out[v.query], v.token))


VIEWS = {"input": _view_input, "position": _view_position, "qkv": _view_qkv, "split": _view_split,
         "scores": _view_scores, "scale": _view_scale, "softmax": _view_softmax, "mix": _view_mix,
         "output": _view_output}


def _working():
    box = st.container(border=True)
    box.markdown(f"**{tr('toy.work.title')}**")
    return box


# --- quiz -------------------------------------------------------------------------------------


def _next_question() -> None:
    _set(quiz=_state().quiz + 1)


def _quiz(v: _View) -> bool:
    """Ask for the hidden value; True once the working may be shown (solved or revealed, or no quiz)."""
    question = v.question
    if question is None:
        return True
    run = v.run
    col_name = run.key_tokens[question.col] if question.step != "mix" else str(question.col + v.head * run.d_head + 1)
    # The key names the cell and the round, never the answer: widget keys reach the browser.
    where = f"{v.state.quiz}.{question.step}.{question.head}.{question.row}.{question.col}"
    outcome = st.session_state.get(QUIZ_RESULT, {}).get(where)  # a QuizCheck, REVEALED or None
    with st.container(border=True):
        st.markdown(tr(f"toy.quiz.ask.{question.step}", row=_md(v.token), col=_md(col_name)))
        st.caption(tr(f"toy.quiz.hint.{question.step}"))
        answer = st.text_input(tr("toy.quiz.answer"), key=f"toy.quiz.answer.{where}")
        cols = st.columns(3)
        if cols[0].button(tr("toy.quiz.check"), key="toy.quiz.check", type="primary"):
            try:
                outcome = toy.check_answer(answer, question)
            except AtlasError as err:
                show_error(err)
        if cols[1].button(tr("toy.quiz.reveal"), key="toy.quiz.reveal"):
            outcome = REVEALED
        cols[2].button(tr("toy.quiz.new"), key="toy.quiz.new", on_click=_next_question)
        st.session_state[QUIZ_RESULT] = {where: outcome}
        truth = toy.format_value(question.answer)
        if outcome is None:
            return False
        if outcome is REVEALED:
            st.info(tr("toy.quiz.revealed", answer=truth))
            return True
        fmt = dict(given=toy.format_value(outcome.given), tolerance=toy.format_value(outcome.tolerance), answer=truth)
        if outcome.correct:
            st.success(tr("toy.quiz.right", **fmt))
        else:
            st.error(tr("toy.quiz.wrong", **fmt))
        return outcome.correct


# --- stepper ----------------------------------------------------------------------------------


def _move(delta: int) -> None:
    steps = toy.steps_for(_state().variant)
    index = min(max(steps.index(_state().step) + delta, 0), len(steps) - 1)
    _set(step=steps[index])


def _stepper(state: toy.ToyState, run: toy.ToyRun, example: toy.ToyExample) -> None:
    steps = toy.steps_for(state.variant)
    index = steps.index(state.step)
    st.progress((index + 1) / len(steps), text=tr("toy.progress", number=index + 1, total=len(steps)))
    if not state.presenter:
        _bound(st.segmented_control, "step", tr("toy.step.pick"), options=steps, required=True,
               format_func=labels_now(in_prefix("toy.step", steps)), label_visibility="collapsed")
    cols = st.columns([2, 3, 2, 2] if run.heads > 1 else [2, 5, 2])
    cols[0].button(tr("toy.back"), key="toy.back", on_click=_move, args=(-1,), disabled=index == 0,
                   shortcut="Left", width="stretch")
    _bound(cols[1].selectbox, "query", tr("toy.query"), options=range(len(run.tokens)),
           format_func=lambda i: f"{i + 1}. {run.tokens[i]}")
    if run.heads > 1:
        _bound(cols[2].selectbox, "head", tr("toy.head"), options=range(run.heads),
               format_func=[tr("toy.head.option", number=h + 1) for h in range(run.heads)].__getitem__)
    cols[-1].button(tr("toy.next"), key="toy.next", on_click=_move, args=(1,), disabled=index == len(steps) - 1,
                    shortcut="Right", type="primary", width="stretch")

    st.subheader(f"{index + 1}. {tr(f'toy.step.{state.step}')}")
    st.latex(_formula(state.step, run))
    st.markdown(_says(state.step, state.variant))
    if state.presenter and state.step == "input" and state.preset != "random":
        st.info(tr(f"toy.preset.{state.preset}.about"))
    VIEWS[state.step](_View(state, run, example))


# --- cost -------------------------------------------------------------------------------------


def _cost_panel(example: toy.ToyExample) -> None:
    with st.expander(tr("toy.cost.title")):
        cols = st.columns(4)
        d = int(cols[0].number_input(tr("toy.cost.d"), min_value=16, max_value=8192, value=768, step=64,
                                     key="toy.cost.d"))
        heads = int(cols[1].number_input(tr("toy.cost.heads"), min_value=1, max_value=128, value=12,
                                         key="toy.cost.heads"))
        st.markdown(tr("toy.cost.says", crossover=2 * d))
        curve = toy.attention_cost(COST_LENGTHS, d, heads)
        marks = []
        for name, n, model_d, model_heads in (*toy.REFERENCE_MODELS, (tr("toy.cost.toy"), example.n, example.d_k, 1)):
            cost = toy.attention_cost([n], model_d, model_heads)
            marks.append((name, n, float(cost.score_flops[0]), float(cost.matrix_bytes[0])))
        st.plotly_chart(cost_figure(
            curve.n, curve.score_flops, curve.projection_flops, curve.matrix_bytes, marks,
            flops_title=tr("toy.cost.flops"), memory_title=tr("toy.cost.memory"), n_title=tr("toy.cost.n"),
            score_name=tr("toy.cost.score_name"), projection_name=tr("toy.cost.projection_name"),
        ), key="toy.fig.cost", config=PLOTLY_CONFIG, width="stretch")
        for name, n, model_d, model_heads in toy.REFERENCE_MODELS:
            cost = toy.attention_cost([n], model_d, model_heads)
            st.markdown("- " + tr("toy.cost.row", name=name, n=n, d=model_d, heads=model_heads, entries=f"{n * n:,}",
                                  megabytes=f"{cost.matrix_bytes[0] / 1e6:.2f}",
                                  gflops=f"{cost.score_flops[0] / 1e9:.2f}"))


# --- page -------------------------------------------------------------------------------------


def main() -> None:
    state = _state()
    if state.presenter:
        st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
    else:
        st.title(tr("nav.toy"))
        st.caption(tr("toy.intro"))
    for notice in st.session_state.pop("toy.notices", ()):
        if "name" in notice.params:  # the control's label, not the parameter's short name
            notice = replace(notice, params={"name": tr(LINK_LABELS[notice.params["name"]])})
        st.warning(message_text(notice), icon="⚠️")
    _controls(state)
    state = _state()
    if not state.presenter:
        st.info(tr(f"toy.preset.{state.preset}.about"))
        edited = _editors(state)
        if edited is None:
            _write_link(_state())
            return
        _set(edits=edited)
    state = _state()
    example = toy.state_example(state)
    _variant_options(state, example)
    state = _state()
    run = toy.compute_toy(example, state.variant, state.heads, state.scaling, state.temperature)
    _stepper(state, run, example)
    if not state.presenter:
        st.caption(tr("toy.link_hint"))
        _cost_panel(example)
    _write_link(_state())


main()
