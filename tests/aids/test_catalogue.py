"""The catalogue's content (``aids/catalogue.py``): every scheme of the domain review is there,
with the shape the loader expects, a dated source behind every figure, closed schemes pointing
to what replaced them, and only codes that exist elsewhere in the project."""

import csv
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from aids.catalogue import CATEGORIES, REVIEWED_ON, SCHEMES
from aids.enums import CareerStage, Funder, SchemeKind
from aids.models import Scheme
from structures.models import PracticeMode
from structures.professions import PROFESSIONS

EPCI_CSV = Path(__file__).resolve().parents[2] / "territories" / "data" / "epci.csv"

REQUIRED_CODES = {
    "ptmg",
    "cde",
    "caim",
    "zrr",
    "frr",
    "am-installation-medecins",
    "am-cabinet-secondaire",
    "am-assistant-medical",
    "cesp",
    "etudiants-transport",
    "etudiants-hebergement",
    "cauvaldor-parcours-maides",
    "am-infirmiers-capii",
    "am-infirmiers-caii",
    "am-mk-caccmk",
    "am-mk-caimk",
}

# Contract (C): every key, and the types its value may take.
DATE_OR_NONE = (date, type(None))
BOOL_TRUE_OR_NONE = (True, None)
CONTRACT = {
    "code": str,
    "name": str,
    "short_name": str,
    "funder": str,
    "kind": str,
    "category": (str, type(None)),
    "summary": str,
    "territory": dict,
    "valid_from": DATE_OR_NONE,
    "valid_until": DATE_OR_NONE,
    "replaced_by": (str, type(None)),
    "professions": list,
    "practice_modes": list,
    "career_stages": list,
    "first_installation": (bool, type(None)),
    "sectors": list,
    "disciplines": list,
    "cycles": list,
    "internship_far": (bool, type(None)),
    "zoning": (dict, type(None)),
    "amounts": list,
    "commitments": str,
    "how_to_apply": str,
    "duration": str,
    "sources": list,
    "verified_on": date,
    "to_confirm": list,
    "ten_year_rule": (dict, type(None)),
}

BY_CODE = {scheme["code"]: scheme for scheme in SCHEMES}
PROFESSION_CODES = {code for code, _label, _kind, _parent in PROFESSIONS}
ZONE_VALUES = {
    "ars": {"ZIP", "ZAC", "ZAR", "TSD", "SD", "INT", "TD", "SURD", "NP", "hors"},
    "frr": {"FRR", "FRR+", "hors"},
}


def each_scheme():
    return pytest.mark.parametrize("scheme", SCHEMES, ids=[s["code"] for s in SCHEMES])


def dated_sources(scheme):
    return [source for source in scheme["sources"] if source["date"] is not None]


def french_number(value):
    """« 10 000 » for 10000: how the amount texts write their figures."""
    return f"{int(value):,}".replace(",", " ")


def test_every_scheme_of_the_review_is_in_the_catalogue_once():
    codes = [scheme["code"] for scheme in SCHEMES]
    assert len(codes) == len(set(codes))
    assert set(codes) >= REQUIRED_CODES


@each_scheme()
def test_scheme_has_every_key_of_the_contract_with_its_type(scheme):
    assert set(scheme) == set(CONTRACT)
    for key, expected in CONTRACT.items():
        assert isinstance(scheme[key], expected), key
    assert scheme["first_installation"] in BOOL_TRUE_OR_NONE
    assert scheme["internship_far"] in BOOL_TRUE_OR_NONE


@each_scheme()
def test_scheme_texts_fit_the_model_fields(scheme):
    field = Scheme._meta.get_field
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", scheme["code"])
    assert len(scheme["code"]) <= field("slug").max_length
    assert scheme["name"] and len(scheme["name"]) <= field("name").max_length
    assert len(scheme["short_name"]) <= field("short_name").max_length
    assert len(scheme["duration"]) <= field("duration").max_length
    assert scheme["summary"].strip()
    for amount in scheme["amounts"]:
        assert len(amount["text"]) <= field("amount_text").max_length


@each_scheme()
def test_scheme_uses_only_codes_that_exist(scheme):
    assert scheme["funder"] in Funder.values
    assert scheme["kind"] in SchemeKind.values
    assert scheme["category"] is None or scheme["category"] in CATEGORIES
    assert set(scheme["professions"]) <= PROFESSION_CODES
    assert set(scheme["practice_modes"]) <= set(PracticeMode.values)
    assert set(scheme["career_stages"]) <= set(CareerStage.values)
    assert set(scheme["sectors"]) <= {"1", "2_optam", "2"}
    assert set(scheme["disciplines"]) <= {
        "medecine",
        "odontologie",
        "pharmacie",
        "maieutique",
        "autre",
    }
    assert set(scheme["cycles"]) <= {2, 3}
    assert scheme["territory"]["level"] in {"national", "region", "department", "epci"}
    if scheme["zoning"] is not None:
        assert set(scheme["zoning"]) == {"kind", "values"}
        values = ZONE_VALUES[scheme["zoning"]["kind"]]
        assert scheme["zoning"]["values"] and set(scheme["zoning"]["values"]) <= values
    if scheme["ten_year_rule"] is not None:
        assert scheme["ten_year_rule"]["category"] == scheme["category"]
        assert scheme["ten_year_rule"]["counted_from"] in {"decision", "convention"}


@each_scheme()
def test_scheme_has_a_dated_source_and_the_reviews_verification_date(scheme):
    assert scheme["sources"]
    for source in scheme["sources"]:
        assert set(source) == {"title", "url", "date"}
        assert source["title"].strip()
        assert source["url"] == "" or source["url"].startswith("https://")
        assert source["date"] is None or isinstance(source["date"], date)
        assert source["date"] is None or source["date"] <= REVIEWED_ON
    assert dated_sources(scheme), "au moins une source datée"
    assert scheme["verified_on"] == REVIEWED_ON


@each_scheme()
def test_every_amount_has_a_source_and_says_its_figure(scheme):
    if scheme["amounts"]:
        assert dated_sources(scheme)
    for amount in scheme["amounts"]:
        assert {"zone", "value", "text"} <= set(amount) <= {"zone", "value", "text", "cycle"}
        assert amount.get("cycle") in (None, 2, 3)
        assert amount["text"].strip()
        if amount["value"] is not None:
            assert isinstance(amount["value"], (int, Decimal))
            assert amount["value"] > 0
            assert f"{french_number(amount['value'])} €" in amount["text"]
        if amount["zone"] is not None:
            assert scheme["zoning"] is not None
            assert amount["zone"] in scheme["zoning"]["values"]


@each_scheme()
def test_each_point_to_confirm_says_what_and_why(scheme):
    for item in scheme["to_confirm"]:
        assert set(item) == {"what", "reason"}
        assert item["what"].strip() and item["reason"].strip()


@each_scheme()
def test_a_closed_scheme_points_to_an_existing_later_scheme(scheme):
    if scheme["valid_from"] and scheme["valid_until"]:
        assert scheme["valid_from"] <= scheme["valid_until"]
    if scheme["replaced_by"] is not None:
        assert scheme["valid_until"] is not None
        successor = BY_CODE[scheme["replaced_by"]]
        assert successor["code"] != scheme["code"]
        assert successor["valid_until"] is None or successor["valid_until"] > scheme["valid_until"]
    if scheme["valid_until"] is not None and scheme["valid_until"] < REVIEWED_ON:
        assert scheme["replaced_by"] in BY_CODE


@pytest.mark.parametrize(
    "code, closed_on, successor",
    [
        ("ptmg", date(2020, 12, 24), "cde"),
        ("cde", date(2023, 12, 31), "am-installation-medecins"),
        ("caim", date(2025, 12, 31), "am-installation-medecins"),
        ("zrr", date(2024, 6, 30), "frr"),
    ],
)
def test_the_reviews_closed_schemes_close_on_the_sources_date(code, closed_on, successor):
    assert BY_CODE[code]["valid_until"] == closed_on
    assert BY_CODE[code]["replaced_by"] == successor


def test_the_cde_closure_is_shown_to_confirm():
    (closure, *_rest) = BY_CODE["cde"]["to_confirm"]
    assert "1er janvier 2024" in closure["what"]
    assert "non vérifiée" in closure["reason"]


def test_assurance_maladie_installation_aid_is_for_first_liberal_doctors_from_2026():
    aid = BY_CODE["am-installation-medecins"]
    assert aid["valid_from"] == date(2026, 1, 1) and aid["valid_until"] is None
    assert aid["professions"] == ["medecin-generaliste", "medecin-specialiste"]
    assert aid["practice_modes"] == ["liberal"]
    assert aid["first_installation"] is True
    assert aid["sectors"] == ["1", "2_optam"]
    assert aid["zoning"] == {"kind": "ars", "values": ["ZIP", "ZAC"]}
    assert [(a["zone"], a["value"]) for a in aid["amounts"]] == [("ZIP", 10000), ("ZAC", 5000)]
    assert aid["category"] == "assurance_maladie"
    assert aid["ten_year_rule"] == {"category": "assurance_maladie", "counted_from": "decision"}
    assert aid["to_confirm"] == []


def test_amounts_by_doctors_zone_class_are_never_given_to_another_profession():
    """« 10 000 € en ZIP, 5 000 € en ZAC » was shown to nurses and physios: never again."""
    for scheme in SCHEMES:
        if {a["zone"] for a in scheme["amounts"]} & {"ZIP", "ZAC", "ZAR"}:
            doctors = scheme["professions"] == ["medecin-generaliste", "medecin-specialiste"]
            medical_students = scheme["disciplines"] == ["medecine"]
            assert doctors or medical_students, scheme["code"]


def test_junior_doctors_allowance_is_for_medicine_interns_in_zip_and_asks_their_status():
    junior = BY_CODE["etudiants-docteurs-juniors"]
    assert (junior["career_stages"], junior["cycles"]) == (["interne"], [3])
    assert [(a["zone"], a["value"]) for a in junior["amounts"]] == [("ZIP", 1000)]
    assert any("docteur junior" in item["what"] for item in junior["to_confirm"])


def test_secondary_practice_aid_is_3000_euros_in_zip_with_its_conditions_to_confirm():
    aid = BY_CODE["am-cabinet-secondaire"]
    assert [(a["zone"], a["value"]) for a in aid["amounts"]] == [("ZIP", 3000)]
    assert aid["valid_from"] == date(2026, 1, 1)
    assert aid["to_confirm"]


def test_frr_is_a_liberal_exemption_on_the_frr_layer_until_2029():
    frr = BY_CODE["frr"]
    assert (frr["valid_from"], frr["valid_until"]) == (date(2024, 7, 1), date(2029, 12, 31))
    assert frr["practice_modes"] == ["liberal"]
    assert frr["career_stages"] == ["non_installe", "installe"]  # not students nor interns
    assert frr["zoning"] == {"kind": "frr", "values": ["FRR", "FRR+"]}
    assert "100 % pendant 5 ans, puis à 75 %, 50 % et 25 %" in frr["amounts"][0]["text"]
    assert "moins de 11 salariés" in frr["summary"]
    assert BY_CODE["zrr"]["practice_modes"] == ["liberal"]


def test_cesp_is_for_four_disciplines_with_its_commitment():
    cesp = BY_CODE["cesp"]
    assert cesp["disciplines"] == ["medecine", "odontologie", "pharmacie", "maieutique"]
    assert [a["value"] for a in cesp["amounts"]] == [1200]
    assert (
        "autant de mois que de mensualités perçues, et au moins deux ans" in (cesp["commitments"])
    )


def test_students_transport_is_for_far_internships_in_any_zone():
    transport = BY_CODE["etudiants-transport"]
    assert transport["cycles"] == [2, 3]
    assert transport["internship_far"] is True
    assert transport["zoning"] is None
    assert transport["amounts"][0]["text"] == "130 € bruts par mois"
    assert "CHU" in transport["how_to_apply"]


def test_students_housing_is_150_for_externs_300_for_interns_in_zip_or_zac_paid_by_the_state():
    housing = BY_CODE["etudiants-hebergement"]
    assert housing["funder"] == Funder.STATE
    assert housing["cycles"] == [2, 3]
    assert housing["zoning"] == {"kind": "ars", "values": ["ZIP", "ZAC"]}
    assert [(a["cycle"], a["text"]) for a in housing["amounts"]] == [
        (2, "150 € par mois en 2e cycle (externes)"),
        (3, "300 € par mois en 3e cycle (internes)"),
    ]
    assert "attestation sur l'honneur" in housing["how_to_apply"].lower()


def test_nurses_and_physios_contracts_are_theirs_alone_in_their_own_underserved_zones():
    for code, profession in [
        ("am-infirmiers-capii", "infirmier"),
        ("am-infirmiers-caii", "infirmier"),
        ("am-mk-caccmk", "masseur-kinesitherapeute"),
        ("am-mk-caimk", "masseur-kinesitherapeute"),
    ]:
        contract = BY_CODE[code]
        assert contract["professions"] == [profession]
        assert contract["practice_modes"] == ["liberal"]
        # Judged on the profession's own ARS zoning, in its « très sous-dotée » zones.
        assert contract["zoning"] == {"kind": "ars", "values": ["TSD"]}
        assert contract["to_confirm"]


def test_cauvaldor_grants_are_scoped_to_the_cauvaldor_epci_of_the_reference_data():
    grants = BY_CODE["cauvaldor-parcours-maides"]
    assert grants["territory"] == {"level": "epci", "code": "200066371"}
    with EPCI_CSV.open(encoding="utf-8") as rows:
        epci = {row["siren"]: row for row in csv.DictReader(rows)}
    assert epci["200066371"]["name"] == "CC Causses et Vallée de la Dordogne"
    assert grants["funder"] == Funder.EPCI
    assert [a["value"] for a in grants["amounts"]] == [800, 3600, 5000]
    assert grants["sources"][0]["date"] == date(2022, 3, 10)
    assert any("presse locale" in item["reason"] for item in grants["to_confirm"])


def test_only_national_schemes_have_no_territory_code():
    for scheme in SCHEMES:
        territory = scheme["territory"]
        assert (territory["level"] == "national") == (territory["code"] is None), scheme["code"]
