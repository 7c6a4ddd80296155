"""What the headless Chromium tests share: signing in as a persona, and the accessibility
check (axe) that may find nothing serious. The ``browser`` and ``page`` fixtures live in
tests/conftest.py."""

from axe_playwright_python.sync_playwright import Axe

from tests.portal.factories import PASSWORD


def sign_in(page, email):
    page.goto("/comptes/login/")
    page.get_by_label("Courriel").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
