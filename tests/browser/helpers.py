"""What several browser tests share: the test's view of a tab (`AppPage`), the bundled-model skip, the
users' colours and the checks on a traced image. The server, the browser and the waiting are bench/server.py's.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bench.server import ROOT, AppTab, new_page

ARTIFACTS = ROOT / "test-artifacts"
TEST_VIEWPORT = {"width": 1400, "height": 1000}
BUNDLED = [ROOT / "assets" / "models" / f"atlas_shapes_vit{ext}" for ext in (".json", ".safetensors")]
# Tests that trace with the bundled ViT are skipped, with this reason, until it is trained and committed.
needs_bundled_vit = pytest.mark.skipif(not all(f.exists() for f in BUNDLED),
                                       reason="the bundled ViT is not in assets/models yet: run `make train`")
# One colour per user in the tests with several users at once.
COLOURS = [(255, 0, 0), (0, 200, 0), (0, 0, 255), (255, 220, 0),
           (255, 0, 255), (0, 220, 220), (255, 128, 0), (128, 0, 255)]
PREDICTED = re.compile(r"The model says (.+) \((\d+(?:\.\d+)?)%\)\.")
LIVE = '.atlas-live[data-ready="1"]'  # the in-browser explorer (ui/live/) once it has drawn
# The Image page's five prediction bars and its heads: the live explorer (the default view) or the Heads view's figure.
_PREDICTIONS_AND_HEADS = """() => {
  const bars = document.querySelectorAll('[data-testid="stProgress"]').length;
  const plots = [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg')).length;
  const live = document.querySelectorAll('.atlas-live[data-ready="1"][data-kind="image"]').length;
  return bars >= 5 && plots + live >= 1;
}"""


class AppPage(AppTab):
    """One browser tab on the app, with the helpers the tests use.

    It records page errors and dialogs; a wait that times out leaves a screenshot in test-artifacts/ and
    fails the test.
    """

    quiet_ms = 400

    def __init__(self, page, server, name: str):
        super().__init__(page, server)
        self.name = name
        self.page_errors: list[str] = []  # uncaught JavaScript exceptions
        self.dialogs: list[str] = []  # alert/confirm/prompt opened by the page (should be none)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    # --- navigation and waiting ---------------------------------------------------------

    def open(self, path: str = "", **query) -> AppPage:
        super().open(path, **query)
        lost = self.page.get_by_role("dialog").filter(has_text="Page not found")
        assert not lost.count(), f"/{path}: Streamlit says the page does not exist"
        return self

    def wait_idle(self, timeout_ms: int | None = None, quiet_ms: int | None = None) -> None:
        try:
            super().wait_idle(timeout_ms, quiet_ms)
        except TimeoutError as err:
            self.screenshot("wait_idle_timeout")
            raise AssertionError(str(err)) from err

    def wait_rerun(self, since: int, timeout_ms: int | None = None) -> None:
        try:
            super().wait_rerun(since, timeout_ms)
        except TimeoutError as err:
            self.screenshot("no_rerun")
            raise AssertionError(str(err)) from err

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

    def wait_for_figures(self, count: int = 1, timeout_ms: int | None = None) -> None:
        self.page.wait_for_function(
            "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
            arg=count, timeout=timeout_ms or self.run_timeout_ms,
        )

    def live_explorer(self, kind: str):
        """The in-browser explorer (ui/live/, the "Explore live" view, the Image and Sentence pages' default) once it
        has drawn; `kind`: "image" or "tokens"."""
        return self.page.locator(f'{LIVE}[data-kind="{kind}"]')

    def wait_for_live(self, kind: str, timeout_ms: int | None = None, **shown) -> None:
        """Wait until the explorer of `kind` has drawn, showing `shown` (data attributes: layer=2, head=3)."""
        self.page.wait_for_function(
            """([selector, shown]) => [...document.querySelectorAll(selector)].some(
                 el => Object.entries(shown).every(([name, value]) => el.dataset[name] === value))""",
            arg=[f'{LIVE}[data-kind="{kind}"]', {name: str(value) for name, value in shown.items()}],
            timeout=timeout_ms or self.run_timeout_ms,
        )

    def assert_healthy(self) -> None:
        """No traceback on the page, no uncaught JavaScript error, no dialog opened."""
        shown = self.exceptions()
        assert not shown, f"{shown}\nserver log tail:\n{self.server.log_tail(40)}"
        assert not self.page_errors, self.page_errors
        assert not self.dialogs, self.dialogs

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

    def figure_titles(self) -> list[str]:
        return self.page.locator(".js-plotly-plot .gtitle").evaluate_all("els => els.map(e => e.textContent)")

    # --- input ---------------------------------------------------------------------------

    def text_area(self, label: str):
        return self.page.locator(f'[data-testid="stTextArea"] textarea[aria-label="{label}"]')

    def set_text(self, label: str, text: str) -> None:
        """Type into a text area and commit it (Ctrl+Enter), as a user does."""
        box = self.text_area(label)
        box.fill(text)
        self.act(lambda: box.press("Control+Enter"))

    def download_npz(self, folder: Path) -> tuple[str, dict[str, np.ndarray]]:
        """Click the page's `.npz` download button; the file's name and its arrays."""
        with self.page.expect_download() as info:
            self.page.locator('[data-testid="stDownloadButton"] button').filter(has_text=".npz").click()
        path = folder / info.value.suggested_filename
        info.value.save_as(path)
        with np.load(path) as data:
            return path.name, {name: data[name] for name in data.files}

    def slider(self, label: str):
        return self.page.locator(f'[data-testid="stSlider"] input[type="range"][aria-label="{label}"]')

    def move_slider(self, label: str, steps: int) -> None:
        """Move the slider labelled `label` by `steps` (negative: left) with the keyboard."""
        thumb = self.slider(label)
        thumb.focus()

        def press() -> None:
            for _ in range(abs(steps)):
                thumb.press("ArrowRight" if steps > 0 else "ArrowLeft")

        self.act(press)

    def slider_value(self, label: str) -> int:
        return int(self.slider(label).input_value())

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


def new_app_page(browser, server, name: str, viewport: dict | None = None) -> tuple[object, AppPage]:
    """A fresh context (own cookies, own Streamlit session) and its AppPage."""
    page = new_page(browser, viewport or TEST_VIEWPORT, accept_downloads=True)
    return page.context, AppPage(page, server, name)


# --- checks on the Image page -------------------------------------------------------------------


def predicted(app: AppPage) -> tuple[str, float]:
    """The top class and its probability from "The model says **label** (p%)."."""
    main_text = app.page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]')
    line = main_text.filter(has_text=PREDICTED).first
    line.wait_for()
    label, percent = PREDICTED.search(line.inner_text()).groups()
    return label, float(percent)


def assert_traced(app: AppPage) -> str:
    """The uploaded image was traced: prediction, picture and heads shown (live explorer or Heads figure), no error."""
    assert not app.errors(), app.errors()
    label, percent = predicted(app)
    assert 0 < percent <= 100
    from playwright.sync_api import expect

    # While a rerun replaces the page, the old picture's caption may stand beside the new one for a moment (or
    # neither be drawn yet): wait for exactly one rather than count at one instant.
    expect(app.page.get_by_text(re.compile(r"What the model sees: \d+×\d+ pixels"))).to_have_count(1, timeout=15_000)
    # the prediction bars and the heads: the live explorer in the default view, a Plotly figure in "Heads"
    app.page.wait_for_function(_PREDICTIONS_AND_HEADS, timeout=app.run_timeout_ms)
    app.assert_healthy()
    return label


def near(colour, expected, tolerance=40) -> bool:
    return bool(np.all(np.abs(np.asarray(colour, dtype=int) - np.asarray(expected)) <= tolerance))
