"""The hotline log: staff record calls in the admin, search and filter them, link a call to
a case or turn it into a draft case for the caller, pre-filled."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from hotline import services as hotline
from hotline.models import HotlineRecord
from installations.enums import CaseStatus
from installations.kinds import CaseKind, CaseOrigin
from installations.models import Case
from portal.models import OutgoingMail
from tests.hotline.factories import HotlineRecordFactory
from tests.installations.factories import CaseFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_record_a_call_quickly(client, staff, desk, gp):
    client.force_login(staff)
    add = reverse("admin:hotline_hotlinerecord_add")
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {
            "received_at_0": "23/11/2026",
            "received_at_1": "10:30",
            "channel": "phone",
            "caller_first_name": "Karim",
            "caller_last_name": "Benali",
            "caller_email": "karim@exemple.test",
            "caller_phone": "01 99 00 49 11",
            "profession": gp.pk,
            "request_kind": "placement",
            "subject": "Stage d'interne au semestre d'hiver",
            "answer": "Liste des terrains de stage envoyée.",
            "follow_up_needed": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = HotlineRecord.objects.get()
    assert record.desk == desk and record.recorded_by == staff
    listing = client.get(
        reverse("admin:hotline_hotlinerecord_changelist"), {"q": "Benali", "suite": "a-faire"}
    )
    assert "Stage d&#x27;interne" in listing.content.decode()


def test_staff_see_only_their_desk_calls(client, staff, other_staff, desk, other_desk):
    mine = HotlineRecordFactory(desk=desk, subject="Appel du Lot")
    HotlineRecordFactory(desk=other_desk, subject="Appel du Gers")
    client.force_login(other_staff)
    page = client.get(reverse("admin:hotline_hotlinerecord_changelist")).content.decode()
    assert "Appel du Gers" in page and "Appel du Lot" not in page
    url = reverse("admin:hotline_hotlinerecord_change", args=[mine.pk])
    assert client.get(url).status_code == 302  # « not found » → back to the admin index


def test_turn_a_call_into_a_draft_case(client, staff, desk, gp):
    record = HotlineRecordFactory(
        desk=desk,
        profession=gp,
        caller_first_name="Sophie",
        caller_last_name="Arnal",
        caller_email="Sophie.Arnal@exemple.test",
        subject="Recherche d'un terrain de stage",
        answer="Terrains de stage du Lot présentés.",
    )
    client.force_login(staff)
    client.post(
        reverse("admin:hotline_hotlinerecord_changelist"),
        {"action": "make_draft_case", "_selected_action": [record.pk]},
    )
    record.refresh_from_db()
    case = record.case
    assert case.status == CaseStatus.DRAFT
    assert case.origin == CaseOrigin.HOTLINE and case.kind == CaseKind.PLACEMENT
    assert (case.first_name, case.last_name, case.profession) == ("Sophie", "Arnal", gp)
    assert case.applicant.email == "sophie.arnal@exemple.test"
    assert not case.applicant.has_usable_password()
    assert case.project_text == "Recherche d'un terrain de stage"
    mail = OutgoingMail.objects.get(topic="hotline_draft")
    assert mail.to == "sophie.arnal@exemple.test"
    assert f"/mon-dossier/{case.pk}/demande/vous/" in mail.body_text
    # The caller, signed in, finds the draft pre-filled.
    client.force_login(case.applicant)
    page = client.get(reverse("installations:request_step", args=[case.pk, "vous"]))
    assert 'value="Sophie"' in page.content.decode()


def test_a_call_can_be_linked_to_an_existing_case(newcomer, staff, desk, gp, figeac):
    case = CaseFactory(applicant=newcomer, desk=desk, profession=gp, communes=[figeac])
    record = HotlineRecordFactory(desk=desk, profession=gp, caller_email=newcomer.email)
    assert hotline.to_draft_case(record, by=staff) == case  # open case of that profession
    assert Case.objects.filter(applicant=newcomer).count() == 1
    assert case.events.filter(kind="note", body__contains="Appel à la permanence").exists()
    with pytest.raises(hotline.HotlineError):
        hotline.to_draft_case(record, by=staff)


def test_no_draft_without_an_email_or_for_a_team_account(staff, desk, referent):
    with pytest.raises(hotline.HotlineError):
        hotline.to_draft_case(HotlineRecordFactory(desk=desk, caller_email=""), by=staff)
    with pytest.raises(hotline.HotlineError):
        hotline.to_draft_case(
            HotlineRecordFactory(desk=desk, caller_email=referent.email), by=staff
        )
    assert get_user_model().objects.filter(email__endswith="@exemple.test").count() >= 2
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "model",
    [
        "hotlinerecord",
        "housingoffer",
        "housingrequest",
        "housingallocation",
        "ambassador",
        "introduction",
        "case",
    ],
)
def test_admin_pages_open_for_staff(client, staff, desk, gp, figeac, model):
    from tests.ambassadors.factories import AmbassadorFactory
    from tests.students.factories import (
        HousingPeriodFactory,
        HousingRequestFactory,
        PlacementCaseFactory,
    )

    case = PlacementCaseFactory(
        applicant=UserFactory(), desk=desk, profession=gp, communes=[figeac]
    )
    period = HousingPeriodFactory(offer__commune=figeac)
    HousingRequestFactory(case=case, wished_offer=period.offer)
    AmbassadorFactory(commune=figeac)
    HotlineRecordFactory(desk=desk)
    client.force_login(staff)
    app = {
        "hotlinerecord": "hotline",
        "housingoffer": "students",
        "housingrequest": "students",
        "housingallocation": "students",
        "ambassador": "ambassadors",
        "introduction": "ambassadors",
    }.get(model, "installations")
    listing = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert listing.status_code == 200
    objects = {
        "case": case,
        "housingoffer": period.offer,
        "housingrequest": case.housing_requests.get(),
        "ambassador": AmbassadorFactory._meta.model.objects.get(),
        "hotlinerecord": HotlineRecord.objects.get(),
    }
    if model in objects:
        change = reverse(f"admin:{app}_{model}_change", args=[objects[model].pk])
        page = client.get(change)
        assert page.status_code == 200
        if model == "case":
            assert "Nature, origine et stage" in page.content.decode()


def test_placement_admin_is_scoped(client, staff, other_staff, figeac, gp):
    from tests.structures.factories import PlacementFactory

    site = PlacementFactory(name="Stage à Figeac", structure__commune=figeac)
    client.force_login(staff)
    url = reverse("admin:structures_placement_changelist")
    assert "Stage à Figeac" in client.get(url).content.decode()
    assert (
        client.get(reverse("admin:structures_placement_change", args=[site.pk])).status_code == 200
    )
    client.force_login(other_staff)
    assert "Stage à Figeac" not in client.get(url).content.decode()
