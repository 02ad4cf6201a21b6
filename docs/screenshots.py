"""Regenerate the README screenshots in docs/ from the running app.

    .venv/bin/python -m docs.screenshots            # every shot
    .venv/bin/python -m docs.screenshots sentence-lines korean   # some, by name (also: python docs/screenshots.py)

Starts `streamlit run app.py` on a free port (bench/server.py), drives Debian's headless Chromium
at 1400×900, and saves palette PNGs. A shot whose page shows an error box, or whose figure is not
drawn, is reported and not written.
"""

from __future__ import annotations

import io
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # also runnable as `python docs/screenshots.py`
from bench.server import VIEWPORT, AppTab, launch_chromium, new_page, page_problems, streamlit_server, wait_idle

DOCS = Path(__file__).resolve().parent
HEADER_PX = 70  # Streamlit's fixed header covers the top of the page


@dataclass
class Shot:
    name: str  # docs/<name>.png
    path: str  # the page's url_path ("" = Image, the default page)
    # ("click", container selector, visible label) | ("lang", label) | ("select", key, option text)
    steps: list = field(default_factory=list)
    anchor: str | None = None  # scroll so that this element is at the top
    figures: int = 1  # drawn figures expected in the viewport: Plotly's, or the in-browser component's
    what: str = ""
    pointer: tuple | None = None  # (selector, x, y as fractions of its box): where the pointer rests; else a corner


ANIMAL_KO = "그 동물은 너무 피곤해서 길을 건너지 않았다"  # the Translation page's preset: Korean puts the verb last

SHOTS = [
    Shot("image-live", "", anchor=".st-key-img-view", figures=0,
         what="Image page, Explore live: every head of the layer and the rollout, drawn in the browser"),
    Shot("sentence-live", "sentence", anchor=".st-key-txt-view", figures=0,
         pointer=(".atlas-live-q[data-token='10']", 0.5, 0.5),
         what='Sentence page, Explore live: the pointer on "it", the lines and the matrix follow'),
    Shot("image-heads", "", [("click", ".st-key-img-view", "Heads")], anchor=".st-key-img-view", figures=1,
         what="Image page, default sample: every head of the last layer over the picture, for the [CLS] query"),
    Shot("image-rollout", "", [("click", ".st-key-img-view", "Rollout")], anchor=".st-key-img-view",
         what="Image page, Rollout view: attention rollout, raw last-layer [CLS] attention, flow and gradient rollout"),
    Shot("image-inspector", "", [("click", ".st-key-img-view", "Step by step")], anchor=".st-key-img-view",
         what="Image page, Step by step: softmax(QKᵀ/√d_k) of one head with the chosen query's row worked out"),
    Shot("sentence-matrix", "sentence", [("click", ".st-key-txt-view", "Token × token")], anchor=".st-key-txt-view",
         what="Sentence page: token × token attention weights of one layer and head"),
    Shot("sentence-lines", "sentence", [("click", ".st-key-txt-view", "Lines"), ("select", "txt-query", "10: it")],
         anchor=".st-key-txt-view",
         what='Sentence page, Lines view: where "it" looks in one head'),
    Shot("translation", "translation", [("select", "tr-preset-ko", ANIMAL_KO)],
         anchor=".st-key-tr-view", figures=2, pointer=(".st-key-tr-alignment td[data-row='1'][data-col='6']", 0.5, 0.5),
         what="Translation page: the alignment matrix of a Korean sentence (the pointer on one weight), and the four "
              "score functions side by side"),
    Shot("translation-stepper", "translation",
         [("select", "tr-preset-ko", ANIMAL_KO), ("click", ".st-key-tr-view", "Step by step")],
         anchor=".st-key-tr-view", figures=1,
         what="Translation page, Step by step: one decoder step with its state, the score worked out and the softmax"),
    Shot("captioning", "captioning", anchor=".st-key-cap-sample", figures=1,
         pointer=(".atlas-live-token[data-step='6']", 0.5, 0.5),
         what="Captioning page: a sample scene's caption; the pointer on “heart”, its map beside every word's map"),
    Shot("step-through", "step-through", [("click", '[data-testid="stMain"]', "Softmax")],
         anchor='[data-testid="stMain"] [data-testid="stButtonGroup"]:has-text("Softmax")',
         pointer=(".atlas-live td[data-row='0'][data-col='1']", 0.5, 0.5),
         what="Step-through page, toy example: the softmax step with every number (the pointer on one weight)"),
    Shot("korean", "sentence", [("lang", "한국어"), ("select", "txt-preset", "나는 학생입니다")], figures=0,
         what="The Sentence page in Korean, on a Korean sentence"),
]

# Scroll the element's scrolling container so the element sits just below the fixed header.
SCROLL_TO = """(el, header) => {
  let box = el.parentElement;
  const scrolls = b => b.scrollHeight > b.clientHeight && /(auto|scroll)/.test(getComputedStyle(b).overflowY);
  while (box && !scrolls(box)) box = box.parentElement;
  box = box || document.scrollingElement;
  box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - header;
}"""

# Drawn figures (Plotly's, or the in-browser component's) whose box is at least partly inside the viewport.
FIGURES_IN_VIEW = """() => [...document.querySelectorAll('.js-plotly-plot, .atlas-live[data-ready="1"]')].filter(p => {
  if (p.matches('.js-plotly-plot') && !p.querySelector('.main-svg')) return false;
  const r = p.getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight && r.height > 50;
}).length"""


def do_step(page, step) -> None:
    kind = step[0]
    if kind == "click":  # a segmented control's button, by its visible label
        page.locator(step[1]).get_by_role("radio", name=step[2], exact=True).click()
    elif kind == "lang":
        page.locator('[data-testid="stSidebar"] [data-testid="stRadioOption"]').filter(has_text=step[1]).first.click()
    elif kind == "select":  # a select box by widget key: type the option, pick it
        box = page.locator(f".st-key-{step[1]} input")
        box.click()
        page.get_by_role("option", name=step[2], exact=True).click()
    else:
        raise ValueError(step)
    wait_idle(page)


def take(browser, server, shot: Shot) -> str | None:
    """Save docs/<name>.png; returns a problem, or None."""
    page = new_page(browser, device_scale_factor=1)
    try:
        AppTab(page, server).open(shot.path)
        for step in shot.steps:
            do_step(page, step)
        if shot.anchor:
            page.locator(shot.anchor).first.evaluate(SCROLL_TO, HEADER_PX)
        if shot.pointer:
            selector, fx, fy = shot.pointer
            box = page.locator(selector).first.bounding_box()
            page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"], steps=8)  # pointermoves
        else:
            page.mouse.move(VIEWPORT["width"] - 5, VIEWPORT["height"] - 5)  # no hover labels or modebar
        page.evaluate("() => { if (document.activeElement) document.activeElement.blur(); }")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        page.wait_for_timeout(800)  # Plotly relayout after the scroll, fonts, the fade-in of elements
        problems = page_problems(page)
        if problems:
            return f"error box on the page: {problems}"
        drawn = page.evaluate(FIGURES_IN_VIEW)
        if drawn < shot.figures:
            return f"{drawn} drawn figure(s) in view, expected {shot.figures}"
        png = page.screenshot()
    finally:
        page.context.close()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    quantized = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    quantized.save(DOCS / f"{shot.name}.png", optimize=True)
    return None


def main(names: list[str]) -> int:
    shots = [s for s in SHOTS if not names or s.name in names]
    failed = 0
    started = time.perf_counter()
    with streamlit_server() as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for shot in shots:
                try:
                    problem = take(browser, server, shot)
                except Exception as err:  # one broken shot must not stop the others
                    problem = f"{type(err).__name__}: {str(err).splitlines()[0]}"
                if problem:
                    failed += 1
                    print(f"FAILED docs/{shot.name}.png: {problem}")
                else:
                    size = (DOCS / f"{shot.name}.png").stat().st_size
                    print(f"wrote  docs/{shot.name}.png ({size // 1024} KiB): {shot.what}")
        finally:
            browser.close()
    print(f"{len(shots) - failed}/{len(shots)} screenshots in {time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
