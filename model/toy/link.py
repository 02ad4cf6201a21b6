"""A `ToyState` as URL query parameters and back: `?p=…&v=…&s=…`, edited numbers in `e`.

Decoding takes any text at all: whatever a link gets wrong falls back to its default, with a
notice that names the parameter.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, NamedTuple

from model.errors import AtlasError, Notice
from model.toy.example import MAX_DIM, MAX_TOKENS, TABLES, ToyExample, parse_matrix
from model.toy.presets import PRESETS
from model.toy.run import ALL_STEPS, TEMPERATURE_RANGE, VARIANTS
from model.toy.state import ToyState, normalize_state

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


def _example_part(name: str, value: object, unreadable: AtlasError):
    """One decoded JSON entry as a ToyExample field: a token tuple or a checked matrix."""
    if name.endswith("tokens"):
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise unreadable
        return tuple(value)
    if not isinstance(value, list) or not all(isinstance(r, list) for r in value):
        raise unreadable
    if any(isinstance(c, (bool, str)) for r in value for c in r):
        raise unreadable
    return parse_matrix(value, TABLES[name])


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
        return ToyExample(**{name: _example_part(name, data[short], unreadable)
                             for short, name in _EXAMPLE_KEYS.items()})
    except (AtlasError, ValueError, TypeError, OverflowError, binascii.Error, zlib.error, UnicodeDecodeError,
            RecursionError) as err:
        raise unreadable from err


def _bool(text: str) -> bool:
    return {"0": False, "1": True}[text]


class LinkField(NamedTuple):
    field: str  # the ToyState field this parameter sets
    parse: Callable[[str], Any]
    check: Callable[[Any], bool]


# URL parameter -> the state field it sets, how to read it, and which values are allowed.
LINK_FIELDS = {
    "p": LinkField("preset", str, lambda v: v in PRESETS),
    "v": LinkField("variant", str, lambda v: v in VARIANTS),
    "s": LinkField("step", str, lambda v: v in ALL_STEPS),
    "q": LinkField("query", int, lambda v: 0 <= v < MAX_TOKENS),
    "hd": LinkField("head", int, lambda v: 0 <= v < MAX_DIM),
    "h": LinkField("heads", int, lambda v: 1 <= v <= MAX_DIM),
    "sc": LinkField("scaling", _bool, lambda v: True),
    "t": LinkField("temperature", float, lambda v: TEMPERATURE_RANGE[0] <= v <= TEMPERATURE_RANGE[1]),
    "seed": LinkField("seed", int, lambda v: 0 <= v < 1_000_000),
    "n": LinkField("n", int, lambda v: 1 <= v <= MAX_TOKENS),
    "d": LinkField("d", int, lambda v: 1 <= v <= MAX_DIM),
    "dk": LinkField("qkv_width", int, lambda v: 1 <= v <= MAX_DIM),
    "quiz": LinkField("quiz", int, lambda v: 0 <= v < 1_000_000),
    "pm": LinkField("presenter", _bool, lambda v: True),
}
LINK_KEYS = (*LINK_FIELDS, "e")  # every query parameter this page owns
_ALWAYS_WRITTEN = ("p", "v", "s")  # so a shared link says what it shows even at the defaults


def encode_state(state: ToyState) -> dict[str, str]:
    """Query parameters for `state`: the preset, variant and step, and whatever differs from the defaults."""
    default = ToyState()
    params = {}
    for key, link in LINK_FIELDS.items():
        value = getattr(state, link.field)
        if key in _ALWAYS_WRITTEN or value != getattr(default, link.field):
            params[key] = str(int(value)) if isinstance(value, bool) else str(value)
    if state.edits is not None:
        params["e"] = encode_example(state.edits)
    return params


def _link_setting_notice(key: str) -> Notice:
    return Notice("toy_link_setting", "This link's “{name}” setting could not be used here, so the default "
                  "is shown instead.", {"name": key})


def _read_field(link: LinkField, text: object) -> tuple[bool, Any]:
    """(usable, value) for one parameter's text."""
    try:
        value = link.parse(str(text).strip())
        return link.check(value), value
    except (ValueError, KeyError, OverflowError):
        return False, None


def decode_state(params: Mapping[str, str]) -> tuple[ToyState, tuple[Notice, ...]]:
    """The state a link describes; anything unreadable falls back to its default, with a notice."""
    notices = []
    values = {}
    for key, link in LINK_FIELDS.items():
        if key not in params:
            continue
        valid, value = _read_field(link, params[key])
        if valid:
            values[link.field] = value
        else:
            notices.append(_link_setting_notice(key))
    state = ToyState(**values)
    if "e" in params:
        try:
            state = replace(state, edits=decode_example(str(params["e"])))
        except AtlasError as err:
            notices.append(Notice(err.code, str(err)))
    normal = normalize_state(state)
    notices += [_link_setting_notice(key) for key, link in LINK_FIELDS.items()
                if key in params and getattr(normal, link.field) != getattr(state, link.field)]
    return normal, tuple(notices)
