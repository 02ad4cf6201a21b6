"""Projector-ready: at 1280×720 (a common classroom projector) every page shows a drawn figure without scrolling,
in English and Korean; presenter mode (the Step-through page's) collapses the sidebar, still shows a figure in the
first screen, and no control's label is cut off."""

from __future__ import annotations

import pytest

from tests.browser.helpers import new_app_page

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
PAGES = ["", "sentence", "translation", "step-through", "about"]  # url paths; "" is the Image page

# The first drawn figure of the main area: a Plotly plot with its SVG drawn, the live explorer (ui/live/, the Image
# and Sentence pages' default view) once it has drawn, a picture that has loaded, or (the About page's only picture)
# the rendered formula. Its top edge, in viewport pixels, before any scrolling.
_FIRST_FIGURE = """(formulaCounts) => {
  window.scrollTo(0, 0);
  const main = document.querySelector('[data-testid="stMain"]');
  const drawn = [
    ...main.querySelectorAll('.js-plotly-plot, .atlas-live[data-ready="1"]'),
  ].filter(p => (p.matches('.atlas-live') || p.querySelector('.main-svg')) && p.getBoundingClientRect().height > 50);
  const pictures = [...main.querySelectorAll('[data-testid="stImage"] img')]
    .filter(img => img.complete && img.naturalWidth > 0 && img.getBoundingClientRect().height > 50);
  const formulas = [...main.querySelectorAll('.katex-display')];
  const all = [...drawn, ...pictures, ...(formulaCounts ? formulas : [])]
    .map(el => ({kind: el.tagName.toLowerCase() === 'img' ? 'picture'
                       : el.classList.contains('katex-display') ? 'formula'
                       : el.classList.contains('atlas-live') ? 'live explorer' : 'plot',
                 top: el.getBoundingClientRect().top, height: el.getBoundingClientRect().height}))
    .filter(f => f.height > 0)
    .sort((a, b) => a.top - b.top);
  return all[0] || null;
}"""

# Labels in the main area whose text is wider than their box (an ellipsis or a clipped line).
_CUT_LABELS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const labels = main.querySelectorAll(
    '[data-testid="stWidgetLabel"] p, [data-testid="stCheckbox"] label p, [data-testid="stToggle"] label p, '
    + 'label[data-baseweb="checkbox"] p, [data-testid="stWidgetLabel"] div');
  return [...labels].filter(el => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
    .map(el => `${el.innerText.trim()} (${el.scrollWidth} > ${el.clientWidth})`);
}"""

_SIDEBAR_OPEN = """() => {
  const bar = document.querySelector('[data-testid="stSidebar"]');
  return !!bar && bar.getBoundingClientRect().right > 50 && bar.getBoundingClientRect().width > 50;
}"""


def _wait_for_a_figure(app, formula: bool = False) -> None:
    """The page is idle (AppPage.open waited); give Plotly, the live explorer and the browser a moment to draw."""
    for _ in range(40):
        if app.page.evaluate(_FIRST_FIGURE, formula) is not None:
            break
        app.page.wait_for_timeout(250)
    app.page.wait_for_timeout(500)  # Plotly sizes its SVG to the column once drawn


def _first_screen(app, where: str, formula: bool = False) -> dict:
    """The first figure's position; `formula`: the page's formula counts as its picture (the About page has no
    other)."""
    figure = app.page.evaluate(_FIRST_FIGURE, formula)
    assert figure is not None, f"{where}: no drawn figure on the page"
    assert figure["top"] < PROJECTOR["height"] - 40, (
        f"{where}: the first {figure['kind']} starts at y = {figure['top']:.0f}, below the first screen "
        f"({PROJECTOR['height']} px)")
    return figure


@pytest.fixture
def projector(request, browser, server):
    context, app = new_app_page(browser, server, request.node.name, viewport=PROJECTOR)
    try:
        yield app
    finally:
        report = getattr(request.node, "report_call", None)
        if report is None or report.failed:
            app.screenshot("failed")
        context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("path", PAGES)
def test_a_figure_is_in_the_first_screen(projector, path, lang):
    app = projector
    app.open(path, lang=lang)
    app.assert_healthy()
    _wait_for_a_figure(app, formula=path == "about")
    figure = _first_screen(app, f"/{path} ({lang})", formula=path == "about")
    print(f"/{path} {lang}: first {figure['kind']} at y = {figure['top']:.0f}")
    cut = app.page.evaluate(_CUT_LABELS)
    assert not cut, f"/{path} ({lang}): labels cut off at 1280×720: {cut}"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_presenter_mode_collapses_the_sidebar_and_shows_a_figure_with_whole_labels(projector, lang):
    app = projector
    app.open("step-through", lang=lang)
    assert app.page.evaluate(_SIDEBAR_OPEN)  # a projector's width keeps the sidebar open by default
    toggle = app.page.locator('[data-testid="stMain"] label').filter(
        has_text="Presenter mode" if lang == "en" else "발표 모드")
    app.click(toggle.first)
    app.page.wait_for_function(f"() => !({_SIDEBAR_OPEN})()", timeout=app.run_timeout_ms)
    app.assert_healthy()
    _wait_for_a_figure(app)
    figure = _first_screen(app, f"presenter mode ({lang})")
    print(f"presenter {lang}: first {figure['kind']} at y = {figure['top']:.0f}")
    cut = app.page.evaluate(_CUT_LABELS)
    assert not cut, f"presenter mode ({lang}): labels cut off at 1280×720: {cut}"
    for name in (("Quiz mode", "Presenter mode") if lang == "en" else ("퀴즈 모드", "발표 모드")):
        label = app.page.locator('[data-testid="stMain"] label').filter(has_text=name)
        assert label.count() == 1, name
        box = label.locator("p").first
        assert box.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), f"{name!r} is cut off"
        assert box.inner_text().strip() == name
