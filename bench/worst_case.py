"""A visitor's worst case: the most server memory any single request can cause, and whether the server survives it.

    .venv/bin/python -m bench.worst_case            # every request
    .venv/bin/python -m bench.worst_case a c e      # only some of them
    .venv/bin/python -m bench.worst_case --fresh    # a fresh, warmed-up server for every request (slower)

Starts its own server (bench.server's `streamlit run app.py` command), warms it up (both pages
visited, both bundled models loaded), records its idle RSS, then makes each heavy request one
visitor can make, one at a time, each from a fresh browser context, and samples the server's
RSS every 0.1 s while it runs:

  a. a 16-bit greyscale 7071×7071 PNG (mostly constant: about 110 KiB on the wire);
  b. a photo-like noisy PNG at the largest pixel count the app accepts, just under the upload limit;
  c. a 512-token sentence at "Longest input (tokens)" 512;
  d. the Rollout view (gradient rollout included) for an uploaded image;
  e. "Local weights file…" with the largest timm architecture offered and the bundled small ViT's
     weights (a mismatch the page should refuse);
  f. a GIF holding 20,000 empty frames;
  g. the PNG export of a figure (kaleido draws it in a local Chromium).

Prints a table (peak RSS above idle, the rise during the request, seconds, whether the server
stayed up, what the page said) and the maximum against the goal (≤ 1.5 GB above idle). Asserts
nothing. On one server, "above idle" includes what earlier requests left in the caches (an upper
bound), and "rise" (above the RSS just before the request) can understate a request that reuses
memory an earlier one freed; --fresh gives each request its own server, so both read the same.
Only localhost traffic; the browser is Debian's /usr/bin/chromium.

Safety: the machine is shared, so a watchdog kills the server it started (by its pid) when its
RSS passes idle + ATLAS_WORST_CAP_MB (default 6144) or the machine's available memory falls
below 3 GB; the row then says "killed at cap" and the next request gets a fresh server.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import statistics
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psutil
from PIL import Image
from playwright.sync_api import sync_playwright

from bench.server import ROOT, AppTab, RssSampler, launch_chromium, new_page, streamlit_server
from model import inputs
from model.weights_file import allowed_vit_architectures, param_counts
from tests import bad_inputs as bad

MAX_PIXELS = getattr(inputs, "MAX_PIXELS", 50_000_000)  # the app's pixel ceiling (model/inputs.py)
GOAL_MB = 1.5 * 1024
CAP_MB = float(os.environ.get("ATLAS_WORST_CAP_MB", 6144))  # above idle; the watchdog kills the server past it
MIN_AVAILABLE_MB = 3072  # the watchdog also kills it when the machine has less than this left
REQUEST_TIMEOUT_S = 180  # one request, from the action to the page settling
SAMPLE_S = 0.1
WEIGHTS = ROOT / "assets" / "models" / "atlas_shapes_vit.safetensors"
MAIN, SIDEBAR = '[data-testid="stMain"]', '[data-testid="stSidebar"]'
_SHOWN = """() => {
  const texts = sel => [...document.querySelectorAll(sel)]
    .map(e => e.innerText.replace(/\\s+/g, ' ').trim().slice(0, 160));
  return {errors: texts('[data-testid="stAlertContentError"]'), exceptions: texts('[data-testid="stException"]'),
          infos: texts('[data-testid="stAlertContentInfo"]'), warnings: texts('[data-testid="stAlertContentWarning"]'),
          captions: texts('[data-testid="stMain"] [data-testid="stCaptionContainer"]'),
          uploader: texts('[data-testid="stFileUploader"]')};
}"""


# --- the hostile files (the ones tests/bad_inputs.py has are taken from there) ----------------


def upload_limit_bytes() -> int:
    """Streamlit's server.maxUploadSize (MB) from .streamlit/config.toml (its default, 200, without one)."""
    path = ROOT / ".streamlit" / "config.toml"
    megabytes = tomllib.loads(path.read_text()).get("server", {}).get("maxUploadSize", 200) if path.exists() else 200
    return int(megabytes * 1e6)  # the smaller reading of "MB", so the file passes either way


def max_pixel_size() -> tuple[int, int]:
    """The largest 4:3-ish (width, height) with width × height ≤ MAX_PIXELS."""
    height = int((MAX_PIXELS * 3 / 4) ** 0.5)
    return MAX_PIXELS // height, height


def noisy_png(target_bytes: int) -> bytes:
    """A photo-like RGB PNG at the pixel ceiling (`max_pixel_size()`): a smooth gradient ("sky") with a band
    of noise ("texture") tall enough to make the file about `target_bytes`."""
    width, height = max_pixel_size()
    rng = np.random.default_rng(0)

    def rows(y0: int, n: int, noisy: bool) -> np.ndarray:  # (n, W, 3) uint8
        y, x = np.mgrid[y0 : y0 + n, 0:width]
        base = np.stack([x * 255 // width, y * 255 // height, (x + y) * 255 // (width + height)], -1).astype(np.int16)
        if noisy:
            base += rng.integers(-6, 7, base.shape, dtype=np.int16)
        return np.clip(base, 0, 255).astype(np.uint8)

    def encoded(pixels: np.ndarray) -> bytes:
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()

    smooth_row, noisy_row = len(encoded(rows(0, 64, False))) / 64, len(encoded(rows(0, 64, True))) / 64
    band = int((target_bytes - height * smooth_row) / (noisy_row - smooth_row))
    band = max(0, min(height, band))
    for _ in range(3):
        top = (height - band) // 2
        bottom = top + band
        data = encoded(np.concatenate([rows(0, top, False), rows(top, band, True),
                                       rows(bottom, height - bottom, False)]))
        if len(data) <= target_bytes:
            break
        band = int(band * target_bytes / len(data) * 0.98)
    return data


def build_files(wanted: list[str]) -> dict[str, tuple[str, bytes]]:
    """The files the upload requests send, (name, bytes) by request, built before the runs."""
    width, height = max_pixel_size()
    makers = {
        "a": ("16-bit PNG", lambda: bad.large_16bit_png(7071)),
        "b": (f"noisy PNG {width}×{height}",
              lambda: ("noisy_max_pixels.png", noisy_png(int(upload_limit_bytes() * 0.95)))),
        "f": ("GIF", lambda: bad.gif_empty_frames(extra=20_000 - 2)),  # 2 frames + 19,998 empty ones
    }
    started = time.perf_counter()
    files = {key: make() for key, (_, make) in makers.items() if key in wanted}
    if files:
        sizes = [f"{makers[key][0]} {size_text(len(data))}" for key, (_, data) in files.items()]
        print(f"files built in {time.perf_counter() - started:.0f} s: {'; '.join(sizes)}", flush=True)
    return files


def size_text(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1024:.0f} KiB"


def largest_architecture() -> tuple[list[str], str, int, float]:
    """The architectures the page offers and the one with the most parameters (the app's own counts).

    Returns (offered, name, parameters, seconds spent).
    """
    started = time.perf_counter()
    offered, counts = allowed_vit_architectures(), param_counts()
    best = max(offered, key=lambda name: counts[name])
    return offered, best, counts[best], time.perf_counter() - started


# --- watching the server and driving one page ------------------------------------------------


class Watchdog(RssSampler):
    """Samples the server's RSS with its children's (e.g. kaleido's Chromium); kills the server past the cap."""

    def __init__(self, process):
        super().__init__(process.pid, interval=SAMPLE_S, children=True)
        self.server_process = process
        self.idle_mb: float | None = None
        self.killed: str | None = None

    def check(self, rss: float, children: float) -> bool:
        if self.server_process.poll() is not None:
            return True
        available = psutil.virtual_memory().available / 2**20
        over_cap = self.idle_mb is not None and rss + children > self.idle_mb + CAP_MB
        if over_cap or available < MIN_AVAILABLE_MB:
            self.killed = f"killed at cap: RSS {rss:.0f} MB, machine had {available:.0f} MB available"
            self.server_process.kill()  # the server this bench started, by its pid
            return True
        return False


class Tab(AppTab):
    """One fresh browser context on the app; a wait lasts up to a whole request and ends if the server dies."""

    run_timeout_ms = REQUEST_TIMEOUT_S * 1000

    def __init__(self, browser, server):
        super().__init__(new_page(browser, accept_downloads=True), server)
        self.heavy_from: float | None = None  # monotonic time the heavy part began, when the request says

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.page.context.close()

    def said(self) -> str:
        """The page's verdict in a few words: its exception, error, first notice, or the model facts."""
        with contextlib.suppress(Exception):
            s = self.page.evaluate(_SHOWN)
            if s["exceptions"]:
                return "EXCEPTION: " + s["exceptions"][0]
            if s["errors"]:
                return "error: " + s["errors"][0]
            facts = [c for c in s["captions"] if re.search(r"\d+ layers × \d+ heads", c)]
            first = ("notice: " + s["infos"][0] + "; ") if s["infos"] else ""
            return first + (facts[0] if facts else "(no result shown)")
        return "(page unreadable)"


# --- the requests: each takes a fresh tab and the file built for it (or None) ----------------------


def request_upload(tab: Tab, file: tuple[str, bytes]) -> str:
    """Upload `file` (name, bytes) on the Image page."""
    tab.open()
    tab.choose_segment("Image", "Upload")
    tab.upload(*file, within=MAIN)
    return tab.said()


def request_sentence(tab: Tab, file: None) -> str:
    tab.open("sentence")
    slider = tab.page.locator(f'{SIDEBAR} input[type="range"][aria-label="Longest input (tokens)"]')
    slider.focus()
    tab.act(lambda: slider.press("End"))
    box = tab.page.locator('[data-testid="stTextArea"] textarea[aria-label="Your sentence"]')
    box.fill(bad.long_sentence())  # far more than 512 word pieces, of text no earlier request used
    tab.act(lambda: box.press("Control+Enter"))
    return f"limit {slider.get_attribute('aria-valuetext')}; " + tab.said()


def request_rollout(tab: Tab, file: None) -> str:
    request_upload(tab, bad.photo_png(11, (224, 224), name="rollout_photo.png"))
    tab.choose_segment("View", "Rollout")
    tab.page.get_by_text("Gradient rollout", exact=False).first.wait_for(timeout=tab.run_timeout_ms)
    return tab.said()


def request_local_weights(tab: Tab, file: None) -> str:
    tab.open()
    tab.select_option("Model", "Local weights file…", typed=True)
    offered, arch, params, seconds = largest_architecture()
    print(f"    {len(offered)} architectures offered; the largest: {arch} ({params / 1e6:.0f} M parameters, "
          f"counted in {seconds:.0f} s)", flush=True)
    tab.select_option("timm architecture", arch, typed=True)
    tab.heavy_from = time.monotonic()
    tab.upload(WEIGHTS.name, WEIGHTS.read_bytes(), "application/octet-stream", within=SIDEBAR)
    return f"{arch} ({params / 1e6:.0f} M parameters): " + tab.said()


def request_png_export(tab: Tab, file: None) -> str:
    tab.open()
    buttons = tab.page.locator(f'{MAIN} [data-testid="stDownloadButton"] button')
    button = buttons.filter(has_text="PNG").first
    try:
        button.wait_for(timeout=60_000)
    except Exception:
        return f"no PNG download button on the page; it shows: {tab.said()}"
    with tab.page.expect_download(timeout=tab.run_timeout_ms) as info:
        button.click()
    path = info.value.path()
    data = Path(path).read_bytes() if path else b""
    tab.wait_idle()
    kind = "a PNG" if data.startswith(b"\x89PNG") else f"not a PNG ({data[:100].decode(errors='replace')!r})"
    return f"{info.value.suggested_filename}: {len(data) / 1024:.0f} KiB, {kind}"


REQUESTS = {
    "a": ("16-bit grey PNG 7071×7071 (~110 KiB)", request_upload),
    "b": ("noisy PNG at the pixel ceiling, ~19 MB", request_upload),
    "c": ("512-token sentence at limit 512", request_sentence),
    "d": ("Rollout view (with gradient rollout)", request_rollout),
    "e": ("Local weights: largest arch + small ViT file", request_local_weights),
    "f": ("GIF with 20,000 empty frames", request_upload),
    "g": ("PNG export of a figure (kaleido)", request_png_export),
}


# --- the run -------------------------------------------------------------------------------


@dataclass
class Row:
    what: str
    # RSS here is the server's plus its child processes' (kaleido's Chromium), in MB
    peak_mb: float | None = None  # peak RSS above the idle RSS
    rise_mb: float | None = None  # peak RSS above the RSS just before this request
    children_mb: float = 0.0  # peak RSS of the child processes alone
    seconds: float = 0.0
    alive: bool = False
    said: str = ""


class Run:
    """The server (restarted when a request killed it), its watchdog and the browser."""

    def __init__(self, browser):
        self.browser = browser
        self.stack: contextlib.ExitStack | None = None
        self.server = None
        self.watch: Watchdog | None = None
        self.idle_mb = 0.0
        self.starts = 0

    def ensure_server(self) -> None:
        if self.server is not None and self.server.healthy(timeout_s=5):
            return
        self.stop()
        self.stack = contextlib.ExitStack()
        log_path = Path("/tmp") / f"atlas-worst-case-{os.getpid()}-{self.starts}.log"
        self.server = self.stack.enter_context(streamlit_server(log_path=log_path))
        self.starts += 1
        self.watch = Watchdog(self.server.process)
        self.watch.start()
        self.warm_up()

    def warm_up(self) -> None:
        """Both pages once with both bundled models loaded, then the median RSS of 3 quiet seconds."""
        started = time.perf_counter()
        tab = Tab(self.browser, self.server)
        try:
            request_upload(tab, bad.photo_png(0, (224, 224), name="warm_up.png"))
            tab.open("sentence")
        finally:
            tab.close()
        time.sleep(1)
        t0 = time.monotonic()
        time.sleep(3)
        self.idle_mb = statistics.median(rss + children for _, rss, children in self.watch.since(t0))
        self.watch.idle_mb = self.idle_mb
        print(f"server {self.starts} up and warm in {time.perf_counter() - started:.0f} s: "
              f"idle RSS {self.idle_mb:.0f} MB "
              f"(log {self.server.log_path})", flush=True)

    def stop(self) -> None:
        if self.watch is not None:
            self.watch.stopped.set()
            self.watch.join(timeout=2)
        if self.stack is not None:
            with contextlib.suppress(Exception):
                self.stack.close()
        self.stack = self.server = self.watch = None

    def request(self, what: str, make, file: tuple[str, bytes] | None) -> Row:
        self.ensure_server()
        row = Row(what)
        time.sleep(0.5)
        before = self.watch.now()
        tab = Tab(self.browser, self.server)
        t0 = time.monotonic()
        try:
            row.said = make(tab, file)
        except Exception as exc:  # the page timing out, the server dying: reported, not raised
            row.said = f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"
        finally:
            row.seconds = time.monotonic() - (tab.heavy_from or t0)
            tab.close()
        time.sleep(0.5)  # a last sample or two after the page settled
        samples = self.watch.since(t0)
        if samples:
            peak = self.watch.peak_since(t0)
            row.peak_mb, row.rise_mb = peak - self.idle_mb, peak - before
            row.children_mb = max(children for _, _, children in samples)
        if self.watch.killed:
            row.said = f"{self.watch.killed}; {row.said}"
        row.alive = self.server.healthy(timeout_s=5)
        if not row.alive:
            row.said += f" | server log: {' / '.join(self.server.log_tail(6).splitlines())[-300:]}"
        return row


def print_table(rows: list[Row]) -> None:
    width = max(len(r.what) for r in rows)
    print("\nRSS: the server process plus its children (kaleido's Chromium); 'children' is theirs alone")
    print(f"{'request':{width}}  {'peak above idle':>15}  {'rise':>7}  {'children':>8}  "
          f"{'seconds':>7}  {'alive':>5}  page said")
    for r in rows:
        peak = f"{r.peak_mb:.0f} MB" if r.peak_mb is not None else "n/a"
        rise = f"{r.rise_mb:.0f} MB" if r.rise_mb is not None else "n/a"
        print(f"{r.what:{width}}  {peak:>15}  {rise:>7}  {r.children_mb:>5.0f} MB  "
              f"{r.seconds:>7.1f}  {'yes' if r.alive else 'NO':>5}  {r.said}")
    measured = [r for r in rows if r.peak_mb is not None]
    if measured:
        worst = max(measured, key=lambda r: r.peak_mb)
        verdict = "meets" if worst.peak_mb <= GOAL_MB else "MISSES"
        print(f"\nlargest peak above idle: {worst.peak_mb:.0f} MB ({worst.what}); "
              f"goal ≤ {GOAL_MB:.0f} MB: {verdict} it")
        steepest = max(measured, key=lambda r: r.rise_mb)
        print(f"largest rise during one request: {steepest.rise_mb:.0f} MB ({steepest.what})")
    down = [r.what for r in rows if not r.alive]
    print("server stayed up through every request" if not down else f"server went down in: {'; '.join(down)}")


def main(argv: list[str]) -> int:
    wanted = [a for a in argv if a in REQUESTS] or list(REQUESTS)
    fresh = "--fresh" in argv
    started = time.perf_counter()
    print(f"bench.worst_case: {os.cpu_count()} CPU cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; "
          f"requests {', '.join(wanted)}{' (a fresh server each)' if fresh else ''}; "
          f"watchdog cap idle + {CAP_MB:.0f} MB", flush=True)
    files = build_files(wanted)

    rows: list[Row] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        run = Run(browser)
        try:
            for key in wanted:
                what, make = REQUESTS[key]
                if fresh:
                    run.stop()
                row = run.request(f"{key}. {what}", make, files.get(key))
                rows.append(row)
                print(f"  {row.what}: peak +{row.peak_mb or 0:.0f} MB over idle, {row.seconds:.1f} s, "
                      f"alive {'yes' if row.alive else 'NO'}: {row.said}", flush=True)
        finally:
            run.stop()
            browser.close()
    print_table(rows)
    print(f"server starts: {run.starts}; total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
