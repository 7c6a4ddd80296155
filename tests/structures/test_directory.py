import json

import pytest
from django import forms
from django.core.cache import cache
from django.test.html import parse_html
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from structures.filters import StructureFilter
from structures.geo import bounding_box, distance_km
from structures.models import Structure
from structures.widgets import ListSelect
from tests.structures.factories import (
    MembershipFactory,
    ProfessionalFactory,
    StructureFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("structures:directory")


def names(response):
    return [structure.name for structure in response.context["page"].object_list]


def test_directory_lists_published_structures_only(client, figeac_hospital, cahors_msp):
    hidden = StructureFactory(name="Structure en préparation", published=False)
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert names(response) == ["Centre hospitalier de Figeac", "MSP de Cahors"]
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_empty_directory_says_so(client, desk):
    html = client.get(DIRECTORY).content.decode()
    assert "Aucune structure ne correspond" in html


@pytest.mark.parametrize("text", ["saint cere", "SAINT-CÉRÉ", "Saint-Cere", "céré"])
def test_text_search_ignores_accents_and_case(client, saint_cere, professions, text):
    StructureFactory(name="EHPAD du Haut-Ségala", kind="ehpad", commune=saint_cere)
    StructureFactory(name="Centre hospitalier de Saint-Céré", commune=saint_cere)
    StructureFactory(name="Maison de santé de Gourdon")
    response = client.get(DIRECTORY, {"q": text})
    assert sorted(names(response)) == ["Centre hospitalier de Saint-Céré", "EHPAD du Haut-Ségala"]


def test_search_matches_name_without_accents(client, figeac_hospital, cahors_msp):
    assert names(client.get(DIRECTORY, {"q": "hospitalier"})) == ["Centre hospitalier de Figeac"]


def test_filter_by_kind(client, figeac_hospital, cahors_msp):
    assert names(client.get(DIRECTORY, {"kind": "msp"})) == ["MSP de Cahors"]


def test_filter_by_profession_present_counts_active_professionals_and_specialties(
    client, figeac_hospital, cahors_msp, professions
):
    MembershipFactory(
        structure=figeac_hospital,
        professional=ProfessionalFactory(profession=professions["cardiologie"]),
    )
    MembershipFactory(structure=cahors_msp, professional=ProfessionalFactory(status="retired"))
    assert names(client.get(DIRECTORY, {"profession": "cardiologie"})) == [figeac_hospital.name]
    assert names(client.get(DIRECTORY, {"profession": "medecin-specialiste"})) == [
        figeac_hospital.name
    ]
    assert names(client.get(DIRECTORY, {"profession": "medecin-generaliste"})) == []


def test_filter_by_commune_and_epci(client, figeac_hospital, cahors_msp, figeac, grand_figeac):
    assert names(client.get(DIRECTORY, {"commune": figeac.pk})) == [figeac_hospital.name]
    assert names(client.get(DIRECTORY, {"epci": grand_figeac.pk})) == [figeac_hospital.name]


def test_filter_by_open_vacancies(client, figeac_hospital, cahors_msp, angiology_vacancy):
    VacancyFactory(structure=cahors_msp, status="filled")
    response = client.get(DIRECTORY, {"postes": "on"})
    assert names(response) == [figeac_hospital.name]
    assert "1 poste à pourvoir" in response.content.decode()


def test_within_km_of_a_commune_nearest_first(client, figeac, cahors, professions):
    capdenac = StructureFactory(name="MSP de Capdenac", latitude=44.585, longitude=2.067)
    hospital = StructureFactory(name="CH de Figeac", commune=figeac)
    StructureFactory(name="MSP de Cahors", commune=cahors)
    response = client.get(DIRECTORY, {"pres_de": "figeac", "rayon": "20"})
    assert names(response) == [hospital.name, capdenac.name]
    assert "autour de Figeac" in response.content.decode()
    wide = client.get(DIRECTORY, {"pres_de": "46100", "rayon": "100"})
    assert names(wide) == ["CH de Figeac", "MSP de Capdenac", "MSP de Cahors"]


def test_unknown_commune_for_distance_is_reported(client, figeac_hospital):
    response = client.get(DIRECTORY, {"pres_de": "Atlantide"})
    assert "Commune « Atlantide » introuvable." in response.content.decode()
    assert names(response) == [figeac_hospital.name]


def test_sql_distance_agrees_with_haversine(figeac, cahors, professions):
    StructureFactory(commune=cahors)
    structure = Structure.objects.near(figeac.latitude, figeac.longitude, 100).get()
    expected = distance_km(figeac.latitude, figeac.longitude, cahors.latitude, cahors.longitude)
    assert 45 < expected < 60
    assert structure.distance_km == pytest.approx(expected, abs=0.05)


@settings(max_examples=60, deadline=None)
@given(
    lat=st.floats(min_value=41.0, max_value=51.0),
    lon=st.floats(min_value=-5.0, max_value=9.0),
    km=st.floats(min_value=0.5, max_value=150.0),
    bearing=st.floats(min_value=0, max_value=359.9),
    fraction=st.floats(min_value=0, max_value=0.999),
)
def test_bounding_box_contains_every_point_of_the_circle(lat, lon, km, bearing, fraction):
    import math

    d = km * fraction / 6371.0088
    phi1, lam1, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    phi2 = math.asin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * math.cos(theta))
    lam2 = lam1 + math.atan2(
        math.sin(theta) * math.sin(d) * math.cos(phi1),
        math.cos(d) - math.sin(phi1) * math.sin(phi2),
    )
    box = bounding_box(lat, lon, km)
    assert box["latitude__gte"] <= math.degrees(phi2) <= box["latitude__lte"]
    assert box["longitude__gte"] <= math.degrees(lam2) <= box["longitude__lte"]


def test_markers_endpoint_uses_the_same_filters(client, figeac_hospital, cahors_msp):
    data = json.loads(client.get(reverse("structures:markers"), {"kind": "msp"}).content)
    assert [item["name"] for item in data["structures"]] == ["MSP de Cahors"]
    marker = data["structures"][0]
    assert marker["url"] == cahors_msp.get_absolute_url()
    assert marker["lat"] == pytest.approx(cahors_msp.commune.latitude)


def test_structure_uses_commune_point_when_it_has_none(cahors_msp, cahors):
    assert (cahors_msp.latitude, cahors_msp.longitude) == (cahors.latitude, cahors.longitude)
    assert cahors_msp.location_is_approximate


def test_structure_page_shows_vacancies_professions_and_consenting_names_only(
    client, figeac_hospital, angiology_vacancy, professions
):
    MembershipFactory(
        structure=figeac_hospital,
        professional=ProfessionalFactory(
            first_name="Anne", last_name="Visible", public_listing=True
        ),
    )
    MembershipFactory(
        structure=figeac_hospital,
        professional=ProfessionalFactory(first_name="Paul", last_name="Discret"),
    )
    html = client.get(figeac_hospital.get_absolute_url()).content.decode()
    assert "Angiologie" in html
    assert "Médecin généraliste" in html
    assert "Anne Visible" in html
    assert "Discret" not in html


def test_map_container_works_without_javascript(client, figeac_hospital):
    html = client.get(DIRECTORY).content.decode()
    assert 'id="carte"' in html and "hidden" in html
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "<script>" not in html  # no inline script (strict CSP)


@pytest.mark.parametrize("size", [10, 1000])
def test_directory_query_budget(
    client, desk, cahors, professions, size, django_assert_max_num_queries
):
    Structure.objects.bulk_create(
        Structure(
            name=f"Structure {index:04d}",
            search_name=f"structure {index:04d}",
            kind="msp",
            commune=cahors,
            latitude=44.4 + index / 10000,
            longitude=1.4,
        )
        for index in range(size)
    )
    client.get(DIRECTORY)  # warm the site desk cache like any later visit
    with django_assert_max_num_queries(8):
        response = client.get(DIRECTORY, {"kind": "msp", "pres_de": "Cahors", "rayon": "50"})
    assert response.context["page"].paginator.count == size
    with django_assert_max_num_queries(8):
        client.get(DIRECTORY, {"page": "2"})
    with django_assert_max_num_queries(3):
        client.get(reverse("structures:markers"))


def test_an_ambiguous_commune_for_distance_offers_each_candidate(client, lot, gers, professions):
    from tests.territories.factories import CommuneFactory

    gers_montaut = CommuneFactory(
        insee_code="32278",
        name="Montaut",
        department=gers,
        postal_codes="32300",
        population=300,
        latitude=43.45,
        longitude=0.40,
    )
    lot_montaut = CommuneFactory(
        insee_code="46901",
        name="Montaut",
        department=lot,
        postal_codes="46200",
        population=120,
        latitude=44.75,
        longitude=1.50,
    )
    StructureFactory(name="MSP du Gers", commune=gers_montaut)
    StructureFactory(name="MSP du Lot", commune=lot_montaut)

    response = client.get(DIRECTORY, {"pres_de": "montaut", "rayon": "20", "page": "1"})
    html = response.content.decode()
    assert "Plusieurs communes correspondent à « montaut »" in html
    assert "la liste n&#x27;est pas limitée par la distance" in html
    assert sorted(names(response)) == ["MSP du Gers", "MSP du Lot"]  # nothing picked silently
    assert "autour de" not in html
    gers_link = "?pres_de=Montaut+%2832300%29&amp;rayon=20"
    assert gers_link in html and "?pres_de=Montaut+%2846200%29&amp;rayon=20" in html
    assert html.index(gers_link) < html.index("%2846200")  # most populous first

    chosen = client.get(DIRECTORY, {"pres_de": "Montaut (32300)", "rayon": "20"})
    assert names(chosen) == ["MSP du Gers"]
    assert "autour de Montaut" in chosen.content.decode()


# --- The filters' rendering and their choices on a cache miss (issue 17) -------------------
def test_the_filters_selects_have_djangos_markup(rf, figeac_hospital, cahors_msp, figeac):
    """``ListSelect`` writes the options in Python: the HTML stays Django's own, selected
    option, ``id`` and escaping included."""
    request = rf.get(DIRECTORY, {"commune": figeac.pk, "kind": "msp"})
    form = StructureFilter(request.GET, queryset=Structure.objects.all(), request=request).form
    for name in ("commune", "kind", "rayon", "epci", "profession"):
        field = form[name]
        assert isinstance(field.field.widget, ListSelect)
        plain = forms.Select(choices=list(field.field.widget.choices))
        assert parse_html(str(field)) == parse_html(field.as_widget(widget=plain)), name
    assert f'<option value="{figeac.pk}" selected>' in str(form["commune"])


@pytest.fixture
def page_cache(settings):
    settings.PORTAL_PAGE_CACHE = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "directory-choices-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


def test_a_cache_miss_reads_the_commune_choices_once_per_version(
    client,
    page_cache,
    cahors_msp,
    figeac,
    professions,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    first = client.get(DIRECTORY, {"n": "1"}).content.decode()
    assert "Figeac (46)" not in first
    with django_assert_max_num_queries(4):  # count, professions, rows (+ the site's desk)
        client.get(DIRECTORY, {"n": "2"})  # another URL: a page cache miss
    with django_capture_on_commit_callbacks(execute=True):
        StructureFactory(name="Centre de santé de Figeac", kind="centre_sante", commune=figeac)
    assert "Figeac (46)" in client.get(DIRECTORY, {"n": "3"}).content.decode()
