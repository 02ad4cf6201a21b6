"""The Translation page's Stepper view: one decoder step at a time, every number of it, and the user's own word.

For a GRU with attention that is s_t, every score e_t,i (one worked out from the model's own
parameters), the softmax, the context c_t, and the output distribution. Without attention there
is only s_t → logits. The Transformer has no single decoder state: its step shows the last
cross-attention layer's row, averaged over heads, and the Transformer view has the rest.
"""

import numpy as np
import streamlit as st

from model.translate.bundle import TRANSFORMER
from model.translate.rnn import NO_ATTENTION
from model.translate.vocab import PAD, START, UNKNOWN
from model.translate.working import score_working
from model.working import probabilities, softmax_working, spelled_dot
from ui.common import clamp_index, markdown_text, tr
from ui.explorer import show_figure
from viz.tokens import token_bars_figure
from viz.translation import top_words_figure, vector_strip_figure

FORCED = "tr-forced"  # {"for": (source, target, kind, text), "words": ((step, word), ...)}: the user's picks
STEP = "tr-step"  # the decoder step shown, from 0
SOURCE_WORD = "tr-src"  # the source position whose score is worked out
TOP = 5
SHOWN_NUMBERS = 6  # entries of a vector printed before "…"
TERMS = 3  # terms of Σ α h written out


def forced_words(context: tuple) -> tuple[tuple[int, str], ...]:
    """The words the user picked for this sentence and model; a new sentence or model starts with none."""
    held = st.session_state.get(FORCED)
    if not held or held["for"] != context:
        st.session_state[FORCED] = held = {"for": context, "words": ()}
    return held["words"]


def _force(step: int, word: str | None) -> None:
    """Pick `word` at `step` (None: forget every pick). Later picks are dropped: they chose among the words
    the model offered after the old word, and the steps after the new one are the model's to take.
    """
    held = st.session_state[FORCED]
    words = () if word is None else tuple(p for p in held["words"] if p[0] < step) + ((step, word),)
    st.session_state[FORCED] = {"for": held["for"], "words": words}


def _move(delta: int, count: int) -> None:
    st.session_state[STEP] = min(max(st.session_state.get(STEP, 0) + delta, 0), count - 1)


def _step_ui(decode) -> int:
    count = len(decode.output)
    clamp_index(STEP, count)
    step = st.session_state[STEP]
    back, middle, forward = st.columns([1, 6, 1], vertical_alignment="bottom")
    back.button(tr("translation.back"), key="tr-back", on_click=_move, args=(-1, count), disabled=step == 0,
                width="stretch")
    if count > 1:
        middle.select_slider(tr("translation.step"), options=list(range(count)), key=STEP,
                             format_func=lambda t: f"{t + 1}: {decode.output[t]}")
    forward.button(tr("translation.next"), key="tr-next", on_click=_move, args=(1, count),
                   disabled=step == count - 1, type="primary", width="stretch")
    return st.session_state[STEP]


def _numbers(vector: np.ndarray) -> str:
    shown = ", ".join(f"{v:.4f}" for v in vector[:SHOWN_NUMBERS])
    more = tr("translation.more", n=len(vector) - SHOWN_NUMBERS) if len(vector) > SHOWN_NUMBERS else ""
    return f"[{shown}{', …' if more else ''}]{more}"


def _worked_score(translator, decode, step: int) -> None:
    """score(s_t, h_i) for one source word, recomputed from the model's parameters, beside the model's own number."""
    kind, source = translator.kind, decode.source
    st.markdown(f"#### {tr('translation.stepper.score_title')}")
    st.latex(tr(f"translation.formula.{kind}"))
    clamp_index(SOURCE_WORD, len(source), int(np.argmax(decode.weights[step])))
    index = st.selectbox(tr("translation.source_word"), range(len(source)), key=SOURCE_WORD,
                         format_func=lambda i: f"{i + 1}: {source[i]}")
    w = score_working(translator.module, decode, step, index)
    lines = [f"s_{step + 1} = {_numbers(w.s)}", f"h_{index + 1} = {_numbers(w.h)}"]
    lines += [f"{name} = {_numbers(v) if isinstance(v, np.ndarray) else f'{v:.6f}'}" for name, v in w.parts]
    if kind == "dot":
        lines.append(f"s·h = {spelled_dot(w.s, w.h, decimals=4)}")
    st.code("\n".join(lines), language=None)
    agree = abs(w.value - w.model_value) <= 1e-4 * max(1.0, abs(w.model_value))
    st.markdown(tr("translation.stepper.agree", step=step + 1, word=source[index],
                   value=f"{w.value:.6f}", model=f"{w.model_value:.6f}") + (" ✅" if agree else " ⚠️"))


def _attention_step(translator, decode, step: int) -> None:
    source, weights = decode.source, decode.weights[step]  # (m,)
    _worked_score(translator, decode, step)
    st.markdown(f"#### {tr('translation.stepper.softmax_title')}")
    st.latex(r"\alpha_{t,i} = \frac{\exp(e_{t,i} - \max_j e_{t,j})}{\sum_k \exp(e_{t,k} - \max_j e_{t,j})}")
    soft = softmax_working(decode.scores[step])
    left, right = st.columns(2)
    left.dataframe({
        tr("translation.col.source"): list(source), "e_t,i": np.round(decode.scores[step], 4),
        "exp(e − max)": np.round(soft.exps, 4), "α_t,i": np.round(weights, 4),
    }, hide_index=True, width="stretch", height=min(420, 36 * (len(source) + 1)))
    with right:
        show_figure(token_bars_figure(list(source), weights, tr("translation.stepper.weights_title", step=step + 1),
                                      "α"), key="tr-step-weights")
    st.markdown(tr("translation.stepper.sum", total=f"{soft.total:.4f}", check=f"{float(weights.sum()):.6f}"))

    st.markdown(f"#### {tr('translation.stepper.context_title')}")
    st.latex(r"c_t = \sum_i \alpha_{t,i}\, h_i")
    top = np.argsort(weights)[::-1][:TERMS]
    terms = " + ".join(f"{weights[i]:.3f}·h[{markdown_text(source[i])}]" for i in top)
    rebuilt = weights @ decode.encoder_states  # (C,): the sum done again here, to compare
    st.markdown(tr("translation.stepper.context_terms", step=step + 1, terms=terms, rest=len(source) - len(top),
                   error=f"{float(np.abs(rebuilt - decode.contexts[step]).max()):.1e}"))
    show_figure(vector_strip_figure(decode.contexts[step], f"c_{step + 1}"), key="tr-step-context")


def _output_step(translator, translation, step: int) -> None:
    """The next word's distribution, the word taken, and the picker that changes it."""
    decode = translation.decode
    st.markdown(f"#### {tr('translation.stepper.output_title')}")
    probs = probabilities(decode.logits[step])  # (V,)
    words = translator.target_vocab.tokens
    order = [int(i) for i in np.argsort(probs)[::-1]]
    chosen = translator.target_vocab.id(decode.output[step])
    shown = order[:TOP] + ([chosen] if chosen not in order[:TOP] else [])  # a picked word outside the top 5
    show_figure(top_words_figure([words[i] for i in shown], probs[shown], shown.index(chosen),
                                 tr("translation.stepper.top_title", step=step + 1)), key="tr-step-top")
    said = "translation.stepper.chosen_forced" if step in decode.forced else "translation.stepper.chosen"
    st.markdown(tr(said, word=decode.output[step], p=f"{probs[chosen]:.1%}"))

    st.markdown(f"#### {tr('translation.pick.title')}")
    st.caption(tr("translation.pick.says"))
    hidden = {PAD, START, UNKNOWN}
    options = [words[i] for i in order if words[i] not in hidden]  # most likely first, then the rest
    pick_col, apply_col, reset_col = st.columns([3, 1, 1], vertical_alignment="bottom")
    word = pick_col.selectbox(tr("translation.pick.label", step=step + 1), options, key=f"tr-pick-{step}")
    if apply_col.button(tr("translation.pick.apply"), key="tr-apply", type="primary", width="stretch"):
        _force(step, word)
        st.rerun()  # the whole page: the translation at the top changes too
    if reset_col.button(tr("translation.pick.reset"), key="tr-reset", disabled=not decode.forced, width="stretch"):
        _force(step, None)
        st.rerun()


def stepper_view(translator, translation) -> None:
    decode = translation.decode
    step = _step_ui(decode)
    st.markdown(tr("translation.stepper.io", step=step + 1, total=len(decode.output),
                   input=decode.inputs[step], output=decode.output[step]))
    if translation.kind == TRANSFORMER:
        st.info(tr("translation.stepper.transformer"), icon="🔎")
        row = decode.cross.weights[-1, :, step].mean(axis=0)  # (m,): last layer, heads averaged
        show_figure(token_bars_figure(list(decode.source), row, tr("translation.stepper.cross_title", step=step + 1),
                                      "α"), key="tr-step-cross")
    else:
        if translation.kind == NO_ATTENTION:
            st.info(tr("translation.stepper.none"), icon="🔎")
            st.latex(r"s_t = \mathrm{GRU}(y_{t-1}, s_{t-1}),\qquad \mathrm{logits}_t = W_o\, s_t + b_o")
            show_figure(vector_strip_figure(decode.initial_state, "s_0", title=tr("translation.stepper.s0")),
                        key="tr-step-s0")
        else:
            st.latex(r"s_t = \mathrm{GRU}(y_{t-1}, s_{t-1}),\quad e_{t,i} = \mathrm{score}(s_t, h_i),\quad "
                     r"\mathrm{logits}_t = W_o [s_t ; c_t] + b_o")
        show_figure(vector_strip_figure(decode.states[step], f"s_{step + 1}",
                                        title=tr("translation.stepper.state", step=step + 1)), key="tr-step-state")
        if translation.kind != NO_ATTENTION:
            _attention_step(translator, decode, step)
    _output_step(translator, translation, step)
