"""Toy self-attention for the classroom step-through: hand-sized examples, their variants,
quiz checking, shareable link state and a cost model. Numbers only: the LaTeX of the worked
steps is built in viz/toy_latex.py, the printed numbers in viz/matrix.py.

    example   the editable ToyExample, its checks, and parsing what a person types
    presets   the hand-made examples and random ones
    run       compute_toy: one example through one variant, every intermediate
    quiz      which value to hide, and checking a typed answer
    state     ToyState, the page's whole state, kept in range
    link      ToyState <-> URL query parameters
    cost      FLOPs and bytes of attention against sequence length; the paper's layer comparison
    scaling   why ÷√d_k: dot products of random vectors as d_k grows

Everything here is pure (numpy in, frozen dataclasses out).

Shapes: n query tokens, m key/value tokens (m = n except in cross-attention), d embedding
width, H heads, d_k one head's query/key/value width (d_v = d_k), as in the paper; W_Q holds
all heads' columns side by side, H·d_k of them (H = 1 outside the multi-head variant).
"""

from model.toy.cost import REFERENCE_MODELS, AttentionCost, LayerComparison, attention_cost, layer_comparison
from model.toy.example import (
    MAX_ABS_VALUE,
    MAX_DIM,
    MAX_TOKEN_CHARS,
    MAX_TOKENS,
    TABLES,
    ToyExample,
    parse_matrix,
    parse_number,
    parse_tokens,
)
from model.toy.link import LINK_FIELDS, LINK_KEYS, LinkField, decode_example, decode_state, encode_example, encode_state
from model.toy.presets import PRESETS, preset_example, random_example
from model.toy.quiz import QUIZ_STEPS, QUIZ_TOLERANCE, QuizCheck, QuizQuestion, check_answer, quiz_question
from model.toy.run import (
    ALL_STEPS,
    TEMPERATURE_RANGE,
    VARIANTS,
    ToyRun,
    causal_keep,
    compute_toy,
    entropy_by_temperature,
    head_choices,
    number_grain,
    sinusoidal_encoding,
    steps_for,
)
from model.toy.scaling import DotProductSample, dot_product_sample
from model.toy.state import ToyState, base_example, normalize_state, state_example

__all__ = [
    "ALL_STEPS", "LINK_FIELDS", "LINK_KEYS", "MAX_ABS_VALUE", "MAX_DIM", "MAX_TOKENS", "MAX_TOKEN_CHARS", "PRESETS",
    "QUIZ_STEPS", "QUIZ_TOLERANCE", "REFERENCE_MODELS", "TABLES", "TEMPERATURE_RANGE", "VARIANTS",
    "AttentionCost", "DotProductSample", "LayerComparison", "LinkField", "QuizCheck", "QuizQuestion", "ToyExample",
    "ToyRun", "ToyState",
    "attention_cost", "base_example", "causal_keep", "check_answer", "compute_toy", "decode_example",
    "decode_state", "dot_product_sample", "encode_example", "encode_state", "entropy_by_temperature",
    "head_choices", "layer_comparison", "normalize_state", "number_grain", "parse_matrix", "parse_number",
    "parse_tokens", "preset_example", "quiz_question", "random_example", "sinusoidal_encoding", "state_example",
    "steps_for",
]
