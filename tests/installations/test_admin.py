import csv
import io

import pytest
from django.urls import reverse

from installations.enums import CaseStatus
from installations.models import Case
from portal.models import OutgoingMail
from tests.installations.factories import CaseFactory, ReferentFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:installations_case_changelist")


def test_staff_see_only_their_desk_and_no_drafts(client, staff, desk, other_desk, gp, figeac, auch):
    mine = CaseFactory(desk=desk, profession=gp, communes=[figeac])
    theirs = CaseFactory(desk=other_desk, profession=gp, communes=[auch])
    draft = CaseFactory(desk=desk, profession=gp, draft=True)
    client.force_login(staff)
    html = client.get(CHANGELIST).content.decode()
    assert mine.reference in html and theirs.reference not in html
    assert f"/{draft.pk}/change/" not in html
    assert (
        client.get(reverse("admin:installations_case_change", args=[theirs.pk])).status_code == 302
    )


def test_list_columns_filters_and_search(client, staff, desk, gp, figeac, referent):
    case = CaseFactory(desk=desk, profession=gp, communes=[figeac], last_name="Durandal")
    client.force_login(staff)
    html = client.get(CHANGELIST).content.decode()
    for text in ["Figeac", "Médecin généraliste", "En retard"]:
        assert text in html
    assert case.reference in client.get(CHANGELIST, {"q": "Durandal"}).content.decode()
    assert case.reference in client.get(CHANGELIST, {"q": "Figeac"}).content.decode()
    assert (
        case.reference not in client.get(CHANGELIST, {"status__exact": "closed"}).content.decode()
    )
    assert client.get(CHANGELIST, {"retard": "oui"}).status_code == 200


def test_assign_action_is_prefilled_with_the_suggestion(client, staff, desk, gp, figeac, referent):
    ReferentFactory(user=referent, communes=[figeac])
    case = CaseFactory(desk=desk, profession=gp, communes=[figeac])
    client.force_login(staff)
    data = {"action": "assign_referent", "_selected_action": [case.pk]}
    page = client.post(CHANGELIST, data).content.decode()
    assert "couvre Figeac" in page
    assert f'<option value="{referent.pk}" selected>' in page
    assert f'name="version_{case.pk}" value="{case.version}"' in page
    response = client.post(
        CHANGELIST,
        {
            **data,
            "apply": "1",
            f"version_{case.pk}": case.version,
            f"referent_{case.pk}": referent.pk,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSIGNED and case.referent == referent
    assert OutgoingMail.objects.filter(to=referent.email).exists()


def test_decline_action_needs_a_reason(client, staff, desk, gp, figeac):
    case = CaseFactory(desk=desk, profession=gp, communes=[figeac])
    client.force_login(staff)
    data = {
        "action": "decline",
        "_selected_action": [case.pk],
        "apply": "1",
        f"version_{case.pk}": case.version,
    }
    page = client.post(CHANGELIST, {**data, "reason": ""}).content.decode()
    assert "Le motif est obligatoire." in page
    client.post(CHANGELIST, {**data, "reason": "Profession hors champ"})
    case.refresh_from_db()
    assert case.status == CaseStatus.DECLINED
    assert "Profession hors champ" in OutgoingMail.objects.get(to=case.applicant.email).body_text


def test_export_csv_of_the_filtered_list(client, staff, desk, other_desk, gp, figeac, auch):
    mine = CaseFactory(desk=desk, profession=gp, communes=[figeac])
    CaseFactory(desk=other_desk, profession=gp, communes=[auch])
    client.force_login(staff)
    response = client.post(
        CHANGELIST,
        {
            "action": "export_csv",
            "_selected_action": list(Case.objects.values_list("pk", flat=True)),
        },
    )
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff")),
            delimiter=";",
        )
    )
    assert rows[0][0] == "référence"
    assert [row[0] for row in rows[1:]] == [mine.reference]
    assert rows[1][7] == "Figeac"


def test_export_csv_neutralises_formulas_typed_by_the_applicant(client, staff, desk, gp):
    """Security: a first name typed as a formula must reach the spreadsheet as text."""
    planted = '=HYPERLINK("http://x.example/?a","y")'
    CaseFactory(desk=desk, profession=gp, first_name=planted, last_name="Piège")
    client.force_login(staff)
    response = client.post(
        CHANGELIST,
        {
            "action": "export_csv",
            "_selected_action": list(Case.objects.values_list("pk", flat=True)),
        },
    )
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeff") and "\r\n" in body
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][2] == f"'{planted} Piège"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_status_is_read_only_in_the_change_form(client, staff, desk, gp, figeac):
    case = CaseFactory(desk=desk, profession=gp, communes=[figeac])
    client.force_login(staff)
    url = reverse("admin:installations_case_change", args=[case.pk])
    html = client.get(url).content.decode()
    assert 'name="status"' not in html
    assert "Historique" in html or "historique" in html
