"""The engine, criterion by criterion (table-driven), then as a whole."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aids import eligibility
from aids.eligibility import MET, UNKNOWN, UNMET, Profile, assess, evaluate, simulator_url
from aids.enums import CareerStage, TerritoryLevel, Verdict
from aids.models import Scheme
from territories.models import DEMO_ZONING_SOURCE, Commune, ZoningLayer
from territories.zoning import ZoneClass
from tests.aids.factories import SchemeFactory

TODAY = date(2026, 6, 1)


def scheme(**criteria):
    """An unsaved national scheme with these criteria (``profession_codes`` as assess sets)."""
    codes = criteria.pop("profession_codes", "")
    built = Scheme(name="Test", slug="test", territory_level=TerritoryLevel.NATIONAL, **criteria)
    built.profession_codes = codes
    return built


def commune(doctor="", rural="", source="Arrêté (test)", name="Figeac"):
    """An unsaved commune; its classes (``doctor``: the doctors' ARS class, ``rural``: the FRR
    class; empty: not classed) are answered by ``fake_zoning``."""
    place = Commune(insee_code="46102", name=name, department_id="46")
    place.fake_classes = {"ars": doctor, "frr": rural, "source": source}
    return place


@pytest.fixture(autouse=True)
def fake_zoning(monkeypatch):
    """The zoning API (contract (A)) answered from ``commune().fake_classes``: the doctors'
    layer serves doctors only, as ``territories.zoning.classify`` does."""

    real = eligibility.classify

    def classify(place, *, kind, profession=None, on=None):
        classes = getattr(place, "fake_classes", None)
        if classes is None:
            return real(place, kind=kind, profession=profession, on=on)
        if not classes[kind] or not classes["source"]:
            return None
        doctor = profession in ("medecin-generaliste", "medecin-specialiste", "cardiologie")
        if kind == "ars" and not doctor:
            return None
        layer = ZoningLayer(
            kind=kind,
            name="Couche (test)",
            source=classes["source"],
            decided_on=date(2024, 3, 12),
            valid_from=date(2024, 4, 1),
            is_demo=classes["source"] == DEMO_ZONING_SOURCE,
        )
        return ZoneClass(kind=kind, value=classes[kind], layer=layer)

    monkeypatch.setattr(eligibility, "classify", classify)


def by(result, criterion):
    return next(reason for reason in result.reasons if reason.criterion == criterion)


def reason_of(result, keyword):
    return next(reason for reason in result.reasons if keyword in reason.text)


# --- profession --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("codes", "profession", "status", "words"),
    [
        ("", "infirmier", MET, "toutes les professions"),
        ("medecin-generaliste", "medecin-generaliste", MET, "Médecin généraliste : profession"),
        ("medecin-generaliste", "infirmier", UNMET, "vous : Infirmier·e"),
        ("medecin-specialiste", "cardiologie", MET, "Cardiologie : profession concernée"),
        ("medecin-generaliste,interne", "interne", MET, "Interne"),
        ("medecin-generaliste", None, UNKNOWN, "Précisez votre profession"),
    ],
)
def test_profession_criterion(codes, profession, status, words):
    result = evaluate(scheme(profession_codes=codes), Profile(profession=profession), TODAY)
    reason = result.reasons[1]
    assert (reason.status, words in reason.text) == (status, True), reason.text


# --- career stage ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("stages", "max_years", "stage", "years", "status", "words"),
    [
        ([], None, "installe", 30, MET, "Quelle que soit votre situation"),
        (["etudiant"], None, "etudiant", None, MET, "étudiant·e"),
        (["etudiant"], None, "interne", None, UNMET, "vous : interne"),
        (["non_installe", "installe"], 1, "installe", 0, MET, "moins d'un an"),
        (["non_installe", "installe"], 1, "installe", 1, UNMET, "depuis 1 an"),
        (["non_installe", "installe"], 1, "installe", None, UNKNOWN, "précisez depuis quand"),
        (["non_installe", "installe"], 1, "non_installe", None, MET, "pas encore installé"),
        (["installe"], 5, "installe", 4, MET, "depuis 4 ans"),
        (["interne"], None, None, None, UNKNOWN, "Précisez la vôtre"),
    ],
)
def test_career_stage_criterion(stages, max_years, stage, years, status, words):
    built = scheme(career_stages=stages, max_years_installed=max_years)
    profile = Profile(career_stage=stage, years_since_installation=years)
    reason = evaluate(built, profile, TODAY).reasons[2]
    assert reason.status == status and words in reason.text, reason.text


# --- practice mode -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("modes", "mode", "status"),
    [
        ([], "salaried", MET),
        (["liberal"], "liberal", MET),
        (["liberal", "mixed"], "salaried", UNMET),
        (["liberal"], None, UNKNOWN),
    ],
)
def test_practice_mode_criterion(modes, mode, status):
    reason = evaluate(scheme(practice_modes=modes), Profile(practice_mode=mode), TODAY).reasons[3]
    assert reason.status == status


# --- zoning: the class of the profession's own layer --------------------------------------------
GP = "medecin-generaliste"


@pytest.mark.parametrize(
    ("kind", "values", "place", "profession", "status", "words"),
    [
        ("", [], commune(), GP, MET, "Aucun zonage requis"),
        ("ars", ["ZIP"], commune("ZIP"), GP, MET, "Figeac est classée ZIP"),
        ("ars", ["ZIP"], commune("ZAC"), GP, UNMET, "ce dispositif demande : ZIP"),
        ("ars", ["ZIP", "ZAC"], commune("ZAC"), GP, MET, "classée ZAC"),
        ("ars", ["ZIP", "ZAC"], commune("hors"), GP, UNMET, "demande : ZIP ou ZAC"),
        ("ars", ["ZIP"], commune("ZIP"), "infirmier", UNKNOWN, "n'est pas connu"),
        ("ars", ["ZIP"], commune("ZIP"), None, UNKNOWN, "précisez votre profession"),
        ("frr", ["FRR", "FRR+"], commune(rural="FRR"), "infirmier", MET, "classée FRR"),
        ("frr", ["FRR", "FRR+"], commune("ZIP", rural="hors"), GP, UNMET, "demande : FRR"),
        ("ars", ["ZIP"], commune("ZIP", source=""), GP, UNKNOWN, "n'est pas connu"),
        ("ars", ["ZIP"], None, GP, UNKNOWN, "précisez la commune"),
    ],
)
def test_zoning_criterion(kind, values, place, profession, status, words):
    built = scheme(zoning_kind=kind, zoning_values=values)
    reason = by(evaluate(built, Profile(commune=place, profession=profession), TODAY), "zonage")
    assert reason.status == status and words in reason.text, reason.text


def test_the_zoning_reason_gives_the_layer_source_and_date():
    built = scheme(zoning_kind="ars", zoning_values=["ZIP"])
    reason = by(evaluate(built, Profile(commune=commune("ZIP"), profession=GP), TODAY), "zonage")
    assert "Arrêté (test), 12\u00a0mars 2024" in reason.text


def test_demo_zoning_is_said_in_the_reason():
    place = commune("ZIP", source=DEMO_ZONING_SOURCE)
    built = scheme(zoning_kind="ars", zoning_values=["ZIP"])
    reason = by(evaluate(built, Profile(commune=place, profession=GP), TODAY), "zonage")
    assert reason.status == MET and "données de démonstration" in reason.text


# --- the ten-year rule, per category and with dates ----------------------------------------------
@pytest.mark.parametrize(
    ("received", "status", "words"),
    [
        ((), MET, "Aucune aide de l'Assurance Maladie"),
        ((("assurance_maladie", date(2020, 3, 1)),), UNMET, "avant le 1er\u00a0mars 2030"),
        (
            (("assurance_maladie", date(2010, 1, 1)), ("assurance_maladie", date(2019, 5, 2))),
            UNMET,
            "reçue le 2\u00a0mai 2019",
        ),
        ((("assurance_maladie", date(2016, 6, 1)),), MET, "plus de 10 ans"),
        ((("assurance_maladie", date(2016, 6, 2)),), UNMET, "avant le 2\u00a0juin 2026"),
        ((("collectivite", date(2024, 1, 1)),), MET, "Aucune aide de l'Assurance Maladie"),
        (None, UNKNOWN, "dites si vous en avez déjà reçu une"),
    ],
)
def test_previous_aid_criterion(received, status, words):
    built = scheme(category="assurance_maladie", ten_year_counted_from="decision")
    reason = by(evaluate(built, Profile(previous_aids=received), TODAY), "aide_precedente")
    assert reason.status == status and words in reason.text, reason.text


def test_no_previous_aid_rule_means_no_such_reason():
    profile = Profile(previous_aids=(("assurance_maladie", date(2025, 1, 1)),))
    reasons = evaluate(scheme(), profile, TODAY).reasons
    assert all(reason.criterion != "aide_precedente" for reason in reasons)


# --- other conditions, territory and the verdict -----------------------------------------------
def test_free_text_conditions_make_the_answer_to_check():
    result = evaluate(scheme(other_conditions="être du pays."), Profile(), TODAY)
    assert result.verdict == Verdict.TO_CHECK
    assert (result.reasons[-1].status, result.reasons[-1].text) == (
        UNKNOWN,
        "Autres conditions : être du pays.",
    )
    assert result.reasons[-1].criterion == "a_confirmer"


@pytest.mark.parametrize(
    ("statuses", "verdict"),
    [
        ({"profession_codes": "", "career_stages": []}, Verdict.ELIGIBLE),
        ({"profession_codes": "interne"}, Verdict.NOT_ELIGIBLE),
        ({"practice_modes": ["liberal"]}, Verdict.TO_CHECK),
    ],
)
def test_verdict_is_the_worst_criterion(statuses, verdict):
    profile = Profile(profession="infirmier", career_stage="installe", years_since_installation=2)
    assert evaluate(scheme(**statuses), profile, TODAY).verdict == verdict


@pytest.mark.django_db
def test_territory_criterion_for_a_scheme_judged_alone(figeac, auch, professions):
    local = SchemeFactory(territory_level=TerritoryLevel.DEPARTMENT, department=figeac.department)
    assert evaluate(local, Profile(commune=figeac), TODAY).reasons[0].status == MET
    assert evaluate(local, Profile(commune=auch), TODAY).reasons[0].status == UNMET
    assert evaluate(local, Profile(), TODAY).reasons[0].status == UNKNOWN


# --- property: adding a requirement never makes someone eligible who was not ------------------
RANK = {Verdict.ELIGIBLE: 3, Verdict.TO_CHECK: 2, Verdict.NOT_ELIGIBLE: 1, Verdict.CLOSED: 0}
PROFESSION_CODES = [
    "medecin-generaliste",
    "medecin-specialiste",
    "cardiologie",
    "interne",
    "infirmier",
]
stages = st.sampled_from([None, *CareerStage.values])
modes = st.sampled_from([None, "liberal", "salaried", "mixed"])
places = st.one_of(
    st.none(),
    st.builds(
        commune,
        doctor=st.sampled_from(["", "ZIP", "ZAC", "hors"]),
        rural=st.sampled_from(["", "FRR", "hors"]),
        source=st.sampled_from(["", "Arrêté", "Données de démonstration"]),
    ),
)
profiles = st.builds(
    Profile,
    profession=st.sampled_from([None, *PROFESSION_CODES]),
    career_stage=stages,
    years_since_installation=st.one_of(st.none(), st.integers(0, 40)),
    practice_mode=modes,
    commune=places,
    sector=st.sampled_from([None, "1", "2_optam", "2"]),
    first_installation=st.sampled_from([None, True, False]),
    cycle=st.sampled_from([None, 2, 3]),
    discipline=st.sampled_from([None, "medecine", "pharmacie", "autre"]),
    internship_far=st.sampled_from([None, True, False]),
    on=st.sampled_from([None, date(2025, 6, 1), date(2027, 1, 1)]),
    previous_aids=st.one_of(
        st.none(),
        st.lists(
            st.tuples(
                st.sampled_from(["assurance_maladie", "collectivite"]),
                st.dates(date(1990, 1, 1), date(2026, 6, 1)),
            ),
            max_size=2,
        ).map(tuple),
    ),
)
criteria = st.fixed_dictionaries(
    {
        "profession_codes": st.lists(st.sampled_from(PROFESSION_CODES), max_size=2).map(",".join),
        "career_stages": st.lists(st.sampled_from(CareerStage.values), max_size=2, unique=True),
        "max_years_installed": st.one_of(st.none(), st.integers(1, 10)),
        "practice_modes": st.lists(st.sampled_from(["liberal", "salaried", "mixed"]), unique=True),
        "zoning_values": st.sampled_from([[], ["ZIP"], ["ZIP", "ZAC"]]),
        "first_installation": st.sampled_from([None, True]),
        "sectors": st.sampled_from([[], ["1", "2_optam"]]),
        "disciplines": st.sampled_from([[], ["medecine", "pharmacie"]]),
        "cycles": st.sampled_from([[], [2, 3], [3]]),
        "internship_far": st.sampled_from([None, True]),
        "category": st.sampled_from(["", "assurance_maladie"]),
        "ten_year_counted_from": st.sampled_from(["", "decision"]),
        "to_confirm": st.sampled_from([[], [{"what": "x", "reason": "y"}]]),
        "valid_until": st.sampled_from([None, date(2026, 1, 1)]),
        "other_conditions": st.sampled_from(["", "à voir"]),
    }
)
# A requirement added to a criterion that had none.
requirements = st.one_of(
    st.tuples(st.just("profession_codes"), st.sampled_from(PROFESSION_CODES)),
    st.tuples(st.just("career_stages"), st.sampled_from(CareerStage.values).map(lambda s: [s])),
    st.tuples(st.just("max_years_installed"), st.integers(1, 10)),
    st.tuples(st.just("practice_modes"), st.sampled_from(["liberal", "mixed"]).map(lambda m: [m])),
    st.tuples(st.just("zoning_values"), st.sampled_from([["ZIP"], ["ZAC"], ["FRR"]])),
    st.tuples(st.just("first_installation"), st.just(True)),
    st.tuples(st.just("sectors"), st.sampled_from([["1"], ["1", "2_optam"]])),
    st.tuples(st.just("disciplines"), st.sampled_from([["medecine"], ["pharmacie"]])),
    st.tuples(st.just("cycles"), st.sampled_from([[2], [3], [2, 3]])),
    st.tuples(st.just("internship_far"), st.just(True)),
    st.tuples(st.just("ten_year_counted_from"), st.just("convention")),
    st.tuples(st.just("to_confirm"), st.just([{"what": "un point", "reason": "aucune source"}])),
    st.tuples(st.just("valid_until"), st.just(date(2025, 12, 31))),
    st.tuples(st.just("other_conditions"), st.just("une condition de plus")),
)


def _with_zoning_kind(criteria):
    values = criteria.get("zoning_values") or []
    kind = "" if not values else "frr" if values[0].startswith("FRR") else "ars"
    return {**criteria, "zoning_kind": kind}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles, base=criteria, added=requirements)
def test_adding_a_requirement_never_improves_the_verdict(profile, base, added):
    name, value = added
    if base[name] not in ("", [], None):
        return  # only tighten a criterion that was open
    before = evaluate(scheme(**_with_zoning_kind(base)), profile, TODAY).verdict
    after = evaluate(scheme(**_with_zoning_kind({**base, name: value})), profile, TODAY).verdict
    assert RANK[after] <= RANK[before]


# --- assess: one query, scope -----------------------------------------------------------------
@pytest.mark.django_db
def test_assess_runs_the_same_queries_whatever_the_number_of_schemes(
    django_assert_num_queries, zoned_figeac, gp, professions
):
    # One for the schemes, one for the commune's zonings (display), one per zoning kind read.
    for size in (3, 30):
        for index in range(size):
            SchemeFactory(
                slug=f"s{size}-{index}",
                professions=[gp, professions["interne"]],
                zoning_kind="ars",
                zoning_values=["ZIP"],
            )
        profile = Profile(profession=gp, career_stage="installe", commune=zoned_figeac)
        with django_assert_num_queries(3):
            assessment = assess(profile, TODAY)
            [result.reasons for result in assessment.results]
        assert len(assessment.results) >= size


@pytest.mark.django_db
def test_assess_keeps_published_schemes_in_force_that_cover_the_commune(
    zoned_figeac, auch, grand_figeac, gp
):
    SchemeFactory(slug="national")
    SchemeFactory(slug="lot", territory_level="department", department=zoned_figeac.department)
    SchemeFactory(slug="gers", territory_level="department", department=auch.department)
    SchemeFactory(slug="figeac-epci", territory_level="epci", epci=grand_figeac)
    SchemeFactory(slug="occitanie", territory_level="region", region_code="76")
    SchemeFactory(slug="nouvelle-aquitaine", territory_level="region", region_code="75")
    SchemeFactory(slug="draft", published=False)
    SchemeFactory(slug="closed", valid_until=date(2025, 12, 31))
    SchemeFactory(slug="future", valid_from=date(2027, 1, 1))
    verdicts = {
        r.scheme.slug: r.verdict for r in assess(Profile(commune=zoned_figeac), TODAY).results
    }
    assert set(verdicts) == {"national", "lot", "figeac-epci", "occitanie", "closed", "future"}
    assert (verdicts["closed"], verdicts["future"]) == (Verdict.CLOSED, Verdict.NOT_ELIGIBLE)
    everywhere = {r.scheme.slug for r in assess(Profile(), TODAY).results}
    assert {"gers", "nouvelle-aquitaine"} <= everywhere and "draft" not in everywhere


@pytest.mark.django_db
def test_simulator_url_carries_the_whole_profile(zoned_figeac, gp):
    profile = Profile(
        profession=gp,
        career_stage="installe",
        years_since_installation=2,
        practice_mode="liberal",
        commune=zoned_figeac,
        on=date(2026, 9, 1),
        sector="2_optam",
        first_installation=True,
        previous_aids=(("collectivite", date(2019, 4, 2)), ("collectivite", date(2021, 5, 3))),
    )
    url = simulator_url(profile)
    assert url.startswith("/aides/simulateur/?")
    for part in [
        "profession=medecin-generaliste",
        "situation=installe",
        "anciennete=2",
        "exercice=liberal",
        "commune=46102",
        "date=2026-09-01",
        "secteur=2_optam",
        "premiere_installation=oui",
        "aide=oui",
        "aide_collectivite=2021-05-03",
    ]:
        assert part in url
    assert simulator_url(Profile()) == "/aides/simulateur/"
    assert "aide=non" in simulator_url(Profile(previous_aids=()))


@pytest.mark.django_db
def test_api_query_speaks_the_api_parameters(zoned_figeac, gp):
    from aids.eligibility import api_query, api_url

    profile = Profile(
        profession=gp,
        career_stage="interne",
        practice_mode="salaried",
        commune=zoned_figeac,
        on=date(2026, 9, 1),
        cycle=3,
        discipline="medecine",
        internship_far=False,
        first_installation=True,
        previous_aids=(("collectivite", date(2021, 5, 3)), ("assurance_maladie", date(2020, 1, 2))),
    )
    assert api_query(profile) == {
        "profession": "medecin-generaliste",
        "commune": "46102",
        "stage": "interne",
        "mode": "salarie",
        "premiere_installation": "true",
        "date": "2026-09-01",
        "cycle": "3",
        "discipline": "medecine",
        "stage_eloigne": "false",
        "aide_precedente": ["assurance_maladie:2020-01-02", "collectivite:2021-05-03"],
    }
    url = api_url(profile)
    assert url.startswith("/api/v1/eligibilite/?profession=medecin-generaliste")
    assert "aide_precedente=assurance_maladie%3A2020-01-02&aide_precedente=collectivite" in url
    assert api_query(Profile(previous_aids=()))["aide_precedente"] == ["aucune"]
    assert "aide_precedente" not in api_query(Profile())


@pytest.mark.django_db
def test_profile_for_case_reads_a_case_by_attribute_name(zoned_figeac, gp):
    from types import SimpleNamespace

    from aids.eligibility import profile_for_case

    case = SimpleNamespace(
        pk=None,
        profession=gp,
        situation="locum",
        practice_mode="liberal",
        installed_mode="",
        installed_on=None,
        installed_commune=zoned_figeac,
    )
    profile = profile_for_case(case, TODAY)
    assert (profile.profession_code, profile.career_stage, profile.practice_mode) == (
        "medecin-generaliste",
        "non_installe",
        "liberal",
    )
    assert profile.commune == zoned_figeac and profile.previous_aids is None
    case.installed_on, case.installed_mode = date(2024, 3, 1), "salaried"
    installed = profile_for_case(case, TODAY)
    assert (installed.career_stage, installed.years_since_installation) == ("installe", 2)
    assert installed.practice_mode == "salaried"
