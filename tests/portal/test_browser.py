"""The public pages in headless Chromium: no console error, no serious axe violation, usable
at 320 pixels and with the keyboard."""

import pytest

from tests.browser import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/", "/comptes/login/", "/comptes/signup/", "/confidentialite/"])
def test_page_has_no_console_error_and_no_serious_axe_violation(page, desk, path):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert serious_violations(page) == []
    assert page.console_errors == []


def test_home_at_320_pixels_and_keyboard_skip_link(page, desk):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.get_by_role("link", name="Déposer ma demande").click()
    assert page.url.endswith("/comptes/signup/")
    assert page.console_errors == []
