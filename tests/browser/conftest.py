"""Browser tests: the real app (`streamlit run app.py`) driven by Debian's headless Chromium.

Fixtures (the server, the browser and the waiting are bench/server.py's, the harness the benchmarks use):
- `server`: a session-wide Streamlit server (bench.server.Server: url, process, log) on a free
  localhost port, logging to test-artifacts/streamlit.log, stopped at the end.
- `browser`: one headless Chromium (never a downloaded one) for the session.
- `app`: an `AppPage` (tests/browser/helpers.py) per test, a fresh browser context on the app; a
  failing test leaves a screenshot in test-artifacts/.

Without /usr/bin/chromium every test here is skipped, unless ATLAS_REQUIRE_BROWSER=1 (set by
.ci/run), which makes it a failure instead.
"""

from __future__ import annotations

import contextlib
import os

import pytest

from bench.server import CHROMIUM, launch_chromium, streamlit_server
from tests.browser.helpers import ARTIFACTS, new_app_page


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


@pytest.fixture(scope="session")
def server():
    """The running app: a bench.server.Server (url, process, log_path, log_tail())."""
    _require_browser()
    ARTIFACTS.mkdir(exist_ok=True)
    with contextlib.ExitStack() as stack:
        try:
            running = stack.enter_context(streamlit_server(log_path=ARTIFACTS / "streamlit.log"))
        except RuntimeError as err:  # it exited or never answered: the message holds the log's tail
            pytest.fail(str(err))
        yield running


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


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
