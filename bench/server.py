"""Start the real app (`streamlit run app.py`) on a free localhost port, and drive it in Debian's headless Chromium.

Shared by bench/app_speed.py and docs/screenshots.py:

    with streamlit_server() as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(server.url)
        wait_idle(page)

Only localhost traffic; the browser is /usr/bin/chromium, never a downloaded one.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}
SERVER_START_S = 90  # Streamlit answers in a few seconds; importing torch takes longer on a busy machine
RUN_TIMEOUT_MS = 120_000  # one script run; the first one loads a model

# A drawn Plotly heatmap: plotly.js paints each heatmap trace into an <image> inside g.hm.
HEATMAP = ".js-plotly-plot .heatmaplayer .hm image"


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    spawned_at: float  # time.perf_counter() just before the process was spawned
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = re.sub(r"\x1b\[[0-9;]*m", "", self.log_path.read_text(errors="replace"))
            return "\n".join(text.splitlines()[-lines:])
        except OSError:
            return "(no log)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(server: Server, timeout_s: float = SERVER_START_S) -> float:
    """Poll /_stcore/health until it answers 200; returns the perf_counter time it did."""
    deadline = time.perf_counter() + timeout_s
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.process.returncode}; log tail:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return time.perf_counter()
        except OSError:
            pass
        if time.perf_counter() > deadline:
            raise RuntimeError(f"streamlit did not answer within {timeout_s:.0f} s; log tail:\n{server.log_tail()}")
        time.sleep(0.05)


def server_command(port: int) -> list[str]:
    """What `make run` runs, `streamlit run app.py`, headless and on localhost only."""
    return [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port), "--server.headless", "true", "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
    ]


@contextlib.contextmanager
def streamlit_server(wait: bool = True, log_path: Path | None = None):
    """`streamlit run app.py` on a free port, stopped on exit. With wait=False it yields at once after the spawn."""
    port = free_port()
    if log_path is None:
        log_path = Path(tempfile.gettempdir()) / f"atlas-streamlit-{port}.log"
    command = server_command(port)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log_path.open("w") as log:
        spawned_at = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        server = Server(f"http://127.0.0.1:{port}", process, spawned_at, log_path)
        try:
            if wait:
                wait_healthy(server)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def launch_chromium(playwright):
    """Debian's Chromium, headless (never `playwright install`)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


_SCRIPT_STATE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return 'missing||';
  const busy = document.querySelector('[data-testid="stStatusWidget"] button');
  return app.getAttribute('data-test-script-state') + '|' + app.getAttribute('data-test-connection-state') + '|' + (busy ? 'busy' : '');
}"""


def wait_idle(page, timeout_ms: int = RUN_TIMEOUT_MS, quiet_ms: int = 600) -> None:
    """Wait until the script has stopped running and stayed stopped for `quiet_ms` (a rerun may start late)."""
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
