"""The editable toy example: its limits, the checks that make every instance runnable, and the
parsing of numbers as a person types them into a table or a link carries them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from model.errors import AtlasError

MAX_TOKENS = 8  # n and m: a row of 8 numbers is still readable on a classroom projector
MAX_DIM = 8  # d and the query/key/value width h·d_k
MAX_TOKEN_CHARS = 16
MAX_ABS_VALUE = 1000.0  # keeps every score finite and every printed number short

# Table names as the page labels its editors; errors name the table the user has to fix.
TABLES = {"x": "X", "w_q": "W_Q", "w_k": "W_K", "w_v": "W_V", "w_o": "W_O", "x_src": "X_src"}


def _table_shape_error(table: str, rows: int, cols: int) -> AtlasError:
    return AtlasError(
        "toy_table_shape", "{table} must have {rows} rows and {cols} columns; fix its size.",
        table=table, rows=rows, cols=cols,
    )


def _too_large_error(table: str, row: int, col: int) -> AtlasError:
    return AtlasError(
        "toy_cell_too_large",
        "Row {row}, column {col} of {table} is too large: use numbers between -{limit} and {limit}.",
        table=table, row=row + 1, col=col + 1, limit=f"{MAX_ABS_VALUE:g}",
    )


def _check_tokens(tokens: tuple[str, ...], table: str) -> None:
    if not 1 <= len(tokens) <= MAX_TOKENS:
        raise AtlasError(
            "toy_token_count",
            "{table} has {count} rows, but the step-through works with 1 to {limit} tokens. "
            "Add or delete rows.",
            table=table, count=len(tokens), limit=MAX_TOKENS,
        )
    for row, token in enumerate(tokens, start=1):
        if not token.strip():
            raise AtlasError(
                "toy_token_empty", "Row {row} of {table} has no token name: type a word there.",
                table=table, row=row,
            )
        if len(token) > MAX_TOKEN_CHARS:
            raise AtlasError(
                "toy_token_too_long",
                "The token name in row {row} of {table} is longer than {limit} characters: shorten it.",
                table=table, row=row, limit=MAX_TOKEN_CHARS,
            )


def _check_values(values: np.ndarray, table: str) -> None:
    for (row, col), value in np.ndenumerate(values):
        if not math.isfinite(value):
            raise AtlasError(
                "toy_cell_not_finite",
                "Row {row}, column {col} of {table} is not a finite number (NaN or infinity): "
                "type an ordinary number there.",
                table=table, row=row + 1, col=col + 1,
            )
        if abs(value) > MAX_ABS_VALUE:
            raise _too_large_error(table, row, col)


def _check_width(name: str, value: int) -> None:
    if not 1 <= value <= MAX_DIM:
        raise AtlasError(
            "toy_width", "{name} is {value}, but it must be between 1 and {limit}.",
            name=name, value=value, limit=MAX_DIM,
        )


@dataclass(frozen=True, eq=False)
class ToyExample:
    """The numbers a student can edit. Construction checks them, so every instance can be run.

    Raises:
        AtlasError: toy_token_count, toy_token_empty, toy_token_too_long, toy_table_shape,
            toy_width, toy_cell_not_finite, toy_cell_too_large.
    """

    tokens: tuple[str, ...]  # n names of the query-side tokens
    x: np.ndarray  # (n, d) one embedding row per token
    w_q: np.ndarray  # (d, h·d_k) all heads' query weights side by side; h·d_k = d_k with one head
    w_k: np.ndarray  # (d, h·d_k)
    w_v: np.ndarray  # (d, h·d_k) d_v = d_k, so the three weight tables share one shape
    w_o: np.ndarray  # (h·d_k, d) output weights applied to the heads put side by side
    src_tokens: tuple[str, ...]  # m names of the tokens cross-attention takes keys and values from
    x_src: np.ndarray  # (m, d)

    def __post_init__(self):
        for name in ("tokens", "src_tokens"):
            object.__setattr__(self, name, tuple(str(t) for t in getattr(self, name)))
        _check_tokens(self.tokens, TABLES["x"])
        _check_tokens(self.src_tokens, TABLES["x_src"])
        arrays = {name: np.array(getattr(self, name), dtype=np.float64) for name in TABLES}  # private copies
        d = arrays["x"].shape[1] if arrays["x"].ndim == 2 else 0
        width = arrays["w_q"].shape[1] if arrays["w_q"].ndim == 2 else 0
        _check_width("d", d)
        _check_width("h·d_k", width)
        expected = {"x": (len(self.tokens), d), "w_q": (d, width), "w_k": (d, width), "w_v": (d, width),
                    "w_o": (width, d), "x_src": (len(self.src_tokens), d)}
        for name, array in arrays.items():
            if array.shape != expected[name]:
                raise _table_shape_error(TABLES[name], *expected[name])
            _check_values(array, TABLES[name])
            array.setflags(write=False)  # frozen means frozen: pages and caches share these arrays
            object.__setattr__(self, name, array)

    # The sizes, read off the tables: n query tokens, embedding width d, and the query/key/value
    # width of all heads together, h·d_k. The example does not know h: the multi-head variant
    # chooses it, and d_k always means one head's width, as in the paper.
    n = property(lambda self: len(self.tokens))
    d = property(lambda self: self.x.shape[1])
    qkv_width = property(lambda self: self.w_q.shape[1])

    def __eq__(self, other) -> bool:
        return isinstance(other, ToyExample) and all(
            np.array_equal(getattr(self, f.name), getattr(other, f.name)) for f in fields(self)
        )

    __hash__ = None  # holds arrays; equal examples could not promise equal hashes


def parse_number(text: str) -> float | None:
    """A number as a person types it ("0.25", "-1,5", "−2", "1/3"), or None."""
    text = text.strip().replace("−", "-").replace(",", ".")
    try:
        if "/" in text:
            top, bottom = text.split("/")
            return float(top) / float(bottom)
        return float(text)
    except (ValueError, ZeroDivisionError):
        return None


def _cell_value(cell: object, table: str, r: int, c: int) -> float | None:
    """One editor or link cell as a float; None when it is no number."""
    if isinstance(cell, str):
        return parse_number(cell)
    if isinstance(cell, (int, float, np.number)) and not isinstance(cell, bool):
        try:
            return float(cell)
        except OverflowError:  # an integer of hundreds of digits, from a link or a paste
            raise _too_large_error(table, r, c) from None
    return None


def parse_matrix(rows: Sequence[Sequence[object]], table: str) -> np.ndarray:
    """Cells from an editor (numbers, typed text, None for empty) -> (R, C) float64.

    Raises:
        AtlasError: toy_cell_empty or toy_cell_not_number naming the first bad cell;
            toy_table_shape when the rows differ in length.
    """
    width = len(rows[0]) if len(rows) else 0
    out = np.zeros((len(rows), width))  # (R, C)
    for r, row in enumerate(rows):
        if len(row) != width:
            raise _table_shape_error(table, len(rows), width)
        for c, cell in enumerate(row):
            where = {"table": table, "row": r + 1, "col": c + 1}
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                raise AtlasError(
                    "toy_cell_empty", "Row {row}, column {col} of {table} is empty: type a number there.", **where
                )
            value = _cell_value(cell, table, r, c)
            if value is None:
                raise AtlasError(
                    "toy_cell_not_number",
                    "Row {row}, column {col} of {table} is not a number: type a number such as 0.5 or -2 there.",
                    **where,
                )
            out[r, c] = value
    return out


def parse_tokens(cells: Sequence[object]) -> tuple[str, ...]:
    """Token names from an editor column; empty cells become "" and are refused by ToyExample."""
    return tuple("" if cell is None else str(cell).strip() for cell in cells)
