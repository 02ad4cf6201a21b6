"""The LaTeX of the toy step-through: each step's formula, and one query row worked out with
every term written, from numbers the model computed. Pure string builders; every typed token
name passes through `latex_text`, so a name is never markup. Numbers print as
`viz.matrix.format_value` prints them in the figures, so the working and the cells agree.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from viz.matrix import format_value

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


# --- each step's formula --------------------------------------------------------------------
# d_k is one head's query/key width everywhere, as in the paper and the inspector; with h heads
# W_Q has h·d_k columns. The toy has no biases (b = 0, said in the formula): ViT and BERT add one.

FORMULAS = {
    "input": r"X \in \mathbb{R}^{n \times d}",
    "position": r"X' = X + PE,\quad PE_{pos,\,2i} = \sin\frac{pos}{10000^{2i/d}},\quad "
                r"PE_{pos,\,2i+1} = \cos\frac{pos}{10000^{2i/d}}",
    "qkv": r"Q = XW_Q + b_Q,\quad K = XW_K + b_K,\quad V = XW_V + b_V,\quad b_Q = b_K = b_V = 0",
    "split": r"Q = [\,Q_1 \mid Q_2 \mid \cdots \mid Q_h\,] \in \mathbb{R}^{n \times h d_k},\quad "
             r"Q_i,\ K_i,\ V_i \in \mathbb{R}^{n \times d_k}",
    "scores": r"S = QK^{\top},\quad s_{ij} = q_i \cdot k_j",
    "scale": r"\tilde S = \frac{S}{\sqrt{d_k}}",
    "softmax": r"a_{ij} = \frac{e^{\tilde s_{ij}}}{\sum_{l} e^{\tilde s_{il}}}",
    "mix": r"Z = AV,\quad z_i = \sum_j a_{ij}\, v_j",
    "output": r"\mathrm{Attention}(Q,K,V) = \mathrm{softmax}\!\left(\frac{QK^{\top}}{\sqrt{d_k}}\right)V",
}
VARIANT_FORMULAS = {
    ("input", "cross"): r"X \in \mathbb{R}^{n \times d},\quad X_{src} \in \mathbb{R}^{m \times d}",
    ("qkv", "cross"): r"Q = XW_Q + b_Q,\quad K = X_{src}W_K + b_K,\quad V = X_{src}W_V + b_V,\quad "
                      r"b_Q = b_K = b_V = 0",
    ("qkv", "positional"): r"Q = X'W_Q + b_Q,\quad K = X'W_K + b_K,\quad V = X'W_V + b_V,\quad "
                           r"b_Q = b_K = b_V = 0",
    ("scores", "multihead"): r"S_i = Q_iK_i^{\top},\quad i = 1, \dots, h",
    ("scale", "causal"): r"\tilde S = \frac{S}{\sqrt{d_k}} + M,\quad M_{ij} = "
                         r"\begin{cases} 0 & j \le i \\ -\infty & j > i \end{cases}",
    ("scale", "multihead"): r"\tilde S_i = \frac{S_i}{\sqrt{d_k}}",
    ("softmax", "causal"): r"a_{ij} = \frac{e^{\tilde s_{ij}}}{\sum_{l} e^{\tilde s_{il}}},\quad "
                           r"a_{ij} = e^{-\infty} = 0 \;\; (j > i)",
    ("output", "causal"): r"\mathrm{softmax}\!\left(\frac{QK^{\top}}{\sqrt{d_k}} + M\right)V",
    ("output", "multihead"): r"O = [\,Z_1 \mid \cdots \mid Z_h\,]\,W_O + b_O,\quad b_O = 0",
}


def _temperature_divisor(scaling: bool) -> str:
    return r"T\sqrt{d_k}" if scaling else "T"


def step_formula(step: str, variant: str, scaling: bool = True, temperature: float = 1.0) -> str:
    """The formula shown above a step; the temperature what-if writes its own divisor."""
    if variant == "temperature" and step in ("scale", "output"):
        divided = _temperature_divisor(scaling)
        if step == "scale":
            return rf"\tilde S = \frac{{S}}{{{divided}}},\quad T = {format_value(temperature)}"
        return rf"\mathrm{{softmax}}\!\left(\frac{{QK^{{\top}}}}{{{divided}}}\right)V"
    return VARIANT_FORMULAS.get((step, variant), FORMULAS[step])


def divisor_latex(variant: str, scaling: bool, d_k: int, divisor: float) -> str:
    """What the scores are divided by, worked out: √d_k = √4 = 2 with d_k one head's width,
    or T√d_k = … in the what-if."""
    if variant == "temperature":
        return rf"{_temperature_divisor(scaling)} = {format_value(divisor)}"
    return rf"\sqrt{{d_k}} = \sqrt{{{d_k}}} = {format_value(divisor)}"


# --- one query row worked out ---------------------------------------------------------------


def _products(row: np.ndarray, matrix: np.ndarray, results: np.ndarray, names: Sequence[str]) -> str:
    """One line per column c: names[c] = Σ_r row[r]·matrix[r, c] = results[c], every term written out."""
    lines = []
    for c, name in enumerate(names):
        terms = " + ".join(rf"{_num(a)} \cdot {_num(b)}" for a, b in zip(row, matrix[:, c]))
        lines.append(rf"{name} &= {terms} = {_result(results[c])}")
    return _aligned(lines)


def _channel_products(symbol: str, token: str, row: np.ndarray, matrix: np.ndarray, results: np.ndarray) -> str:
    """symbol_{token,c} = row·matrix[:, c] for every channel c of the (R, C) matrix."""
    names = [f"{symbol}{_sub(token, str(c + 1))}" for c in range(matrix.shape[1])]
    return _products(row, matrix, results, names)


def projection_latex(x_row: np.ndarray, w: np.ndarray, result: np.ndarray, symbol: str, token: str) -> str:
    """q_{token,c} = x_{token}·W[:, c] for every channel c (symbol "q", "k" or "v")."""
    return _channel_products(symbol, token, x_row, w, result)


def dot_product_latex(q_row: np.ndarray, k: np.ndarray, scores_row: np.ndarray, token: str,
                      key_tokens: Sequence[str]) -> str:
    """q_i·k_j = q_i1·k_j1 + … for every key j."""
    names = [rf"q{_sub(token)} \cdot k{_sub(key)}" for key in key_tokens]
    return _products(q_row, k.T, scores_row, names)


def scaling_latex(scores_row: np.ndarray, scaled_row: np.ndarray, divisor: float, token: str,
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


class SoftmaxNumbers(Protocol):
    """The steps of one softmax row, as `model.working.softmax_working` returns them."""

    top: float  # the row maximum over unmasked keys
    shifted: np.ndarray  # (m,) scaled − top, -inf where masked
    exps: np.ndarray  # (m,) e^shifted
    total: float  # Σ exps


@dataclass(frozen=True)
class SoftmaxLatex:
    """One softmax row written out, as four LaTeX blocks in the order a person computes them."""

    max_line: str  # m = max_j s_j
    exp_lines: str  # e^{s_j - m} per key
    sum_line: str  # Σ = e_1 + … + e_m
    weight_lines: str  # a_j = e_j / Σ per key


def softmax_latex(scaled_row: np.ndarray, work: SoftmaxNumbers, weights_row: np.ndarray, token: str,
                  key_tokens: Sequence[str]) -> SoftmaxLatex:
    """Subtract the row maximum, exponentiate, sum, divide; the weights shown are the run's own."""
    exp_lines = []
    for j, key in enumerate(key_tokens):
        if np.isinf(scaled_row[j]):
            exp_lines.append(rf"e{_sub(key)} &= e^{{-\infty}} = 0")
        else:
            exp_lines.append(
                rf"e{_sub(key)} &= e^{{{_num(scaled_row[j])} - {_num(work.top)}}}"
                rf" = e^{{{_result(work.shifted[j])}}} = {_result(work.exps[j])}"
            )
    weight_lines = [
        rf"a{_sub(token, key)} &= {_num(work.exps[j])} / {_num(work.total)} = {_result(weights_row[j])}"
        for j, key in enumerate(key_tokens)
    ]
    visible = [_result(s) for s in scaled_row if not np.isinf(s)]
    return SoftmaxLatex(
        max_line=rf"m = \max({', '.join(visible)}) = {_result(work.top)}",
        exp_lines=_aligned(exp_lines),
        sum_line=rf"\Sigma = {' + '.join(_num(e) for e in work.exps)} = {_result(work.total)}",
        weight_lines=_aligned(weight_lines),
    )


def mix_latex(weights_row: np.ndarray, v: np.ndarray, out_row: np.ndarray, token: str) -> str:
    """z_{token,c} = Σ_j a_j·v_jc for every channel c: the weighted average of the value rows."""
    return _channel_products("z", token, weights_row, v, out_row)


def output_latex(concat_row: np.ndarray, w_o: np.ndarray, out_row: np.ndarray, token: str) -> str:
    """o_{token,c} = concat_{token}·W_O[:, c] for every output channel c."""
    return _channel_products("o", token, concat_row, w_o, out_row)
