"""Step-through: self-attention on a toy example, one step at a time, with every number.

Wiring only: model/toy/ computes and checks, viz/ draws and writes the LaTeX, ui/toy_views.py
draws each step. This page keeps one `ToyState` in the session (ui/toy_session.py: the same
object a shared link encodes), draws widgets from it, and writes every change back to it and
to the URL's query parameters.
"""

from dataclasses import replace

import numpy as np
import pandas as pd
import streamlit as st

from model import toy
from model.errors import AtlasError
from ui.common import compact_top, in_prefix, labels_now, message_text, show_error, tr
from ui.toy_session import (
    COST_PANEL,
    EDIT_PANEL,
    EDITOR_VERSION,
    LINK_LABELS,
    NOTICES,
    bound,
    get_state,
    reset_numbers,
    set_state,
    write_link,
)
from ui.toy_views import show_step
from viz.matrix import format_value
from viz.style import PLOTLY_CONFIG
from viz.toy_figures import cost_figure, layer_cost_figure
from viz.toy_latex import step_formula

COST_LENGTHS = np.unique(np.geomspace(2, 8192, 80).round().astype(int))  # whole token counts

# Styling only: no user text ever passes through this HTML.
PRESENTER_CSS = """<style>
[data-testid="stMainBlockContainer"] {max-width: 100%; padding-top: 2rem;}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li {font-size: 1.7rem; line-height: 1.45;}
[data-testid="stMain"] [data-testid="stCaptionContainer"] p {font-size: 1.3rem;}
[data-testid="stMain"] [data-testid="stHeading"] h3 {font-size: 2.6rem;}
[data-testid="stMain"] .katex {font-size: 1.45em !important;}
[data-testid="stMain"] .stButton button {font-size: 1.8rem; min-height: 4.2rem;}
[data-testid="stMain"] label [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stWidgetLabel"] [data-testid="stMarkdownContainer"] p {
  font-size: 1.15rem; line-height: 1.4;}
</style>"""


# --- controls and editors -----------------------------------------------------------------------


def _toggle_quiz() -> None:
    set_state(quiz=1 if st.session_state["toy.w.quiz_on"] else 0)


def _controls(state: toy.ToyState) -> None:
    cols = st.columns([5, 5, 4, 4])  # room for the toggles' whole labels at 1280 pixels
    bound(cols[0].selectbox, "preset", options=toy.PRESETS,
          format_func=labels_now(in_prefix("toy.preset", toy.PRESETS)))
    bound(cols[1].selectbox, "variant", options=toy.VARIANTS,
          format_func=labels_now(in_prefix("toy.variant", toy.VARIANTS)))
    st.session_state["toy.w.quiz_on"] = state.quiz > 0
    cols[2].toggle(tr("toy.quiz"), key="toy.w.quiz_on", on_change=_toggle_quiz, help=tr("toy.quiz.help"))
    bound(cols[3].toggle, "presenter", help=tr("toy.presenter.help"))
    if state.preset == "random":
        cols = st.columns(4)
        bound(cols[0].number_input, "seed", min_value=0, max_value=999_999, step=1)
        for col, field in zip(cols[1:], ("n", "d", "qkv_width")):
            bound(col.number_input, field, min_value=1,
                  max_value=toy.MAX_TOKENS if field == "n" else toy.MAX_DIM, step=1)


def _variant_options(state: toy.ToyState, example: toy.ToyExample) -> None:
    if state.variant == "multihead":
        cols = st.columns(4)
        bound(cols[0].selectbox, "heads", options=toy.head_choices(example.qkv_width))
    elif state.variant == "temperature":
        cols = st.columns([1, 3])
        bound(cols[0].toggle, "scaling")
        bound(cols[1].slider, "temperature", min_value=toy.TEMPERATURE_RANGE[0],
              max_value=toy.TEMPERATURE_RANGE[1], step=0.1, help=tr("toy.temperature.help"))


def _frame(example: toy.ToyExample, table: str) -> pd.DataFrame:
    values = getattr(example, table)
    columns = {str(c + 1): values[:, c] for c in range(values.shape[1])}
    if table in ("x", "x_src"):
        tokens = example.tokens if table == "x" else example.src_tokens
        return pd.DataFrame({"token": list(tokens), **columns})
    return pd.DataFrame(columns, index=[str(r + 1) for r in range(values.shape[0])])


def _editor(example: toy.ToyExample, table: str, width: str) -> dict:
    """One table's editor, `width` naming W_Q's columns; returns the fields it parsed ({} after
    showing what is wrong)."""
    key = f"toy.ed.{table}.{st.session_state.get(EDITOR_VERSION, 0)}"
    base = f"toy.base.{table}"
    if key not in st.session_state:  # edits live as deltas on this base until the next version
        st.session_state[base] = _frame(example, table)
    st.caption(tr(f"toy.edit.{table}", width=width))
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
    """The editable tables, when their panel is open; the example they describe (the state's while it is closed),
    or None after showing what is wrong."""
    example = toy.state_example(state)
    tables = [["x"], ["w_q", "w_k", "w_v"]]
    if state.variant == "cross":
        tables[0].append("x_src")
    if state.variant == "multihead":
        tables[1].append("w_o")
    width = "h·d_k" if state.variant == "multihead" else "d_k"  # d_k is always one head's width
    parts, complete = {}, True
    panel = st.expander(tr("toy.edit.title"), icon="✏️", key=EDIT_PANEL, on_change="rerun")
    if not panel.open:  # the edits so far are in the state
        return example
    with panel:
        st.caption(tr("toy.edit.help"))
        for group in tables:
            for col, table in zip(st.columns(len(group)), group):
                with col:
                    found = _editor(example, table, width)
                    complete &= bool(found)
                    parts.update(found)
        st.button(tr("toy.edit.reset"), key="toy.reset", on_click=reset_numbers)
        if complete:
            try:
                return replace(example, **parts)
            except AtlasError as err:
                show_error(err)
    st.info(tr("toy.edit.invalid"))
    return None


# --- steps ------------------------------------------------------------------------------------


def _about(state: toy.ToyState, run: toy.ToyRun | None) -> str:
    """The preset's description; for the hand-made presets, what this run keeps whole (checked on
    the run itself, so the promise holds in every variant and after every edit)."""
    text = tr(f"toy.preset.{state.preset}.about")
    if state.preset == "random" or run is None:
        return text
    grain = {1.0: "whole", 0.5: "half", None: "decimals"}[toy.number_grain(run)]
    return f"{text}\n\n{tr(f'toy.hand.{grain}', divisor=format_value(run.divisor))}"


def _says(step: str, variant: str) -> str:
    specific = {("input", "cross"), ("qkv", "cross"), ("scale", "causal"), ("scale", "temperature"),
                ("output", "multihead")}
    return tr(f"toy.step.{step}.says_{variant}" if (step, variant) in specific else f"toy.step.{step}.says")


def _move(delta: int) -> None:
    steps = toy.steps_for(get_state().variant)
    index = min(max(steps.index(get_state().step) + delta, 0), len(steps) - 1)
    set_state(step=steps[index])


def _stepper(state: toy.ToyState, run: toy.ToyRun, example: toy.ToyExample) -> None:
    steps = toy.steps_for(state.variant)
    index = steps.index(state.step)
    st.progress((index + 1) / len(steps), text=tr("toy.progress", number=index + 1, total=len(steps)))
    if not state.presenter:
        bound(st.segmented_control, "step", options=steps, required=True,
              format_func=labels_now(in_prefix("toy.step", steps)), label_visibility="collapsed")
    cols = st.columns([2, 3, 2, 2] if run.heads > 1 else [2, 5, 2])
    cols[0].button(tr("toy.back"), key="toy.back", on_click=_move, args=(-1,), disabled=index == 0,
                   shortcut="Left", width="stretch")
    bound(cols[1].selectbox, "query", options=range(len(run.tokens)),
          format_func=lambda i: f"{i + 1}. {run.tokens[i]}")
    if run.heads > 1:
        bound(cols[2].selectbox, "head", options=range(run.heads),
              format_func=[tr("toy.head.option", number=h + 1) for h in range(run.heads)].__getitem__)
    cols[-1].button(tr("toy.next"), key="toy.next", on_click=_move, args=(1,), disabled=index == len(steps) - 1,
                    shortcut="Right", type="primary", width="stretch")

    st.subheader(f"{index + 1}. {tr(f'toy.step.{state.step}')}")
    st.latex(step_formula(state.step, run.variant, run.scaling, run.temperature))
    st.markdown(_says(state.step, state.variant))
    show_step(state, run, example)
    if state.presenter and state.step == "input" and state.preset != "random":  # under the figure: it fits the screen
        st.info(_about(state, run))


# --- cost -------------------------------------------------------------------------------------


def _cost_panel(example: toy.ToyExample) -> None:
    panel = st.expander(tr("toy.cost.title"), key=COST_PANEL, on_change="rerun")
    if not panel.open:
        return
    with panel:
        cols = st.columns(4)
        d = int(cols[0].number_input(tr("toy.cost.d"), min_value=16, max_value=8192, value=768, step=64,
                                     key="toy.cost.d"))
        heads = int(cols[1].number_input(tr("toy.cost.heads"), min_value=1, max_value=128, value=12,
                                         key="toy.cost.heads"))
        length = int(cols[2].number_input(tr("toy.cost.length"), min_value=2, max_value=8192, value=512,
                                          key="toy.cost.length"))
        kernel = int(cols[3].number_input(tr("toy.cost.kernel"), min_value=2, max_value=31, value=3,
                                          key="toy.cost.kernel"))
        st.markdown(tr("toy.cost.says", crossover=2 * d))
        curve = toy.attention_cost(COST_LENGTHS, d, heads)
        marks = []
        toy_mark = (tr("toy.cost.toy"), example.n, example.qkv_width, 1)
        for name, n, model_d, model_heads in (*toy.REFERENCE_MODELS, toy_mark):
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
        _layer_comparison(length, d, kernel)


def _layer_comparison(n: int, d: int, kernel: int) -> None:
    """Table 1 of the paper filled in with n, d and k, and the per-layer costs against n."""
    comparison = toy.layer_comparison(n, COST_LENGTHS, d, kernel)
    st.markdown(f"#### {tr('toy.cost.paper.title')}")
    st.markdown(tr("toy.cost.paper.says", d=d))
    names = [tr(f"toy.cost.paper.{row.layer}") for row in comparison.rows]
    st.dataframe({
        tr("toy.cost.paper.layer"): names,
        tr("toy.cost.paper.per_layer"): [f"{row.per_layer} = {row.per_layer_value:,.0f}" for row in comparison.rows],
        tr("toy.cost.paper.sequential"): [f"{row.sequential} = {row.sequential_value:,.0f}" for row in comparison.rows],
        tr("toy.cost.paper.path"): [f"{row.path} = {row.path_value:,.0f}" for row in comparison.rows],
    }, hide_index=True)
    st.caption(tr("toy.cost.paper.filled", n=n, d=d, k=kernel))
    legend = [f"{name}: {row.per_layer}" for name, row in zip(names, comparison.rows)]
    st.plotly_chart(layer_cost_figure(
        comparison.lengths, comparison.per_layer, legend, comparison.crossing, title=tr("toy.cost.paper.figure"),
        n_title=tr("toy.cost.n"), cost_title=tr("toy.cost.paper.per_layer"),
        crossing_label=tr("toy.cost.paper.crossing", d=d),
    ), key="toy.fig.layers", config=PLOTLY_CONFIG, width="stretch")


# --- page -------------------------------------------------------------------------------------


def _sidebar(presenter: bool) -> None:
    """Presenter mode folds the sidebar away (the projector's width is for the numbers); leaving it opens it again.
    Sent only when the mode changes, so a sidebar the user opened or closed stays as they left it."""
    wanted = "collapsed" if presenter else "expanded"
    if st.session_state.get("toy.sidebar", "expanded") != wanted:
        st.set_page_config(initial_sidebar_state=wanted)
    st.session_state["toy.sidebar"] = wanted


def main() -> None:
    state = get_state()
    _sidebar(state.presenter)
    if state.presenter:
        st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
    else:
        compact_top()
        st.title(tr("nav.toy"))
        st.caption(tr("toy.intro"))
    for notice in st.session_state.pop(NOTICES, ()):
        if "name" in notice.params:  # the control's label, not the parameter's short name
            notice = replace(notice, params={"name": tr(LINK_LABELS[notice.params["name"]])})
        st.warning(message_text(notice), icon="⚠️")
    _controls(state)
    state = get_state()
    # The step and its figure come first, so they fit a projector's first screen; the preset's description and the
    # editors follow them (drawn first, since the run uses the edits, into the container that comes second).
    stage, below = st.container(), st.container()
    if not state.presenter:
        with below:
            about = st.empty()  # filled once the run is known: its claims are checked on the run
            edited = _editors(state)
        if edited is None:
            about.info(_about(state, None))
            write_link(get_state())
            return
        set_state(edits=edited)
    state = get_state()
    example = toy.state_example(state)
    with stage:
        _variant_options(state, example)
    state = get_state()
    run = toy.compute_toy(example, state.variant, state.heads, state.scaling, state.temperature)
    if not state.presenter:
        about.info(_about(state, run))
    with stage:
        _stepper(state, run, example)
    if not state.presenter:
        st.caption(tr("toy.link_hint"))
        _cost_panel(example)
    write_link(get_state())


main()
