"""The app as a whole: it loads cleanly, navigates, and switches to Korean."""

import pytest

pytestmark = pytest.mark.browser

ENGLISH_PAGES = ["Image", "Sentence", "Translation", "Captioning", "Step-through", "About"]
KOREAN_PAGES = ["이미지", "문장", "번역", "캡션", "단계별 계산", "소개"]


def current_page(app) -> str:
    """The label of the navigation link marked as the current page."""
    link = app.page.locator('[data-testid="stSidebarNavLink"][aria-current="page"]')
    return link.inner_text().strip().splitlines()[-1].strip()


def test_app_loads_without_an_exception(app):
    app.open()
    assert app.page.title() == "Attention Atlas"
    app.assert_healthy()


def test_sidebar_navigation_lists_the_pages_and_each_opens(app):
    app.open()
    assert app.nav_labels() == ENGLISH_PAGES
    for label in ["About", "Step-through", "Captioning", "Translation", "Sentence", "Image"]:
        app.goto_page(label)
        assert current_page(app) == label
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
    assert current_page(app) == "소개"
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


@pytest.mark.parametrize("path, label", [("", "Image"), ("sentence", "Sentence"), ("translation", "Translation"),
                                         ("captioning", "Captioning"), ("step-through", "Step-through"),
                                         ("about", "About")])
def test_each_page_has_a_link_of_its_own(app, path, label):
    app.open(path)
    assert current_page(app) == label
    assert app.page.locator("h1").count() >= 1
    app.assert_healthy()


def test_image_page_link_works(app):
    app.open("image")
    assert current_page(app) == "Image"
    assert app.page.locator("h1").first.inner_text() == "Attention in a Vision Transformer"
    app.assert_healthy()


def test_image_page_link_keeps_the_language(app):
    app.open("image", lang="ko")
    assert current_page(app) == "이미지"
    assert "lang=ko" in app.page.url
    app.assert_healthy()
