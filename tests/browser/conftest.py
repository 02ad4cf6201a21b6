"""Browser tests: the real app (`streamlit run app.py`) driven by Debian's headless Chromium.

Fixtures:
- `app_url`: a session-wide Streamlit server on a free localhost port, stopped at the end.
- `browser`: one headless Chromium (never a downloaded one) for the session.
- `app`: an `AppPage` per test, a fresh browser context on the app, with helpers that wait
  for Streamlit to finish running, find Plotly figures and upload files; it records page
  errors and dialogs, and a failing test leaves a screenshot in test-artifacts/.

Without /usr/bin/chromium every test here is skipped, unless ATLAS_REQUIRE_BROWSER=1 (set by
.ci/run), which makes it a failure instead.
"""

from __future__ import annotations

import io
import mimetypes
import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.server import free_port, server_command

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
SERVER_START_S = 90  # Streamlit itself starts in a few seconds; torch imports take longer
RUN_TIMEOUT_MS = 120_000  # one script run; the first one loads a model
_RUN_DONE = {  # a run that ended (not one cut short by the next rerun)
    ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)  # read by the `app` fixture's teardown
    return report


def _require_browser() -> None:
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright Python package is not installed (requirements-dev.txt)"
    if missing:
        if os.environ.get("ATLAS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required (ATLAS_REQUIRE_BROWSER=1) but {missing}")
        pytest.skip(f"browser tests skipped: {missing}")


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = re.sub(r"\x1b\[[0-9;]*m", "", path.read_text(errors="replace"))  # no colours
        return "\n".join(text.splitlines()[-lines:])
    except OSError:
        return "(no log)"


@pytest.fixture(scope="session")
def server():
    """The running app as (base URL, psutil-able pid, log path)."""
    _require_browser()
    ARTIFACTS.mkdir(exist_ok=True)
    port = free_port()
    log_path = ARTIFACTS / "streamlit.log"
    log = log_path.open("w")
    command = server_command(port)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode} before answering; "
                            f"log tail:\n{_tail(log_path)}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer {url}/_stcore/health within "
                            f"{SERVER_START_S} s; log tail:\n{_tail(log_path)}")
            time.sleep(0.5)
        yield url, process.pid, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def app_url(server) -> str:
    return server[0]


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class AppPage:
    """One browser tab on the app, with Streamlit-aware helpers."""

    def __init__(self, page, base_url: str, name: str, log_path: Path | None = None):
        self.page = page
        self.base_url = base_url
        self.name = name
        self.log_path = log_path
        self.page_errors: list[str] = []  # uncaught JavaScript exceptions
        self.dialogs: list[str] = []  # alert/confirm/prompt opened by the page (should be none)
        self.finished_runs = 0  # script runs (or fragment runs) the server reported finished
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("dialog", self._on_dialog)
        page.on("websocket", lambda ws: ws.on("framereceived", self._on_frame))
        page.set_default_timeout(30_000)

    def _on_frame(self, payload) -> None:
        """Count the server's "script finished" messages (tiny frames; the big ones are deltas)."""
        if isinstance(payload, bytes) and len(payload) < 256:
            try:
                message = ForwardMsg.FromString(payload)
            except Exception:  # not a ForwardMsg we know: not ours to judge here
                return
            if message.WhichOneof("type") == "script_finished" and message.script_finished in _RUN_DONE:
                self.finished_runs += 1

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    # --- navigation and waiting ---------------------------------------------------------

    def open(self, path: str = "", **query) -> "AppPage":
        """Load the app at `path` (a page's url_path, "" for the default page) and wait."""
        params = "&".join(f"{k}={v}" for k, v in query.items())
        self.page.goto(f"{self.base_url}/{path}" + (f"?{params}" if params else ""))
        self.page.locator('[data-testid="stApp"]').wait_for(state="attached", timeout=RUN_TIMEOUT_MS)
        self.wait_idle()
        lost = self.page.get_by_role("dialog").filter(has_text="Page not found")
        assert not lost.count(), f"/{path}: Streamlit says the page does not exist"
        return self

    def wait_idle(self, timeout_ms: int = RUN_TIMEOUT_MS, quiet_ms: int = 400) -> None:
        """Wait until the script has stopped running and stayed stopped for `quiet_ms`.

        Streamlit marks the app root with data-test-script-state ("running", "notRunning",
        ...); after a click the rerun may start a moment later, hence the quiet period.
        """
        deadline = time.monotonic() + timeout_ms / 1000
        quiet_since = None
        while time.monotonic() < deadline:
            state = self.page.evaluate(
                """() => { const app = document.querySelector('[data-testid="stApp"]');
                           if (!app) return 'missing';
                           const busy = document.querySelector('[data-testid="stStatusWidget"] button');
                           return app.getAttribute('data-test-script-state') + '|'
                                  + app.getAttribute('data-test-connection-state') + '|'
                                  + (busy ? 'busy' : ''); }"""
            )
            script, connection, busy = state.split("|") if "|" in state else (state, "", "")
            idle = script == "notRunning" and connection.upper() == "CONNECTED" and not busy
            if idle:
                quiet_since = quiet_since or time.monotonic()
                if (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                    return
            else:
                quiet_since = None
            self.page.wait_for_timeout(100)
        self.screenshot("wait_idle_timeout")
        raise AssertionError(f"the app was still running after {timeout_ms} ms ({state})")

    def run_count(self) -> int:
        """How many script runs the server has reported finished on this page so far."""
        return self.finished_runs

    def wait_rerun(self, since: int, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
        """Wait until a run finishes after `run_count()` returned `since`, then for the page to settle.

        Counting the server's messages, not the page's running state, because a quick rerun
        can start and end between two renders and never show as "running" in the page.
        """
        deadline = time.monotonic() + timeout_ms / 1000
        while self.finished_runs <= since:
            if time.monotonic() > deadline:
                self.screenshot("no_rerun")
                raise AssertionError(f"the app did not finish a rerun within {timeout_ms} ms of the action")
            self.page.wait_for_timeout(50)  # lets Playwright deliver the websocket events
        self.wait_idle()

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

    def goto_page(self, label: str | re.Pattern) -> None:
        """Click a page in the sidebar navigation and wait for it to run."""
        self.click(self.nav_links().filter(has_text=label).first)

    def nav_links(self):
        return self.page.locator('[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"]')

    def nav_labels(self) -> list[str]:
        """The navigation's page titles, without their icons."""
        return [text.strip().splitlines()[-1].strip() for text in self.nav_links().all_inner_texts()]

    # --- what the page shows ---------------------------------------------------------------

    def exceptions(self) -> list[str]:
        """Tracebacks Streamlit shows (st.exception / an uncaught error in a page)."""
        return self.page.locator('[data-testid="stException"]').all_inner_texts()

    def errors(self) -> list[str]:
        return self.page.locator('[data-testid="stAlertContentError"]').all_inner_texts()

    def infos(self) -> list[str]:
        return self.page.locator('[data-testid="stAlertContentInfo"]').all_inner_texts()

    def warnings(self) -> list[str]:
        return self.page.locator('[data-testid="stAlertContentWarning"]').all_inner_texts()

    def plotly_figures(self):
        """The drawn Plotly figures (each `.js-plotly-plot` with its SVG in place)."""
        return self.page.locator(".js-plotly-plot:has(.main-svg)")

    def wait_for_figures(self, count: int = 1, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
        self.page.wait_for_function(
            "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
            arg=count, timeout=timeout_ms,
        )

    def assert_healthy(self) -> None:
        """No traceback on the page, no uncaught JavaScript error, no dialog opened."""
        shown = self.exceptions()
        assert not shown, f"{shown}\nserver log tail:\n{_tail(self.log_path) if self.log_path else ''}"
        assert not self.page_errors, self.page_errors
        assert not self.dialogs, self.dialogs

    # --- input ---------------------------------------------------------------------------

    def upload(self, filename: str, data: bytes, mime: str | None = None, index: int = 0,
               rerun: bool | None = True) -> int:
        """Put a file into the `index`-th file uploader (as a drop would).

        rerun: True waits for the rerun the upload causes; False (the uploader refuses the file
        itself) just waits for idle; None returns at once. Returns `run_count()` from before the
        upload, for `wait_rerun`.
        """
        mime = mime or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        since = self.run_count()
        self.page.locator('[data-testid="stFileUploader"] input[type="file"]').nth(index).set_input_files(
            files=[{"name": filename, "mimeType": mime, "buffer": data}]
        )
        if rerun:
            self.wait_rerun(since)
        elif rerun is False:
            self.wait_idle()
        return since

    def uploader_text(self, index: int = 0) -> str:
        """What the uploader shows: file names, sizes and its own errors (size, type)."""
        return self.page.locator('[data-testid="stFileUploader"]').nth(index).inner_text()

    def shown_image(self, index: int = 0) -> Image.Image:
        """The `index`-th st.image in the main area, fetched as the browser got it."""
        img = self.page.locator('[data-testid="stMain"] [data-testid="stImage"] img').nth(index)
        img.wait_for()
        self.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
        src = img.evaluate("img => img.src")
        answer = self.page.request.get(src)
        assert answer.ok, f"{src}: {answer.status}"
        return Image.open(io.BytesIO(answer.body())).convert("RGB")

    def text_area(self, label: str):
        return self.page.locator(f'[data-testid="stTextArea"] textarea[aria-label="{label}"]')

    def set_text(self, label: str, text: str) -> None:
        """Type into a text area and commit it (Ctrl+Enter), as a user does."""
        box = self.text_area(label)
        box.fill(text)
        self.act(lambda: box.press("Control+Enter"))

    def choose_segment(self, group: str, option: str) -> None:
        """Click `option` in the segmented control (or pills) labelled `group`."""
        self.click(self.page.locator(f'[role="radiogroup"][aria-label="{group}"] [role="radio"]').filter(
            has=self.page.get_by_text(option, exact=True)
        ))

    def select_option(self, label: str, option: str) -> None:
        """Open the selectbox labelled `label` and pick the option whose text is `option`."""
        self.page.locator(f'input[role="combobox"][aria-label="{label}"]').click()
        self.click(self.page.locator('[role="option"]').filter(has=self.page.get_by_text(option, exact=True)).first)

    def move_slider(self, label: str, steps: int) -> None:
        """Move the slider labelled `label` by `steps` (negative: left) with the keyboard."""
        thumb = self.page.locator(f'[data-testid="stSlider"] input[type="range"][aria-label="{label}"]')
        thumb.focus()

        def press() -> None:
            for _ in range(abs(steps)):
                thumb.press("ArrowRight" if steps > 0 else "ArrowLeft")

        self.act(press)

    def slider_value(self, label: str) -> int:
        thumb = self.page.locator(f'[data-testid="stSlider"] input[type="range"][aria-label="{label}"]')
        return int(thumb.input_value())

    def figure_titles(self) -> list[str]:
        return self.page.locator(".js-plotly-plot .gtitle").evaluate_all("els => els.map(e => e.textContent)")

    def choose_language(self, label: str) -> None:
        """Pick a language ("English" or "한국어") in the sidebar's radio."""
        sidebar = self.page.locator('[data-testid="stSidebar"]')
        self.click(sidebar.locator('[data-testid="stRadioOption"]').filter(has_text=label).first)

    def screenshot(self, suffix: str = "") -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.name + (f"-{suffix}" if suffix else ""))[:150]
        path = ARTIFACTS / f"{safe}.png"
        try:
            self.page.screenshot(path=str(path), full_page=True)
        except Exception:  # a screenshot must never hide the real failure
            pass
        return path


def new_app_page(browser, server, name: str) -> tuple[object, AppPage]:
    """A fresh context (own cookies, own Streamlit session) and its AppPage."""
    base_url, _, log_path = server
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    return context, AppPage(context.new_page(), base_url, name, log_path)


@pytest.fixture
def app(request, browser, server):
    context, page = new_app_page(browser, server, request.node.name)
    try:
        yield page
    finally:
        report = getattr(request.node, "report_call", None)
        if report is None or report.failed:
            page.screenshot("failed")
        context.close()
