"""The admin's one scope (``portal.admin_scope``): rows, choices, pre-filled values, list
filters, actions and « voir sur le site » never show nor touch another desk's objects; out of
scope is as if it did not exist (issue 14)."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from events.models import Invitation
from hotline.models import HotlineRecord
from installations import workflow
from installations.enums import CaseStatus
from installations.models import StepTemplate
from tests.aids.factories import SchemeFactory
from tests.events.factories import EventFactory
from tests.hotline.factories import HotlineRecordFactory
from tests.installations.factories import CaseFactory, ReferentFactory, StepTemplateFactory
from tests.portal.factories import UserFactory
from tests.structures.factories import PlacementFactory, ProfessionalFactory, StructureFactory
from tests.students.factories import (
    HousingPeriodFactory,
    HousingRequestFactory,
    PlacementCaseFactory,
)
from tests.territories.factories import DeskMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger(db):
    """An account that belongs to no desk of the admin user."""
    return UserFactory(
        first_name="Ondine", last_name="Secrète", email="ondine.secrete@exemple.test"
    )


@pytest.fixture
def my_case(desk, gp, figeac):
    return CaseFactory(desk=desk, profession=gp, communes=[figeac])


@pytest.fixture
def their_case(other_desk, gp, auch):
    return CaseFactory(desk=other_desk, profession=gp, communes=[auch], last_name="Gersois")


def without_csrf_token(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())


def html_of(client, user, url, data=None):
    client.force_login(user)
    response = client.get(url, data)
    assert response.status_code == 200
    return response.content.decode()


# --- 1. Pre-filled add pages ----------------------------------------------------------------
@pytest.mark.parametrize(
    "persona,url",
    [
        ("coordinator", "admin:events_invitation_add"),
        ("staff", "admin:events_invitation_add"),
        ("staff", "admin:ambassadors_ambassador_add"),
    ],
)
def test_an_add_page_does_not_name_an_account_out_of_reach(request, client, stranger, persona, url):
    html = html_of(client, request.getfixturevalue(persona), reverse(url), {"user": stranger.pk})
    assert "Secrète" not in html and stranger.email not in html


def test_an_add_page_names_an_object_in_reach(client, staff, my_case):
    add = reverse("admin:hotline_hotlinerecord_add")
    assert my_case.reference in html_of(client, staff, add, {"case": my_case.pk})


def test_add_pages_ignore_other_desks_objects(client, staff, other_desk, auch, their_case):
    draft = EventFactory(desk=other_desk, commune=auch, title="Brouillon du Gers", draft=True)
    professional = ProfessionalFactory(first_name="Gaston", last_name="Gersois", commune=auch)
    hidden = StructureFactory(name="Maison de santé cachée", commune=auch, published=False)
    scheme = SchemeFactory(
        name="Dispositif caché du Gers",
        desk=other_desk,
        published=False,
        territory_level="department",
        department=auch.department,
    )
    for url, params, secret in [
        ("admin:hotline_hotlinerecord_add", {"case": their_case.pk}, their_case.reference),
        ("admin:events_invitation_add", {"event": draft.pk}, "Brouillon du Gers"),
        ("admin:events_invitation_add", {"professional": professional.pk}, "Gersois"),
        ("admin:students_housingoffer_add", {"structure": hidden.pk}, "Maison de santé cachée"),
        ("admin:aids_scheme_add", {"replaced_by": scheme.pk}, "Dispositif caché du Gers"),
    ]:
        assert secret not in html_of(client, staff, reverse(url), params), url


def test_a_malformed_id_in_the_url_is_ignored(client, staff):
    html_of(client, staff, reverse("admin:hotline_hotlinerecord_add"), {"case": "abc"})
    html_of(client, staff, reverse("admin:events_invitation_add"), {"user": "abc", "event": "x"})


def test_posting_an_account_out_of_reach_saves_nothing_and_names_nothing(
    client, coordinator, desk, figeac, stranger
):
    event = EventFactory(desk=desk, commune=figeac)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:events_invitation_add"),
        {"event": event.pk, "user": stranger.pk, "first_name": "Ondine", "email": "o@exemple.test"},
    )
    assert response.status_code == 200
    assert "Secrète" not in response.content.decode()
    assert not Invitation.objects.filter(user=stranger).exists()


# --- 2. The hotline log stays on its desk -------------------------------------------------
def test_a_hotline_record_cannot_point_at_another_desks_case(client, staff, gp, their_case):
    client.force_login(staff)
    response = client.post(
        reverse("admin:hotline_hotlinerecord_add"),
        {
            "received_at_0": "23/11/2026",
            "received_at_1": "10:30",
            "channel": "phone",
            "caller_last_name": "Benali",
            "profession": gp.pk,
            "request_kind": "information",
            "subject": "Suite de son dossier",
            "case": their_case.pk,
        },
    )
    assert response.status_code == 200
    assert their_case.reference not in response.content.decode()
    assert not HotlineRecord.objects.exists()


def test_the_draft_case_action_leaves_another_desks_case_alone(client, staff, desk, gp, their_case):
    record = HotlineRecordFactory(desk=desk, profession=gp, caller_email=their_case.applicant.email)
    client.force_login(staff)
    response = client.post(
        reverse("admin:hotline_hotlinerecord_changelist"),
        {"action": "make_draft_case", "_selected_action": [record.pk]},
        follow=True,
    )
    assert "suivi par un autre guichet" in response.content.decode()
    assert not their_case.events.filter(kind="note").exists()
    record.refresh_from_db()
    assert record.case is None


def test_coordinators_do_not_file_hotline_records(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("admin:hotline_hotlinerecord_add")).status_code == 403


# --- 3. Choice lists and list filters -------------------------------------------------------
def test_event_partner_structures_are_the_desks(client, coordinator, figeac, auch, professions):
    StructureFactory(name="Maison de santé figeacoise", commune=figeac)
    StructureFactory(name="Maison de santé auscitaine", commune=auch)
    html = html_of(client, coordinator, reverse("admin:events_event_add"))
    assert "Maison de santé figeacoise" in html
    assert "Maison de santé auscitaine" not in html


def test_wished_training_sites_are_the_desks_and_the_case_keeps_its_own(
    client, staff, desk, gp, figeac, auch
):
    PlacementFactory(name="Stage à Figeac", structure__commune=figeac)
    PlacementFactory(name="Stage à Auch", structure__commune=auch)
    wished = PlacementFactory(name="Stage souhaité à Auch", structure__commune=auch)
    case = PlacementCaseFactory(desk=desk, profession=gp, communes=[figeac])
    case.wished_placements.add(wished)
    html = html_of(client, staff, reverse("admin:installations_case_change", args=[case.pk]))
    assert "Stage à Figeac" in html and "Stage à Auch" not in html
    assert f'<option value="{wished.pk}" selected>Stage souhaité à Auch</option>' in html


def test_housing_offers_in_filters_selects_and_allocation(client, staff, desk, gp, figeac, auch):
    mine = HousingPeriodFactory(offer__name="Maison des internes de Figeac", offer__commune=figeac)
    HousingPeriodFactory(offer__name="Maison des internes d'Auch", offer__commune=auch)
    case = PlacementCaseFactory(desk=desk, profession=gp, communes=[figeac])
    item = HousingRequestFactory(case=case, wished_offer=mine.offer)
    changelist = reverse("admin:students_housingrequest_changelist")
    pages = [
        html_of(client, staff, changelist),
        html_of(client, staff, reverse("admin:students_housingrequest_change", args=[item.pk])),
        client.post(
            changelist, {"action": "allocate", "_selected_action": [item.pk]}
        ).content.decode(),
    ]
    for html in pages:
        assert "Maison des internes de Figeac" in html
        assert "Maison des internes d&#x27;Auch" not in html and "d'Auch" not in html


def test_relation_filters_offer_only_the_desks_objects(client, staff, superuser, desk, other_desk):
    changelist = reverse("admin:events_invitation_changelist")
    assert other_desk.name not in html_of(client, staff, changelist)
    html = html_of(client, superuser, changelist)
    assert desk.name in html and other_desk.name in html


def test_a_malformed_selection_is_ignored(client, staff, my_case):
    client.force_login(staff)
    response = client.post(
        reverse("admin:installations_case_changelist"),
        {"action": "decline", "_selected_action": ["abc", my_case.pk]},
    )
    assert response.status_code == 200
    assert my_case.reference in response.content.decode()


# --- 4. « Voir sur le site » ----------------------------------------------------------------
def test_view_on_site_is_404_out_of_scope_exactly_as_for_a_missing_object(
    client, staff, my_case, their_case
):
    content_type = ContentType.objects.get_for_model(their_case).pk
    client.force_login(staff)
    mine = client.get(f"/admin/r/{content_type}/{my_case.pk}/")
    theirs = client.get(f"/admin/r/{content_type}/{their_case.pk}/")
    missing = client.get(f"/admin/r/{content_type}/{their_case.pk + 1000}/")
    assert mine.status_code == 302 and mine["Location"].endswith(my_case.get_absolute_url())
    assert theirs.status_code == missing.status_code == 404
    assert without_csrf_token(theirs) == without_csrf_token(missing)


# --- 5. Checklist templates -----------------------------------------------------------------
def test_staff_read_the_checklist_templates_that_only_superusers_change(client, staff, superuser):
    template = StepTemplateFactory(title="Inscription au tableau de l'Ordre", profession=None)
    change = reverse("admin:installations_steptemplate_change", args=[template.pk])
    html = html_of(client, staff, reverse("admin:installations_steptemplate_changelist"))
    assert "Inscription au tableau" in html and 'name="form-0-position"' not in html
    assert 'name="title"' not in html_of(client, staff, change)
    response = client.post(change, {"title": "Modifié", "position": 1, "is_active": "on"})
    assert response.status_code == 403
    assert StepTemplate.objects.get().title == "Inscription au tableau de l'Ordre"
    assert 'name="title"' in html_of(client, superuser, change)


# --- 9. Referents ---------------------------------------------------------------------------
def test_the_referent_admin_opens_and_offers_the_desks_referent_accounts(
    client, staff, superuser, referent_profile, other_referent, other_desk
):
    gers_referent = DeskMemberFactory(
        user__referent=True, user__email="referent.gers@exemple.test", desk=other_desk
    ).user
    add = reverse("admin:installations_referent_add")
    change = reverse("admin:installations_referent_change", args=[referent_profile.pk])
    html = html_of(client, staff, add)
    assert f'<option value="{other_referent.pk}">' in html
    assert f'value="{gers_referent.pk}"' not in html
    html_of(client, staff, change)
    html_of(client, superuser, add)
    html_of(client, superuser, change)


# --- 11. Assigning from a stale page --------------------------------------------------------
def test_assigning_a_case_changed_since_the_page_was_shown_is_refused(
    client, staff, desk, gp, figeac, referent, other_referent
):
    ReferentFactory(user=referent, communes=[figeac])
    ReferentFactory(user=other_referent, communes=[figeac])
    case = CaseFactory(desk=desk, profession=gp, communes=[figeac])
    changelist = reverse("admin:installations_case_changelist")
    client.force_login(staff)
    selection = {"action": "assign_referent", "_selected_action": [case.pk]}
    page = client.post(changelist, selection).content.decode()
    shown = case.version
    assert f'name="version_{case.pk}" value="{shown}"' in page

    colleague = DeskMemberFactory(user__staff=True, desk=desk).user
    workflow.transition(case, CaseStatus.ASSIGNED, by=colleague, referent=other_referent)

    response = client.post(
        changelist,
        {
            **selection,
            "apply": "1",
            f"version_{case.pk}": shown,
            f"referent_{case.pk}": referent.pk,
        },
        follow=True,
    )
    assert "Ce dossier a été modifié entre-temps" in response.content.decode()
    case.refresh_from_db()
    assert case.referent == other_referent
