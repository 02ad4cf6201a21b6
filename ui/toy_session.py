"""The Step-through page's one `ToyState` in the session, the widgets bound to its fields, and
its mirror in the URL's query parameters (the same object a shared link encodes)."""

from dataclasses import replace

import streamlit as st

from model import toy
from ui.common import tr

STATE = "toy.state"
NOTICES = "toy.notices"
# The editors' and the cost panel's expanders run their content only when open (Streamlit's lazy expanders): the
# tables and charts they hold would otherwise load with every new tab and hold back the step's figure.
EDIT_PANEL, COST_PANEL = "toy.edit.open", "toy.cost.open"
EDITOR_VERSION = "toy.editor_version"  # bumped when the numbers are replaced: the editors start afresh

# The label of the control that sets each state field: the widgets are drawn with it, and a
# message about a bad link names the control rather than the parameter's short name.
FIELD_LABELS = {
    "preset": "toy.preset.label", "variant": "toy.variant.label", "step": "toy.step.pick", "query": "toy.query",
    "head": "toy.head", "heads": "toy.heads", "scaling": "toy.scaling", "temperature": "toy.temperature",
    "seed": "toy.random.seed", "n": "toy.random.n", "d": "toy.random.d", "qkv_width": "toy.random.width",
    "quiz": "toy.quiz", "presenter": "toy.presenter",
}
LINK_LABELS = {key: FIELD_LABELS[link.field] for key, link in toy.LINK_FIELDS.items()}
_NEW_NUMBERS = ("preset", "seed", "n", "d", "qkv_width")  # fields that replace the example


def get_state() -> toy.ToyState:
    """The page's state; on a session's first visit, the one the URL describes."""
    if STATE not in st.session_state:
        found, notices = toy.decode_state(st.query_params.to_dict())
        st.session_state[STATE] = found
        st.session_state[NOTICES] = notices
    return st.session_state[STATE]


def set_state(**changes) -> None:
    st.session_state[STATE] = toy.normalize_state(replace(get_state(), **changes))


def new_numbers() -> None:
    """The example was replaced: drop the edits and give the editors fresh keys."""
    st.session_state[EDITOR_VERSION] = st.session_state.get(EDITOR_VERSION, 0) + 1


def reset_numbers() -> None:
    new_numbers()
    set_state(edits=None)


def _copy_widget(field: str) -> None:
    changes = {field: st.session_state[f"toy.w.{field}"]}
    if field in _NEW_NUMBERS:
        changes["edits"] = None
        new_numbers()
    set_state(**changes)


def bound(widget, field: str, **kwargs):
    """A widget showing one state field under its control label; changing it writes the field back."""
    key = f"toy.w.{field}"
    st.session_state[key] = getattr(get_state(), field)
    return widget(tr(FIELD_LABELS[field]), key=key, on_change=_copy_widget, args=(field,), **kwargs)


def write_link(current: toy.ToyState) -> None:
    """Mirror the state into the query parameters, leaving the others (`lang`) alone."""
    wanted = toy.encode_state(current)
    mine = {k: v for k, v in st.query_params.to_dict().items() if k in toy.LINK_KEYS}
    if mine != wanted:
        for key in mine.keys() - wanted.keys():
            del st.query_params[key]
        st.query_params.update(wanted)
