"""The in-browser explorer (Streamlit custom component v2): the trace's attention is sent once, and hover, layer and
head changes are answered by the browser (ui/live/*.js) with no rerun. Only a click comes back: it chooses the
query of the other views (the step-by-step inspector's), through `query_key`'s session state.

If the component cannot be built or mounted, the page says so and its other views still work.
"""

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import numpy as np
import streamlit as st

from ui.common import display_tokens, tr
from viz.live import LIVE_BUDGET_BYTES, live_payload, payload_bytes

ASSETS = Path(__file__).resolve().parent / "live"
SCRIPTS = ("common.js", "image.js", "tokens.js", "main.js")  # one module, in this order (see common.js)


@cache
def live_component():
    """The component's mount command, registered once per process (a second registration only logs a warning)."""
    js = "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS)
    css = (ASSETS / "live.css").read_text(encoding="utf-8")
    # Styles not isolated: the drawn values stay in the page's DOM, where a test or a screen reader finds them.
    return st.components.v2.component("atlas_live", html='<div class="atlas-live"></div>', css=css, js=js,
                                      isolate_styles=False)


def mount(payload: dict, key: str, query_key: str) -> None:
    """Mount the explorer with `payload`; a click on a token stores it in `st.session_state[query_key]`."""

    def take_query() -> None:
        result = st.session_state.get(key)  # the component's values: a dict with the trigger "query"
        picked = result.get("query") if isinstance(result, Mapping) else None
        if isinstance(picked, int) and 0 <= picked < payload["shape"][2]:
            st.session_state[query_key] = picked

    try:
        live_component()(key=key, data=payload, on_query_change=take_query)
    except Exception as err:  # an old Streamlit, missing files: the other views still work
        st.warning(tr("live.unavailable") + f" ({type(err).__name__})")


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
    mount(payload, "img-live", "img-query")
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
    mount(payload, "txt-live", "txt-query")
    payload_note(payload)
    return payload
