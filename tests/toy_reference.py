"""Shared by the toy tests: an independent numpy reference of every intermediate, the way the
page's printed numbers are read back, and hypothesis strategies for examples.

The reference here is written from the textbook formulas with plain numpy (x @ w, exp / sum);
it never calls model/toy/ or model/attention.py. The page tests read the very strings the
page renders (cell texts of its figures, the LaTeX of the worked example) and check each one
at the precision it is shown with.
"""

import json
import math
import re
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from model import toy

ROOT = Path(__file__).resolve().parent.parent


def reference(example: toy.ToyExample, variant: str, heads: int = 1, scaling: bool = True, temperature: float = 1.0):
    """Every intermediate, from the formulas: a dict of plain numpy arrays (heads on axis 0)."""
    x = np.array(example.x, dtype=np.float64)
    n, d = x.shape
    if variant == "positional":
        pe = np.zeros((n, d))
        for pos in range(n):
            for i in range(d):
                angle = pos / 10000 ** (2 * (i // 2) / d)
                pe[pos, i] = math.sin(angle) if i % 2 == 0 else math.cos(angle)
        x = x + pe
    src = np.array(example.x_src) if variant == "cross" else x
    q, k, v = x @ example.w_q, src @ example.w_k, src @ example.w_v
    h = heads if variant == "multihead" else 1
    d_h = q.shape[1] // h
    if variant != "temperature":
        scaling, temperature = True, 1.0
    divisor = (math.sqrt(d_h) if scaling else 1.0) * temperature
    out = {"x": x, "q": q, "k": k, "v": v, "scores": [], "scaled": [], "exp": [], "sum": [], "weights": [], "z": []}
    for head in range(h):
        cols = slice(head * d_h, (head + 1) * d_h)
        scores = q[:, cols] @ k[:, cols].T
        scaled = scores / divisor
        if variant == "causal":
            scaled = np.where(np.arange(n)[None, :] <= np.arange(n)[:, None], scaled, -np.inf)
        e = np.exp(scaled - scaled.max(axis=1, keepdims=True))
        weights = e / e.sum(axis=1, keepdims=True)
        for name, value in (("scores", scores), ("scaled", scaled), ("exp", e), ("sum", e.sum(axis=1)),
                            ("weights", weights), ("z", weights @ v[:, cols])):
            out[name].append(value)
    out = {name: np.array(value) for name, value in out.items()}
    out["concat"] = np.concatenate(list(out["z"]), axis=1)
    out["output"] = out["concat"] @ example.w_o if variant == "multihead" else out["concat"]
    out["divisor"] = divisor
    return out


def shown_value(text: str) -> tuple[float, float]:
    """A number as printed -> (value, how far the truth may be from it at that precision)."""
    text = text.strip().replace(r"\infty", "∞").strip("()")
    if text in ("-∞", "∞"):
        return (-math.inf if text.startswith("-") else math.inf), 0.0
    if "/" in text:
        top, bottom = text.split("/")
        return int(top) / int(bottom), 1e-9
    decimals = len(text.split(".")[1]) if "." in text else 0
    # a value printed with fewer than 3 decimals claims to be exact
    return float(text), (0.5 * 10**-decimals + 1e-9 if decimals == 3 else 1e-9)


def assert_shown(text: str, truth: float, what: str) -> None:
    value, tolerance = shown_value(text)
    if math.isinf(truth) or math.isinf(value):
        assert value == truth, f"{what}: shown {text}, true {truth}"
    else:
        assert abs(value - truth) <= tolerance, f"{what}: shown {text}, true {truth!r}"


def open_page(params: dict | None = None) -> AppTest:
    """The app opened on the Step-through page with these query parameters, as a browser opens it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params or {})
    at.run()
    at.switch_page("ui/toy_page.py").run()
    assert not at.exception
    return at


def matrices(at: AppTest) -> list[dict]:
    """The data of every matrix the page drew (ui/live.py's matrix view: what the browser draws and prints)."""
    found = [json.loads(c.proto.json or "{}") for c in at.get("bidi_component")]
    return [payload for payload in found if payload.get("kind") == "matrix"]


def figures(at: AppTest) -> dict[str, list[list[str]]]:
    """Title -> cell texts of every matrix on the page."""
    return {payload["title"]: payload["cells"] for payload in matrices(at) if payload["cells"] is not None}


def latex_results(body: str) -> list[str]:
    """The value after the last "=" of every line of a rendered LaTeX block."""
    body = body.strip().strip("$").strip()
    body = re.sub(r"\\(begin|end)\{aligned\}", "", body)
    return [line.rsplit("=", 1)[1].strip() for line in body.split(r"\\") if "=" in line]


def latex_blocks(at: AppTest) -> list[str]:
    return [element.value for element in at.latex]


def assert_matrix(cells: list[list[str]], truth: np.ndarray, what: str) -> None:
    assert np.shape(cells) == truth.shape, what
    for (r, c), value in np.ndenumerate(truth):
        assert_shown(cells[r][c], value, f"{what}[{r},{c}]")


# --- hypothesis strategies ----------------------------------------------------------------------

values = st.integers(min_value=-20, max_value=20).map(lambda i: i / 4)


@st.composite
def examples(draw, max_n=toy.MAX_TOKENS, max_d=toy.MAX_DIM):
    n, m = draw(st.integers(1, max_n)), draw(st.integers(1, max_n))
    d, d_k = draw(st.integers(1, max_d)), draw(st.integers(1, max_d))

    def matrix(rows, cols):
        return np.array(draw(st.lists(st.lists(values, min_size=cols, max_size=cols), min_size=rows, max_size=rows)))

    return toy.ToyExample(
        tokens=tuple(f"t{i}" for i in range(n)), x=matrix(n, d), w_q=matrix(d, d_k), w_k=matrix(d, d_k),
        w_v=matrix(d, d_k), w_o=matrix(d_k, d), src_tokens=tuple(f"s{i}" for i in range(m)), x_src=matrix(m, d),
    )


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
