"""The Step-through page in a real browser: walk a toy example from the first step to the last."""

import re

import pytest

from tests.browser.helpers import new_app_page

pytestmark = pytest.mark.browser

PROGRESS = re.compile(r"Step (\d+) of (\d+)")


def progress(app) -> tuple[int, int]:
    text = app.page.locator('[data-testid="stProgress"]').first.inner_text()
    number, total = map(int, PROGRESS.search(text).groups())
    return number, total


def heading(app) -> str:
    return app.page.locator('[data-testid="stMain"] h3').first.inner_text().strip()


def button(app, label: str):
    return app.page.locator('[data-testid="stMain"] [data-testid="stButton"] button').filter(
        has=app.page.get_by_text(label, exact=True)
    ).first


def test_step_through_a_toy_example_forward_and_back_and_share_the_link(app, browser, server):
    app.open("step-through")
    app.assert_healthy()
    number, total = progress(app)
    assert number == 1 and total >= 5
    assert button(app, "Back").is_disabled()
    seen = [heading(app)]
    for expected in range(2, total + 1):
        app.click(button(app, "Next"))
        assert progress(app) == (expected, total)
        seen.append(heading(app))
        assert seen[-1].startswith(f"{expected}.")
        app.assert_healthy()
    assert len(set(seen)) == total  # every step has its own heading
    assert button(app, "Next").is_disabled()

    app.click(button(app, "Back"))
    assert progress(app) == (total - 1, total)

    # The URL carries the state: the same link in a new session opens the same step.
    link = app.page.url
    context, other = new_app_page(browser, server, app.name + "-link")
    try:
        other.page.goto(link)
        other.wait_idle()
        assert progress(other) == (total - 1, total)
        assert heading(other) == seen[total - 2]
        other.assert_healthy()
    finally:
        context.close()


@pytest.mark.parametrize("variant", ["Multi-head", "Causal (masked)", "Cross-attention", "With positional encoding",
                                     "√d_k and temperature what-if"])
def test_each_variant_steps_without_error(app, variant):
    app.open("step-through")
    app.select_option("Variant", variant)
    app.assert_healthy()
    number, total = progress(app)
    for _ in range(total - number):
        app.click(button(app, "Next"))
        app.assert_healthy()
    assert progress(app) == (total, total)
