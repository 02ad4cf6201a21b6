"""The app as a whole: it loads cleanly, navigates, and switches to Korean."""

import pytest

pytestmark = pytest.mark.browser

ENGLISH_PAGES = ["Image", "Sentence", "Step-through", "About"]
KOREAN_PAGES = ["이미지", "문장", "단계별 계산", "소개"]


def test_app_loads_without_an_exception(app):
    app.open()
    assert app.page.title() == "Attention Atlas"
    app.assert_healthy()


def test_sidebar_navigation_lists_the_four_pages_and_each_opens(app):
    app.open()
    assert app.nav_labels() == ENGLISH_PAGES
    for label in ["About", "Step-through", "Sentence", "Image"]:
        app.goto_page(label)
        assert app.page.locator("h1").first.inner_text().strip().startswith(label)
        app.assert_healthy()


def test_switching_to_korean_changes_the_navigation_and_the_url(app):
    app.open()
    app.choose_language("한국어")
    app.page.wait_for_function(
        "label => [...document.querySelectorAll('[data-testid=\"stSidebarNavLink\"]')]"
        ".some(a => a.innerText.includes(label))",
        arg=KOREAN_PAGES[0],
    )
    assert app.nav_labels() == KOREAN_PAGES
    assert "lang=ko" in app.page.url
    app.goto_page("소개")  # the choice survives moving between pages
    assert app.nav_labels() == KOREAN_PAGES
    assert app.page.locator("h1").first.inner_text().strip().startswith("소개")
    app.choose_language("English")
    app.page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stSidebarNavLink\"]')]"
        ".some(a => a.innerText.includes('About'))"
    )
    assert app.nav_labels() == ENGLISH_PAGES
    app.assert_healthy()


def test_language_link_opens_in_korean(app):
    app.open(lang="ko")
    assert app.nav_labels() == KOREAN_PAGES
    app.assert_healthy()
