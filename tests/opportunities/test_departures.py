"""« Départs à anticiper »: the desk's list of its professionals aged 60 and over and expected
departures, with the risk for the commune and the succession prepared (or a link to prepare
it), filters, pagination, a CSV, the desk's scope and a constant query count."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opportunities import departures as departures_list
from portal.models import AccessAction, AccessLog
from structures.models import OpportunityKind, Professional, VacancyStatus
from tests.structures.factories import (
    MembershipFactory,
    ProfessionalFactory,
    StructureFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("opportunities:departures")
CSV_URL = reverse("opportunities:departures_csv")
TODAY = timezone.localdate()
YEAR = TODAY.year


def visible(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(response.content.decode())).split())


def succession(commune, profession, **kwargs):
    return VacancyFactory(
        structure=None,
        commune=commune,
        profession=profession,
        kind=OpportunityKind.SUCCESSION,
        offerer_kind="practitioner",
        **kwargs,
    )


@pytest.fixture
def territory(figeac, cahors, gramat, auch, gp, professions):
    """Figeac: Dr Lagarde (64, GP, of the hospital), alone of her profession but for Dr Roux
    (61); Dr Bru (45). Cahors: Dr Vidal (66), whose succession is open; a nurse aged 70 with no
    name. Gramat: Dr Cassagne, retiring next month (announced). In the Gers: Dr Daguin (65)."""
    hospital = StructureFactory(name="Centre hospitalier de Figeac", commune=figeac)
    lagarde = ProfessionalFactory(
        first_name="Anne", last_name="Lagarde", commune=figeac, birth_year=YEAR - 64
    )
    MembershipFactory(professional=lagarde, structure=hospital)
    ProfessionalFactory(first_name="Paul", last_name="Roux", commune=figeac, birth_year=YEAR - 61)
    ProfessionalFactory(first_name="Léa", last_name="Bru", commune=figeac, birth_year=YEAR - 45)
    ProfessionalFactory(
        first_name="Jean",
        last_name="Vidal",
        commune=cahors,
        birth_year=YEAR - 66,
        source="imported",
    )
    ProfessionalFactory(
        first_name="",
        last_name="",
        commune=cahors,
        birth_year=YEAR - 70,
        profession=professions["infirmier"],
    )
    ProfessionalFactory(
        first_name="Marc",
        last_name="Cassagne",
        commune=gramat,
        birth_year=None,
        status="retired",
        status_changed_on=TODAY + timedelta(days=30),
    )
    ProfessionalFactory(  # retired last year: gone, not to anticipate
        last_name="Delpech",
        commune=gramat,
        birth_year=YEAR - 72,
        status="retired",
        status_changed_on=TODAY - timedelta(days=300),
    )
    ProfessionalFactory(first_name="Luc", last_name="Daguin", commune=auch, birth_year=YEAR - 65)
    succession(cahors, gp, offerer_name="Dr Vidal", status=VacancyStatus.OPEN)
    return hospital


def rows_of(response):
    return {row.last_name or "?": row for row in response.context["rows"]}


def test_only_staff_and_superusers(client, newcomer, referent, coordinator):
    assert client.get(URL).status_code == 302  # sign in first
    for user in (newcomer, referent, coordinator):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.get(CSV_URL).status_code == 404


def test_the_desk_sees_its_territory_with_the_risk_and_the_succession(
    client, staff, territory, figeac, cahors, gp
):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    rows = rows_of(response)
    assert set(rows) == {"Lagarde", "Roux", "Vidal", "?", "Cassagne"}  # not Bru, Delpech, Daguin
    lagarde = rows["Lagarde"]
    assert (lagarde.age, lagarde.structure_names) == (64, "Centre hospitalier de Figeac")
    assert lagarde.departure == "départ attendu d'ici 5 ans"
    assert rows["Roux"].departure == "60 ans ou plus"
    assert rows["Cassagne"].departure.startswith("départ annoncé le ")
    # Figeac keeps Dr Bru once Dr Lagarde and Dr Roux leave; Cahors keeps no other GP.
    assert lagarde.risk == "2 autres, dont 1 à anticiper aussi" and not lagarde.at_risk
    assert rows["Vidal"].alone and rows["Vidal"].at_risk
    assert rows["Vidal"].succession.kind == OpportunityKind.SUCCESSION
    assert rows["Vidal"].succession_label == "offre publiée"
    assert rows["Vidal"].from_directory
    # No succession yet: the link pre-fills the admin's new offer.
    prepare = urlsplit(lagarde.prepare_url)
    assert prepare.path == reverse("admin:structures_vacancy_add")
    assert parse_qs(prepare.query) == {
        "kind": ["succession"],
        "commune": [figeac.pk],
        "profession": [str(gp.pk)],
        "offerer_kind": ["practitioner"],
        "offerer_name": ["Anne Lagarde"],
    }
    text = visible(response)
    assert "Départs à anticiper" in text
    assert "Préparer une succession" in text
    assert "Offre publiée" in text
    assert "importé (Annuaire Santé)" in text
    assert "nom inconnu" in text
    assert "Daguin" not in text  # another desk's territory
    html = response.content.decode()
    assert "<caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    assert f'href="{reverse("installations:dashboard")}"' in html  # a way back


def test_other_desk_and_superuser(client, other_staff, superuser, territory):
    client.force_login(other_staff)
    assert set(rows_of(client.get(URL))) == {"Daguin"}
    client.force_login(superuser)
    assert {"Daguin", "Lagarde", "Vidal"} <= set(rows_of(client.get(URL)))


def test_a_succession_tied_by_name_or_place_and_only_the_desks(
    client, staff, territory, figeac, cahors, auch, gp, professions
):
    # Offered under Dr Lagarde's name in her commune, still waiting for validation.
    succession(figeac, None, offerer_name="Cabinet du Dr LAGARDE", status=VacancyStatus.PENDING)
    # A closed or refused succession does not count; nor does another kind of offer.
    succession(figeac, gp, status=VacancyStatus.CLOSED)
    VacancyFactory(structure=territory, profession=gp, kind=OpportunityKind.REPLACEMENT)
    # The nurse of Cahors: a filled succession for nurses in Cahors.
    succession(cahors, professions["infirmier"], status=VacancyStatus.FILLED)
    # Another desk's offer for the same name is not ours.
    succession(auch, gp, offerer_name="Dr Roux")
    client.force_login(staff)
    rows = rows_of(client.get(URL))
    assert rows["Lagarde"].succession_label == "offre à valider"
    assert rows["Roux"].succession is None
    assert rows["?"].succession_label == "successeur trouvé"
    assert rows["Cassagne"].succession is None


def test_a_short_or_empty_name_ties_nothing(staff, figeac, gp):
    ProfessionalFactory(first_name="", last_name="Li", commune=figeac, birth_year=YEAR - 63)
    ProfessionalFactory(first_name="", last_name="", commune=figeac, birth_year=YEAR - 63)
    succession(figeac, None, offerer_name="Dr Olivier")
    rows = list(departures_list.departures(staff))
    assert [row.succession_pk for row in rows] == [None, None]


def test_filters(client, staff, territory, figeac, cahors, gp, professions, grand_figeac):
    client.force_login(staff)
    assert set(rows_of(client.get(URL, {"profession": professions["infirmier"].pk}))) == {"?"}
    assert set(rows_of(client.get(URL, {"commune": figeac.pk}))) == {"Lagarde", "Roux"}
    assert set(rows_of(client.get(URL, {"epci": grand_figeac.pk}))) == {"Lagarde", "Roux"}
    without = rows_of(client.get(URL, {"sans_succession": "on"}))
    assert "Vidal" not in without and "Lagarde" in without
    by_age = [row.last_name for row in client.get(URL, {"tri": "age"}).context["rows"]]
    assert by_age[:2] == ["", "Vidal"] and by_age[-1] == "Cassagne"  # unknown age last
    # A choice of another desk or a malformed one: a form error, never a 500.
    for bad in ({"commune": "32013"}, {"profession": "abc"}, {"tri": "x"}, {"page": "10**20"}):
        assert client.get(URL, bad).status_code == 200
    response = client.get(URL, {"commune": "32013"})
    assert response.context["filter"].errors
    empty = client.get(URL, {"profession": professions["infirmier"].pk, "commune": figeac.pk})
    assert "Aucun professionnel ne correspond à ces filtres." in visible(empty)


def test_empty_state(client, staff):
    client.force_login(staff)
    text = visible(client.get(URL))
    assert "Aucun professionnel de 60 ans ou plus ni départ attendu" in text
    assert "Télécharger la liste" not in text


def test_csv_is_scoped_filtered_and_traced(client, staff, territory, figeac):
    client.force_login(staff)
    response = client.get(CSV_URL, {"commune": figeac.pk})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = content.split("\r\n")
    assert lines[0].startswith("commune;code INSEE;intercommunalité;nom;prénom;profession")
    assert len([line for line in lines if line]) == 3  # header, Lagarde, Roux
    assert "Lagarde" in content and "Vidal" not in content and "Daguin" not in content
    log = AccessLog.objects.get(user=staff, action=AccessAction.CSV_EXPORT)
    assert "departs-a-anticiper" in log.label


def test_pagination_is_bounded(client, staff, figeac):
    ProfessionalFactory.create_batch(30, commune=figeac, birth_year=YEAR - 63)
    client.force_login(staff)
    response = client.get(URL, {"page": "99"})
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert len(response.context["rows"]) == 5


def test_query_count_is_constant_from_3_to_30_rows(client, staff, figeac, cahors, gp):
    hospital = StructureFactory(commune=figeac)

    def add(count):
        for index in range(count):
            commune = figeac if index % 2 else cahors
            professional = ProfessionalFactory(commune=commune, birth_year=YEAR - 60 - index % 8)
            MembershipFactory(professional=professional, structure=hospital)
            if index % 3 == 0:
                succession(commune, gp, offerer_name=f"Dr {professional.last_name}")

    def count():
        with CaptureQueriesContext(connection) as context:
            response = client.get(URL)
        assert response.status_code == 200
        return len(context.captured_queries), len(response.context["rows"])

    client.force_login(staff)
    add(3)
    client.get(URL)  # warm-up: session, caches
    small, shown = count()
    assert shown == 3
    add(27)
    large, shown = count()
    assert shown == 25
    assert large == small
    assert small <= 15, small


def test_the_dashboard_links_here(client, staff):
    client.force_login(staff)
    assert f'href="{URL}"' in client.get(reverse("installations:dashboard")).content.decode()


def test_same_definition_as_the_observatory(staff, territory, figeac):
    """The observatory's « 60 ans ou plus » and expected departures are the list's."""
    gps = Professional.objects.visible_to(staff).general_practitioners().active()
    assert gps.aged(60).count() == 3  # Lagarde, Roux, Vidal; not Daguin (Gers), not Delpech
    assert set(gps.expected_departures().values_list("last_name", flat=True)) == {
        "Lagarde",
        "Vidal",
    }


def test_prepare_a_succession_opens_the_admin_pre_filled(client, staff, territory, figeac, gp):
    client.force_login(staff)
    lagarde = rows_of(client.get(URL))["Lagarde"]
    response = client.get(lagarde.prepare_url)
    assert response.status_code == 200
    initial = response.context["adminform"].form.initial
    assert initial["kind"] == "succession"
    assert initial["offerer_kind"] == "practitioner"
    assert initial["offerer_name"] == "Anne Lagarde"
    assert str(initial["commune"]) == figeac.pk and str(initial["profession"]) == str(gp.pk)
