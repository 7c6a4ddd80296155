"""The public simulator: four GET steps, the answer in the URL, a table of profiles read
against the seeded catalogue (``aids.catalogue``) and real zoning layers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from aids.eligibility import Profile, simulator_url
from aids.enums import Verdict
from aids.seed import seed_schemes

pytestmark = pytest.mark.django_db

E, C, N, F = Verdict.ELIGIBLE, Verdict.TO_CHECK, Verdict.NOT_ELIGIBLE, Verdict.CLOSED
TODAY = timezone.localdate()


def years_ago(years):
    return (TODAY - timedelta(days=365 * years + 3)).isoformat()


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
    return {r.scheme.code: r.verdict for r in response.context["assessment"].results}


GP = {
    "profession": "medecin-generaliste",
    "situation": "non_installe",
    "commune": "figeac",
    "exercice": "liberal",
    "secteur": "1",
    "premiere_installation": "oui",
    "aide": "non",
}
INTERN = {
    "profession": "interne",
    "situation": "interne",
    "commune": "figeac",
    "exercice": "indecis",
    "discipline": "medecine",
    "stage_eloigne": "oui",
    "aide": "non",
}
EXTERN = {
    **INTERN,
    "profession": "etudiant-sante",
    "situation": "etudiant",
    "cycle": "2",
    "commune": "villeneuve",
}
AM = "am-installation-medecins"

# (answers, expected verdicts for some catalogue schemes; None = not offered at all)
PROFILES = [
    (
        "generaliste-premiere-installation-zip",
        GP,
        {AM: E, "ptmg": F, "caim": F, "zrr": F, "cde": F, "frr": N, "cesp": N},
    ),
    ("generaliste-secteur-2-sans-optam", {**GP, "secteur": "2"}, {AM: N}),
    ("generaliste-secteur-2-optam", {**GP, "secteur": "2_optam"}, {AM: E}),
    ("generaliste-secteur-pas-choisi", {**GP, "secteur": "indecis"}, {AM: C}),
    ("generaliste-deja-installe", {**GP, "premiere_installation": "non"}, {AM: N}),
    (
        "generaliste-salarie-frr",
        {**GP, "commune": "sousceyrac", "exercice": "salaried"},
        {AM: N, "frr": N},
    ),
    ("generaliste-liberal-frr", {**GP, "commune": "sousceyrac"}, {"frr": C, AM: E}),
    ("generaliste-hors-zone", {**GP, "commune": "villeneuve"}, {AM: N}),
    (
        "generaliste-aide-am-recente",
        {**GP, "aide": "oui", "aide_assurance_maladie": years_ago(2)},
        {AM: N},
    ),
    (
        "generaliste-aide-am-ancienne",
        {**GP, "aide": "oui", "aide_assurance_maladie": years_ago(11)},
        {AM: E},
    ),
    (
        "generaliste-aide-collectivite-recente",
        {**GP, "aide": "oui", "aide_collectivite": years_ago(2)},
        {AM: E},
    ),
    (
        "infirmier-zip-medecins",
        {**GP, "profession": "infirmier", "situation": "installe", "anciennete": "5"},
        {AM: N, "am-infirmiers-capii": C, "cesp": N},
    ),
    ("cardiologue-zac", {**GP, "profession": "cardiologie", "commune": "pradines"}, {AM: E}),
    (
        "interne-zip",
        INTERN,
        {
            "cesp": E,
            "etudiants-transport": E,
            "etudiants-hebergement": E,
            "ptmg": F,
            AM: N,
            "cauvaldor-parcours-maides": None,
        },
    ),
    ("interne-gers-zonage-inconnu", {**INTERN, "commune": "auch"}, {"etudiants-hebergement": C}),
    (
        "externe-hors-zip-stage-eloigne",
        EXTERN,
        {"etudiants-transport": E, "etudiants-hebergement": N, "cesp": E},
    ),
    ("externe-stage-proche", {**EXTERN, "stage_eloigne": "non"}, {"etudiants-transport": N}),
    (
        "etudiant-kine-et-cesp",
        {**EXTERN, "profession": "masseur-kinesitherapeute", "discipline": "autre"},
        {"cesp": N},
    ),
    ("generaliste-zonage-demo", {**GP, "commune": "gramat"}, {AM: E}),
]


@pytest.mark.parametrize(("label", "answers", "expected"), PROFILES, ids=[p[0] for p in PROFILES])
def test_simulator_answers_a_table_of_profiles(client, seeded, places, label, answers, expected):
    answers = {**answers, "commune": places[answers["commune"]]}
    response = client.get("/aides/simulateur/", answers, follow=True)
    assert response.status_code == 200
    assert response.templates[0].name == "aids/simulator_result.html"
    got = verdicts(response)
    for code, verdict in expected.items():
        reasons = [
            (reason.criterion, reason.text)
            for result in response.context["assessment"].results
            if result.scheme.code == code
            for reason in result.reasons
        ]
        assert got.get(code) == verdict, (code, got.get(code), reasons)
    html = response.content.decode()
    for title in ["Éligible", "À vérifier", "Non éligible", "Fermé"]:
        assert f"{title} <span" in html
    assert "Vos réponses" in html and "modifier" in html


def test_result_shows_amount_zoning_source_and_closed_schemes(client, seeded, places):
    answers = {**GP, "commune": "46201"}  # Pradines: the doctors' ZAC
    html = client.get("/aides/simulateur/", answers, follow=True).content.decode()
    # The amount that applies in ZAC, not one maximum.
    assert "5 000 € (en ZAC)" in html
    # The zoning, with its layer's source and date.
    assert "Zonage de Pradines" in html
    assert "Arrêté ARS Occitanie (test), 12\u00a0mars 2024" in html
    # Closed schemes: « fermé le … — remplacé par … » with a link.
    assert "Fermé le 24\u00a0décembre 2020 — remplacé par <a href=" in html
    assert "Vérifié le " in html
    # The JSON twin of this very answer.
    assert (
        'href="/api/v1/eligibilite/?profession=medecin-generaliste&amp;commune=46201'
        "&amp;stage=non_installe&amp;mode=liberal&amp;secteur=1"
        '&amp;premiere_installation=true&amp;aide_precedente=aucune"'
    ) in html


def test_demo_zoning_is_announced_on_the_result(client, seeded, places):
    html = client.get(
        "/aides/simulateur/", {**GP, "commune": "46500"}, follow=True
    ).content.decode()
    assert "Zonage de démonstration" in html
    assert "(données de démonstration)" in html
    real = client.get("/aides/simulateur/", {**GP, "commune": "46102"}, follow=True)
    real = real.content.decode()
    assert "Zonage de démonstration" not in real and "données de démonstration" not in real
    assert "Figeac est classée ZIP (zone d&#x27;intervention prioritaire)" in real


def test_first_visit_shows_step_one_without_errors(client, seeded):
    response = client.get("/aides/simulateur/")
    html = response.content.decode()
    assert "Étape 1 sur 4 : Vous" in html
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
    assert "Étape 2 sur 4 : Votre projet" in step2
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
    assert "Étape 3 sur 4 : Précisions" in step3
    assert '<input type="hidden" name="commune" value="Figeac">' in step3
    # An intern is asked the discipline and the internship's distance, not the sector.
    assert "Votre filière" in step3 and "plus de 15\u00a0km" not in step3
    assert "à plus de 15 km de votre faculté" in step3 and "Secteur conventionnel" not in step3
    missing = client.get(
        "/aides/simulateur/",
        {
            "envoi": "3",
            "profession": "interne",
            "situation": "interne",
            "commune": "Figeac",
            "exercice": "indecis",
        },
    ).content.decode()
    assert "Indiquez votre filière." in missing
    step4 = client.get(
        "/aides/simulateur/",
        {
            "envoi": "3",
            "profession": "interne",
            "situation": "interne",
            "commune": "Figeac",
            "exercice": "indecis",
            "discipline": "medecine",
            "stage_eloigne": "non",
        },
    ).content.decode()
    assert "Étape 4 sur 4 : Les aides déjà reçues" in step4
    assert "date de la dernière convention" in step4


def test_a_liberal_doctor_is_asked_sector_and_first_installation(client, seeded, places):
    answers = {**GP, "commune": "46102", "envoi": "2"}
    del answers["secteur"], answers["premiere_installation"], answers["aide"]
    html = client.get("/aides/simulateur/", answers).content.decode()
    assert "Étape 3 sur 4" in html
    assert "Secteur conventionnel envisagé" in html and "secteur 2 avec OPTAM" in html
    assert "première installation en libéral conventionné" in html
    assert "Votre filière" not in html
    salaried = client.get("/aides/simulateur/", {**answers, "exercice": "salaried"})
    assert "Étape 4 sur 4" in salaried.content.decode()  # nothing to ask in step 3


def test_previous_aid_needs_a_date_and_not_a_future_one(client, seeded, places):
    answers = {**GP, "commune": "46102", "envoi": "4", "aide": "oui"}
    html = client.get("/aides/simulateur/", answers).content.decode()
    assert "Indiquez la date d&#x27;au moins une aide déjà reçue." in html
    future = (TODAY + timedelta(days=30)).isoformat()
    html = client.get(
        "/aides/simulateur/", {**answers, "aide_assurance_maladie": future}
    ).content.decode()
    assert "Cette date est dans le futur." in html


def test_an_ambiguous_commune_offers_a_choice_and_an_unknown_one_an_error(client, seeded, lot):
    from tests.territories.factories import CommuneFactory

    CommuneFactory(insee_code="46250", name="Saint-Cirq", department=lot)
    CommuneFactory(insee_code="46251", name="Saint-Cirq-Lapopie", department=lot)
    base = {"envoi": "2", "profession": "interne", "situation": "interne", "exercice": "indecis"}
    html = client.get("/aides/simulateur/", {**base, "commune": "saint cirq l"}).content.decode()
    assert "Étape 3 sur 4" in html  # one match: taken
    html = client.get("/aides/simulateur/", {**base, "commune": "Saint-Ci"}).content.decode()
    assert "Plusieurs communes correspondent" in html
    assert '<a href="#id_commune">Plusieurs communes correspondent à « Saint-Ci »' in html
    assert 'value="Saint-Cirq (46000)"' in html and 'value="Saint-Cirq-Lapopie (46000)"' in html
    html = client.get("/aides/simulateur/", {**base, "commune": "Atlantide"}).content.decode()
    assert "Aucune commune ne correspond à « Atlantide »." in html


def test_any_step_can_be_reopened_with_its_answers(client, seeded, places):
    answers = {**INTERN, "commune": "46102"}
    html = client.get("/aides/simulateur/", {**answers, "etape": "1"}).content.decode()
    assert "Étape 1 sur 4" in html
    assert '<option value="interne" selected>' in html
    assert '<input type="hidden" name="commune" value="46102">' in html


def test_the_result_is_shareable_and_prefilled_from_simulator_url(client, seeded, zoned_figeac, gp):
    url = simulator_url(
        Profile(
            profession=gp,
            career_stage="non_installe",
            practice_mode="liberal",
            commune=zoned_figeac,
            sector="1",
            first_installation=True,
            previous_aids=(),
        )
    )
    response = client.get(url)
    html = response.content.decode()
    assert response.templates[0].name == "aids/simulator_result.html"
    assert "http://testserver/aides/simulateur/?profession=medecin-generaliste" in html
    assert "envoi=" not in html.split("Cette réponse tient")[1]
    # A partial profile (from a case without commune) opens the first missing step.
    partial = client.get(simulator_url(Profile(profession=gp, career_stage="non_installe")))
    assert "Étape 2 sur 4" in partial.content.decode()


def test_result_page_query_count_does_not_grow_with_schemes(client, seeded, places, gp):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.aids.factories import SchemeFactory

    answers = {**GP, "commune": "46102"}
    counts, base = [], None
    for size in (0, 25):
        for index in range(size):
            SchemeFactory(slug=f"extra-{index}", professions=[gp])
        client.get("/aides/simulateur/", answers)  # warm the desk cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/aides/simulateur/", answers)
        counts.append(len(queries))
        base = base or len(response.context["assessment"].results)
        assert len(response.context["assessment"].results) == base + size
    assert counts[0] == counts[1] <= 12


def test_a_completed_form_lands_on_one_clean_address(client, seeded, places):
    response = client.get(
        "/aides/simulateur/",
        {
            "envoi": "4",
            "profession": "interne",
            "situation": "interne",
            "anciennete": "",
            "commune": "Figeac",
            "exercice": "indecis",
            "secteur": "1",
            "discipline": "medecine",
            "stage_eloigne": "oui",
            "aide": "non",
            "aide_collectivite": "2001-01-01",
        },
    )
    assert response.status_code == 302
    assert response.url == (
        "/aides/simulateur/?profession=interne&situation=interne&commune=46102"
        "&exercice=indecis&discipline=medecine&stage_eloigne=oui&aide=non"
    )
    assert client.get(response.url).status_code == 200


def test_a_shared_postal_code_is_picked_and_kept_on_the_clean_address(client, seeded, places, lot):
    from tests.territories.factories import CommuneFactory

    # Faycelles's INSEE code, 46100, is also the postal code it shares with Figeac.
    CommuneFactory(insee_code="46100", name="Faycelles", department=lot, postal_codes="46100")
    CommuneFactory(insee_code="46055", name="Capdenac", department=lot, postal_codes="46100")
    answers = {
        "profession": "interne",
        "situation": "interne",
        "exercice": "indecis",
        "discipline": "medecine",
        "stage_eloigne": "oui",
    }
    html = client.get("/aides/simulateur/", {**answers, "envoi": "2", "commune": "46100"})
    html = html.content.decode()
    assert "Plusieurs communes correspondent à « 46100 »" in html
    for label in ("Figeac (46100)", "Faycelles (46100)", "Capdenac (46100)"):
        assert f'value="{label}"' in html

    response = client.get(
        "/aides/simulateur/",
        {**answers, "envoi": "4", "commune": "Faycelles (46100)", "aide": "non"},
    )
    assert response.status_code == 302
    assert "commune=Faycelles+%2846100%29" in response.url  # « 46100 » alone would be ambiguous
    result = client.get(response.url)
    assert result.status_code == 200
    assert result.context["profile"].commune.name == "Faycelles"
