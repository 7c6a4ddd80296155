"""The admin's case list fits a 1,280 px screen: no column pushed off to the right."""

from datetime import timedelta

import pytest
from django.utils import timezone

from installations.enums import CaseStatus
from tests.browser import serious_violations, sign_in
from tests.installations.factories import CaseFactory, ReferentFactory
from tests.territories.factories import CommuneFactory, DeskMemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLUMNS = ["référent", "âge", "dernière activité", "retard"]


@pytest.fixture
def long_named_cases(desk, lot, professions, figeac):
    """Demo-like rows at their longest: double-barrelled names, long professions and communes,
    each status, late and on time."""
    referent = DeskMemberFactory(
        desk=desk,
        user__referent=True,
        user__first_name="Marie-Christine",
        user__last_name="de La Rochefoucauld-Montmorency",
    ).user
    ReferentFactory(user=referent)
    communes = [
        CommuneFactory(insee_code=f"46{300 + index}", name=name, department=lot)
        for index, name in enumerate(
            ["Saint-Martin-de-Vers-la-Grande-Vallée", "Castelnau-Montratier-Sainte-Alauzie"]
        )
    ]
    long_professions = sorted(professions.values(), key=lambda p: -len(str(p)))[:3]
    statuses = [CaseStatus.SUBMITTED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS]
    for index in range(24):
        status = statuses[index % 3]
        CaseFactory(
            desk=desk,
            profession=long_professions[index % 3],
            first_name="Jean-Baptiste-Alexandre",
            last_name=f"Delacroix-Beaumarchais-Villeneuve {index}",
            status=status,
            submitted_at=timezone.now() - timedelta(days=3 * index),
            assigned_at=None if status == CaseStatus.SUBMITTED else timezone.now(),
            referent=None if status == CaseStatus.SUBMITTED else referent,
            communes=[*communes, figeac],
        )


def test_the_case_list_fits_1280_pixels(page, staff, long_named_cases):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, staff.email)
    page.goto("/admin/installations/case/")
    page.locator("#result_list").wait_for()
    right = page.evaluate("document.querySelector('#result_list').getBoundingClientRect().right")
    width = page.evaluate("window.innerWidth")
    assert right <= width, f"the table ends at {right} px, the window at {width} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Nor does it scroll inside its own box (the admin wraps the table in one that scrolls).
    assert page.evaluate(
        "(() => { const box = document.querySelector('#changelist .results');"
        " return box.scrollWidth <= box.clientWidth; })()"
    )
    headers = page.locator("#result_list thead th")
    texts = [text.strip().lower() for text in headers.all_inner_texts()]
    for column in COLUMNS:
        index = next(i for i, text in enumerate(texts) if text.startswith(column))
        box = headers.nth(index).bounding_box()
        assert box is not None and box["width"] > 0, column
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, column
    # Headers read as words, not a letter per line.
    assert page.locator("#result_list thead").bounding_box()["height"] < 80
    assert page.get_by_text("en retard").first.is_visible()  # said in words, not a colour


def test_the_desk_dashboard_is_accessible(page, staff, long_named_cases):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, staff.email)
    page.goto("/guichet/tableau-de-bord/")
    assert page.get_by_role("heading", name="Tableau de bord du guichet").is_visible()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
