"""The head finder's ranking, shared by the Image and Sentence pages: every head ranked by one
query → key weight, its best heads as bars, and a button that opens the chosen head on the page."""

from collections.abc import Callable

import streamlit as st

from model.head_finder import rank_heads
from model.trace import Trace
from ui.common import tr
from ui.figures import show_figure
from viz.tokens import token_bars_figure

SHOWN = 12  # bars drawn; the select box offers every head


def ranking_ui(trace: Trace, query: int, key: int, labels: list[str], state_key: str,
               open_head: Callable[[int, int], None]) -> None:
    """Bars of the best heads for `query` → `key`, a select box over all of them, and "Open this head".

    Args:
        labels: display labels of the tokens.
        open_head: called with (layer, head) from the button's callback, before the page reruns, so it may set
            the page's widget state.
    """
    ranking = rank_heads(trace.weights, query, key)
    count = len(ranking.weights)
    shown = min(SHOWN, count)
    bars = [tr("finder.bar", layer=ranking.layers[i], head=ranking.heads[i]) for i in range(shown)]
    title = tr("finder.chart", query=labels[query], target=labels[key], shown=shown, count=count)
    show_figure(token_bars_figure(bars, ranking.weights[:shown], title, tr("finder.weight")),
                key=f"{state_key}-bars", export_name="head-finder")
    left, right = st.columns([3, 1])
    entries = [tr("finder.entry", layer=ranking.layers[i], head=ranking.heads[i], weight=f"{ranking.weights[i]:.3f}")
               for i in range(count)]  # looked up now, in this run's language (see ui.common.labels_now)
    rank = left.selectbox(tr("finder.pick"), range(count), key=f"{state_key}-rank", format_func=entries.__getitem__)
    right.button(tr("finder.open"), key=f"{state_key}-open", on_click=open_head,
                 args=(int(ranking.layers[rank]), int(ranking.heads[rank])), type="primary")
