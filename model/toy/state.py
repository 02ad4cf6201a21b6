"""The page's whole state as one value: what a shared link restores, kept in range."""

from __future__ import annotations

from dataclasses import dataclass, replace

from model.toy.example import ToyExample
from model.toy.presets import preset_example, random_example
from model.toy.run import head_choices, steps_for


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
    qkv_width: int = 4  # h·d_k: split by the multi-head variant into h heads of d_k
    quiz: int = 0  # 0: quiz off; k > 0: the k-th question
    presenter: bool = False
    edits: ToyExample | None = None


def base_example(state: ToyState) -> ToyExample:
    """The preset's own numbers (for the random preset: from its seed and shape)."""
    if state.preset == "random":
        return random_example(state.seed, state.n, state.d, state.qkv_width)
    return preset_example(state.preset)


def state_example(state: ToyState) -> ToyExample:
    return base_example(state) if state.edits is None else state.edits


def normalize_state(state: ToyState) -> ToyState:
    """Pull query, heads, head and step back into range after the example or variant changed,
    and drop edits that leave the preset's numbers as they were."""
    example = state_example(state)
    heads = max(h for h in head_choices(example.qkv_width) if h <= max(1, state.heads))
    steps = steps_for(state.variant)
    return replace(
        state,
        query=min(max(state.query, 0), example.n - 1),
        heads=heads,
        head=min(max(state.head, 0), heads - 1),
        step=state.step if state.step in steps else steps[0],
        edits=None if example == base_example(state) else state.edits,
    )
