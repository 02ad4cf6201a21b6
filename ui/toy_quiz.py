"""Quiz mode on the Step-through page: ask for the hidden value, check it, reveal it."""

import streamlit as st

from model import toy
from model.errors import AtlasError
from ui.common import markdown_text, show_error, tr
from ui.toy_session import get_state, set_state
from viz.matrix import format_value

QUIZ_RESULT = "toy.quiz.result"  # {cell and round: its QuizCheck or REVEALED}
REVEALED = "revealed"


def _next_question() -> None:
    set_state(quiz=get_state().quiz + 1)


def _ask(v, where: str):
    """The question, the answer box and its three buttons; the outcome of this run's click, if any."""
    question, run = v.question, v.run
    col_name = run.key_tokens[question.col] if question.step != "mix" else str(question.col + v.head * run.d_k + 1)
    st.markdown(tr(f"toy.quiz.ask.{question.step}", row=markdown_text(v.token), col=markdown_text(col_name)))
    st.caption(tr(f"toy.quiz.hint.{question.step}"))
    answer = st.text_input(tr("toy.quiz.answer"), key=f"toy.quiz.answer.{where}")
    cols = st.columns(3)
    outcome = None
    if cols[0].button(tr("toy.quiz.check"), key="toy.quiz.check", type="primary"):
        try:
            outcome = toy.check_answer(answer, question)
        except AtlasError as err:
            show_error(err)
    if cols[1].button(tr("toy.quiz.reveal"), key="toy.quiz.reveal"):
        outcome = REVEALED
    cols[2].button(tr("toy.quiz.new"), key="toy.quiz.new", on_click=_next_question)
    return outcome


def quiz_box(v) -> bool:
    """Ask for the hidden value of the step view `v`; True once the working may be shown
    (solved or revealed, or no quiz)."""
    question = v.question
    if question is None:
        return True
    # The key names the cell and the round, never the answer: widget keys reach the browser.
    where = f"{v.state.quiz}.{question.step}.{question.head}.{question.row}.{question.col}"
    with st.container(border=True):
        outcome = _ask(v, where) or st.session_state.get(QUIZ_RESULT, {}).get(where)  # QuizCheck, REVEALED, None
        st.session_state[QUIZ_RESULT] = {where: outcome}
        truth = format_value(question.answer)
        if outcome is None:
            return False
        if outcome is REVEALED:
            st.info(tr("toy.quiz.revealed", answer=truth))
            return True
        fmt = dict(given=format_value(outcome.given), tolerance=format_value(outcome.tolerance), answer=truth)
        if outcome.correct:
            st.success(tr("toy.quiz.right", **fmt))
        else:
            st.error(tr("toy.quiz.wrong", **fmt))
        return outcome.correct
