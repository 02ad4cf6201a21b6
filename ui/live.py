"""The in-browser explorer (Streamlit custom component v2): the trace's attention is sent once, and hover, layer and
head changes are answered by the browser (ui/live/*.js) with no rerun. Only a click comes back: it chooses the
query of the other views (the step-by-step inspector's), through `query_key`'s session state.

The same component draws the Step-through's and the Translation page's matrices (`matrix_live`) and a caption's
word maps (`word_maps_live`): they need no Plotly.js, which a new tab waits 1-2 s for.

If the component cannot be built or mounted, the page says so (or draws the Plotly figure instead) and its
other views still work.
"""

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

import numpy as np
import streamlit as st

from ui.common import display_tokens, tr
from viz.live import LIVE_BUDGET_BYTES, live_payload, matrix_payload, payload_bytes, word_maps_payload

ASSETS = Path(__file__).resolve().parent / "live"
# One module, in this order (see common.js).
SCRIPTS = ("common.js", "image.js", "tokens.js", "matrix.js", "words.js", "main.js")


@cache
def live_component():
    """The component's mount command, registered once per process (a second registration only logs a warning)."""
    js = "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS)
    css = (ASSETS / "live.css").read_text(encoding="utf-8")
    # Styles not isolated: the drawn values stay in the page's DOM, where a test or a screen reader finds them.
    return st.components.v2.component("atlas_live", html='<div class="atlas-live"></div>', css=css, js=js,
                                      isolate_styles=False)


def mount(payload: dict, key: str, query_key: str | None = None, choices: int = 0,
          fallback: Callable[[], None] | None = None) -> None:
    """Mount the explorer with `payload`; a click on a token (or word) stores its index, below `choices`, in
    `st.session_state[query_key]`. Where the component cannot mount, `fallback` draws the view instead."""

    def take_query() -> None:
        result = st.session_state.get(key)  # the component's values: a dict with the trigger "query"
        picked = result.get("query") if isinstance(result, Mapping) else None
        if isinstance(picked, int) and 0 <= picked < choices:
            st.session_state[query_key] = picked

    try:
        callbacks = {"on_query_change": take_query} if query_key else {}
        live_component()(key=key, data=payload, **callbacks)
    except Exception as err:  # an old Streamlit, missing files: the other views still work
        if fallback is None:
            st.warning(tr("live.unavailable") + f" ({type(err).__name__})")
        else:
            fallback()


def payload_note(payload: dict) -> None:
    """One line under the explorer: what this page load sent, and that hovering sends nothing."""
    (first, last), (h0, h1) = payload["layers"], payload["heads"]
    layers = tr("live.layers_all", count=last) if last - first == payload["shape"][0] else tr(
        "live.layers_one", layer=first)
    if h1 - h0 < payload["shape"][1]:
        layers += ", " + tr("live.head_one", head=h0)
    st.caption(tr("live.payload", size=f"{payload_bytes(payload) / 1e6:.2f} MB", layers=layers))


def image_live(trace, layer: int, query: int, rollout: np.ndarray | None, rollout_start: int,
               budget: int = LIVE_BUDGET_BYTES) -> dict:
    """The Image page's explorer; returns the payload it sent.

    Args:
        rollout: (L - rollout_start, N, N) rollout after each layer, or None; only its [CLS] rows are sent.
    """
    st.caption(tr("image.live.caption"))
    text = {name: tr(f"image.live.{name}") for name in ("picker", "rollout", "rollout_layer", "readout_rollout",
                                                        "hint")}
    text.update(layer=tr("controls.layer"), head=tr("controls.head"), scale=tr("controls.scale"),
                readout=tr("live.readout"), one_layer=tr("live.one_layer"), error=tr("live.unavailable"))
    payload = live_payload(
        trace.weights, layer, budget=budget, image=trace.image,
        rollout=None if rollout is None else rollout[:, 0],  # (L', N) the [CLS] row after each layer
        kind="image", tokens=display_tokens(trace.tokens), grid=list(trace.grid), prefix=trace.num_prefix_tokens,
        layer=layer, query=query, rollout_start=rollout_start, text=text,
    )
    mount(payload, "img-live", "img-query", payload["shape"][2])
    payload_note(payload)
    return payload


def sentence_live(trace, layer: int, head: int, query: int, budget: int = LIVE_BUDGET_BYTES) -> dict:
    """The Sentence page's explorer; returns the payload it sent."""
    st.caption(tr("sentence.live.caption"))
    text = {name: tr(f"sentence.live.{name}") for name in ("lines", "matrix", "hint")}
    text.update(layer=tr("controls.layer"), head=tr("controls.head"), readout=tr("live.readout"),
                one_layer=tr("live.one_layer"), one_head=tr("live.one_head"), error=tr("live.unavailable"))
    payload = live_payload(trace.weights, layer, asked_head=head, budget=budget, kind="tokens",
                           tokens=display_tokens(trace.tokens), layer=layer, head=head, query=query, text=text)
    mount(payload, "txt-live", "txt-query", payload["shape"][2])
    payload_note(payload)
    return payload


def matrix_live(values: np.ndarray, rows, cols, key: str, fallback: Callable[[], None], **options) -> dict:
    """A labelled matrix drawn in the browser (hover a cell: its exact value); `options` as
    `viz.live.matrix_payload` takes them; `fallback` draws the Plotly figure where the component cannot mount.
    Returns the payload sent."""
    payload = matrix_payload(values, rows, cols, text={"hint": tr("live.matrix_hint"), "error": tr("live.unavailable")},
                             **options)
    mount(payload, key, fallback=fallback)
    return payload


def word_maps_live(image: np.ndarray, maps: np.ndarray, words, step: int, key: str, query_key: str,
                   fallback: Callable[[], None]) -> dict:
    """A caption's word maps drawn in the browser: hover a word, its map follows; a click picks the page's word
    (`query_key`). Returns the payload sent."""
    text = {name: tr(f"caption.live.{name}") for name in ("hint", "readout")}
    text.update(map=tr("caption.word_map"), error=tr("live.unavailable"))  # templates: the browser fills them
    payload = word_maps_payload(image, maps, words, step, text=text)
    mount(payload, key, query_key, len(words), fallback=fallback)
    return payload
