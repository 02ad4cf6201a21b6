"""The Step-through page's nine step views: each draws its matrices, their shapes and the
selected query's row worked out. The numbers come from `model.toy`, the LaTeX from
`viz.toy_latex`, the figures from viz/."""

import numpy as np
import streamlit as st

from model import toy
from model.working import softmax_working
from ui.common import tr
from ui.live import matrix_live
from ui.toy_quiz import quiz_box
from viz import toy_latex
from viz.matrix import SEQUENTIAL, format_matrix, format_value, matrix_figure
from viz.style import PLOTLY_CONFIG
from viz.toy_figures import dot_product_histogram_figure, entropy_curve_figure, positional_encoding_figure

PE_PATTERN_POSITIONS = 50
TEMPERATURES = np.geomspace(toy.TEMPERATURE_RANGE[0], toy.TEMPERATURE_RANGE[1], 61)
WHY_WIDTHS = tuple(2**i for i in range(10))  # d_k from 1 to 512: ViT-B and BERT-base heads have 64
WHY_KEYS = 8  # keys per softmax row in the saturation measure


def _channels(count: int, first: int = 0) -> list[str]:
    return [str(first + c + 1) for c in range(count)]


def _shapes(*parts: str) -> None:
    st.caption(tr("toy.shapes", shapes=",  ".join(parts)))


def _dims(rows: int, cols: int) -> str:
    return f"{rows}×{cols}"


def _working():
    box = st.container(border=True)
    box.markdown(f"**{tr('toy.work.title')}**")
    return box


def _chart(fig, key: str) -> None:
    st.plotly_chart(fig, key=f"toy.fig.{key}", config=PLOTLY_CONFIG, width="stretch")


class View:
    """What every step view needs: the run, the selected query and head, the quiz question."""

    def __init__(self, state: toy.ToyState, run: toy.ToyRun, example: toy.ToyExample):
        self.state, self.run, self.example = state, run, example
        self.query, self.head = state.query, state.head
        self.token = run.tokens[self.query]
        d_k = run.d_k
        self.cols = slice(self.head * d_k, (self.head + 1) * d_k)  # this head's channels of Q, K, V
        self.question = toy.quiz_question(run, state.step, self.head, self.query, state.quiz) if state.quiz else None

    def hidden(self):
        return None if self.question is None else (self.question.row, self.question.col)

    def head_title(self, key: str) -> str:
        name = tr(key)
        return tr("toy.fig.head_part", name=name, number=self.head + 1) if self.run.heads > 1 else name

    def matrix(self, values, rows, cols, title: str, key: str, *, axes=("token", "channel"), highlight=None,
               hidden=None, weights=False) -> None:
        """A matrix with its exact values; `hidden` (row, col) prints "?" and has no colour or hover."""
        values = np.array(values, dtype=np.float64)  # (R, C) a copy: the hidden cell is blanked in it
        text = format_matrix(values)
        if hidden is not None:
            values[hidden], text[hidden] = np.nan, "?"
        options = dict(title=title, row_title=tr(f"toy.fig.{axes[0]}_axis"),
                       col_title=tr(f"toy.fig.{axes[1]}_axis") if axes[1] else "", cell_text=text,
                       highlight_row=highlight, font_size=22 if self.state.presenter else 14)
        if weights:
            options.update(zmin=0.0, zmax=1.0, colorscale=SEQUENTIAL)
        # Drawn in the browser as a table of coloured cells, so the step's numbers show without waiting for
        # Plotly.js; the Plotly figure is the fallback where the component cannot load.
        matrix_live(values, list(rows), list(cols), key=f"toy.live.{key}", fallback=lambda: _chart(
            matrix_figure(values, list(rows), list(cols), colorbar=False, **options), key), **options)

    def side_by_side(self, panels) -> None:
        """Matrices in one row of columns: each panel is (values, rows, cols, title, key, options)."""
        for col, (values, rows, cols, title, key, options) in zip(st.columns(len(panels)), panels):
            with col:
                self.matrix(values, rows, cols, title, key, **options)


def _view_input(v: View) -> None:
    run = v.run
    panels = [(run.x, run.tokens, "toy.fig.x", "x")]
    if run.variant == "cross":
        panels.append((run.x_kv, run.key_tokens, "toy.fig.x_src", "x_src"))
    v.side_by_side([(values, tokens, _channels(values.shape[1]), tr(title), key,
                     dict(highlight=v.query if key == "x" else None)) for values, tokens, title, key in panels])
    _shapes(*(f"{tr(p[2])}: {_dims(*p[0].shape)}" for p in panels))


def _view_position(v: View) -> None:
    run = v.run
    n, d = run.x.shape
    _chart(positional_encoding_figure(
        toy.sinusoidal_encoding(PE_PATTERN_POSITIONS, d), title=tr("toy.fig.pe_pattern"),
        position_title=tr("toy.fig.position_axis"), dimension_title=tr("toy.fig.dimension_axis"), highlight_rows=n,
    ), "pe_pattern")
    labels = [f"{i}: {t}" for i, t in enumerate(run.tokens)]
    v.side_by_side([(values, labels, _channels(d), tr(title), key, dict(highlight=v.query)) for values, title, key
                    in ((run.x, "toy.fig.x", "x"), (run.pe, "toy.fig.pe", "pe"), (run.x_q, "toy.fig.x_pe", "x_pe"))])
    _shapes(f"X, PE, X + PE: {_dims(n, d)}")


def _qkv_panels(run: toy.ToyRun):
    return ((run.q, run.tokens, "q"), (run.k, run.key_tokens, "k"), (run.v, run.key_tokens, "v"))


def _view_qkv(v: View) -> None:
    run = v.run
    v.side_by_side([(values, tokens, _channels(values.shape[1]), tr(f"toy.fig.{name}"), name,
                     dict(highlight=v.query if name == "q" or run.variant != "cross" else None))
                    for values, tokens, name in _qkv_panels(run)])
    n, d_k, m, d = run.q.shape[0], run.q.shape[1], run.k.shape[0], run.x.shape[1]
    _shapes(f"X {_dims(n, d)} · W_Q {_dims(d, d_k)} = Q {_dims(n, d_k)}",
            f"K, V {_dims(m, d_k)}")
    with _working():
        st.markdown(tr("toy.work.projection"))
        st.latex(toy_latex.projection_latex(run.x_q[v.query], v.example.w_q, run.q[v.query], "q", v.token))


def _view_split(v: View) -> None:
    run = v.run
    d_k = run.d_k
    st.markdown(tr("toy.step.split.columns", number=v.head + 1, first=v.head * d_k + 1, last=(v.head + 1) * d_k))
    v.side_by_side([(values[:, v.cols], tokens, _channels(d_k, v.head * d_k), v.head_title(f"toy.fig.{name}"),
                     f"{name}_head", dict(highlight=v.query)) for values, tokens, name in _qkv_panels(run)])
    _shapes(f"Q {_dims(run.q.shape[0], run.q.shape[1])} → {run.heads} × {_dims(run.q.shape[0], d_k)}")


def _view_scores(v: View) -> None:
    run, h = v.run, v.head
    v.matrix(run.scores[h], run.tokens, run.key_tokens, v.head_title("toy.fig.scores"), "scores",
             axes=("query", "key"), highlight=v.query, hidden=v.hidden())
    n, m, d_k = run.scores.shape[1], run.scores.shape[2], run.d_k
    _shapes(f"Q {_dims(n, d_k)} · Kᵀ {_dims(d_k, m)} = S {_dims(n, m)}")
    if quiz_box(v):
        with _working():
            st.markdown(tr("toy.work.dots"))
            st.latex(toy_latex.dot_product_latex(run.q[v.query, v.cols], run.k[:, v.cols], run.scores[h, v.query],
                                                 v.token, run.key_tokens))


def _view_scale(v: View) -> None:
    run, h = v.run, v.head
    st.latex(toy_latex.divisor_latex(run.variant, run.scaling, run.d_k, run.divisor))
    st.markdown(tr("toy.step.scale.divisor", divisor=format_value(run.divisor)))
    panels = [(run.scaled[h], v.head_title("toy.fig.scaled"), "scaled")]
    if run.keep is not None:
        panels.insert(0, (np.where(run.keep, 0.0, -np.inf), tr("toy.fig.mask"), "mask"))
    v.side_by_side([(values, run.tokens, run.key_tokens, title, key, dict(axes=("query", "key"), highlight=v.query))
                    for values, title, key in panels])
    n, m = run.scores.shape[1:]
    _shapes(f"S {_dims(n, m)} → {_dims(n, m)}")
    with _working():
        st.markdown(tr("toy.work.scale"))
        keep_row = None if run.keep is None else run.keep[v.query]
        st.latex(toy_latex.scaling_latex(run.scores[h, v.query], run.scaled[h, v.query], run.divisor, v.token,
                                         run.key_tokens, keep_row))
    _why_scale()


def _why_scale() -> None:
    """The variance argument for ÷√d_k, live: dot products of random unit-variance vectors of the
    width the slider picks, before and after the division, and what each does to a softmax."""
    with st.expander(tr("toy.why.title"), icon="📐"):
        st.markdown(tr("toy.why.says"))
        d_k = st.select_slider(tr("toy.why.d_k"), options=WHY_WIDTHS, value=64, key="toy.why.d_k")
        sample = toy.dot_product_sample(d_k, keys=WHY_KEYS)
        _chart(dot_product_histogram_figure(
            sample.raw, sample.scaled, title=tr("toy.why.figure", d_k=d_k), raw_name=tr("toy.why.raw"),
            scaled_name=tr("toy.why.scaled"), value_title=tr("toy.why.value_axis"),
            density_title=tr("toy.why.density_axis"),
        ), "why_scale")
        st.markdown(tr("toy.why.measured", d_k=d_k, raw_var=f"{sample.raw.var():.1f}",
                       scaled_var=f"{sample.scaled.var():.2f}", keys=WHY_KEYS, even=format_value(1 / WHY_KEYS),
                       top_raw=f"{sample.top_weight_raw:.2f}", top_scaled=f"{sample.top_weight_scaled:.2f}"))


def _view_softmax(v: View) -> None:
    run, h = v.run, v.head
    v.matrix(run.weights[h], run.tokens, run.key_tokens, v.head_title("toy.fig.weights"), "weights",
             axes=("query", "key"), highlight=v.query, hidden=v.hidden(), weights=True)
    n, m = run.weights.shape[1:]
    _shapes(f"A {_dims(n, m)}, Σⱼ aᵢⱼ = 1")
    if run.variant == "temperature":
        _entropy(v)
    if quiz_box(v):
        scaled = run.scaled[h, v.query]  # (m,)
        work = toy_latex.softmax_latex(scaled, softmax_working(scaled), run.weights[h, v.query], v.token,
                                       run.key_tokens)
        with _working():
            for label, latex in (("max", work.max_line), ("exp", work.exp_lines), ("sum", work.sum_line),
                                 ("divide", work.weight_lines)):
                st.markdown(tr(f"toy.work.{label}"))
                st.latex(latex)


def _entropy(v: View) -> None:
    run = v.run
    most = float(np.log2(run.weights.shape[2]))  # bits of a row spread evenly over every key
    st.markdown(tr("toy.entropy.says", max=format_value(most)))
    cols = st.columns([1, 3])
    with cols[0]:
        v.matrix(run.entropy[0][:, None], run.tokens, [tr("toy.fig.entropy_col")], tr("toy.fig.entropy"), "entropy",
                 axes=("query", ""), highlight=v.query)
    with cols[1]:
        curve = toy.entropy_by_temperature(run, TEMPERATURES)[:, 0]  # (T, n)
        _chart(entropy_curve_figure(
            TEMPERATURES, curve, list(run.tokens), run.temperature, title=tr("toy.fig.entropy_curve"),
            temperature_title=tr("toy.fig.temperature_axis"), entropy_title=tr("toy.fig.entropy_axis"),
            max_entropy=most,
        ), "entropy_curve")


def _view_mix(v: View) -> None:
    run, h = v.run, v.head
    d_k = run.d_k
    channels = _channels(d_k, h * d_k)
    v.side_by_side([
        (run.weights[h], run.tokens, run.key_tokens, v.head_title("toy.fig.weights"), "weights_mix",
         dict(axes=("query", "key"), highlight=v.query, weights=True)),
        (run.v[:, v.cols], run.key_tokens, channels, v.head_title("toy.fig.v"), "v_mix", {}),
        (run.head_out[h], run.tokens, channels, v.head_title("toy.fig.mix"), "mix",
         dict(highlight=v.query, hidden=v.hidden())),
    ])
    n, m = run.weights.shape[1:]
    _shapes(f"A {_dims(n, m)} · V {_dims(m, d_k)} = Z {_dims(n, d_k)}")
    if quiz_box(v):
        with _working():
            st.markdown(tr("toy.work.mix"))
            st.latex(toy_latex.mix_latex(run.weights[h, v.query], run.v[:, v.cols], run.head_out[h, v.query],
                                         v.token))


def _view_output(v: View) -> None:
    run = v.run
    n, d_k = run.concat.shape
    if run.variant != "multihead":
        v.matrix(run.out, run.tokens, _channels(d_k), tr("toy.fig.output"), "output", highlight=v.query)
        _shapes(f"Z {_dims(n, d_k)}")
        return
    d = run.out.shape[1]
    panels = ((run.concat, run.tokens, "toy.fig.concat", "concat", "token", v.query),
              (v.example.w_o, _channels(d_k), "toy.fig.w_o", "w_o", "channel", None),
              (run.out, run.tokens, "toy.fig.output", "output", "token", v.query))
    v.side_by_side([(values, rows, _channels(values.shape[1]), tr(title), key,
                     dict(axes=(row_axis, "channel"), highlight=highlight))
                    for values, rows, title, key, row_axis, highlight in panels])
    _shapes(f"[Z_1 … Z_{run.heads}] {_dims(n, d_k)} · W_O {_dims(d_k, d)} = O {_dims(n, d)}")
    with _working():
        st.markdown(tr("toy.work.output"))
        st.latex(toy_latex.output_latex(run.concat[v.query], v.example.w_o, run.out[v.query], v.token))


VIEWS = {"input": _view_input, "position": _view_position, "qkv": _view_qkv, "split": _view_split,
         "scores": _view_scores, "scale": _view_scale, "softmax": _view_softmax, "mix": _view_mix,
         "output": _view_output}


def show_step(state: toy.ToyState, run: toy.ToyRun, example: toy.ToyExample) -> None:
    """The selected step's view, for the selected query and head."""
    VIEWS[state.step](View(state, run, example))
