"""The engine, criterion by criterion (table-driven), then as a whole."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aids.eligibility import MET, UNKNOWN, UNMET, Profile, assess, evaluate, simulator_url
from aids.enums import CareerStage, TerritoryLevel, Verdict, ZoningRequirement
from aids.models import Scheme
from territories.models import Commune, DoctorZoning, RuralZoning
from tests.aids.factories import SchemeFactory

TODAY = date(2026, 6, 1)


def scheme(**criteria):
    """An unsaved national scheme with these criteria (``profession_codes`` as assess sets)."""
    codes = criteria.pop("profession_codes", "")
    built = Scheme(name="Test", slug="test", territory_level=TerritoryLevel.NATIONAL, **criteria)
    built.profession_codes = codes
    return built


def commune(doctor="", rural="", source="Arrêté (test)", name="Figeac"):
    return Commune(
        insee_code="46102",
        name=name,
        department_id="46",
        doctor_zoning=doctor,
        rural_zoning=rural,
        zoning_source=source,
    )


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


# --- zoning ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("required", "place", "status", "words"),
    [
        ("", commune(), MET, "Aucun zonage requis"),
        (
            "zip",
            commune(DoctorZoning.ZIP),
            MET,
            "Figeac est classée en zone d'intervention prioritaire",
        ),
        ("zip", commune(DoctorZoning.ZAC), UNMET, "n'est pas classée"),
        ("zac", commune(DoctorZoning.ZAC), MET, "zone d'action complémentaire"),
        ("zip_zac", commune(DoctorZoning.ZAC), MET, "(ZAC)"),
        ("zip_zac", commune(""), UNMET, "n'est pas classée ZIP ou ZAC"),
        ("zrr_frr", commune(rural=RuralZoning.FRR), MET, "France Ruralités Revitalisation"),
        ("zrr_frr", commune(rural=RuralZoning.ZRR), MET, "revitalisation rurale (ZRR)"),
        ("zrr_frr", commune(DoctorZoning.ZIP), UNMET, "n'est pas classée"),
        ("zip", commune(source=""), UNKNOWN, "pas encore renseigné"),
        ("zip", None, UNKNOWN, "précisez la commune"),
    ],
)
def test_zoning_criterion(required, place, status, words):
    reason = evaluate(scheme(zoning_required=required), Profile(commune=place), TODAY).reasons[4]
    assert reason.status == status and words in reason.text, reason.text


def test_demo_zoning_is_said_in_the_reason():
    from territories.models import DEMO_ZONING_SOURCE

    place = commune(DoctorZoning.ZIP, source=DEMO_ZONING_SOURCE)
    reason = evaluate(scheme(zoning_required="zip"), Profile(commune=place), TODAY).reasons[4]
    assert reason.status == MET and "démonstration" in reason.text


# --- no other installation aid within N years ---------------------------------------------------
@pytest.mark.parametrize(
    ("received", "status", "words"),
    [
        ((), MET, "Aucune aide"),
        ((2020,), UNMET, "reçue en 2020"),
        ((2010, 2019), UNMET, "reçue en 2019"),
        ((2016,), UNKNOWN, "s'achève cette année"),
        ((2015,), MET, "plus de 10 ans"),
        (None, UNKNOWN, "dites si vous en avez déjà reçu une"),
    ],
)
def test_previous_aid_criterion(received, status, words):
    built = scheme(no_other_aid_years=10)
    reason = evaluate(built, Profile(installation_aid_years=received), TODAY).reasons[5]
    assert reason.status == status and words in reason.text, reason.text


def test_no_previous_aid_rule_means_no_such_reason():
    reasons = evaluate(scheme(), Profile(installation_aid_years=(2025,)), TODAY).reasons
    assert all("aide à l'installation" not in reason.text for reason in reasons)


# --- other conditions, territory and the verdict -----------------------------------------------
def test_free_text_conditions_make_the_answer_to_check():
    result = evaluate(scheme(other_conditions="être du pays."), Profile(), TODAY)
    assert result.verdict == Verdict.TO_CHECK
    assert result.reasons[-1] == result.reasons[-1].__class__(
        UNKNOWN, "Autres conditions : être du pays."
    )


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
RANK = {Verdict.ELIGIBLE: 2, Verdict.TO_CHECK: 1, Verdict.NOT_ELIGIBLE: 0}
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
        doctor=st.sampled_from(["", "zip", "zac"]),
        rural=st.sampled_from(["", "zrr", "frr"]),
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
    installation_aid_years=st.one_of(
        st.none(), st.lists(st.integers(1990, 2026), max_size=2).map(tuple)
    ),
)
criteria = st.fixed_dictionaries(
    {
        "profession_codes": st.lists(st.sampled_from(PROFESSION_CODES), max_size=2).map(",".join),
        "career_stages": st.lists(st.sampled_from(CareerStage.values), max_size=2, unique=True),
        "max_years_installed": st.one_of(st.none(), st.integers(1, 10)),
        "practice_modes": st.lists(st.sampled_from(["liberal", "salaried", "mixed"]), unique=True),
        "zoning_required": st.sampled_from(ZoningRequirement.values),
        "no_other_aid_years": st.one_of(st.none(), st.integers(1, 15)),
        "other_conditions": st.sampled_from(["", "à voir"]),
    }
)
# A requirement added to a criterion that had none.
requirements = st.one_of(
    st.tuples(st.just("profession_codes"), st.sampled_from(PROFESSION_CODES)),
    st.tuples(st.just("career_stages"), st.sampled_from(CareerStage.values).map(lambda s: [s])),
    st.tuples(st.just("max_years_installed"), st.integers(1, 10)),
    st.tuples(st.just("practice_modes"), st.sampled_from(["liberal", "mixed"]).map(lambda m: [m])),
    st.tuples(st.just("zoning_required"), st.sampled_from(ZoningRequirement.values[1:])),
    st.tuples(st.just("no_other_aid_years"), st.integers(1, 15)),
    st.tuples(st.just("other_conditions"), st.just("une condition de plus")),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles, base=criteria, added=requirements)
def test_adding_a_requirement_never_improves_the_verdict(profile, base, added):
    name, value = added
    if base[name] not in ("", [], None):
        return  # only tighten a criterion that was open
    before = evaluate(scheme(**base), profile, TODAY).verdict
    after = evaluate(scheme(**{**base, name: value}), profile, TODAY).verdict
    assert RANK[after] <= RANK[before]


# --- assess: one query, scope -----------------------------------------------------------------
@pytest.mark.django_db
def test_assess_runs_one_query_whatever_the_number_of_schemes(
    django_assert_num_queries, zoned_figeac, gp, professions
):
    for size in (3, 30):
        for index in range(size):
            SchemeFactory(slug=f"s{size}-{index}", professions=[gp, professions["interne"]])
        profile = Profile(profession=gp, career_stage="installe", commune=zoned_figeac)
        with django_assert_num_queries(1):
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
    slugs = {r.scheme.slug for r in assess(Profile(commune=zoned_figeac), TODAY).results}
    assert slugs == {"national", "lot", "figeac-epci", "occitanie"}
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
        installation_aid_years=(2019, 2021),
    )
    url = simulator_url(profile)
    assert url.startswith("/aides/simulateur/?")
    for part in [
        "profession=medecin-generaliste",
        "situation=installe",
        "anciennete=2",
        "exercice=liberal",
        "commune=46102",
        "aide=oui",
        "annee_aide=2021",
    ]:
        assert part in url
    assert simulator_url(Profile()) == "/aides/simulateur/"
    assert "aide=non" in simulator_url(Profile(installation_aid_years=()))


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
    assert profile.commune == zoned_figeac and profile.installation_aid_years is None
    case.installed_on, case.installed_mode = date(2024, 3, 1), "salaried"
    installed = profile_for_case(case, TODAY)
    assert (installed.career_stage, installed.years_since_installation) == ("installe", 2)
    assert installed.practice_mode == "salaried"
