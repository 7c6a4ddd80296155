"""Training sites: public list with the directory's filters and map, « ce terrain de stage
m'intéresse », and the placement request (its own step and checklist)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from installations.enums import CaseStatus, EventKind
from installations.kinds import CaseKind
from installations.models import Case
from tests.installations.factories import StepTemplateFactory
from tests.structures.factories import PlacementFactory, StructureFactory
from tests.students.factories import PlacementCaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(figeac, gp):
    return PlacementFactory(
        name="Stage de médecine générale — MSP de Figeac",
        structure=StructureFactory(name="MSP de Figeac", commune=figeac),
        offers_housing=True,
        accepts_externs=True,
    )


def test_list_shows_published_sites_with_filters(client, site, cahors, gp):
    other = PlacementFactory(
        name="Urgences — Cahors",
        structure=StructureFactory(name="CH Cahors", commune=cahors),
        accepts_externs=False,
    )
    PlacementFactory(name="Stage masqué", published=False)
    page = client.get(reverse("structures:placements"))
    text = page.content.decode()
    assert "MSP de Figeac" in text and "Urgences — Cahors" in text
    assert "Stage masqué" not in text
    assert "2 terrains de stage" in text

    externs = client.get(reverse("structures:placements"), {"niveau": "externe"})
    assert "MSP de Figeac" in externs.content.decode()
    assert "Urgences — Cahors" not in externs.content.decode()

    housing = client.get(reverse("structures:placements"), {"logement": "on"})
    assert "Urgences — Cahors" not in housing.content.decode()

    near = client.get(reverse("structures:placements"), {"pres_de": "Cahors", "rayon": "20"})
    assert "Urgences — Cahors" in near.content.decode()
    assert "MSP de Figeac" not in near.content.decode()  # ~60 km away

    markers = client.get(reverse("structures:placement_markers"), {"niveau": "externe"}).json()
    assert [m["name"] for m in markers["structures"]] == [site.name]
    assert markers["structures"][0]["url"] == reverse("structures:placement", args=[site.pk])
    assert other.pk  # listed above


def test_detail_and_unpublished_404(client, site):
    page = client.get(site.get_absolute_url())
    assert page.status_code == 200
    assert "Externe (2e cycle), interne (3e cycle)" in page.content.decode()
    assert "Connectez-vous" in page.content.decode()
    hidden = PlacementFactory(published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_list_query_count_is_constant(client, figeac, gp):
    def count():
        client.get(reverse("structures:placements"))
        with CaptureQueriesContext(connection) as context:
            assert (
                client.get(reverse("structures:placements"), {"niveau": "interne"}).status_code
                == 200
            )
        return len(context.captured_queries)

    structure = StructureFactory(commune=figeac)
    PlacementFactory.create_batch(5, structure=structure)
    small = count()
    PlacementFactory.create_batch(60, structure=structure)
    assert count() == small
    assert small <= 8


def test_interest_without_case_starts_a_placement_draft(client, newcomer, site, desk):
    client.force_login(newcomer)
    response = client.post(reverse("students:placement_interest", args=[site.pk]))
    case = Case.objects.get(applicant=newcomer)
    assert response.url == reverse("installations:request_step", args=[case.pk, "vous"])
    assert case.kind == CaseKind.PLACEMENT and case.status == CaseStatus.DRAFT
    assert list(case.wished_placements.all()) == [site]
    assert list(case.wished_communes.all()) == [site.commune]
    assert case.events.filter(kind=EventKind.UPDATE, body__contains=site.name).exists()
    # twice: nothing duplicated
    client.post(reverse("students:placement_interest", args=[site.pk]))
    assert Case.objects.filter(applicant=newcomer).count() == 1
    assert case.events.filter(kind=EventKind.UPDATE).count() == 1


def test_interest_adds_to_open_placement_case(client, newcomer, site, desk, gp, figeac):
    case = PlacementCaseFactory(applicant=newcomer, desk=desk, profession=gp, communes=[figeac])
    client.force_login(newcomer)
    response = client.post(reverse("students:placement_interest", args=[site.pk]))
    assert response.url == case.get_absolute_url()
    assert list(case.wished_placements.all()) == [site]


def test_staff_and_anonymous_cannot_express_interest(client, staff, site):
    response = client.post(reverse("students:placement_interest", args=[site.pk]))
    assert response.status_code == 302 and "/comptes/" in response.url
    client.force_login(staff)
    assert client.post(reverse("students:placement_interest", args=[site.pk])).status_code == 404


def test_placement_request_has_its_own_step(client, newcomer, site, desk, gp):
    client.force_login(newcomer)
    client.post(reverse("students:placement_interest", args=[site.pk]))
    case = Case.objects.get(applicant=newcomer)
    response = client.post(
        reverse("installations:request_step", args=[case.pk, "profession"]),
        {"kind": "placement", "profession": gp.pk, "situation": "intern", "action": "next"},
    )
    assert response.url == reverse("installations:request_step", args=[case.pk, "stage"])
    page = client.get(response.url)
    assert "Votre stage" in page.content.decode() and site.name in page.content.decode()
    missing = client.post(response.url, {"action": "next", "placements": [site.pk]})
    assert "Ce champ est obligatoire" in missing.content.decode()
    done = client.post(
        response.url,
        {
            "action": "next",
            "placement_level": "interne",
            "faculty": "Université de Toulouse",
            "study_year": "8",
            "placement_start": "2026-11-02",
            "placement_end": "2027-04-30",
            "housing_needed": "on",
            "placements": [site.pk],
        },
    )
    assert done.url == reverse("installations:request_step", args=[case.pk, "projet"])
    case.refresh_from_db()
    assert case.housing_needed and case.faculty == "Université de Toulouse"
    # an unchecked site leaves the case
    client.post(response.url, {"action": "save", "placement_level": "interne"})
    assert not case.wished_placements.exists()


def test_placement_checklist_uses_its_own_templates(newcomer, desk, gp, figeac, site):
    from installations import workflow

    StepTemplateFactory(title="Commune à tous", profession=None)
    StepTemplateFactory(title="Conventionnement CPAM", profession=None, case_kind="installation")
    StepTemplateFactory(title="Convention de stage", profession=None, case_kind="placement")
    case = PlacementCaseFactory(applicant=newcomer, draft=True, profession=gp, communes=[figeac])
    case.consent_at = case.created_at
    case.save()
    workflow.transition(case, CaseStatus.SUBMITTED, by=newcomer)
    assert sorted(case.steps.values_list("title", flat=True)) == [
        "Commune à tous",
        "Convention de stage",
    ]


def test_referent_confirms_the_site(client, referent, newcomer, desk, gp, figeac, site):
    case = PlacementCaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        referent=referent,
        assigned=True,
    )
    case.wished_placements.add(site)
    client.force_login(referent)
    page = client.get(reverse("installations:referent_case", args=[case.pk]))
    assert "Le stage" in page.content.decode() and site.name in page.content.decode()
    client.post(reverse("students:referent_placement", args=[case.pk]), {"placement": site.pk})
    case.refresh_from_db()
    assert case.placement_site == site
    assert case.events.filter(body__contains="Terrain de stage retenu").exists()


def test_case_pages_query_count_with_student_panels(
    client, referent, newcomer, desk, gp, figeac, site
):
    from tests.ambassadors.factories import AmbassadorFactory
    from tests.installations.test_queries import count_queries
    from tests.portal.factories import UserFactory
    from tests.students.factories import HousingRequestFactory

    case = PlacementCaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        referent=referent,
        in_progress=True,
    )
    case.wished_placements.add(site)

    def add(n):
        for _ in range(n):
            HousingRequestFactory(case=case)
            ambassador = AmbassadorFactory(commune=figeac)
            ambassador.introductions.create(case=case, topics=["schooling"], proposed_by=referent)

    add(2)
    client.force_login(referent)
    referent_url = reverse("installations:referent_case", args=[case.pk])
    referent_small = count_queries(client, referent_url)
    client.force_login(newcomer)
    newcomer_small = count_queries(client, case.get_absolute_url())
    add(20)
    UserFactory.create_batch(3)
    assert count_queries(client, case.get_absolute_url()) == newcomer_small
    client.force_login(referent)
    assert count_queries(client, referent_url) == referent_small
    # 21: the aid assessment reads the zoning layers of the wished commune (one query, issue 13).
    # « Mon dossier »: + single appointment (2) and the partner requests' cache flag (1).
    assert referent_small <= 21 and newcomer_small <= 21
