"""The editable example: every bad table raises one error whose English text is the message."""

import math

import numpy as np
import pytest

from i18n import t
from model import toy
from model.errors import AtlasError


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
