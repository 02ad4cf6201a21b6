"""Link state: every state survives the URL, and any text in a link gives a usable state."""

import base64
import json
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from i18n import TEXT
from model import toy
from model.errors import AtlasError
from tests.toy_reference import FAST, examples


@st.composite
def states(draw):
    preset = draw(st.sampled_from(toy.PRESETS))
    variant = draw(st.sampled_from(toy.VARIANTS))
    state = toy.ToyState(
        preset=preset, variant=variant, step=draw(st.sampled_from(toy.steps_for(variant))),
        query=draw(st.integers(0, 7)), head=draw(st.integers(0, 7)), heads=draw(st.integers(1, 8)),
        scaling=draw(st.booleans()), temperature=draw(st.floats(*toy.TEMPERATURE_RANGE)),
        seed=draw(st.integers(0, 999_999)), n=draw(st.integers(1, 8)), d=draw(st.integers(1, 8)),
        qkv_width=draw(st.integers(1, 8)), quiz=draw(st.integers(0, 999)), presenter=draw(st.booleans()),
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


@pytest.mark.parametrize("text", ["", "e", "!!!", "eNo", "A" * 7000,
                                  toy.encode_example(toy.preset_example("pencil"))[:-5]])
def test_broken_numbers_in_a_link_give_a_notice(text):
    state, notices = toy.decode_state({"p": "pencil", "e": text})
    assert state.edits is None and [n.code for n in notices] == ["toy_link_numbers"]


def test_a_link_holding_a_400_digit_integer_gives_a_notice_not_a_crash():
    encoded = toy.encode_example(toy.preset_example("pencil"))
    data = json.loads(zlib.decompress(base64.urlsafe_b64decode(_padded(encoded))))
    data["x"][0][0] = int("9" * 400)  # json reads it as an int; float() of it overflows
    text = base64.urlsafe_b64encode(zlib.compress(json.dumps(data).encode())).decode()
    state, notices = toy.decode_state({"p": "pencil", "e": text})
    assert state.edits is None and [n.code for n in notices] == ["toy_link_numbers"]
    with pytest.raises(AtlasError) as err:
        toy.parse_matrix([[int("-" + "9" * 400)]], "X")
    assert err.value.code == "toy_cell_too_large"


def _padded(text: str) -> str:
    return text + "=" * (-len(text) % 4)
