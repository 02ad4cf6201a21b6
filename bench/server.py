"""The browser harness: the real app (`streamlit run app.py`) on a free localhost port, driven in Debian's
headless Chromium. The one implementation for bench/app_speed.py, bench/worst_case.py, docs/screenshots.py
and the browser tests (tests/browser/):

    with streamlit_server() as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        tab = AppTab(new_page(browser), server)
        tab.open("sentence")               # loads the page, waits until the script has stopped running
        tab.act(lambda: ...)               # does something, waits for the rerun it causes

Only localhost traffic; the browser is /usr/bin/chromium, never a downloaded one.
"""

from __future__ import annotations

import contextlib
import mimetypes
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psutil
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}
SERVER_START_S = 90  # Streamlit answers in a few seconds; importing torch takes longer on a busy machine
RUN_TIMEOUT_MS = 120_000  # one script run; the first one loads a model
PAGE_TIMEOUT_MS = 30_000  # Playwright's default wait for one element or action
APP_ROOT = '[data-testid="stApp"]'

# A drawn Plotly heatmap: plotly.js paints each heatmap trace into an <image> inside g.hm.
HEATMAP = ".js-plotly-plot .heatmaplayer .hm image"

_RUN_DONE = {  # a run that ended (not one cut short by the next rerun)
    ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


# --- the server -------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    spawned_at: float  # time.perf_counter() just before the process was spawned
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = re.sub(r"\x1b\[[0-9;]*m", "", self.log_path.read_text(errors="replace"))  # no colours
            return "\n".join(text.splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def healthy(self, timeout_s: float = 2) -> bool:
        """The process runs and /_stcore/health answers 200."""
        if self.process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=timeout_s) as answer:
                return answer.status == 200
        except OSError:
            return False

    def wait_healthy(self, timeout_s: float = SERVER_START_S) -> float:
        """Poll /_stcore/health until it answers 200; returns the perf_counter time it did."""
        deadline = time.perf_counter() + timeout_s
        while not self.healthy():
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}; log tail:\n{self.log_tail()}")
            if time.perf_counter() > deadline:
                raise RuntimeError(f"streamlit did not answer {self.url}/_stcore/health within {timeout_s:.0f} s; "
                                   f"log tail:\n{self.log_tail()}")
            time.sleep(0.05)
        return time.perf_counter()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(port: int) -> list[str]:
    """What `make run` runs, `streamlit run app.py`, headless and on localhost only."""
    return [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
    ]


@contextlib.contextmanager
def streamlit_server(wait: bool = True, log_path: Path | None = None):
    """`streamlit run app.py` on a free port, stopped on exit. With wait=False it yields at once after the spawn.

    Raises RuntimeError (with the log's tail) when the server exits or does not answer in SERVER_START_S.
    """
    port = free_port()
    if log_path is None:
        log_path = Path(tempfile.gettempdir()) / f"atlas-streamlit-{port}.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log_path.open("w") as log:
        spawned_at = time.perf_counter()
        process = subprocess.Popen(server_command(port), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        server = Server(f"http://127.0.0.1:{port}", process, spawned_at, log_path)
        try:
            if wait:
                server.wait_healthy()
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


class RssSampler(threading.Thread):
    """Samples a process's resident memory (with `children`, its child processes' too) every `interval` s.

    Runs until `stopped` is set, the process is gone, or `check` returns True.
    """

    def __init__(self, pid: int, interval: float = 0.25, children: bool = False):
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.interval = interval
        self.children = children
        self.samples: list[tuple[float, float, float]] = []  # (time.monotonic(), RSS MB, children's RSS MB)
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                rss = self.process.memory_info().rss / 2**20
                children = 0.0
                for child in self.process.children(recursive=True) if self.children else []:
                    with contextlib.suppress(psutil.Error):
                        children += child.memory_info().rss / 2**20
            except psutil.Error:
                break
            self.samples.append((time.monotonic(), rss, children))
            if self.check(rss, children):
                break
            self.stopped.wait(self.interval)

    def check(self, rss: float, children: float) -> bool:
        """Called after each sample (MB); True stops the sampling. For subclasses that act on the memory."""
        return False

    def since(self, t0: float) -> list[tuple[float, float, float]]:
        """The samples taken from time.monotonic() `t0` on."""
        return [s for s in self.samples if s[0] >= t0]

    def peak_since(self, t0: float) -> float:
        """The largest RSS (process plus children, MB) sampled from time.monotonic() `t0` on."""
        return max(rss + children for _, rss, children in self.since(t0))

    def now(self) -> float:
        """The last sample's RSS (process plus children, MB)."""
        return self.samples[-1][1] + self.samples[-1][2] if self.samples else float("nan")


# --- the browser ------------------------------------------------------------------------------


def launch_chromium(playwright):
    """Debian's Chromium, headless (never `playwright install`)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def new_page(browser, viewport: dict | None = None, **options):
    """A page in a fresh browser context (its own cookies, so its own Streamlit session); close its context."""
    page = browser.new_context(viewport=viewport or VIEWPORT, **options).new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    return page


_SCRIPT_STATE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return 'missing||';
  const busy = document.querySelector('[data-testid="stStatusWidget"] button');
  return app.getAttribute('data-test-script-state') + '|' + app.getAttribute('data-test-connection-state')
         + '|' + (busy ? 'busy' : '');
}"""


def wait_idle(page, timeout_ms: int = RUN_TIMEOUT_MS, quiet_ms: int = 600) -> None:
    """Wait until the script has stopped running and stayed stopped for `quiet_ms`.

    Streamlit marks the app root with data-test-script-state ("running", "notRunning", ...); after a click
    the rerun may start a moment later, hence the quiet period. Raises TimeoutError after `timeout_ms`.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    quiet_since = None
    state = ""
    while time.monotonic() < deadline:
        state = page.evaluate(_SCRIPT_STATE)
        script, connection, busy = state.split("|")
        if script == "notRunning" and connection.upper() == "CONNECTED" and not busy:
            quiet_since = quiet_since or time.monotonic()
            if (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                return
        else:
            quiet_since = None
        page.wait_for_timeout(100)
    raise TimeoutError(f"the app was still running after {timeout_ms} ms ({state})")


def page_problems(page) -> list[str]:
    """Error boxes and tracebacks the page shows."""
    shown = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').all_inner_texts()
    return [" ".join(text.split())[:160] or "(empty)" for text in shown]


class AppTab:
    """One browser tab on the app that knows when Streamlit is done.

    It counts the script runs (and fragment runs) the server reports finished, from the websocket's small
    frames, so an action can wait for the rerun it causes: a quick rerun can start and end between two
    renders and never show as "running" in the page.
    """

    quiet_ms = 600  # how long the script must stay stopped to count as idle
    run_timeout_ms = RUN_TIMEOUT_MS  # how long one run may take

    def __init__(self, page, server: Server):
        self.page = page
        self.server = server
        self.finished_runs = 0
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        page.on("websocket", lambda ws: ws.on("framereceived", self._on_frame))

    def _on_frame(self, payload) -> None:
        if isinstance(payload, bytes) and len(payload) < 256:  # "script finished" is tiny; deltas are big
            try:
                message = ForwardMsg.FromString(payload)
            except Exception:  # not a ForwardMsg we know: not ours to judge here
                return
            if message.WhichOneof("type") == "script_finished" and message.script_finished in _RUN_DONE:
                self.finished_runs += 1

    def open(self, path: str = "", **query):
        """Load the app at `path` (a page's url_path, "" for the default page) and wait until it is idle."""
        params = "&".join(f"{k}={v}" for k, v in query.items())
        self.page.goto(f"{self.server.url}/{path}" + (f"?{params}" if params else ""))
        self.page.locator(APP_ROOT).wait_for(state="attached", timeout=self.run_timeout_ms)
        self.wait_idle()
        return self

    def wait_idle(self, timeout_ms: int | None = None, quiet_ms: int | None = None) -> None:
        wait_idle(self.page, timeout_ms or self.run_timeout_ms, self.quiet_ms if quiet_ms is None else quiet_ms)

    def run_count(self) -> int:
        """How many script runs the server has reported finished on this page so far."""
        return self.finished_runs

    def wait_rerun(self, since: int, timeout_ms: int | None = None) -> None:
        """Wait until a run finishes after `run_count()` returned `since`, then for the page to settle.

        Raises TimeoutError after `timeout_ms`, RuntimeError when the server process has ended.
        """
        timeout_ms = timeout_ms or self.run_timeout_ms
        deadline = time.monotonic() + timeout_ms / 1000
        while self.finished_runs <= since:
            if self.server.process.poll() is not None:
                raise RuntimeError(f"the server process ended (exit code {self.server.process.returncode})")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the app did not finish a rerun within {timeout_ms} ms of the action")
            self.page.wait_for_timeout(50)  # lets Playwright deliver the websocket events
        self.wait_idle(timeout_ms)

    def act(self, action, rerun: bool = True) -> None:
        """Do `action` (a callable), then wait for the rerun it causes (or just for idle)."""
        since = self.run_count()
        action()
        if rerun:
            self.wait_rerun(since)
        else:
            self.wait_idle()

    def click(self, locator, rerun: bool = True) -> None:
        self.act(locator.click, rerun)

    def upload(self, filename: str, data: bytes, mime: str | None = None, index: int = 0,
               rerun: bool | None = True, within: str = "") -> int:
        """Put a file into the `index`-th file uploader (inside the CSS selector `within`), as a drop would.

        rerun: True waits for the rerun the upload causes; False (the uploader refuses the file itself)
        just waits for idle; None returns at once. Returns `run_count()` from before the upload.
        """
        mime = mime or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        since = self.run_count()
        uploaders = self.page.locator(f'{within} [data-testid="stFileUploader"] input[type="file"]'.lstrip())
        uploaders.nth(index).set_input_files(files=[{"name": filename, "mimeType": mime, "buffer": data}])
        if rerun:
            self.wait_rerun(since)
        elif rerun is False:
            self.wait_idle()
        return since

    def choose_segment(self, group: str, option: str) -> None:
        """Click `option` in the segmented control (or pills) labelled `group`."""
        self.click(self.page.locator(f'[role="radiogroup"][aria-label="{group}"] [role="radio"]').filter(
            has=self.page.get_by_text(option, exact=True)
        ))

    def select_option(self, label: str, option: str, typed: bool = False) -> None:
        """Open the selectbox labelled `label` and pick the option whose text is `option`.

        typed: type the option first, filtering the list (a long one draws only the options in view).
        """
        box = self.page.locator(f'input[role="combobox"][aria-label="{label}"]')
        box.click()
        if typed:
            box.press_sequentially(option)
        self.click(self.page.locator('[role="option"]').filter(has=self.page.get_by_text(option, exact=True)).first)
