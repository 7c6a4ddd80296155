"""The public read API (opendata.api): what each list serves, its filters, the keyset
pagination, the refusals, and the private data it never shows."""

import base64
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from aids.openapi import document as simulator_document
from opendata.openapi import document
from tests.aids.factories import SchemeFactory
from tests.events.factories import EventFactory
from tests.opendata.conftest import PRIVATE_MARKERS
from tests.structures.factories import StructureFactory, VacancyFactory

pytestmark = pytest.mark.django_db

LISTS = ("structures", "offres", "evenements", "dispositifs")


def get(client, name, **params):
    return client.get(f"/api/v1/{name}/", params)


def results(client, name, **params):
    response = get(client, name, **params)
    assert response.status_code == 200, response.content
    return response.json()["resultats"]


def names(client, name, field="nom", **params):
    return [row[field] for row in results(client, name, **params)]


def errors(client, name, **params):
    response = get(client, name, **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    return response.json()["erreurs"]


def test_the_routes_have_their_names():
    assert reverse("opendata:api") == "/api/"
    assert reverse("opendata:api_openapi") == "/api/v1/openapi.json"
    assert reverse("opendata:api_structures") == "/api/v1/structures/"
    assert reverse("opendata:api_offers") == "/api/v1/offres/"
    assert reverse("opendata:api_events") == "/api/v1/evenements/"
    assert reverse("opendata:api_schemes") == "/api/v1/dispositifs/"


# --- Structures -------------------------------------------------------------------------------
def test_structures_are_the_published_ones_by_name_with_counts_not_names(
    client, world, professions
):
    rows = results(client, "structures")

    assert [row["nom"] for row in rows] == [
        "Centre de santé de Cahors",
        "Hôpital d'Auch",
        "MSP du Célé",
    ]
    msp = rows[2]
    assert msp["type"] == "msp"
    assert msp["commune"] == {
        "code_insee": "46102",
        "nom": "Figeac",
        "departement": {"code": "46", "nom": "Lot"},
        "epci": {"siren": "200067361", "nom": "CC Grand-Figeac"},
    }
    assert msp["site_web"] == "https://msp.test"
    assert msp["position_approximative"] is True
    assert (msp["latitude"], msp["longitude"]) == (44.608, 2.031)
    assert msp["professions"] == [
        {"code": "infirmier", "libelle": professions["infirmier"].label, "nombre": 1},
        {
            "code": "medecin-generaliste",
            "libelle": professions["medecin-generaliste"].label,
            "nombre": 2,
        },
    ]
    assert msp["url"] == f"http://testserver{world['msp'].get_absolute_url()}"
    assert "distance_km" not in msp
    assert "email" not in msp and "telephone" not in msp


def test_structures_filters(client, world):
    assert names(client, "structures", profession="infirmier") == ["MSP du Célé"]
    assert names(client, "structures", commune="46042") == ["Centre de santé de Cahors"]
    assert names(client, "structures", epci="200067361") == ["MSP du Célé"]
    assert names(client, "structures", departement="32") == ["Hôpital d'Auch"]
    assert names(client, "structures", type="centre_sante") == ["Centre de santé de Cahors"]
    assert names(client, "structures", type="ehpad") == []


def test_structures_within_a_distance_give_it(client, world):
    rows = results(client, "structures", commune="46127", rayon_km="35")

    assert [(row["nom"], row["distance_km"]) for row in rows] == [("MSP du Célé", 30.8)]
    assert names(client, "structures", commune="46102", rayon_km="5e-1") == ["MSP du Célé"]
    assert names(client, "structures", commune="46102", rayon_km="60") == [
        "Centre de santé de Cahors",
        "MSP du Célé",
    ]


# --- Offers -----------------------------------------------------------------------------------
def test_offers_are_the_published_ones_newest_first(client, world):
    rows = results(client, "offres")

    assert [row["titre"] for row in rows] == [
        "Cabinet à louer",
        "Cession de patientèle",
        "Médecin à la MSP",
    ]
    premises, succession, post = rows
    assert premises["type"] == "premises_rent"
    assert premises["propose_par"] == "Mairie de Cahors"
    assert premises["type_offreur"] == "commune"
    assert premises["profession"] is None
    assert premises["structure"] is None
    assert premises["loyer_mensuel"] == 250
    assert premises["a_confirmer"] is True
    assert premises["contact"] == {
        "nom": "Accueil de la mairie",
        "email": "mairie@cahors.test",
        "telephone": None,
    }
    assert premises["url"].endswith(world["public"].get_absolute_url())
    assert succession["contact"] is None
    assert succession["a_confirmer"] is False
    assert succession["commune"]["code_insee"] == "46127"
    assert post["structure"] == {"id": world["msp"].pk, "nom": "MSP du Célé"}
    assert post["propose_par"] == "MSP du Célé"
    assert post["profession"]["code"] == "medecin-generaliste"
    assert post["photos"] == []


def test_offers_filters(client, world):
    assert names(client, "offres", "titre", type="succession") == ["Cession de patientèle"]
    # An offer open to every profession fits any.
    assert names(client, "offres", "titre", profession="infirmier") == ["Cabinet à louer"]
    assert names(client, "offres", "titre", commune="46102") == ["Médecin à la MSP"]
    assert names(client, "offres", "titre", epci="200067361") == ["Médecin à la MSP"]
    assert names(client, "offres", "titre", departement="32") == []
    assert names(client, "offres", "titre", commune="46127", rayon_km="35") == [
        "Cession de patientèle",
        "Médecin à la MSP",
    ]


def test_an_offer_never_shows_a_private_contact_nor_a_name_nor_a_guest(client, world):
    answers = [client.get("/api/v1/openapi.json"), client.get("/api/")]
    for name in LISTS:
        answers.append(get(client, name))
        answers.append(get(client, name, limite="1"))
    answers.append(get(client, "offres", type="succession"))
    answers.append(get(client, "offres", commune="46127", rayon_km="5"))
    answers.append(get(client, "offres", profession="medecin-generaliste"))
    for response in answers:
        assert response.status_code == 200
        text = response.content.decode()
        for marker in PRIVATE_MARKERS:
            assert marker not in text, (response.wsgi_request.get_full_path(), marker)
    # The private offer itself is listed: only its contact is withheld.
    [succession] = results(client, "offres", type="succession")
    assert succession["titre"] == "Cession de patientèle"
    assert succession["contact"] is None


# --- Events -----------------------------------------------------------------------------------
def test_events_are_the_public_upcoming_ones(client, world):
    rows = results(client, "evenements")

    assert sorted(row["titre"] for row in rows) == [
        "Formation à Cahors",
        "Soirée d'accueil à Figeac",
    ]
    evening = next(row for row in rows if row["titre"] == "Soirée d'accueil à Figeac")
    assert evening["type"] == "welcome_evening"
    assert evening["lieu"] == "Salle des fêtes"
    assert evening["commune"]["code_insee"] == "46102"
    assert evening["annule"] is False
    assert evening["organisateur"] == "Guichet santé du Lot"
    assert evening["debut"] == timezone.localtime(world["evening"].starts_at).isoformat()
    assert evening["url"].endswith(world["evening"].get_absolute_url())


def test_events_filters(client, world):
    assert names(client, "evenements", "titre", type="training") == ["Formation à Cahors"]
    assert names(client, "evenements", "titre", commune="46102") == ["Soirée d'accueil à Figeac"]
    assert names(client, "evenements", "titre", departement="32") == []
    assert names(client, "evenements", "titre", commune="46127", rayon_km="35") == [
        "Soirée d'accueil à Figeac"
    ]


# --- Schemes ----------------------------------------------------------------------------------
def test_schemes_keep_their_sources_dates_and_what_is_to_confirm(client, world):
    rows = results(client, "dispositifs")

    assert [row["code"] for row in rows] == ["aide-gers", "aide-nationale"]
    national = rows[1]
    assert national["professions"] == ["medecin-generaliste"]
    assert national["sources"] == [
        {"titre": "Texte", "url": "https://exemple.test/t", "date": "2025-12-01"}
    ]
    assert national["source"] == national["sources"][0]
    assert national["a_confirmer"] == [
        {"quoi": "Le montant", "raison": "Aucune source ne le donne."}
    ]
    assert national["verifie_le"] is None
    assert national["ferme"] is False
    assert national["territoire"]["niveau"] == "national"
    assert national["url"].endswith("/aides/aide-nationale/")


def test_schemes_filters(client, world):
    assert names(client, "dispositifs", "code", commune="46102") == ["aide-nationale"]
    assert names(client, "dispositifs", "code", departement="32") == ["aide-gers", "aide-nationale"]
    assert names(client, "dispositifs", "code", profession="infirmier") == ["aide-gers"]
    assert names(client, "dispositifs", "code", type="nature") == ["aide-gers"]


# --- Keyset pagination ------------------------------------------------------------------------
def _more_rows(world, count):
    commune = world["msp"].commune
    for number in range(count):
        StructureFactory(name=f"Cabinet {number:02d}", commune=commune)
        VacancyFactory(structure=world["msp"], title=f"Poste {number:02d}")
        EventFactory(desk=world["evening"].desk, commune=commune, title=f"Réunion {number:02d}")
        SchemeFactory(code=f"aide-{number:02d}", slug=f"aide-{number:02d}")


@pytest.mark.parametrize("name", LISTS)
def test_following_suivant_walks_every_row_once(client, world, name):
    _more_rows(world, 6)
    everything = results(client, name, limite="100")
    key = "code" if name == "dispositifs" else "id"

    seen, url = [], f"/api/v1/{name}/?limite=3"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        data = response.json()
        assert len(data["resultats"]) <= 3
        seen += [row[key] for row in data["resultats"]]
        url = data["suivant"]
        if url:
            assert url.startswith("http://testserver/api/v1/")
            assert "limite=3" in url

    assert seen == [row[key] for row in everything]
    assert len(seen) == len(set(seen)) > 6


def test_a_row_added_between_pages_shifts_nothing(client, world):
    _more_rows(world, 4)
    first = get(client, "structures", limite="3").json()
    StructureFactory(name="AAA, premier par le nom", commune=world["msp"].commune)

    second = client.get(first["suivant"]).json()

    before = {row["id"] for row in first["resultats"]}
    assert not before & {row["id"] for row in second["resultats"]}
    assert second["resultats"][0]["nom"] > first["resultats"][-1]["nom"]


def test_the_last_page_has_no_next_and_filters_follow(client, world):
    data = get(client, "structures", departement="46", limite="1").json()
    assert "departement=46" in data["suivant"]
    data = client.get(data["suivant"]).json()
    assert data["suivant"] is None
    assert len(data["resultats"]) == 1


@pytest.mark.parametrize(
    "cursor",
    [
        "n-importe-quoi",
        base64.urlsafe_b64encode(json.dumps(["structures", "a", 1]).encode()).decode(),
        "",
        "x" * 200,
    ],
)
def test_a_forged_or_garbled_cursor_is_refused(client, world, cursor):
    assert "apres" in errors(client, "structures", apres=cursor)


def test_a_tampered_or_foreign_cursor_is_refused(client, world):
    next_url = get(client, "structures", limite="1").json()["suivant"]
    cursor = next_url.split("apres=")[1]

    assert "Curseur illisible" in errors(client, "offres", apres=cursor)["apres"][0]
    assert "apres" in errors(client, "structures", apres=cursor[:-2] + "zz")


# --- Refusals ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "params", "wrong"),
    [
        ("structures", {"limite": "0"}, "limite"),
        ("structures", {"limite": "101"}, "limite"),
        ("structures", {"limite": "dix"}, "limite"),
        ("structures", {"limite": "-1"}, "limite"),
        ("offres", {"commune": "99999"}, "commune"),
        ("offres", {"commune": "Figeac"}, "commune"),
        ("offres", {"rayon_km": "10"}, "rayon_km"),
        ("offres", {"commune": "46102", "rayon_km": "101"}, "rayon_km"),
        ("offres", {"commune": "46102", "rayon_km": "0"}, "rayon_km"),
        ("offres", {"commune": "46102", "rayon_km": "nan"}, "rayon_km"),
        ("offres", {"commune": "46102", "rayon_km": "1e3"}, "rayon_km"),
        ("offres", {"commune": "46102", "rayon_km": "inf"}, "rayon_km"),
        ("offres", {"commune": "46102", "rayon_km": "-5"}, "rayon_km"),
        ("evenements", {"epci": "123"}, "epci"),
        ("evenements", {"epci": "999999999"}, "epci"),
        ("evenements", {"departement": "ZZ"}, "departement"),
        ("evenements", {"departement": "99"}, "departement"),
        ("dispositifs", {"type": "inconnu"}, "type"),
        ("dispositifs", {"profession": "sorcier"}, "profession"),
        ("dispositifs", {"rayon_km": "10", "commune": "46102"}, "rayon_km"),
        ("dispositifs", {"epci": "200067361"}, "epci"),
        ("evenements", {"profession": "infirmier"}, "profession"),
        ("structures", {"comune": "46102"}, "comune"),
    ],
)
def test_a_wrong_or_unknown_parameter_gets_a_french_400(client, world, name, params, wrong):
    found = errors(client, name, **params)

    assert list(found) == [wrong]
    assert all(isinstance(message, str) and message for message in found[wrong])


def test_every_error_is_given_at_once_and_a_repeat_is_refused(client, world):
    response = client.get("/api/v1/structures/?limite=0&type=x&type=y&zut=1")

    found = response.json()["erreurs"]
    assert set(found) == {"limite", "type", "zut"}
    assert found["type"] == ["Donnez ce paramètre une seule fois."]
    assert "Paramètre inconnu" in found["zut"][0]


@pytest.mark.parametrize("name", LISTS)
def test_the_lists_are_read_only(client, world, name):
    assert client.post(f"/api/v1/{name}/").status_code == 405
    assert client.head(f"/api/v1/{name}/").status_code == 200


@pytest.mark.parametrize("name", LISTS)
def test_an_answer_may_be_cached_a_short_while_by_anyone(client, world, name):
    response = get(client, name)

    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]


def test_anonymous_answers_come_from_the_page_cache_until_the_data_changes(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_PAGE_CACHE = True
    assert len(results(client, "evenements")) == 2
    with CaptureQueriesContext(connection) as queries:
        assert len(results(client, "evenements")) == 2
    # The database cache reads its own table; no list is queried again.
    assert all("portal_cache" in query["sql"] for query in queries.captured_queries)

    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(desk=world["evening"].desk, commune=world["msp"].commune)

    assert len(results(client, "evenements")) == 3


# --- Query budget -----------------------------------------------------------------------------
FILTERED = {
    "structures": {"profession": "medecin-generaliste", "departement": "46"},
    "offres": {"commune": "46102", "rayon_km": "50", "profession": "medecin-generaliste"},
    "evenements": {"epci": "200067361", "type": "welcome_evening"},
    "dispositifs": {"commune": "46102", "profession": "medecin-generaliste"},
}


def _queries(client, name, params):
    with CaptureQueriesContext(connection) as queries:
        assert get(client, name, limite="100", **params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("filtered", [False, True])
@pytest.mark.parametrize("name", LISTS)
def test_the_query_count_does_not_grow_with_the_rows(
    client, world, name, filtered, django_assert_num_queries, professions
):
    from tests.structures.factories import MembershipFactory, ProfessionalFactory

    params = FILTERED[name] if filtered else {}
    gp = professions["medecin-generaliste"]

    def grow(first, last):
        commune = world["msp"].commune
        for number in range(first, last):
            structure = StructureFactory(name=f"Cabinet {number:02d}", commune=commune)
            MembershipFactory(structure=structure, professional=ProfessionalFactory(profession=gp))
            VacancyFactory(structure=structure, profession=gp)
            EventFactory(desk=world["evening"].desk, commune=commune)
            SchemeFactory(code=f"aide-{number:02d}", slug=f"aide-{number:02d}", professions=[gp])

    grow(0, 3)
    budget = _queries(client, name, params)
    assert budget <= 5
    grow(3, 30)
    with django_assert_num_queries(budget):
        rows = get(client, name, limite="100", **params).json()["resultats"]
    assert len(rows) >= 30


# --- The document and the page ----------------------------------------------------------------
def test_the_document_is_valid_openapi_3_1_and_keeps_the_simulator_as_it_is():
    whole = document()
    OPENAPI_31_VALIDATOR.validate(whole)
    simulator = simulator_document()

    assert whole["paths"]["/api/v1/eligibilite/"] == simulator["paths"]["/api/v1/eligibilite/"]
    for name, schema in simulator["components"]["schemas"].items():
        assert whole["components"]["schemas"][name] == schema
    assert set(whole["paths"]) == {
        "/api/v1/eligibilite/",
        *(f"/api/v1/{name}/" for name in LISTS),
    }
    assert whole["info"]["license"]["identifier"] == "etalab-2.0"


def test_the_document_lists_every_parameter_each_list_reads():
    from opendata.resources import RESOURCES

    whole = document()
    for resource in RESOURCES:
        listed = [p["name"] for p in whole["paths"][resource.path]["get"]["parameters"]]
        assert listed == list(resource.parameters)


def test_the_document_is_served(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json()["paths"]["/api/v1/offres/"]["get"]["operationId"] == "offres"


def test_the_page_documents_every_endpoint_the_pagination_and_the_licence(client, world):
    response = client.get("/api/")

    assert response.status_code == 200
    page = response.content.decode()
    for path in (*(f"/api/v1/{name}/" for name in LISTS), "/api/v1/eligibilite/"):
        assert f"<code>GET {path}" in page
    for parameter in ("limite", "apres", "rayon_km", "epci", "departement"):
        assert f"<code>{parameter}</code>" in page
    assert "Licence Ouverte / Open Licence 2.0" in page
    assert "ODbL" in page
    assert 'href="/api/v1/openapi.json"' in page
    assert "« succession »" in page


def test_an_offer_gives_its_photos_addresses_not_their_bytes(client, world):
    from django.core.files.base import ContentFile

    from structures.models import VacancyPhoto

    VacancyPhoto.objects.create(
        vacancy=world["public"],
        image=ContentFile(b"\x89PNG fausse", name="x.png"),
        caption="La salle d'attente",
        position=0,
    )

    [premises] = results(client, "offres", type="premises_rent")

    [photo] = premises["photos"]
    assert photo["legende"] == "La salle d'attente"
    assert photo["url"].startswith("http://testserver/")
    assert photo["url"].endswith(".png")
