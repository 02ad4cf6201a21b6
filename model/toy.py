"""Toy self-attention for the classroom step-through: hand-sized examples, their variants,
the exact strings the page prints, quiz checking, shareable link state and a cost model.

Everything here is pure (numpy in, frozen dataclasses out). The attention itself runs through
`model.attention.attention_steps` in float64, the function the ViT and BERT tracers use, so
the toy can never teach different math from what the real models compute.

Shapes: n query tokens, m key/value tokens (m = n except in cross-attention), d embedding
width, d_k query/key/value width (d_v = d_k), H heads of d_h = d_k / H channels each.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from fractions import Fraction

import numpy as np
import torch

from model.attention import attention_steps, merge_heads, split_heads
from model.errors import AtlasError, Notice

MAX_TOKENS = 8  # n and m: a row of 8 numbers is still readable on a classroom projector
MAX_DIM = 8  # d and d_k
MAX_TOKEN_CHARS = 16
MAX_ABS_VALUE = 1000.0  # keeps every score finite and every printed number short
PRESETS = ("student", "pencil", "it_animal", "random")
VARIANTS = ("basic", "multihead", "causal", "cross", "positional", "temperature")
TEMPERATURE_RANGE = (0.1, 10.0)
QUIZ_TOLERANCE = 0.01  # absolute, or relative for answers above 1: hand arithmetic with e ≈ 2.718
FRACTION_MAX_DENOMINATOR = 9  # 1/3, 1/6, 1/7, 1/9 print as fractions; halves and fifths as decimals

_STEPS = ("input", "qkv", "scores", "scale", "softmax", "mix", "output")
ALL_STEPS = ("input", "position", "qkv", "split", "scores", "scale", "softmax", "mix", "output")
# Which value the quiz hides on which step: a score, a weight or an output entry.
QUIZ_STEPS = ("scores", "softmax", "mix")

# Table names as the page labels its editors; errors name the table the user has to fix.
TABLES = {"x": "X", "w_q": "W_Q", "w_k": "W_K", "w_v": "W_V", "w_o": "W_O", "x_src": "X_src"}


def steps_for(variant: str) -> tuple[str, ...]:
    """The stepper's screens for a variant, in order."""
    if variant == "positional":
        return ("input", "position", *_STEPS[1:])
    if variant == "multihead":
        return (*_STEPS[:2], "split", *_STEPS[2:])
    return _STEPS


def head_choices(d_k: int) -> tuple[int, ...]:
    """Head counts that split d_k channels evenly."""
    return tuple(h for h in range(1, d_k + 1) if d_k % h == 0)


# --- the editable example -------------------------------------------------------------------


def _table_shape_error(table: str, rows: int, cols: int) -> AtlasError:
    return AtlasError(
        "toy_table_shape", "{table} must have {rows} rows and {cols} columns; fix its size.",
        table=table, rows=rows, cols=cols,
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


def _too_large_error(table: str, row: int, col: int) -> AtlasError:
    return AtlasError(
        "toy_cell_too_large",
        "Row {row}, column {col} of {table} is too large: use numbers between -{limit} and {limit}.",
        table=table, row=row + 1, col=col + 1, limit=f"{MAX_ABS_VALUE:g}",
    )


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
    w_q: np.ndarray  # (d, d_k)
    w_k: np.ndarray  # (d, d_k)
    w_v: np.ndarray  # (d, d_k) d_v = d_k, so the three weight tables share one shape
    w_o: np.ndarray  # (d_k, d) output projection applied to the concatenated heads
    src_tokens: tuple[str, ...]  # m names of the tokens cross-attention takes keys and values from
    x_src: np.ndarray  # (m, d)

    def __post_init__(self):
        for name in ("tokens", "src_tokens"):
            object.__setattr__(self, name, tuple(str(t) for t in getattr(self, name)))
        _check_tokens(self.tokens, TABLES["x"])
        _check_tokens(self.src_tokens, TABLES["x_src"])
        arrays = {name: np.array(getattr(self, name), dtype=np.float64) for name in TABLES}  # private copies
        d = arrays["x"].shape[1] if arrays["x"].ndim == 2 else 0
        d_k = arrays["w_q"].shape[1] if arrays["w_q"].ndim == 2 else 0
        _check_width("d", d)
        _check_width("d_k", d_k)
        expected = {"x": (len(self.tokens), d), "w_q": (d, d_k), "w_k": (d, d_k), "w_v": (d, d_k),
                    "w_o": (d_k, d), "x_src": (len(self.src_tokens), d)}
        for name, array in arrays.items():
            if array.shape != expected[name]:
                raise _table_shape_error(TABLES[name], *expected[name])
            _check_values(array, TABLES[name])
            array.setflags(write=False)  # frozen means frozen: pages and caches share these arrays
            object.__setattr__(self, name, array)

    @property
    def n(self) -> int:
        return len(self.tokens)

    @property
    def d(self) -> int:
        return self.x.shape[1]

    @property
    def d_k(self) -> int:
        return self.w_q.shape[1]

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
            if isinstance(cell, str):
                value = parse_number(cell)
            elif isinstance(cell, (int, float, np.number)) and not isinstance(cell, bool):
                try:
                    value = float(cell)
                except OverflowError:  # an integer of hundreds of digits, from a link or a paste
                    raise _too_large_error(table, r, c) from None
            else:
                value = None
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


# --- presets --------------------------------------------------------------------------------

# "I am a student": 4-dimensional embeddings with one decimal, for reading rather than hand work.
# The Korean source sentence gives cross-attention something to align with.
_STUDENT = {
    "tokens": ("I", "am", "a", "student"),
    "x": [[1.0, 0.2, 0.0, 0.4], [0.1, 1.0, 0.3, 0.0], [0.0, 0.2, 1.0, 0.1], [0.8, 0.0, 0.3, 1.0]],
    "w_q": [[0.9, 0.1, 0.0, 0.3], [0.0, 0.8, 0.4, 0.0], [0.2, 0.0, 0.7, 0.1], [0.3, 0.0, 0.1, 1.0]],
    "w_k": [[1.0, 0.0, 0.2, 0.4], [0.1, 0.9, 0.0, 0.0], [0.0, 0.3, 0.8, 0.0], [0.4, 0.0, 0.0, 0.9]],
    "w_v": [[1.0, 0.0, 0.5, 0.0], [0.0, 1.0, 0.0, 0.5], [0.5, 0.0, 1.0, 0.0], [0.0, 0.5, 0.0, 1.0]],
    "src_tokens": ("나는", "학생", "입니다"),
    "x_src": [[0.9, 0.1, 0.1, 0.4], [0.8, 0.1, 0.2, 1.1], [0.2, 0.9, 0.2, 0.1]],
}

# Pencil and paper: 0/1 weights make Q, K, V small integers, every score even and d_k = 4, so
# √d_k = 2 and the scaled scores are whole numbers. Note q_I = k_love, q_love = k_I.
_PENCIL = {
    "tokens": ("I", "love", "cats"),
    "x": [[1, 0, 1], [0, 1, 1], [1, 1, 0]],
    "w_q": [[1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 0]],
    "w_k": [[0, 0, 1, 1], [1, 1, 0, 0], [0, 0, 0, 0]],
    "w_v": [[1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 1, 1]],
    "src_tokens": ("나는", "고양이를", "좋아해"),
    "x_src": [[1, 0, 1], [1, 1, 0], [0, 1, 1]],
}

# "it" -> "animal". The embedding dimensions mean: 1 is a noun, 2 is alive, 3 is a pronoun,
# 4 is any other word. W_K = I, so a key just states those features. W_Q's pronoun row turns
# "it" into the question "alive (×4)? noun (×2)? not a function word (×-2)": the score is
# 6 for "animal", 2 for "street", 0 for "it", -2 for the rest. Every other word's query is
# zero, so those rows spread evenly (1/8 each). W_V = I: "it" comes out carrying mostly
# animal's features.
_IT_ANIMAL = {
    "tokens": ("The", "animal", "didn't", "cross", "the", "street", "because", "it"),
    "x": [[0, 0, 0, 1], [1, 1, 0, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 1], [1, 0, 0, 0], [0, 0, 0, 1],
          [0, 0, 1, 0]],
    "w_q": [[0, 0, 0, 0], [0, 0, 0, 0], [2, 4, 0, -2], [0, 0, 0, 0]],
    "w_k": np.eye(4).tolist(),
    "w_v": np.eye(4).tolist(),
    "src_tokens": ("그", "동물은", "길을", "건너지", "않았다"),
    "x_src": [[0, 0, 0, 1], [1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 1]],
}

_FIXED_PRESETS = {"student": _STUDENT, "pencil": _PENCIL, "it_animal": _IT_ANIMAL}


def preset_example(preset: str) -> ToyExample:
    """One of the hand-made examples. Their W_O keeps each channel and adds half of the channel
    mirrored across the middle, so with two heads every output channel mixes both heads."""
    data = _FIXED_PRESETS[preset]
    d, d_k = len(data["x"][0]), len(data["w_q"][0])
    keep = np.eye(d_k, d)
    return ToyExample(w_o=keep + 0.5 * keep[::-1], **data)


def random_example(seed: int, n: int, d: int, d_k: int) -> ToyExample:
    """A reproducible random example, one decimal per value so it can still be read aloud."""
    rng = np.random.default_rng(seed)

    def draw(rows, cols, spread):
        return np.round(rng.normal(0.0, spread, size=(rows, cols)), 1) + 0.0  # + 0.0: no "-0.0" in links

    weight_spread = 1 / math.sqrt(d)  # keeps Q, K, V about as large as X
    return ToyExample(
        tokens=tuple("ABCDEFGH"[:n]),
        x=draw(n, d, 1.0),
        w_q=draw(d, d_k, weight_spread),
        w_k=draw(d, d_k, weight_spread),
        w_v=draw(d, d_k, weight_spread),
        w_o=draw(d_k, d, 1 / math.sqrt(d_k)),
        src_tokens=tuple("αβγδεζηθ"[:n]),
        x_src=draw(n, d, 1.0),
    )


# --- the computation ------------------------------------------------------------------------


def sinusoidal_encoding(n: int, d: int) -> np.ndarray:
    """(n, d) PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(same angle)."""
    pos = np.arange(n)[:, None]  # (n, 1)
    dim = np.arange(d)[None, :]  # (1, d)
    angle = pos / 10000.0 ** ((dim - dim % 2) / d)  # (n, d) each sin/cos pair shares a frequency
    return np.where(dim % 2 == 0, np.sin(angle), np.cos(angle))


def causal_keep(n: int) -> np.ndarray:
    """(n, n) True where query i may see key j, that is j <= i."""
    return np.tril(np.ones((n, n), dtype=bool))


def row_entropy(weights: np.ndarray) -> np.ndarray:
    """(..., m) -> (...) Shannon entropy of each attention row in bits; zero weights add nothing."""
    p = np.asarray(weights, dtype=np.float64)
    return -(p * np.log2(np.where(p > 0, p, 1.0))).sum(axis=-1)


@dataclass(frozen=True)
class ToyRun:
    """Every intermediate of one toy example under one variant, in float64."""

    variant: str
    tokens: tuple[str, ...]  # n query tokens
    key_tokens: tuple[str, ...]  # m key/value tokens: the source sequence in cross-attention
    x: np.ndarray  # (n, d) X as typed
    pe: np.ndarray | None  # (n, d) positional encoding, positional variant only
    x_q: np.ndarray  # (n, d) rows the queries come from: X + PE in the positional variant
    x_kv: np.ndarray  # (m, d) rows the keys and values come from
    q: np.ndarray  # (n, d_k)
    k: np.ndarray  # (m, d_k)
    v: np.ndarray  # (m, d_k)
    heads: int
    scaling: bool  # False: the what-if without ÷√d_h
    temperature: float
    scale: float  # the factor attention_steps applied: 1/(T·√d_h), or 1/T with scaling off
    keep: np.ndarray | None  # (n, m) False where the causal mask hides a key
    scores: np.ndarray  # (H, n, m) Q·Kᵀ per head
    scaled: np.ndarray  # (H, n, m) scores·scale, masked entries -inf
    weights: np.ndarray  # (H, n, m) softmax rows
    head_out: np.ndarray  # (H, n, d_h) weights·V per head
    concat: np.ndarray  # (n, d_k) heads side by side
    out: np.ndarray  # (n, d) concat·W_O with several heads; (n, d_k) = concat otherwise
    entropy: np.ndarray  # (H, n) bits per softmax row

    @property
    def d_head(self) -> int:
        return self.q.shape[1] // self.heads

    @property
    def divisor(self) -> float:
        """What the scores are divided by: √d_h·T (1/scale), 2 for the pencil example."""
        return 1.0 / self.scale


def _head_tensors(q: np.ndarray, k: np.ndarray, v: np.ndarray, heads: int):
    """numpy (N, d_k) -> float64 torch (H, N, d_h), the layout attention_steps and the tracers use."""
    return tuple(split_heads(torch.tensor(a, dtype=torch.float64), heads) for a in (q, k, v))


def compute_toy(
    example: ToyExample, variant: str, heads: int = 1, scaling: bool = True, temperature: float = 1.0
) -> ToyRun:
    """Run one example through one variant.

    Args:
        heads: used by the multi-head variant only; must divide d_k (see `head_choices`).
        scaling, temperature: used by the temperature what-if only; every other variant
            divides by √d_h at temperature 1, as a transformer does.
    """
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
    heads = heads if variant == "multihead" else 1
    if example.d_k % heads:
        raise ValueError(f"{heads} heads do not split d_k = {example.d_k} evenly")
    if variant != "temperature":
        scaling, temperature = True, 1.0
    pe = sinusoidal_encoding(example.n, example.d) if variant == "positional" else None
    x_q = example.x if pe is None else example.x + pe  # (n, d)
    cross = variant == "cross"
    x_kv = example.x_src if cross else x_q  # (m, d)
    q = x_q @ example.w_q  # (n, d_k)
    k = x_kv @ example.w_k  # (m, d_k)
    v = x_kv @ example.w_v  # (m, d_k)
    keep = causal_keep(example.n) if variant == "causal" else None  # (n, n)
    d_head = example.d_k // heads
    scale = (1 / math.sqrt(d_head) if scaling else 1.0) / temperature
    qh, kh, vh = _head_tensors(q, k, v, heads)  # (H, n, d_h), (H, m, d_h), (H, m, d_h)
    steps = attention_steps(qh, kh, vh, scale, None if keep is None else torch.from_numpy(keep))
    concat = merge_heads(steps.head_out).numpy()  # (n, d_k)
    weights = steps.weights.numpy()  # (H, n, m)
    return ToyRun(
        variant=variant,
        tokens=example.tokens,
        key_tokens=example.src_tokens if cross else example.tokens,
        x=example.x, pe=pe, x_q=x_q, x_kv=x_kv, q=q, k=k, v=v,
        heads=heads, scaling=scaling, temperature=temperature, scale=scale, keep=keep,
        scores=steps.scores.numpy(), scaled=steps.scaled.numpy(), weights=weights,
        head_out=steps.head_out.numpy(), concat=concat,
        out=concat @ example.w_o if variant == "multihead" else concat,  # (n, d) or (n, d_k)
        entropy=row_entropy(weights),
    )


def entropy_by_temperature(run: ToyRun, temperatures: Sequence[float]) -> np.ndarray:
    """(T, H, n) entropy of every softmax row at each temperature, the run's other settings kept."""
    base = run.scale * run.temperature  # the scale at T = 1
    qh, kh, vh = _head_tensors(run.q, run.k, run.v, run.heads)
    keep = None if run.keep is None else torch.from_numpy(run.keep)
    return np.stack([
        row_entropy(attention_steps(qh, kh, vh, base / t, keep).weights.numpy()) for t in temperatures
    ])


# --- what the page prints -------------------------------------------------------------------


def format_value(value: float, decimals: int = 3) -> str:
    """A number as the page prints it: exact when it is (3, 2.5, 1/3), else rounded to `decimals`."""
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "-∞" if value < 0 else "∞"
    tol = 1e-9 * max(1.0, abs(value))
    shifted = value * 10**decimals
    if abs(shifted - round(shifted)) < tol * 10**decimals:  # a short exact decimal
        return f"{round(shifted) / 10**decimals:.{decimals}f}".rstrip("0").rstrip(".")
    fraction = Fraction(value).limit_denominator(FRACTION_MAX_DENOMINATOR)
    if abs(float(fraction) - value) < tol:
        return f"{fraction.numerator}/{fraction.denominator}"
    text = f"{value:.{decimals}f}"
    return text.lstrip("-") if float(text) == 0 else text  # no "-0.000"


def format_matrix(values: np.ndarray, decimals: int = 3) -> np.ndarray:
    """(R, C) numbers -> (R, C) strings, each as `format_value` prints it."""
    return np.vectorize(lambda v: format_value(v, decimals), otypes=[object])(np.asarray(values))


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
}


def latex_text(text: str) -> str:
    r"""Typed text as KaTeX \text{}: every special character escaped, so a name is never markup."""
    return r"\text{" + "".join(_LATEX_SPECIALS.get(ch, ch) for ch in text) + "}"


def _result(value: float) -> str:
    """A number as a formula's result or exponent."""
    return format_value(value).replace("∞", r"\infty")


def _num(value: float) -> str:
    """A number as an operand; negatives in parentheses so "a·(−b)" reads right."""
    text = _result(value)
    return f"({text})" if text.startswith("-") else text


def _sub(*tokens: str) -> str:
    return "_{" + ",".join(latex_text(t) for t in tokens) + "}"


def _aligned(lines: Sequence[str]) -> str:
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def _products(row: np.ndarray, matrix: np.ndarray, results: np.ndarray, names: Sequence[str]) -> str:
    """One line per column c: names[c] = Σ_r row[r]·matrix[r, c] = results[c], every term written out."""
    lines = []
    for c, name in enumerate(names):
        terms = " + ".join(rf"{_num(a)} \cdot {_num(b)}" for a, b in zip(row, matrix[:, c]))
        lines.append(rf"{name} &= {terms} = {_result(results[c])}")
    return _aligned(lines)


def projection_working(x_row: np.ndarray, w: np.ndarray, result: np.ndarray, symbol: str, token: str) -> str:
    """q_{token,c} = x_{token}·W[:, c] for every channel c (symbol "q", "k" or "v")."""
    names = [f"{symbol}{_sub(token, str(c + 1))}" for c in range(w.shape[1])]
    return _products(x_row, w, result, names)


def dot_product_working(q_row: np.ndarray, k: np.ndarray, scores_row: np.ndarray, token: str,
                        key_tokens: Sequence[str]) -> str:
    """q_i·k_j = q_i1·k_j1 + … for every key j."""
    names = [rf"q{_sub(token)} \cdot k{_sub(key)}" for key in key_tokens]
    return _products(q_row, k.T, scores_row, names)


def scaling_working(scores_row: np.ndarray, scaled_row: np.ndarray, divisor: float, token: str,
                    key_tokens: Sequence[str], keep_row: np.ndarray | None = None) -> str:
    """s_ij / divisor for every key j, plus (−∞) where the causal mask hides key j."""
    lines = []
    for j, key in enumerate(key_tokens):
        masked = keep_row is not None and not keep_row[j]
        mask = r" + (-\infty)" if masked else ""
        lines.append(
            rf"s{_sub(token, key)} / {_num(divisor)}{mask} &= {_num(scores_row[j])} / {_num(divisor)}{mask}"
            rf" = {_result(scaled_row[j])}"
        )
    return _aligned(lines)


@dataclass(frozen=True)
class SoftmaxWorking:
    """One softmax row written out, as four LaTeX blocks in the order a person computes them."""

    max_line: str  # m = max_j s_j
    exp_lines: str  # e^{s_j - m} per key
    sum_line: str  # Σ = e_1 + … + e_m
    weight_lines: str  # a_j = e_j / Σ per key


def softmax_working(scaled_row: np.ndarray, weights_row: np.ndarray, token: str,
                    key_tokens: Sequence[str]) -> SoftmaxWorking:
    """Subtract the row maximum (exp never overflows), exponentiate, sum, divide.

    The exponentials are recomputed here only to print them; the weights shown are the
    ones attention_steps produced.
    """
    top = float(np.max(scaled_row))
    exps = np.exp(scaled_row - top)  # (m,) masked keys give e^-inf = 0
    total = float(exps.sum())
    exp_lines = []
    for j, key in enumerate(key_tokens):
        if math.isinf(scaled_row[j]):
            exp_lines.append(rf"e{_sub(key)} &= e^{{-\infty}} = 0")
        else:
            exp_lines.append(
                rf"e{_sub(key)} &= e^{{{_num(scaled_row[j])} - {_num(top)}}}"
                rf" = e^{{{_result(scaled_row[j] - top)}}} = {_result(exps[j])}"
            )
    weight_lines = [
        rf"a{_sub(token, key)} &= {_num(exps[j])} / {_num(total)} = {_result(weights_row[j])}"
        for j, key in enumerate(key_tokens)
    ]
    visible = [_result(s) for s in scaled_row if not math.isinf(s)]
    return SoftmaxWorking(
        max_line=rf"m = \max({', '.join(visible)}) = {_result(top)}",
        exp_lines=_aligned(exp_lines),
        sum_line=rf"\Sigma = {' + '.join(_num(e) for e in exps)} = {_result(total)}",
        weight_lines=_aligned(weight_lines),
    )


def mix_working(weights_row: np.ndarray, v: np.ndarray, out_row: np.ndarray, token: str) -> str:
    """z_{token,c} = Σ_j a_j·v_jc for every channel c: the weighted average of the value rows."""
    names = [f"z{_sub(token, str(c + 1))}" for c in range(v.shape[1])]
    return _products(weights_row, v, out_row, names)


def output_working(concat_row: np.ndarray, w_o: np.ndarray, out_row: np.ndarray, token: str) -> str:
    """o_{token,c} = concat_{token}·W_O[:, c] for every output channel c."""
    names = [f"o{_sub(token, str(c + 1))}" for c in range(w_o.shape[1])]
    return _products(concat_row, w_o, out_row, names)


# --- quiz -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuizQuestion:
    """One hidden value: on the scores, softmax or mix step, in the selected query's row."""

    step: str
    head: int
    row: int  # query token
    col: int  # key token (score, weight) or output channel
    answer: float


@dataclass(frozen=True)
class QuizCheck:
    correct: bool
    given: float
    tolerance: float


def quiz_question(run: ToyRun, step: str, head: int, query: int, round_: int) -> QuizQuestion | None:
    """The value to hide on `step`, chosen at random but reproducibly from the question round."""
    if step not in QUIZ_STEPS:
        return None
    values = {"scores": run.scores, "softmax": run.weights, "mix": run.head_out}[step][head]  # (n, m) or (n, d_h)
    columns = np.arange(values.shape[1])
    if step == "softmax" and run.keep is not None:
        columns = np.flatnonzero(run.keep[query])  # a masked weight is 0 by rule, no question
    rng = np.random.default_rng([round_, ALL_STEPS.index(step), head, query])
    col = int(rng.choice(columns))
    return QuizQuestion(step=step, head=head, row=query, col=col, answer=float(values[query, col]))


def check_answer(text: str, question: QuizQuestion) -> QuizCheck:
    """Is the typed answer within QUIZ_TOLERANCE (relative above 1) of the hidden value?

    Raises:
        AtlasError: toy_quiz_not_a_number when the text is no number.
    """
    given = parse_number(text)
    if given is None or not math.isfinite(given):
        raise AtlasError("toy_quiz_not_a_number", "Type your answer as a number, such as 0.25, -1.5 or 1/3.")
    tolerance = QUIZ_TOLERANCE * max(1.0, abs(question.answer))
    return QuizCheck(correct=abs(given - question.answer) <= tolerance, given=given, tolerance=tolerance)


# --- link state -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ToyState:
    """Everything a shared link restores. `edits` is None while the preset's numbers are unchanged."""

    preset: str = "student"
    variant: str = "basic"
    step: str = "input"
    query: int = 0
    head: int = 0
    heads: int = 2
    scaling: bool = True
    temperature: float = 1.0
    seed: int = 0  # the random preset's seed and shape
    n: int = 4
    d: int = 4
    d_k: int = 4
    quiz: int = 0  # 0: quiz off; k > 0: the k-th question
    presenter: bool = False
    edits: ToyExample | None = None


def base_example(state: ToyState) -> ToyExample:
    """The preset's own numbers (for the random preset: from its seed and shape)."""
    if state.preset == "random":
        return random_example(state.seed, state.n, state.d, state.d_k)
    return preset_example(state.preset)


def state_example(state: ToyState) -> ToyExample:
    return base_example(state) if state.edits is None else state.edits


def normalize_state(state: ToyState) -> ToyState:
    """Pull query, heads, head and step back into range after the example or variant changed,
    and drop edits that leave the preset's numbers as they were."""
    example = state_example(state)
    heads = max(h for h in head_choices(example.d_k) if h <= max(1, state.heads))
    steps = steps_for(state.variant)
    return replace(
        state,
        query=min(max(state.query, 0), example.n - 1),
        heads=heads,
        head=min(max(state.head, 0), heads - 1),
        step=state.step if state.step in steps else steps[0],
        edits=None if example == base_example(state) else state.edits,
    )


_MAX_LINK_CHARS = 6000  # an encoded 8×8 example takes about 1500
_MAX_JSON_BYTES = 64_000

_EXAMPLE_KEYS = {"t": "tokens", "x": "x", "wq": "w_q", "wk": "w_k", "wv": "w_v", "wo": "w_o",
                 "st": "src_tokens", "xs": "x_src"}


def encode_example(example: ToyExample) -> str:
    """URL-safe base64 of deflated JSON; floats are written with repr, so decoding is exact."""
    data = {short: (list(v) if isinstance(v := getattr(example, name), tuple) else v.tolist())
            for short, name in _EXAMPLE_KEYS.items()}
    raw = zlib.compress(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode(), 9)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_example(text: str) -> ToyExample:
    """The inverse of `encode_example` for any string at all.

    Raises:
        AtlasError: toy_link_numbers when the text is not an encoded, valid example.
    """
    unreadable = AtlasError(
        "toy_link_numbers",
        "The edited numbers in this link could not be read (the link may be cut off or changed), "
        "so the preset's own numbers are shown instead.",
    )
    if len(text) > _MAX_LINK_CHARS:
        raise unreadable
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflater = zlib.decompressobj()
        payload = inflater.decompress(raw, _MAX_JSON_BYTES)  # bounded: no zip bombs
        if inflater.unconsumed_tail or not inflater.eof:
            raise unreadable
        data = json.loads(payload.decode())
        if not isinstance(data, dict) or set(data) != set(_EXAMPLE_KEYS):
            raise unreadable
        parts = {}
        for short, name in _EXAMPLE_KEYS.items():
            value = data[short]
            if name.endswith("tokens"):
                if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                    raise unreadable
                parts[name] = tuple(value)
            else:
                if not isinstance(value, list) or not all(isinstance(r, list) for r in value):
                    raise unreadable
                if any(isinstance(c, (bool, str)) for r in value for c in r):
                    raise unreadable
                parts[name] = parse_matrix(value, TABLES[name])
        return ToyExample(**parts)
    except (AtlasError, ValueError, TypeError, OverflowError, binascii.Error, zlib.error, UnicodeDecodeError,
            RecursionError) as err:
        raise unreadable from err


def _bool(text: str) -> bool:
    return {"0": False, "1": True}[text]


# URL parameter -> (state field, parse, check)
_LINK_FIELDS = {
    "p": ("preset", str, lambda v: v in PRESETS),
    "v": ("variant", str, lambda v: v in VARIANTS),
    "s": ("step", str, lambda v: v in ALL_STEPS),
    "q": ("query", int, lambda v: 0 <= v < MAX_TOKENS),
    "hd": ("head", int, lambda v: 0 <= v < MAX_DIM),
    "h": ("heads", int, lambda v: 1 <= v <= MAX_DIM),
    "sc": ("scaling", _bool, lambda v: True),
    "t": ("temperature", float, lambda v: TEMPERATURE_RANGE[0] <= v <= TEMPERATURE_RANGE[1]),
    "seed": ("seed", int, lambda v: 0 <= v < 1_000_000),
    "n": ("n", int, lambda v: 1 <= v <= MAX_TOKENS),
    "d": ("d", int, lambda v: 1 <= v <= MAX_DIM),
    "dk": ("d_k", int, lambda v: 1 <= v <= MAX_DIM),
    "quiz": ("quiz", int, lambda v: 0 <= v < 1_000_000),
    "pm": ("presenter", _bool, lambda v: True),
}
LINK_KEYS = (*_LINK_FIELDS, "e")  # every query parameter this page owns
_ALWAYS_WRITTEN = ("p", "v", "s")  # so a shared link says what it shows even at the defaults


def encode_state(state: ToyState) -> dict[str, str]:
    """Query parameters for `state`: the preset, variant and step, and whatever differs from the defaults."""
    default = ToyState()
    params = {}
    for key, (name, _, _) in _LINK_FIELDS.items():
        value = getattr(state, name)
        if key in _ALWAYS_WRITTEN or value != getattr(default, name):
            params[key] = str(int(value)) if isinstance(value, bool) else str(value)
    if state.edits is not None:
        params["e"] = encode_example(state.edits)
    return params


def _link_setting_notice(key: str) -> Notice:
    return Notice("toy_link_setting", "This link's “{name}” setting could not be used here, so the default "
                  "is shown instead.", {"name": key})


def decode_state(params: Mapping[str, str]) -> tuple[ToyState, tuple[Notice, ...]]:
    """The state a link describes; anything unreadable falls back to its default, with a notice."""
    notices = []
    values = {}
    for key, (name, parse, check) in _LINK_FIELDS.items():
        if key not in params:
            continue
        try:
            value = parse(str(params[key]).strip())
            valid = check(value)
        except (ValueError, KeyError, OverflowError):
            valid = False
        if valid:
            values[name] = value
        else:
            notices.append(_link_setting_notice(key))
    state = ToyState(**values)
    if "e" in params:
        try:
            state = replace(state, edits=decode_example(str(params["e"])))
        except AtlasError as err:
            notices.append(Notice(err.code, str(err)))
    normal = normalize_state(state)
    notices += [_link_setting_notice(key) for key, (name, _, _) in _LINK_FIELDS.items()
                if key in params and getattr(normal, name) != getattr(state, name)]
    return normal, tuple(notices)


# --- cost model -----------------------------------------------------------------------------

REFERENCE_MODELS = (("ViT-B/16", 197, 768, 12), ("BERT-base", 512, 768, 12))  # name, n, d, heads


@dataclass(frozen=True)
class AttentionCost:
    """One attention layer's cost at each sequence length, counting a multiply-add as 2 FLOPs."""

    n: np.ndarray  # (P,) sequence lengths
    d: int
    heads: int
    score_flops: np.ndarray  # (P,) Q·Kᵀ and weights·V over all heads: 2·2·n²·d, grows with n²
    projection_flops: np.ndarray  # (P,) the Q, K, V and output projections: 4·2·n·d², grows with n
    matrix_bytes: np.ndarray  # (P,) the attention matrices of all heads, float32: heads·n²·4


def attention_cost(n: Sequence[int] | np.ndarray, d: int, heads: int, bytes_per_value: int = 4) -> AttentionCost:
    """FLOPs and attention-matrix bytes of one layer of width d with `heads` heads, for each length in n."""
    n = np.asarray(n, dtype=np.float64)  # (P,) float: n²·d passes int64 range for long inputs
    return AttentionCost(
        n=n, d=d, heads=heads,
        score_flops=4 * n**2 * d,
        projection_flops=8 * n * d**2,
        matrix_bytes=heads * n**2 * bytes_per_value,
    )
