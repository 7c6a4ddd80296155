"""The engine on the review's cases, table-driven, with fixture schemes (not the catalogue)
and real zoning layers: each case is a profile, a scheme code, the verdict, and what the
reasons and the amount must say."""

from dataclasses import replace
from datetime import date

import pytest

from aids.eligibility import Profile, assess
from aids.enums import Verdict
from territories.models import ProfessionGroup, ZoningKind
from tests.aids.conftest import zoning_layer
from tests.aids.factories import SchemeFactory
from tests.territories.factories import CommuneFactory

TODAY = date(2026, 6, 1)
DOCTORS = ["medecin-generaliste", "medecin-specialiste"]

SCHEMES = [
    {
        "code": "am-installation",
        "professions": DOCTORS,
        "practice_modes": ["liberal", "mixed"],
        "first_installation": True,
        "sectors": ["1", "2_optam"],
        "zoning_kind": "ars",
        "zoning_values": ["ZIP", "ZAC"],
        "amounts": [
            {"zone": "ZIP", "value": 10000, "text": "10 000 €"},
            {"zone": "ZAC", "value": 5000, "text": "5 000 €"},
        ],
        "category": "assurance_maladie",
        "ten_year_counted_from": "decision",
        "valid_from": date(2026, 1, 1),
    },
    {
        "code": "contrat-infirmier",
        "professions": ["infirmier"],
        "zoning_kind": "ars",
        "zoning_values": ["ZIP"],
        "amounts": [{"zone": "", "value": None, "text": "selon le contrat"}],
    },
    {
        "code": "frr",
        "practice_modes": ["liberal"],
        "zoning_kind": "frr",
        "zoning_values": ["FRR", "FRR+"],
        "valid_from": date(2024, 7, 1),
        "valid_until": date(2029, 12, 31),
    },
    {"code": "successeur"},
    {"code": "ferme", "valid_until": date(2025, 12, 31), "replaced_by": "successeur"},
    {"code": "futur", "valid_from": date(2027, 1, 1)},
    {
        "code": "cesp",
        "career_stages": ["etudiant", "interne"],
        "disciplines": ["medecine", "odontologie", "pharmacie", "maieutique"],
    },
    {
        "code": "transport",
        "career_stages": ["etudiant", "interne"],
        "cycles": [2, 3],
        "internship_far": True,
        "amounts": [{"zone": "", "value": 130, "text": "130 € brut par mois"}],
    },
    {
        "code": "aide-locale",
        "category": "collectivite",
        "ten_year_counted_from": "convention",
    },
    {
        "code": "a-confirmer",
        "to_confirm": [{"what": "le montant", "reason": "aucune source ne le donne"}],
    },
]


@pytest.fixture
def world(figeac, lot, professions):
    """Figeac: doctors' ZIP, nurses « hors », FRR. Pradines: doctors' ZAC, not FRR."""
    pradines = CommuneFactory(insee_code="46201", name="Pradines", department=lot)
    zoning_layer({figeac: "ZIP", pradines: "ZAC"}, source="Arrêté ARS médecins (test)")
    zoning_layer(
        {figeac: "hors", pradines: "hors"},
        group=ProfessionGroup.INFIRMIERS,
        source="Arrêté ARS infirmiers (test)",
    )
    zoning_layer({figeac: "FRR", pradines: "hors"}, kind=ZoningKind.FRR, source="Arrêté FRR (test)")
    by_code = {}
    for entry in SCHEMES:
        data = dict(entry)
        codes = data.pop("professions", [])
        successor = data.pop("replaced_by", None)
        scheme = SchemeFactory(
            slug=data["code"],
            name=f"Dispositif {data['code']}",
            professions=[professions[code] for code in codes],
            replaced_by=by_code.get(successor),
            **data,
        )
        by_code[scheme.code] = scheme
    return {"figeac": figeac, "pradines": pradines}


GP_ZIP = {
    "profession": "medecin-generaliste",
    "career_stage": "non_installe",
    "practice_mode": "liberal",
    "place": "figeac",
    "sector": "1",
    "first_installation": True,
    "previous_aids": (),
}
NURSE = {**GP_ZIP, "profession": "infirmier", "sector": None}
EXTERN = {
    "profession": "etudiant-sante",
    "career_stage": "etudiant",
    "place": "pradines",
    "cycle": 2,
    "discipline": "medecine",
    "internship_far": True,
    "previous_aids": (),
}


def decision(category, day):
    return ((category, day),)


CASES = [
    # (case id, profile, scheme code, verdict, words in a reason of that criterion, amount text)
    ("closed scheme", GP_ZIP, "ferme", Verdict.CLOSED, ("validite", "Fermé le 31"), None),
    ("closed names its successor", GP_ZIP, "ferme", Verdict.CLOSED,
     ("validite", "remplacé par Dispositif successeur"), None),
    ("closed on the planned date only", {**GP_ZIP, "on": date(2025, 6, 1)}, "ferme",
     Verdict.ELIGIBLE, ("validite", "jusqu'au 31"), None),
    ("not yet in force", GP_ZIP, "futur", Verdict.NOT_ELIGIBLE,
     ("validite", "En vigueur à partir du 1er\u00a0janvier 2027"), None),
    ("in force on the planned date", {**GP_ZIP, "on": date(2027, 3, 1)}, "futur",
     Verdict.ELIGIBLE, None, None),
    ("GP in ZIP: 10 000 €", GP_ZIP, "am-installation", Verdict.ELIGIBLE,
     ("zonage", "classée ZIP"), "10 000 €"),
    ("GP in ZAC: 5 000 €", {**GP_ZIP, "place": "pradines"}, "am-installation",
     Verdict.ELIGIBLE, ("zonage", "classée ZAC"), "5 000 €"),
    ("AM aid before 1/01/2026", {**GP_ZIP, "on": date(2025, 11, 1)}, "am-installation",
     Verdict.NOT_ELIGIBLE, ("validite", "à partir du 1er\u00a0janvier 2026"), "10 000 €"),
    ("nurse: not the doctors' aid", NURSE, "am-installation", Verdict.NOT_ELIGIBLE,
     ("profession", "vous : Infirmier·e"), None),
    ("nurse in a doctors' ZIP is not in a nurses' ZIP", NURSE, "contrat-infirmier",
     Verdict.NOT_ELIGIBLE, ("zonage", "classée hors"), "selon le contrat"),
    ("salaried GP in FRR", {**GP_ZIP, "practice_mode": "salaried"}, "frr",
     Verdict.NOT_ELIGIBLE, ("mode", "vous : salarié"), None),
    ("liberal GP in FRR", GP_ZIP, "frr", Verdict.ELIGIBLE, ("zonage", "classée FRR"), None),
    ("liberal GP outside FRR", {**GP_ZIP, "place": "pradines"}, "frr", Verdict.NOT_ELIGIBLE,
     ("zonage", "demande : FRR ou FRR+"), None),
    ("sector 2 without OPTAM", {**GP_ZIP, "sector": "2"}, "am-installation",
     Verdict.NOT_ELIGIBLE, ("secteur", "vous : secteur 2 sans OPTAM"), "10 000 €"),
    ("sector 2 with OPTAM", {**GP_ZIP, "sector": "2_optam"}, "am-installation",
     Verdict.ELIGIBLE, ("secteur", "Secteur 2 avec OPTAM"), "10 000 €"),
    ("sector not known", {**GP_ZIP, "sector": None}, "am-installation", Verdict.TO_CHECK,
     ("secteur", "précisez votre secteur"), "10 000 €"),
    ("GP already installed", {**GP_ZIP, "first_installation": False}, "am-installation",
     Verdict.NOT_ELIGIBLE, ("premiere_installation", "déjà installé"), "10 000 €"),
    ("physio student and CESP", {**EXTERN, "profession": "masseur-kinesitherapeute",
     "discipline": None}, "cesp", Verdict.NOT_ELIGIBLE, ("discipline", "vous : autre"), None),
    ("medical student and CESP", EXTERN, "cesp", Verdict.ELIGIBLE,
     ("discipline", "médecine"), None),
    ("student of unknown discipline and CESP", {**EXTERN, "discipline": None}, "cesp",
     Verdict.TO_CHECK, ("discipline", "précisez votre filière"), None),
    ("extern's transport outside ZIP", EXTERN, "transport", Verdict.ELIGIBLE,
     ("cycle", "2e cycle"), "130 € brut par mois"),
    ("internship close to faculty", {**EXTERN, "internship_far": False}, "transport",
     Verdict.NOT_ELIGIBLE, ("distance", "plus de 15 km"), "130 € brut par mois"),
    ("cycle not known", {**EXTERN, "cycle": None}, "transport", Verdict.TO_CHECK,
     ("cycle", "précisez votre cycle"), "130 € brut par mois"),
    ("interns are in the third cycle", {**EXTERN, "career_stage": "interne", "cycle": None},
     "transport", Verdict.ELIGIBLE, ("cycle", "3e cycle"), "130 € brut par mois"),
    ("1st-cycle student", {**EXTERN, "cycle": 1}, "transport", Verdict.NOT_ELIGIBLE,
     ("cycle", "vous : 1er cycle"), "130 € brut par mois"),
    ("AM aid within ten years of the decision",
     {**GP_ZIP, "previous_aids": decision("assurance_maladie", date(2019, 9, 1))},
     "am-installation", Verdict.NOT_ELIGIBLE,
     ("aide_precedente", "avant le 1er\u00a0septembre 2029"), "10 000 €"),
    ("AM aid more than ten years ago",
     {**GP_ZIP, "previous_aids": decision("assurance_maladie", date(2015, 9, 1))},
     "am-installation", Verdict.ELIGIBLE, ("aide_precedente", "plus de 10 ans"), "10 000 €"),
    ("another category is ignored",
     {**GP_ZIP, "previous_aids": decision("collectivite", date(2024, 1, 1))},
     "am-installation", Verdict.ELIGIBLE, ("aide_precedente", "Aucune aide"), "10 000 €"),
    ("local aid within ten years of the last convention",
     {**GP_ZIP, "previous_aids": decision("collectivite", date(2020, 2, 3))},
     "aide-locale", Verdict.NOT_ELIGIBLE,
     ("aide_precedente", "date de la dernière convention"), None),
    ("previous aids not asked", {**GP_ZIP, "previous_aids": None}, "aide-locale",
     Verdict.TO_CHECK, ("aide_precedente", "dites si vous en avez déjà reçu une"), None),
    ("to confirm: at best « à vérifier »", GP_ZIP, "a-confirmer", Verdict.TO_CHECK,
     ("a_confirmer", "À confirmer : le montant — aucune source ne le donne"), None),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "code", "verdict", "said", "amount"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_engine_case(world, answers, code, verdict, said, amount):
    answers = dict(answers)
    place = world[answers.pop("place")]
    profile = Profile(commune=place, **answers)
    results = {result.scheme.code: result for result in assess(profile, TODAY).results}
    result = results[code]
    texts = [(reason.criterion, reason.text) for reason in result.reasons]
    assert result.verdict == verdict, texts
    if said is not None:
        criterion, words = said
        assert any(c == criterion and words in text for c, text in texts), texts
    assert (result.amount.text if result.amount else None) == amount


@pytest.mark.django_db
def test_the_planned_date_chooses_the_zoning_layer(world, figeac):
    """A later doctors' layer puts Figeac in ZAC from 2027: the amount follows the date."""
    from territories.models import ZoningLayer

    ZoningLayer.objects.filter(profession_group=ProfessionGroup.MEDECINS).update(
        valid_until=date(2026, 12, 31)
    )
    zoning_layer({figeac: "ZAC"}, valid_from=date(2027, 1, 1), source="Nouvel arrêté (test)")
    profile = Profile(commune=figeac, **{k: v for k, v in GP_ZIP.items() if k != "place"})
    now = {r.scheme.code: r for r in assess(profile, TODAY).results}["am-installation"]
    later_profile = replace(profile, on=date(2027, 2, 1))
    later = {r.scheme.code: r for r in assess(later_profile, TODAY).results}["am-installation"]
    assert (now.amount.text, later.amount.text) == ("10 000 €", "5 000 €")
    assert "Nouvel arrêté (test)" in next(r.text for r in later.reasons if r.criterion == "zonage")


@pytest.mark.django_db
def test_every_reason_has_a_criterion_code(world):
    codes = {
        "profession", "stage", "mode", "territoire", "zonage", "premiere_installation",
        "secteur", "discipline", "cycle", "distance", "aide_precedente", "a_confirmer",
        "validite",
    }  # fmt: skip
    profile = Profile(commune=world["figeac"])
    for result in assess(profile, TODAY).results:
        assert {reason.criterion for reason in result.reasons} <= codes
