"""How fast the running app answers, measured in headless Chromium against `streamlit run app.py`.

    .venv/bin/python -m bench.app_speed

Prints figures; asserts nothing. Whole run is bounded (about 2-3 minutes at most).

- cold start: from spawning the server process to the first drawn heatmap on the Image page (`/`);
- first visit: the Sentence page's first heatmap on the running server (its model loads then);
- warm load: a fresh tab (new session) on a warm server, navigation to first heatmap, median of 3;
- control → figure: from the key press in the browser (Layer slider: ArrowLeft/ArrowRight on its
  range input; Query selector: ArrowDown + Enter) to the moment the first heatmap's drawn image
  changes in the DOM, timed in the page (performance.now, MutationObserver). Median and p90;
  a note says when the rerun started and ended (the app root's data-test-script-state).
"""

from __future__ import annotations

import math
import statistics
import sys
import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from bench.server import HEATMAP, RUN_TIMEOUT_MS, launch_chromium, new_page, page_problems, streamlit_server, wait_idle

BUDGET_S = 165  # stop measuring after this, so the whole script stays under 3 minutes
GOAL_FIRST_S = 5.0
GOAL_CONTROL_MS = 300.0
LAYER_CHANGES = 12
QUERY_CHANGES = 8
WARM_LOADS = 3
CHANGE_TIMEOUT_MS = 10_000

# Arms a one-shot watch in the page: t0 = the last keydown/click, t1 = the first DOM mutation after
# which the figure holding the first heatmap looks different from when armed: the heatmap's drawn
# image (its href) or its shapes (the outlined query row or patch).
ARM = """(sel) => {
  const sig = () => {
    const image = document.querySelector(sel);
    if (!image) return null;
    const plot = image.closest('.js-plotly-plot');
    const shapes = [...plot.querySelectorAll('.shapelayer path')].map(p => p.getAttribute('d')).join(';');
    return (image.getAttribute('href') || image.getAttribute('xlink:href')) + '|' + shapes;
  };
  const before = sig();
  const lat = window.__atlasLatency = {t0: null, t1: null};
  const mark = () => { lat.t0 = performance.now(); };
  document.addEventListener('keydown', mark, true);
  document.addEventListener('click', mark, true);
  const observer = new MutationObserver(() => {
    const now = sig();
    if (now && now !== before) {
      lat.t1 = performance.now();
      observer.disconnect();
      document.removeEventListener('keydown', mark, true);
      document.removeEventListener('click', mark, true);
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true});
  // The script's rerun as the page sees it: first "running" after the key press, then "notRunning".
  const app = document.querySelector('[data-testid="stApp"]');
  const runs = new MutationObserver(() => {
    const state = app.getAttribute('data-test-script-state');
    if (lat.t0 !== null && lat.runStart === undefined && state === 'running') lat.runStart = performance.now();
    if (lat.runStart !== undefined && state === 'notRunning') { lat.runEnd = performance.now(); runs.disconnect(); }
  });
  runs.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  return before !== null;
}"""

# Resolves when a heatmap is drawn (→ "figure") or the page shows an error box and has stopped running.
FIGURE_OR_ERROR = """(sel) => {
  if (document.querySelector(sel)) return 'figure';
  const app = document.querySelector('[data-testid="stApp"]');
  const stopped = app && app.getAttribute('data-test-script-state') === 'notRunning';
  const boxes = '[data-testid="stException"], [data-testid="stAlertContentError"], '
                + '[data-testid="stAlertContentWarning"]';
  if (stopped && document.querySelector(boxes)) return 'error';
  return false;
}"""


class OutOfTime(Exception):
    pass


class Bench:
    def __init__(self, browser, url: str, started: float):
        self.browser = browser
        self.url = url
        self.deadline = started + BUDGET_S
        self.rows: list[tuple[str, str, str, str]] = []  # (what, median, p90, goal)
        self.notes: list[str] = []
        self.missed = 0  # changes after which the figure never changed
        self.phases: list[tuple[float, float]] = []  # (key → rerun start, key → rerun end) in ms

    def check_time(self) -> None:
        if time.perf_counter() > self.deadline:
            raise OutOfTime

    def new_page(self):
        return new_page(self.browser)

    def load(self, page, path: str) -> tuple[float, str]:
        """goto `path`; seconds from navigation to the first drawn heatmap (or an error box)."""
        start = time.perf_counter()
        page.goto(f"{self.url}/{path}")
        handle = page.wait_for_function(FIGURE_OR_ERROR, arg=HEATMAP, timeout=RUN_TIMEOUT_MS, polling=50)
        return time.perf_counter() - start, handle.json_value()

    def warm_loads(self, path: str, label: str) -> None:
        times, outcome = [], "figure"
        for _ in range(WARM_LOADS):
            self.check_time()
            page = self.new_page()
            try:
                seconds, outcome = self.load(page, path)
                if outcome != "figure":
                    break
                times.append(seconds)
            finally:
                page.context.close()
        if times:
            self.rows.append((f"{label}: warm load, new tab → first figure (n={len(times)})",
                              f"{statistics.median(times):.2f} s", f"max {max(times):.2f} s",
                              f"≤ {GOAL_FIRST_S:.0f} s"))
        else:
            self.rows.append((f"{label}: warm load", "n/a", "", "page shows an error"))

    def change_latencies(self, page, act, count: int) -> list[float]:
        """Run `act(page, i)` `count` times; milliseconds from its last key press to the changed heatmap."""
        latencies = []
        for i in range(count):
            self.check_time()
            lat = time_change(page, lambda: act(page, i))
            if lat is None:
                self.missed += 1
                continue
            latencies.append(lat["t1"] - lat["t0"])
            if lat.get("runStart") is not None and lat.get("runEnd") is not None:
                self.phases.append((lat["runStart"] - lat["t0"], lat["runEnd"] - lat["t0"]))
        return latencies

    def control_row(self, label: str, latencies: list[float]) -> None:
        if self.missed:
            self.notes.append(f"{label}: {self.missed} change(s) left the figure unchanged "
                              f"for {CHANGE_TIMEOUT_MS / 1000:.0f} s")
            self.missed = 0
        if not latencies:
            self.rows.append((label, "n/a", "", "no figure update seen"))
            return
        if self.phases:
            starts, ends = zip(*self.phases)
            self.notes.append(f"{label}: median key → rerun starts {statistics.median(starts):.0f} ms, "
                              f"key → rerun ends {statistics.median(ends):.0f} ms (script state seen in the page)")
            self.phases = []
        ordered = sorted(latencies)
        p90 = ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]
        self.rows.append((f"{label} (n={len(ordered)})", f"{statistics.median(ordered):.0f} ms", f"{p90:.0f} ms",
                          f"≤ {GOAL_CONTROL_MS:.0f} ms median"))


def time_change(page, act, timeout_ms: int = CHANGE_TIMEOUT_MS) -> dict | None:
    """Arm the watch, do `act()`, wait for the changed heatmap, then for the rerun to end.

    Returns the page's times in ms (t0 the key press, t1 the changed figure, runStart and runEnd when
    seen), or None when the figure did not change within `timeout_ms`.
    """
    if not page.evaluate(ARM, HEATMAP):
        raise RuntimeError("no heatmap on the page to watch")
    act()
    try:
        page.wait_for_function("() => window.__atlasLatency.t1 !== null", timeout=timeout_ms, polling=20)
        changed = True
    except PlaywrightTimeout:
        changed = False
    wait_idle(page, quiet_ms=250)  # let the rerun finish before the next change
    return page.evaluate("() => window.__atlasLatency") if changed else None


def press_slider(selector: str):
    """A layer step on the range input `selector`: towards the far end, turning back at either end."""
    state = {"step": "ArrowLeft"}

    def act(page, i):
        slider = page.locator(selector)
        value, low, high = (float(slider.get_attribute(a)) for a in ("value", "min", "max"))
        if value <= low:
            state["step"] = "ArrowRight"
        elif value >= high:
            state["step"] = "ArrowLeft"
        slider.focus()
        page.keyboard.press(state["step"])

    return act


def pick_query(widget_key: str):
    """The next (then previous) option of a select box: ArrowDown/ArrowUp, then Enter."""
    def act(page, i):
        page.locator(f".st-key-{widget_key} input").focus()
        page.keyboard.press("ArrowDown" if (i // 4) % 2 == 0 else "ArrowUp")
        page.keyboard.press("Enter")

    return act


def controls(bench: Bench, path: str, label: str, layer_key: str, query_key: str) -> None:
    page = bench.new_page()
    try:
        _, outcome = bench.load(page, path)
        if outcome != "figure":
            bench.rows.append((f"{label}: control → figure", "n/a", "", "page shows an error"))
            return
        wait_idle(page)
        layer = press_slider(f'.st-key-{layer_key} input[type="range"]')
        bench.control_row(f"{label}: Layer slider → figure", bench.change_latencies(page, layer, LAYER_CHANGES))
        query = pick_query(query_key)
        bench.control_row(f"{label}: Query select → figure", bench.change_latencies(page, query, QUERY_CHANGES))
        problems = page_problems(page)
        if problems:
            bench.notes.append(f"{label} page after the changes shows: {problems}")
    finally:
        page.context.close()


def print_table(rows, notes) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measurement':{width}}  {'median':>9}  {'p90':>11}  goal")
    for what, median, p90, goal in rows:
        print(f"{what:{width}}  {median:>9}  {p90:>11}  {goal}")
    for note in notes:
        print(f"note: {note}")


def main() -> None:
    import os

    print(f"bench.app_speed: {os.cpu_count()} CPU cores, Chromium headless, server and browser on this machine",
          flush=True)
    rows, notes = [], []
    with streamlit_server(wait=False) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        bench = Bench(browser, server.url, server.spawned_at)
        try:
            # (a) cold start: the browser keeps trying until the server answers, then waits for the figure.
            page = bench.new_page()
            while True:
                try:
                    page.goto(server.url, timeout=5_000)
                    break
                except Exception:
                    if server.process.poll() is not None or time.perf_counter() - server.spawned_at > 90:
                        raise RuntimeError(f"server did not start; log tail:\n{server.log_tail()}")
                    time.sleep(0.1)
            handle = page.wait_for_function(FIGURE_OR_ERROR, arg=HEATMAP, timeout=RUN_TIMEOUT_MS, polling=50)
            cold = time.perf_counter() - server.spawned_at
            what = "Image: cold start, server spawn → first figure"
            if handle.json_value() == "figure":
                bench.rows.append((what, f"{cold:.2f} s", "", f"≤ {GOAL_FIRST_S:.0f} s"))
            else:
                bench.rows.append((what, "n/a", "", "page shows an error"))
                bench.notes.append(f"Image page: {page_problems(page) or 'no figure'} (after {cold:.1f} s)")
            page.context.close()

            page = bench.new_page()
            seconds, outcome = bench.load(page, "sentence")
            bench.rows.append(("Sentence: first visit (model loads) → first figure",
                               f"{seconds:.2f} s" if outcome == "figure" else "n/a", "", f"≤ {GOAL_FIRST_S:.0f} s"))
            page.context.close()

            bench.warm_loads("", "Image")
            bench.warm_loads("sentence", "Sentence")
            # (b), (c) control → figure
            controls(bench, "", "Image", "img-layer", "img-query")
            controls(bench, "sentence", "Sentence", "txt-layer", "txt-query")
        except OutOfTime:
            bench.notes.append(f"stopped after {BUDGET_S} s; the rest was not measured")
        finally:
            rows, notes = bench.rows, bench.notes
            browser.close()
    print_table(rows or [("(nothing measured)", "", "", "")], notes)
    print(f"total {time.perf_counter() - server.spawned_at:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
