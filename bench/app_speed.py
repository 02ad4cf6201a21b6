"""How fast the running app answers, measured in headless Chromium against `streamlit run app.py`.

    .venv/bin/python -m bench.app_speed

Prints figures; asserts nothing. Whole run is bounded (about 5-6 minutes at most).

- "first figure" is a drawn Plotly heatmap or the in-browser explorer's drawn maps, whichever comes first;
- cold start: from spawning the server process to the first figure on the Image page (`/`);
- first visit: the Sentence page's first figure on the running server, and on a fresh server of its own;
- new tab: a fresh tab (new session) on a warm server, navigation to first figure, for every page, median of 3;
- control → figure: from the key press in the browser (Layer slider: ArrowLeft/ArrowRight on its
  range input; Query selector: ArrowDown + Enter) to the moment the first heatmap's drawn image
  changes in the DOM, timed in the page (performance.now, MutationObserver). Median and p90;
  a note says when the rerun started and ended (the app root's data-test-script-state).
- pointer move → redrawn (the in-browser explorer: Image heads, Sentence lines and matrix, Translation's alignment
  cells, Captioning's word maps): from the pointer event to the end of the redraw, as the page stamps them
  (performance.now), over different patches, tokens, cells or words; median and p90; and the bytes of the
  explorer's payload per page load and on the websocket per hover.

`--live` measures only the pointer moves, `--first` only the new tabs.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from pathlib import Path

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
FIRST_FIGURE = HEATMAP + ", .atlas-live[data-draws]"  # a drawn Plotly heatmap or the in-browser explorer's maps

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
        """goto `path`; seconds from navigation to the first drawn figure (or an error box)."""
        start = time.perf_counter()
        page.goto(f"{self.url}/{path}")
        handle = page.wait_for_function(FIGURE_OR_ERROR, arg=FIRST_FIGURE, timeout=RUN_TIMEOUT_MS, polling=50)
        return time.perf_counter() - start, handle.json_value()

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


def controls(bench: Bench, path: str, label: str, layer_key: str, query_key: str, view: str) -> None:
    page = bench.new_page()
    try:
        _, outcome = bench.load(page, path)
        if outcome != "figure":
            bench.rows.append((f"{label}: control → figure", "n/a", "", "page shows an error"))
            return
        wait_idle(page)
        # The default view is the in-browser explorer (no rerun to time): open the Plotly `view`, which reruns.
        page.locator('[role="radiogroup"][aria-label="View"] [role="radio"]').filter(has_text=view).first.click()
        page.wait_for_function(FIGURE_OR_ERROR, arg=HEATMAP, timeout=RUN_TIMEOUT_MS, polling=50)
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


# --- first figures (issue 17): every page's first heatmap in a new tab; the Sentence page on a fresh server ---

GOAL_NEW_TAB_S = 2.0
GOAL_FRESH_SENTENCE_S = 5.0
FIRST_FIGURE_PAGES = (("", "Image"), ("sentence", "Sentence"), ("translation", "Translation"),
                      ("step-through", "Step-through"), ("captioning", "Captioning"))
FIRST_FIGURE_BUDGET_S = 150  # added to the bench's deadline for these measurements

# Recorded from the document's start in every page: when the app root, the first Plotly figure and
# the first drawn heatmap appeared (performance.now, ms from the navigation's start).
MILESTONES = """(() => {
  const marks = window.__atlasMarks = {};
  const seen = () => {
    const now = performance.now();
    const app = document.querySelector('[data-testid="stApp"]');
    if (!marks.app && app) marks.app = now;
    const state = app && app.getAttribute('data-test-script-state');
    if (!marks.run && state === 'running') marks.run = now;
    if (marks.run && !marks.ran && state === 'notRunning') marks.ran = now;
    if (!marks.plot && document.querySelector('.js-plotly-plot')) marks.plot = now;
    if (!marks.heatmap && document.querySelector('FIGURE')) marks.heatmap = now;
  };
  new MutationObserver(seen).observe(document, {subtree: true, childList: true, attributes: true});
})()"""


def first_figure(bench: Bench, path: str) -> tuple[float | None, dict]:
    """A new tab (new session) opens `path`: seconds to its first heatmap (None: an error box) and the marks."""
    page = bench.new_page()
    try:
        page.add_init_script(MILESTONES.replace("FIGURE", FIRST_FIGURE))
        seconds, outcome = bench.load(page, path)
        return (seconds if outcome == "figure" else None), page.evaluate("() => window.__atlasMarks")
    finally:
        page.context.close()


def new_tab_first_figures(bench: Bench) -> None:
    """Each page once to warm it (its models load), then new tabs on the warm server: median of WARM_LOADS."""
    bench.deadline += FIRST_FIGURE_BUDGET_S
    for path, label in FIRST_FIGURE_PAGES:
        bench.check_time()
        first_figure(bench, path)
        times, marks = [], []
        for _ in range(WARM_LOADS):
            bench.check_time()
            seconds, mark = first_figure(bench, path)
            if seconds is None:
                break
            times.append(seconds)
            marks.append(mark)
        what = f"{label}: new tab, warm server → first heatmap"
        if not times:
            bench.rows.append((what, "n/a", "", "page shows an error"))
            continue
        bench.rows.append((f"{what} (n={len(times)})", f"{statistics.median(times):.2f} s", f"max {max(times):.2f} s",
                           f"≤ {GOAL_NEW_TAB_S:.0f} s"))
        bench.notes.append(f"{label} new tab, median s from navigation: {_marks_text(marks)}")


def _marks_text(marks: list[dict]) -> str:
    """Where the time went: the app root shown, the script's run started and ended, the first figure drawn."""
    names = (("app", "app root"), ("run", "run starts"), ("ran", "run ends"), ("heatmap", "figure drawn"))
    return ", ".join(f"{name} {statistics.median(m.get(key, math.nan) for m in marks) / 1000:.2f}"
                     for key, name in names)


def fresh_sentence_visit() -> tuple[list, list]:
    """A fresh server (answering, nothing run yet): the first visit to the Sentence page → its first heatmap."""
    rows, notes = [], []
    with streamlit_server(wait=True) as server, sync_playwright() as playwright:
        ready = time.perf_counter() - server.spawned_at
        browser = launch_chromium(playwright)
        try:
            seconds, marks = first_figure(Bench(browser, server.url, time.perf_counter()), "sentence")
            rows.append(("Sentence: first visit on a fresh server → first heatmap",
                         f"{seconds:.2f} s" if seconds is not None else "n/a", "", f"≤ {GOAL_FRESH_SENTENCE_S:.0f} s"))
            notes.append(f"Sentence fresh server: answered {ready:.1f} s after its spawn; torch imported when the "
                         f"figure was drawn: {_torch_loaded(server.process.pid)}; "
                         f"s from navigation: {_marks_text([marks])}")
        finally:
            browser.close()
    return rows, notes


def _torch_loaded(pid: int) -> str:
    """Whether the server process has mapped torch's library (imported torch), from /proc/<pid>/maps."""
    try:
        return "yes" if "libtorch" in Path(f"/proc/{pid}/maps").read_text() else "no"
    except OSError:
        return "unknown"


# --- the in-browser explorer (issue 17): pointer move → every head redrawn, with no server round trip ---

GOAL_POINTER_MEDIAN_MS = 50.0
GOAL_POINTER_P90_MS = 100.0
POINTER_MOVES = 40
LIVE_ROOT = '.atlas-live[data-ready="1"][data-kind="{kind}"]'
# The explorer (ui/live/common.js) stamps its root after each redraw: data-event-at is the pointer event's own
# timeStamp and data-drawn-at the end of the redraw, both on the page's performance.now clock.
REDRAWN = "([el, n]) => Number(el.dataset.draws || 0) > n"


def pointer_targets(root, kind: str) -> list:
    """Where to move the pointer: callables giving a screen point over different patches (Image: the query
    picker), query tokens (Sentence), cells (a matrix) or words (a caption), each scrolled into view first
    (outside the timed span)."""
    def centre(locator, fx: float = 0.5, fy: float = 0.5):
        def point() -> tuple[float, float]:
            locator.scroll_into_view_if_needed()
            box = locator.bounding_box()
            return box["x"] + fx * box["width"], box["y"] + fy * box["height"]

        return point

    if kind == "image":
        picker = root.locator("canvas.atlas-live-picker")  # an 8 × 8 lattice over the grid, whatever its size
        return [centre(picker, (c + 0.5) / 8, (r + 0.5) / 8) for r in range(8) for c in range(8)]
    targets = root.locator({"tokens": ".atlas-live-q text", "matrix": "td", "words": ".atlas-live-token"}[kind])
    return [centre(targets.nth(i)) for i in range(targets.count())]


def live_pointer(bench: Bench, path: str, label: str, kind: str) -> None:
    """Pointer moves over different patches or tokens: event → redrawn heads (median, p90), and the bytes on the
    websocket while hovering (the payload came with the page load)."""
    page = bench.new_page()
    traffic = {"sent": 0, "received": 0, "on": False}

    def count(direction: str, payload) -> None:
        if traffic["on"]:
            traffic[direction] += len(payload)

    page.on("websocket", lambda ws: (ws.on("framesent", lambda p: count("sent", p)),
                                     ws.on("framereceived", lambda p: count("received", p))))
    try:
        page.goto(f"{bench.url}/{path}")
        root = page.locator(LIVE_ROOT.format(kind=kind)).first  # Translation: the alignment, the first matrix
        root.wait_for(timeout=RUN_TIMEOUT_MS)
        wait_idle(page)
        targets = pointer_targets(root, kind)
        latencies = []
        traffic["on"] = True
        order = targets[::2] + targets[1::2]  # every other one first: each move lands on a different patch or token
        for i in range(POINTER_MOVES):
            bench.check_time()
            x, y = order[i % len(order)]()
            draws = int(root.get_attribute("data-draws") or 0)
            page.mouse.move(x, y)
            try:
                page.wait_for_function(REDRAWN, arg=[root.element_handle(), draws], timeout=5_000, polling="raf")
            except PlaywrightTimeout:
                bench.missed += 1
                continue
            stamp = root.evaluate("el => [Number(el.dataset.eventAt), Number(el.dataset.drawnAt)]")
            latencies.append(stamp[1] - stamp[0])
        page.wait_for_timeout(500)  # anything the hovering caused would have been sent by now
        traffic["on"] = False
        size = int(root.get_attribute("data-payload-bytes") or 0)
        what = {"image": "heads redrawn", "tokens": "lines and matrix redrawn", "matrix": "cell's value shown",
                "words": "word's map redrawn"}[kind]
        bench.rows.append(pointer_row(f"{label}: pointer move → {what} in the browser", latencies))
        bench.notes.append(f"{label} explorer: payload {size:,} bytes per page load; during {len(latencies)} hovers "
                           f"the websocket carried {traffic['sent']} bytes sent, {traffic['received']} received "
                           f"(per hover: {(traffic['sent'] + traffic['received']) / max(1, len(latencies)):.0f})")
        if bench.missed:
            bench.notes.append(f"{label}: {bench.missed} pointer move(s) drew nothing within 5 s")
            bench.missed = 0
    finally:
        page.context.close()


def pointer_row(label: str, latencies: list[float]) -> tuple[str, str, str, str]:
    goal = f"≤ {GOAL_POINTER_MEDIAN_MS:.0f} ms median, ≤ {GOAL_POINTER_P90_MS:.0f} ms p90"
    if not latencies:
        return (label, "n/a", "", goal)
    ordered = sorted(latencies)
    p90 = ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]
    return (f"{label} (n={len(ordered)})", f"{statistics.median(ordered):.1f} ms", f"{p90:.1f} ms", goal)


def live_pointers(bench: Bench) -> None:
    live_pointer(bench, "", "Image", "image")
    live_pointer(bench, "sentence", "Sentence", "tokens")
    live_pointer(bench, "translation", "Translation", "matrix")
    live_pointer(bench, "captioning", "Captioning", "words")


ONLY = {"--live": live_pointers, "--first": new_tab_first_figures}  # one group of measurements on its own


def only(measure) -> None:
    """`python -m bench.app_speed --live` (the explorer's pointer moves) or `--first` (every page's first figure in
    a new tab): that group only, on one warm server."""
    with streamlit_server() as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        bench = Bench(browser, server.url, time.perf_counter())
        try:
            measure(bench)
        except OutOfTime:
            bench.notes.append(f"stopped after {BUDGET_S} s; the rest was not measured")
        finally:
            browser.close()
    print_table(bench.rows or [("(nothing measured)", "", "", "")], bench.notes)


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
            handle = page.wait_for_function(FIGURE_OR_ERROR, arg=FIRST_FIGURE, timeout=RUN_TIMEOUT_MS, polling=50)
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
            bench.rows.append(("Sentence: first visit on the running server → first figure",
                               f"{seconds:.2f} s" if outcome == "figure" else "n/a", "", f"≤ {GOAL_FIRST_S:.0f} s"))
            page.context.close()

            # (b), (c) control → figure
            controls(bench, "", "Image", "img-layer", "img-query", "Heads")
            controls(bench, "sentence", "Sentence", "txt-layer", "txt-query", "Token × token")
            new_tab_first_figures(bench)
            live_pointers(bench)
        except OutOfTime:
            bench.notes.append(f"stopped after {BUDGET_S} s; the rest was not measured")
        finally:
            rows, notes = bench.rows, bench.notes
            browser.close()
    fresh_rows, fresh_notes = fresh_sentence_visit()  # its own server, after the first one has stopped
    rows, notes = rows + fresh_rows, notes + fresh_notes
    print_table(rows or [("(nothing measured)", "", "", "")], notes)
    print(f"total {time.perf_counter() - server.spawned_at:.0f} s")


if __name__ == "__main__":
    chosen = [ONLY[flag] for flag in sys.argv[1:] if flag in ONLY]
    sys.exit(only(chosen[0]) if chosen else main())
