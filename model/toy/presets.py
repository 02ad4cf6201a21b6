"""The hand-made toy examples, and reproducible random ones."""

from __future__ import annotations

import math

import numpy as np

from model.toy.example import ToyExample

PRESETS = ("student", "pencil", "it_animal", "random")

# The lecture notes' example, "I am a student": the embedding of "I" is [1, 1, 1, 1] and its
# scaled score with itself is 1.5. The four dimensions read as features: 1 = the speaker,
# 2 = a form of "be", 3 = "student", 4 = a function word; the notes give "I" all four. W_K = I,
# so a key states its token's features; W_Q is the identity but for one -1, which makes
# q_I = [1, 1, 0, 1]. Then q_I·k_I = 3 and 3/√4 = 1.5, and every score is a whole number.
# The Korean source "나는 학생입니다" (나는 = speaker + the particle 는, a function word) gives
# cross-attention something to align: I -> 나는 (scores 2, 0, 1), am -> 입니다, student -> 학생.
_STUDENT = {
    "tokens": ("I", "am", "a", "student"),
    "x": [[1, 1, 1, 1], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]],
    "w_q": [[1, 0, -1, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
    "w_k": np.eye(4).tolist(),
    "w_v": np.eye(4).tolist(),
    "src_tokens": ("나는", "학생", "입니다"),
    "x_src": [[1, 0, 0, 1], [0, 0, 1, 0], [0, 1, 0, 0]],
}

# Pencil and paper: 0/1 weights make Q, K, V small integers and, with one head of d_k = 4, every
# score even and √d_k = 2, so the scaled scores are whole numbers (other variants may not keep
# this: the page says what holds through `number_grain`). Note q_I = k_love, q_love = k_I.
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
    d, width = len(data["x"][0]), len(data["w_q"][0])
    keep = np.eye(width, d)  # (h·d_k, d)
    return ToyExample(w_o=keep + 0.5 * keep[::-1], **data)


def random_example(seed: int, n: int, d: int, width: int) -> ToyExample:
    """A reproducible random example, one decimal per value so it can still be read aloud;
    `width` is W_Q's column count, h·d_k."""
    rng = np.random.default_rng(seed)

    def draw(rows, cols, spread):
        return np.round(rng.normal(0.0, spread, size=(rows, cols)), 1) + 0.0  # + 0.0: no "-0.0" in links

    weight_spread = 1 / math.sqrt(d)  # keeps Q, K, V about as large as X
    return ToyExample(
        tokens=tuple("ABCDEFGH"[:n]),
        x=draw(n, d, 1.0),
        w_q=draw(d, width, weight_spread),
        w_k=draw(d, width, weight_spread),
        w_v=draw(d, width, weight_spread),
        w_o=draw(width, d, 1 / math.sqrt(width)),
        src_tokens=tuple("αβγδεζηθ"[:n]),
        x_src=draw(n, d, 1.0),
    )
