from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting import observatory
from tests.structures.factories import ProfessionalFactory, VacancyFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def territory(desk, figeac, cahors, gp, professions):
    """Figeac (9,800 inhabitants): 6 active GPs, 2 of them 60 or more, 1 retired last year;
    Cahors (19,700): 3 active GPs, one installed through a case this year."""
    for birth_year in (YEAR - 64, YEAR - 61, YEAR - 45, YEAR - 40, YEAR - 38, YEAR - 35):
        ProfessionalFactory(commune=figeac, birth_year=birth_year, practice_start=date(2010, 1, 1))
    ProfessionalFactory(
        commune=figeac,
        birth_year=YEAR - 68,
        status="retired",
        practice_start=date(1990, 1, 1),
        status_changed_on=date(YEAR - 1, 6, 1),
    )
    ProfessionalFactory(commune=cahors, birth_year=YEAR - 50, practice_start=date(2015, 3, 1))
    ProfessionalFactory(commune=cahors, birth_year=None, practice_start=date(2018, 3, 1))
    ProfessionalFactory(
        commune=cahors, birth_year=YEAR - 33, source="case", practice_start=date(YEAR, 1, 1)
    )
    ProfessionalFactory(commune=figeac, profession=professions["infirmier"])
    return desk


def test_figures_for_a_desk(territory, figeac_hospital, professions):
    VacancyFactory(structure=figeac_hospital, profession=professions["angiologie"])
    VacancyFactory(structure=figeac_hospital, profession=professions["pediatrie"])
    VacancyFactory(structure=figeac_hospital, status="filled")
    obs = observatory.compute(territory)
    assert obs.population == 9800 + 19700
    assert obs.gps == 9
    assert obs.density == round(9 * 10000 / 29500, 1)
    assert (obs.gps_senior, obs.gps_age_known, obs.senior_share) == (2, 8, 25.0)
    assert obs.departures == 1  # aged 62 or more: 67 within 5 years
    figeac_row = next(area for area in obs.communes if area.name == "Figeac")
    assert (figeac_row.gps, figeac_row.density) == (6, round(6 * 10000 / 9800, 1))
    assert ("CC Grand-Figeac", 6) in [(area.name, area.gps) for area in obs.epcis]
    assert obs.arrivals[-1] == (YEAR, 1)
    assert len(obs.arrivals) == 10
    assert sorted(obs.vacancies) == [("Angiologie", 1), ("Pédiatrie", 1)]
    trend = {year: count for year, count, _density in obs.trend}
    assert trend[YEAR] == 9
    assert trend[YEAR - 1] == 8  # the GP who retired last year is gone by its end
    assert trend[YEAR - 2] == 9  # … and still counted the year before


def test_public_page_masks_counts_below_five(client, territory):
    response = client.get(reverse("reporting:observatory"))
    assert response.status_code == 200
    rows = {section["id"]: section["rows"] for section in response.context["sections"]}
    communes = {row[0]: row for row in rows["communes"]}
    assert communes["Figeac"][2] == 6
    assert communes["Cahors"][2:] == ["moins de 5", "moins de 5"]
    summary = dict(rows["synthese"])
    assert summary["Médecins généralistes de 60 ans ou plus"] == "moins de 5"
    assert summary["Part des médecins généralistes de 60 ans ou plus (%)"] == "moins de 5"
    assert summary["Médecins généralistes en activité"] == 9
    assert rows["arrivees"][-1] == [YEAR, "moins de 5"]
    html = response.content.decode()
    assert "moins de 5" in html
    assert "<svg" in html and 'role="img"' in html
    assert "<caption>" in html and 'scope="col"' in html


def test_desk_staff_see_exact_figures_and_others_do_not(client, territory, staff, other_staff):
    client.force_login(staff)
    rows = {
        s["id"]: s["rows"] for s in client.get(reverse("reporting:observatory")).context["sections"]
    }
    assert {row[0]: row for row in rows["communes"]}["Cahors"][2] == 3
    assert dict(rows["synthese"])["Médecins généralistes de 60 ans ou plus"] == 2
    client.force_login(other_staff)
    url = reverse("reporting:observatory_desk", args=[territory.slug])
    rows = {s["id"]: s["rows"] for s in client.get(url).context["sections"]}
    assert {row[0]: row for row in rows["communes"]}["Cahors"][2] == "moins de 5"


def test_csv_is_masked_like_the_page(client, territory, staff):
    url = reverse("reporting:observatory_csv", args=[territory.slug])
    public = client.get(url).content.decode("utf-8-sig")
    assert f"médecins généralistes (commune);Cahors;{YEAR};moins de 5" in public
    client.force_login(staff)
    exact = client.get(url).content.decode("utf-8-sig")
    assert f"médecins généralistes (commune);Cahors;{YEAR};3" in exact


def test_unknown_desk_is_a_404(client, desk):
    url = reverse("reporting:observatory_desk", args=["atlantide"])
    assert client.get(url).status_code == 404


def test_masking_rule():
    assert observatory.show_count(0, exact=False) == 0
    assert observatory.show_count(4, exact=False) == "moins de 5"
    assert observatory.show_count(5, exact=False) == 5
    assert observatory.show_count(3, exact=True) == 3
    assert observatory.show_rate(2, 12.5, exact=False) == "moins de 5"


def test_observatory_query_budget(client, territory, django_assert_max_num_queries):
    client.get(reverse("reporting:observatory"))
    with django_assert_max_num_queries(10):
        client.get(reverse("reporting:observatory"))
