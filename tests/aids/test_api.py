"""The simulator's JSON twin: what a caller sends, what it gets back (aids.api)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from aids.enums import Funder, SchemeKind
from aids.openapi import document
from tests.aids.factories import SchemeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/eligibilite/"
GP_IN_FIGEAC = {
    "profession": "medecin-generaliste",
    "commune": "46102",
    "stage": "non_installe",
    "mode": "liberal",
}


def get(client, **params):
    return client.get(URL, {**GP_IN_FIGEAC, **params})


@pytest.fixture
def world(professions, figeac):
    return figeac


def test_the_routes_have_their_names():
    assert reverse("aids:api_eligibility") == URL
    # The whole API's document and page are served by opendata (they list every part).
    assert reverse("opendata:api_openapi") == "/api/v1/openapi.json"
    assert reverse("opendata:api") == "/api/"


def test_an_answer_names_the_commune_and_the_date(client, world):
    response = get(client, date="2026-09-01")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["date"] == "2026-09-01"
    assert data["commune"] == {
        "code_insee": "46102",
        "nom": "Figeac",
        "codes_postaux": ["46100"],
        "departement": {"code": "46", "nom": "Lot"},
    }
    assert isinstance(data["zonages"], list)
    assert isinstance(data["dispositifs"], list)


def test_the_date_defaults_to_today(client, world):
    assert get(client).json()["date"] == timezone.localdate().isoformat()


def test_an_answer_may_be_cached_a_short_while_by_anyone(client, world):
    response = get(client)

    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]


def test_a_scheme_carries_its_code_sources_and_what_is_to_confirm(client, world, professions):
    SchemeFactory(
        code="aide-test",
        slug="aide-test",
        name="Aide de test",
        funder=Funder.HEALTH_INSURANCE,
        kind=SchemeKind.GRANT,
        sources=[{"title": "Texte de test", "url": "https://example.org/t", "date": "2025-12-01"}],
        to_confirm=[{"what": "Le montant", "reason": "Aucune source ne le donne."}],
        last_verified=date(2026, 1, 15),
    )

    [scheme] = [d for d in get(client).json()["dispositifs"] if d["code"] == "aide-test"]

    assert scheme["nom"] == "Aide de test"
    assert scheme["source"] == {
        "titre": "Texte de test",
        "url": "https://example.org/t",
        "date": "2025-12-01",
    }
    assert scheme["sources"] == [scheme["source"]]
    assert scheme["verifie_le"] == "2026-01-15"
    assert scheme["a_confirmer"] == [{"quoi": "Le montant", "raison": "Aucune source ne le donne."}]
    # Something no source settles is never « éligible ».
    assert scheme["verdict"] == "a_verifier"
    assert scheme["remplace_par"] is None
    assert {"critere", "rempli", "texte"} <= set(scheme["raisons"][0])


def test_a_salaried_mode_is_judged_as_salaried(client, world, professions):
    SchemeFactory(code="liberal-seulement", slug="liberal-seulement", practice_modes=["liberal"])

    def verdict(mode):
        [scheme] = [
            d
            for d in get(client, mode=mode).json()["dispositifs"]
            if d["code"] == "liberal-seulement"
        ]
        return scheme

    salaried = verdict("salarie")
    assert salaried["verdict"] == "non_eligible"
    assert any(reason["rempli"] is False for reason in salaried["raisons"])
    assert verdict("liberal")["verdict"] != "non_eligible"


# --- Refused parameters: 400, one French message per parameter, never 500 ------------------------
@pytest.mark.parametrize(
    ("params", "parameter", "words"),
    [
        ({"profession": "sorcier"}, "profession", "Profession inconnue"),
        ({"commune": "99999"}, "commune", "Commune inconnue"),
        ({"commune": "Figeac"}, "commune", "code INSEE"),
        ({"stage": "retraite"}, "stage", "« etudiant », « interne »"),
        ({"mode": "salaried"}, "mode", "« liberal », « salarie », « mixte »"),
        ({"secteur": "3"}, "secteur", "« 1 », « 2_optam », « 2 »"),
        ({"premiere_installation": "oui"}, "premiere_installation", "« true » ou « false »"),
        ({"stage_eloigne": "1"}, "stage_eloigne", "« true » ou « false »"),
        ({"date": "01/09/2026"}, "date", "AAAA-MM-JJ"),
        ({"date": "2026-02-30"}, "date", "AAAA-MM-JJ"),
        ({"date": "1900-01-01"}, "date", "comprise entre"),
        ({"cycle": "4"}, "cycle", "« 2 », « 3 »"),
        ({"discipline": "kine"}, "discipline", "« medecine »"),
        ({"aide_precedente": "assurance_maladie"}, "aide_precedente", "catégorie:AAAA-MM-JJ"),
        ({"aide_precedente": "loterie:2020-01-01"}, "aide_precedente", "« assurance_maladie »"),
        ({"aide_precedente": "etat:2020-13-01"}, "aide_precedente", "AAAA-MM-JJ"),
        (
            {"aide_precedente": "etat:2027-01-01", "date": "2026-09-01"},
            "aide_precedente",
            "après la date de l'installation",
        ),
        ({"aide_precedente": ["aucune", "etat:2020-01-01"]}, "aide_precedente", "« aucune »"),
    ],
)
def test_a_refused_parameter_answers_400_with_a_french_message(
    client, world, params, parameter, words
):
    response = get(client, **params)

    assert response.status_code == 400
    errors = response.json()["erreurs"]
    assert list(errors) == [parameter]
    [message] = errors[parameter]
    assert words in message


def test_every_missing_required_parameter_is_named(client, world):
    response = client.get(URL)

    assert response.status_code == 400
    errors = response.json()["erreurs"]
    assert set(errors) == {"profession", "commune", "stage", "mode"}
    assert errors["commune"] == ["Paramètre obligatoire."]


def test_a_parameter_given_twice_is_refused(client, world):
    response = client.get(f"{URL}?profession=infirmier&profession=infirmier&commune=46102")

    assert response.status_code == 400
    assert response.json()["erreurs"]["profession"] == ["Donnez ce paramètre une seule fois."]


def test_every_wrong_parameter_is_reported_at_once(client, world):
    response = get(client, secteur="4", cycle="9", date="demain")

    assert set(response.json()["erreurs"]) == {"secteur", "cycle", "date"}


def test_no_other_method_than_reading(client, world):
    assert client.post(URL, GP_IN_FIGEAC).status_code == 405


def test_previous_aids_are_accepted_repeated_or_none(client, world):
    assert get(client, aide_precedente="aucune").status_code == 200
    assert (
        get(
            client, aide_precedente=["assurance_maladie:2020-05-01", "collectivite:2019-01-01"]
        ).status_code
        == 200
    )


def test_the_query_count_does_not_grow_with_the_catalogue(
    client, world, professions, django_assert_max_num_queries
):
    for number in range(8):
        SchemeFactory(
            code=f"aide-{number}",
            slug=f"aide-{number}",
            professions=[professions["medecin-generaliste"]],
        )
    with django_assert_max_num_queries(12):
        assert get(client).status_code == 200


# --- The document and its page ---------------------------------------------------------------
def test_the_openapi_document_is_valid_openapi_3_1():
    OPENAPI_31_VALIDATOR.validate(document())


def test_the_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json()["paths"]["/api/v1/eligibilite/"]["get"]["operationId"] == "eligibilite"


def test_the_document_lists_every_parameter_the_api_reads():
    names = [p["name"] for p in document()["paths"][URL]["get"]["parameters"]]

    assert names == [
        "profession",
        "commune",
        "stage",
        "mode",
        "secteur",
        "premiere_installation",
        "date",
        "cycle",
        "discipline",
        "stage_eloigne",
        "aide_precedente",
    ]


def test_the_api_page_explains_the_parameters_in_french(client):
    response = client.get("/api/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "API du simulateur d'aides" in page
    assert 'href="/api/v1/openapi.json"' in page
    assert "<code>aide_precedente</code>" in page
    assert "<code>2_optam</code>" in page
