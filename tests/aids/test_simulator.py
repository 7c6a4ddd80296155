"""The public simulator: three GET steps, the answer in the URL, a table of profiles."""

import pytest
from django.utils import timezone

from aids.eligibility import Profile, simulator_url
from aids.enums import Verdict
from aids.seed import seed_schemes

pytestmark = pytest.mark.django_db

E, C, N = Verdict.ELIGIBLE, Verdict.TO_CHECK, Verdict.NOT_ELIGIBLE
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def seeded(lot, professions):
    seed_schemes()


@pytest.fixture
def places(zoned_figeac, zac_commune, frr_commune, unzoned_commune, demo_commune, auch):
    return {
        "figeac": "46102",
        "pradines": "46201",
        "sousceyrac": "46300",
        "villeneuve": "46400",
        "gramat": "46500",
        "auch": "32013",
    }


def verdicts(response):
    return {r.scheme.slug: r.verdict for r in response.context["assessment"].results}


# (answers, expected verdicts for some seeded schemes; absent = not offered at all)
PROFILES = [
    (
        "generaliste-pas-installe-figeac",
        {
            "profession": "medecin-generaliste",
            "situation": "non_installe",
            "commune": "figeac",
            "exercice": "liberal",
            "aide": "non",
        },
        {"ptmg": E, "aide-installation-assurance-maladie": C, "exoneration-zrr": N, "cesp": N},
    ),
    (
        "generaliste-installe-frr",
        {
            "profession": "medecin-generaliste",
            "situation": "installe",
            "anciennete": "0",
            "commune": "sousceyrac",
            "exercice": "liberal",
            "aide": "non",
        },
        {"ptmg": E, "exoneration-zrr": C, "aide-installation-assurance-maladie": C},
    ),
    (
        "generaliste-installe-3-ans",
        {
            "profession": "medecin-generaliste",
            "situation": "installe",
            "anciennete": "3",
            "commune": "figeac",
            "exercice": "liberal",
            "aide": "non",
        },
        {"ptmg": N, "aide-installation-assurance-maladie": C},
    ),
    (
        "generaliste-aide-recente",
        {
            "profession": "medecin-generaliste",
            "situation": "non_installe",
            "commune": "figeac",
            "exercice": "indecis",
            "aide": "oui",
            "annee_aide": str(THIS_YEAR - 2),
        },
        {"ptmg": E, "aide-installation-assurance-maladie": N},
    ),
    (
        "generaliste-aide-ancienne",
        {
            "profession": "medecin-generaliste",
            "situation": "non_installe",
            "commune": "figeac",
            "exercice": "liberal",
            "aide": "oui",
            "annee_aide": str(THIS_YEAR - 11),
        },
        {"aide-installation-assurance-maladie": C},
    ),
    (
        "generaliste-hors-zone",
        {
            "profession": "medecin-generaliste",
            "situation": "non_installe",
            "commune": "villeneuve",
            "exercice": "salaried",
            "aide": "non",
        },
        {"ptmg": E, "aide-installation-assurance-maladie": N, "exoneration-zrr": N},
    ),
    (
        "interne-zip",
        {
            "profession": "interne",
            "situation": "interne",
            "commune": "figeac",
            "exercice": "indecis",
            "aide": "non",
        },
        {
            "cesp": E,
            "indemnite-transport-internes": C,
            "indemnite-hebergement-internes": C,
            "ptmg": N,
        },
    ),
    (
        "interne-gers-zonage-inconnu",
        {
            "profession": "interne",
            "situation": "interne",
            "commune": "auch",
            "exercice": "indecis",
            "aide": "non",
        },
        {"cesp": E, "indemnite-transport-internes": C, "bourses-etudes-intercommunales": None},
    ),
    (
        "interne-hors-zone",
        {
            "profession": "interne",
            "situation": "interne",
            "commune": "villeneuve",
            "exercice": "indecis",
            "aide": "non",
        },
        {"indemnite-transport-internes": N, "indemnite-hebergement-internes": N},
    ),
    (
        "etudiant-lot",
        {
            "profession": "etudiant-sante",
            "situation": "etudiant",
            "commune": "figeac",
            "exercice": "indecis",
            "aide": "non",
        },
        {"cesp": E, "bourses-etudes-intercommunales": C, "ptmg": N},
    ),
    (
        "etudiant-gers",
        {
            "profession": "etudiant-sante",
            "situation": "etudiant",
            "commune": "auch",
            "exercice": "indecis",
            "aide": "non",
        },
        {"cesp": E, "bourses-etudes-intercommunales": None},
    ),
    (
        "infirmier-zac",
        {
            "profession": "infirmier",
            "situation": "installe",
            "anciennete": "5",
            "commune": "pradines",
            "exercice": "liberal",
            "aide": "non",
        },
        {"aide-installation-assurance-maladie": N, "ptmg": N, "exoneration-zrr": N, "cesp": N},
    ),
    (
        "cardiologue-zac",
        {
            "profession": "cardiologie",
            "situation": "non_installe",
            "commune": "pradines",
            "exercice": "mixed",
            "aide": "non",
        },
        {"aide-installation-assurance-maladie": C, "ptmg": N},
    ),
    (
        "generaliste-zonage-demo",
        {
            "profession": "medecin-generaliste",
            "situation": "installe",
            "anciennete": "1",
            "commune": "gramat",
            "exercice": "liberal",
            "aide": "non",
        },
        {"ptmg": N, "aide-installation-assurance-maladie": C},
    ),
]


@pytest.mark.parametrize(("label", "answers", "expected"), PROFILES, ids=[p[0] for p in PROFILES])
def test_simulator_answers_a_table_of_profiles(client, seeded, places, label, answers, expected):
    answers = {**answers, "commune": places[answers["commune"]]}
    response = client.get("/aides/simulateur/", answers)
    assert response.status_code == 200
    assert response.templates[0].name == "aids/simulator_result.html"
    got = verdicts(response)
    for slug, verdict in expected.items():
        assert got.get(slug) == verdict, (slug, got.get(slug), response.context["assessment"])
    html = response.content.decode()
    for title in ["Éligible", "À vérifier", "Non éligible"]:
        assert f"{title} <span" in html
    assert "Vos réponses" in html and "modifier" in html


def test_demo_zoning_is_announced_on_the_result(client, seeded, places):
    response = client.get(
        "/aides/simulateur/",
        {
            "profession": "medecin-generaliste",
            "situation": "non_installe",
            "commune": "46500",
            "exercice": "liberal",
            "aide": "non",
        },
    )
    html = response.content.decode()
    assert "Zonage de démonstration" in html
    assert (
        "Gramat est classée en zone d&#x27;intervention prioritaire (ZIP) (zonage de démonstration)"
        in html
    )
    real = client.get(
        "/aides/simulateur/",
        {
            "profession": "medecin-generaliste",
            "situation": "non_installe",
            "commune": "46102",
            "exercice": "liberal",
            "aide": "non",
        },
    ).content.decode()
    assert "Zonage de démonstration" not in real
    assert "Zonage de Figeac : Arrêté ARS Occitanie (test)." in real
    assert "Figeac est classée en zone d&#x27;intervention prioritaire (ZIP)." in real


def test_first_visit_shows_step_one_without_errors(client, seeded):
    response = client.get("/aides/simulateur/")
    html = response.content.decode()
    assert "Étape 1 sur 3 : Vous" in html
    assert 'role="alert"' not in html
    assert 'method="get"' in html


def test_a_step_submitted_incomplete_says_what_is_missing(client, seeded):
    html = client.get("/aides/simulateur/", {"envoi": "1"}).content.decode()
    assert '<a href="#id_profession">Choisissez votre profession.</a>' in html
    assert "Indiquez votre situation." in html
    html = client.get(
        "/aides/simulateur/",
        {"envoi": "1", "profession": "medecin-generaliste", "situation": "installe"},
    ).content.decode()
    assert "Indiquez depuis combien d&#x27;années vous êtes installé·e." in html


def test_steps_follow_each_other_carrying_previous_answers(client, seeded, places):
    step2 = client.get(
        "/aides/simulateur/", {"envoi": "1", "profession": "interne", "situation": "interne"}
    ).content.decode()
    assert "Étape 2 sur 3 : Votre projet" in step2
    assert '<input type="hidden" name="profession" value="interne">' in step2
    step3 = client.get(
        "/aides/simulateur/",
        {
            "envoi": "2",
            "profession": "interne",
            "situation": "interne",
            "commune": "Figeac",
            "exercice": "indecis",
        },
    ).content.decode()
    assert "Étape 3 sur 3" in step3
    assert '<input type="hidden" name="commune" value="Figeac">' in step3


def test_an_ambiguous_commune_offers_a_choice_and_an_unknown_one_an_error(client, seeded, lot):
    from tests.territories.factories import CommuneFactory

    CommuneFactory(insee_code="46250", name="Saint-Cirq", department=lot)
    CommuneFactory(insee_code="46251", name="Saint-Cirq-Lapopie", department=lot)
    base = {"envoi": "2", "profession": "interne", "situation": "interne", "exercice": "indecis"}
    html = client.get("/aides/simulateur/", {**base, "commune": "saint cirq l"}).content.decode()
    assert "Étape 3 sur 3" in html  # one match: taken
    html = client.get("/aides/simulateur/", {**base, "commune": "Saint-Ci"}).content.decode()
    assert "Plusieurs communes correspondent" in html
    assert '<a href="#id_commune">Plusieurs communes correspondent à « Saint-Ci »' in html
    assert 'value="Saint-Cirq (46000)"' in html and 'value="Saint-Cirq-Lapopie (46000)"' in html
    html = client.get("/aides/simulateur/", {**base, "commune": "Atlantide"}).content.decode()
    assert "Aucune commune ne correspond à « Atlantide »." in html


def test_any_step_can_be_reopened_with_its_answers(client, seeded, places):
    answers = {
        "profession": "interne",
        "situation": "interne",
        "commune": "46102",
        "exercice": "indecis",
        "aide": "non",
    }
    html = client.get("/aides/simulateur/", {**answers, "etape": "1"}).content.decode()
    assert "Étape 1 sur 3" in html
    assert '<option value="interne" selected>' in html
    assert '<input type="hidden" name="commune" value="46102">' in html


def test_the_result_is_shareable_and_prefilled_from_simulator_url(client, seeded, zoned_figeac, gp):
    url = simulator_url(
        Profile(
            profession=gp,
            career_stage="non_installe",
            practice_mode="liberal",
            commune=zoned_figeac,
            installation_aid_years=(),
        )
    )
    response = client.get(url)
    html = response.content.decode()
    assert response.templates[0].name == "aids/simulator_result.html"
    assert "http://testserver/aides/simulateur/?profession=medecin-generaliste" in html
    assert "envoi=" not in html.split("Cette réponse tient")[1]
    # A partial profile (from a case without commune) opens the first missing step.
    partial = client.get(simulator_url(Profile(profession=gp, career_stage="non_installe")))
    assert "Étape 2 sur 3" in partial.content.decode()


def test_result_page_query_count_does_not_grow_with_schemes(client, seeded, places, gp):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.aids.factories import SchemeFactory

    answers = {
        "profession": "medecin-generaliste",
        "situation": "non_installe",
        "commune": "46102",
        "exercice": "liberal",
        "aide": "non",
    }
    counts = []
    for size in (0, 25):
        for index in range(size):
            SchemeFactory(slug=f"extra-{index}", professions=[gp])
        client.get("/aides/simulateur/", answers)  # warm the desk cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/aides/simulateur/", answers)
        counts.append(len(queries))
        assert len(response.context["assessment"].results) == 7 + size
    assert counts[0] == counts[1] <= 10


def test_a_completed_form_lands_on_one_clean_address(client, seeded, places):
    response = client.get(
        "/aides/simulateur/",
        {
            "envoi": "3",
            "profession": "interne",
            "situation": "interne",
            "anciennete": "",
            "commune": "Figeac",
            "exercice": "indecis",
            "aide": "non",
            "annee_aide": "2001",
        },
    )
    assert response.status_code == 302
    assert response.url == (
        "/aides/simulateur/?profession=interne&situation=interne&commune=46102"
        "&exercice=indecis&aide=non"
    )
    assert client.get(response.url).status_code == 200


def test_a_shared_postal_code_is_picked_and_kept_on_the_clean_address(client, seeded, places, lot):
    from tests.territories.factories import CommuneFactory

    # Faycelles's INSEE code, 46100, is also the postal code it shares with Figeac.
    CommuneFactory(insee_code="46100", name="Faycelles", department=lot, postal_codes="46100")
    CommuneFactory(insee_code="46055", name="Capdenac", department=lot, postal_codes="46100")
    answers = {"profession": "interne", "situation": "interne", "exercice": "indecis"}
    html = client.get("/aides/simulateur/", {**answers, "envoi": "2", "commune": "46100"})
    html = html.content.decode()
    assert "Plusieurs communes correspondent à « 46100 »" in html
    for label in ("Figeac (46100)", "Faycelles (46100)", "Capdenac (46100)"):
        assert f'value="{label}"' in html

    response = client.get(
        "/aides/simulateur/",
        {**answers, "envoi": "3", "commune": "Faycelles (46100)", "aide": "non"},
    )
    assert response.status_code == 302
    assert "commune=Faycelles+%2846100%29" in response.url  # « 46100 » alone would be ambiguous
    result = client.get(response.url)
    assert result.status_code == 200
    assert result.context["profile"].commune.name == "Faycelles"
