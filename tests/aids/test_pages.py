"""Catalogue, scheme page, admin scope, seed and demo."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from aids.catalogue import SCHEMES
from aids.enums import Funder, SchemeKind
from aids.models import Scheme
from aids.seed import seed_schemes
from territories.models import Commune, CommuneZoning, ZoningLayer
from territories.zoning import classify
from tests.aids.factories import SchemeFactory

pytestmark = pytest.mark.django_db


def names(response):
    return {scheme.name for scheme in response.context["schemes"]}


def test_catalogue_lists_published_schemes_and_marks_closed_ones(client, professions):
    successor = SchemeFactory(name="Ouverte", slug="ouverte")
    SchemeFactory(name="Brouillon", published=False)
    SchemeFactory(name="Fermée", valid_until=date(2020, 1, 1), replaced_by=successor)
    SchemeFactory(name="À venir", valid_from=date(2099, 1, 1))
    response = client.get("/aides/")
    assert response.status_code == 200
    assert names(response) == {"Ouverte", "Fermée", "À venir"}
    assert [s.name for s in response.context["schemes"]][-1] == "Fermée"  # closed ones last
    html = response.content.decode()
    assert "Les aides à l'installation" in html and "3 dispositifs" in html
    assert 'Fermé le 1er\u00a0janvier 2020 — remplacé par <a href="/aides/ouverte/">' in html
    assert "En vigueur à partir du 1er\u00a0janvier 2099." in html


def test_catalogue_filters(client, figeac, auch, lot, gers, grand_figeac, gp, professions):
    SchemeFactory(name="ARS généralistes", funder=Funder.ARS, professions=[gp])
    SchemeFactory(name="CPAM cofinancée", funder=Funder.STATE, cofunders=["assurance_maladie"])
    SchemeFactory(name="Spécialistes", professions=[professions["medecin-specialiste"]])
    SchemeFactory(
        name="Bourse Lot",
        kind=SchemeKind.STUDY_ALLOWANCE,
        territory_level="department",
        department=lot,
    )
    SchemeFactory(
        name="Bourse Gers",
        kind=SchemeKind.STUDY_ALLOWANCE,
        territory_level="department",
        department=gers,
    )
    SchemeFactory(name="EPCI Figeac", territory_level="epci", epci=grand_figeac)
    SchemeFactory(name="ZIP ZAC", zoning_kind="ars", zoning_values=["ZIP", "ZAC"])
    SchemeFactory(name="FRR", zoning_kind="frr", zoning_values=["FRR", "FRR+"])
    assert "ARS généralistes" in names(client.get("/aides/", {"funder": "ars"}))
    assert names(client.get("/aides/", {"funder": "assurance_maladie"})) == {"CPAM cofinancée"}
    assert names(client.get("/aides/", {"kind": "bourse"})) == {"Bourse Lot", "Bourse Gers"}
    by_gp = names(client.get("/aides/", {"profession": "medecin-generaliste"}))
    assert "ARS généralistes" in by_gp and "Spécialistes" not in by_gp and "Bourse Lot" in by_gp
    assert "Spécialistes" in names(client.get("/aides/", {"profession": "cardiologie"}))
    assert names(client.get("/aides/", {"zoning": "ZAC"})) == {"ZIP ZAC"}
    assert names(client.get("/aides/", {"zoning": "FRR"})) == {"FRR"}
    in_lot = names(client.get("/aides/", {"territory": "46"}))
    assert {"Bourse Lot", "EPCI Figeac", "FRR"} <= in_lot and "Bourse Gers" not in in_lot
    empty = client.get("/aides/", {"kind": "nature"}).content.decode()
    assert "Aucun dispositif ne correspond à ces critères." in empty


def test_catalogue_query_count_is_flat_and_pages_are_bounded(client, gp, professions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (3, 45):
        for index in range(size):
            SchemeFactory(slug=f"n{size}-{index}", professions=[gp, professions["interne"]])
        client.get("/aides/")  # warm the desk cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/aides/", {"profession": "medecin-generaliste"})
        counts.append(len(queries))
        assert len(response.context["schemes"]) <= 20
    assert counts[0] == counts[1] <= 12
    pager = response.content.decode()
    assert 'aria-current="page">1</a>' in pager
    assert 'href="?profession=medecin-generaliste&amp;page=3"' in pager
    assert client.get("/aides/", {"page": "999"}).status_code == 200


def test_scheme_page_shows_criteria_source_and_verification(client, gp):
    scheme = SchemeFactory(
        name="Garantie",
        slug="garantie",
        amount_text="",
        professions=[gp],
        career_stages=["non_installe", "installe"],
        max_years_installed=1,
        source="Documentation du département",
    )
    html = client.get(scheme.get_absolute_url()).content.decode()
    assert "Médecin généraliste" in html
    assert "installé·e depuis moins de 1 an" in html
    assert "Documentation du département" in html
    assert "Fiche à vérifier" in html and "à vérifier" in html  # no amount given


def test_closed_scheme_stays_findable_and_says_what_replaced_it(client):
    successor = SchemeFactory(name="Nouvelle", slug="nouvelle")
    SchemeFactory(slug="ancienne", valid_until=date(2020, 1, 1), replaced_by=successor)
    SchemeFactory(slug="close", valid_until=date(2020, 1, 1))
    SchemeFactory(slug="future", valid_from=date(2099, 9, 1))
    SchemeFactory(slug="brouillon", published=False)
    old = client.get("/aides/ancienne/").content.decode()
    assert 'Fermé le 1er\u00a0janvier 2020 — remplacé par <a href="/aides/nouvelle/">' in old
    assert "Vérifier si j'y ai droit" not in old
    closed = client.get("/aides/close/").content.decode()
    assert "Fermé le 1er\u00a0janvier 2020." in closed and "remplacé" not in closed
    assert "En vigueur à partir du 1er\u00a0septembre 2099." in (
        client.get("/aides/future/").content.decode()
    )
    assert client.get("/aides/brouillon/").status_code == 404


def test_scheme_page_shows_amounts_per_zone_sources_and_points_to_confirm(client, gp):
    scheme = SchemeFactory(
        slug="am",
        professions=[gp],
        zoning_kind="ars",
        zoning_values=["ZIP", "ZAC"],
        amounts=[
            {"zone": "ZIP", "value": 10000, "text": "10 000 €"},
            {"zone": "ZAC", "value": 5000, "text": "5 000 €"},
        ],
        sources=[
            {"title": "Avenant 1 (test)", "url": "https://example.org/a1", "date": "2025-07-04"}
        ],
        last_verified=date(2026, 11, 20),
        first_installation=True,
        sectors=["1", "2_optam"],
        category="assurance_maladie",
        ten_year_counted_from="decision",
        no_other_aid_years=10,
        to_confirm=[{"what": "la date de versement", "reason": "aucune source ne la donne"}],
    )
    html = client.get(scheme.get_absolute_url()).content.decode()
    assert "<li>10 000 € en ZIP</li><li>5 000 € en ZAC</li>" in html
    assert (
        '<a href="https://example.org/a1" rel="noopener">Avenant 1 (test)</a> (4\u00a0juillet 2025)'
        in html
    )
    assert "Fiche vérifiée par le guichet le 20\u00a0novembre 2026." in html
    assert "ZIP ou ZAC dans le zonage ARS de votre profession" in html
    assert "secteur 1, secteur 2 avec OPTAM" in html
    assert "Première installation en libéral conventionné" in html
    assert "comptés depuis la date de la décision d&#x27;attribution" in html
    assert "<strong>la date de versement</strong> — aucune source ne la donne" in html


def test_admin_scopes_schemes_to_the_desk(client, staff, other_staff, desk, lot, gers, superuser):
    mine = SchemeFactory(name="Lot", slug="lot", territory_level="department", department=lot)
    kept = SchemeFactory(name="Tenue par le guichet", slug="tenue", desk=desk)
    theirs = SchemeFactory(name="Gers", slug="gers", territory_level="department", department=gers)
    closed = SchemeFactory(name="Close", slug="close", desk=desk, valid_until=date(2020, 1, 1))
    client.force_login(staff)
    listing = client.get("/admin/aids/scheme/").content.decode()
    assert "Lot" in listing and "Tenue par le guichet" in listing and "Close" in listing
    assert ">Gers<" not in listing
    assert client.get(f"/admin/aids/scheme/{mine.pk}/change/").status_code == 200
    assert client.get(f"/admin/aids/scheme/{kept.pk}/change/").status_code == 200
    assert client.get(f"/admin/aids/scheme/{theirs.pk}/change/").status_code == 302  # not found
    assert "en_vigueur=non" in listing
    assert "Close" in client.get("/admin/aids/scheme/", {"en_vigueur": "non"}).content.decode()
    client.force_login(superuser)
    assert client.get(f"/admin/aids/scheme/{theirs.pk}/change/").status_code == 200
    assert closed.pk


def test_staff_can_add_a_scheme_through_the_admin(client, staff, desk, gp):
    client.force_login(staff)
    response = client.post(
        "/admin/aids/scheme/add/",
        {
            "name": "Prime communale",
            "slug": "prime-communale",
            "funder": "commune",
            "kind": "subvention",
            "summary": "Une prime.",
            "source": "Délibération (test)",
            "territory_level": "national",
            "professions": [gp.pk],
            "career_stages": ["non_installe"],
            "practice_modes": ["liberal"],
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    scheme = Scheme.objects.get(slug="prime-communale")
    assert scheme.desk == desk and scheme.career_stages == ["non_installe"]


FIXTURE_CATALOGUE = [
    {
        "code": "aide-a",
        "name": "Aide A",
        "short_name": "A",
        "funder": "assurance_maladie",
        "kind": "subvention",
        "category": "assurance_maladie",
        "summary": "Une aide.",
        "territory": {"level": "national", "code": None},
        "valid_from": date(2026, 1, 1),
        "valid_until": None,
        "replaced_by": None,
        "professions": ["medecin-generaliste"],
        "practice_modes": ["liberal"],
        "career_stages": [],
        "first_installation": True,
        "sectors": ["1", "2_optam"],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": {"kind": "ars", "values": ["ZIP", "ZAC"]},
        "amounts": [
            {"zone": "ZIP", "value": 10000, "text": "10 000 €"},
            {"zone": "ZAC", "value": 5000, "text": "5 000 €"},
        ],
        "commitments": "",
        "how_to_apply": "",
        "duration": "",
        "sources": [{"title": "Texte A", "url": "https://example.org/a", "date": date(2025, 7, 4)}],
        "verified_on": date(2026, 11, 20),
        "to_confirm": [{"what": "un point", "reason": "aucune source"}],
        "ten_year_rule": {"category": "assurance_maladie", "counted_from": "decision"},
    },
    {
        "code": "aide-b",
        "name": "Aide B",
        "short_name": "",
        "funder": "ars",
        "kind": "garantie_revenu",
        "category": None,
        "summary": "Une ancienne aide.",
        "territory": {"level": "department", "code": "46"},
        "valid_from": None,
        "valid_until": date(2025, 12, 31),
        "replaced_by": "aide-a",
        "professions": [],
        "practice_modes": [],
        "career_stages": [],
        "first_installation": None,
        "sectors": [],
        "disciplines": [],
        "cycles": [],
        "internship_far": None,
        "zoning": None,
        "amounts": [],
        "commitments": "",
        "how_to_apply": "",
        "duration": "",
        "sources": [{"title": "Texte B", "url": "", "date": date(2020, 1, 1)}],
        "verified_on": date(2026, 11, 20),
        "to_confirm": [],
        "ten_year_rule": None,
    },
    {**{"code": "aide-gers", "territory": {"level": "department", "code": "32"}}},
]
FIXTURE_CATALOGUE[2] = {**FIXTURE_CATALOGUE[1], **FIXTURE_CATALOGUE[2], "replaced_by": None}


def test_seed_upserts_by_code_and_leaves_desk_schemes_alone(lot, professions, desk):
    local = SchemeFactory(slug="prime-locale", name="Prime locale", desk=desk)
    legacy = SchemeFactory(slug="aide-installation-assurance-maladie", name="Ancienne fiche")
    assert seed_schemes(FIXTURE_CATALOGUE[:2]) == (2, 0, 0)
    legacy.refresh_from_db()
    assert legacy.code == "aide-installation-assurance-maladie"  # not in the fixture's map
    assert seed_schemes(FIXTURE_CATALOGUE) == (0, 2, 1)  # the Gers is not loaded: skipped
    a, b = Scheme.objects.get(code="aide-a"), Scheme.objects.get(code="aide-b")
    assert a.amounts_label == "10 000 € en ZIP, 5 000 € en ZAC"
    assert a.amount_for("ZAC").text == "5 000 €" and a.amount_max == 10000
    assert (a.zoning_kind, a.zoning_values, a.sectors) == ("ars", ["ZIP", "ZAC"], ["1", "2_optam"])
    assert (a.category, a.ten_year_counted_from, a.no_other_aid_years) == (
        "assurance_maladie",
        "decision",
        10,
    )
    assert a.source_list[0].date == date(2025, 7, 4) and a.verified_on == date(2026, 11, 20)
    assert a.to_confirm == [{"what": "un point", "reason": "aucune source"}]
    assert list(a.professions.values_list("code", flat=True)) == ["medecin-generaliste"]
    assert b.replaced_by == a and b.department_id == "46" and b.source == "Texte B"
    local.refresh_from_db()
    assert local.name == "Prime locale"  # a desk's own scheme is left alone


def test_seed_renames_a_legacy_row_to_its_catalogue_code(lot, professions):
    legacy = SchemeFactory(slug="aide-installation-assurance-maladie", name="Ancienne fiche")
    entry = {**FIXTURE_CATALOGUE[0], "code": "am-installation-medecins"}
    assert seed_schemes([entry]) == (0, 1, 0)
    legacy.refresh_from_db()
    assert (legacy.code, legacy.name) == ("am-installation-medecins", "Aide A")
    assert legacy.slug == "aide-installation-assurance-maladie"  # its address stays


def test_seed_of_the_catalogue_is_idempotent_and_every_scheme_has_a_source(lot, professions):
    created, updated, skipped = seed_schemes()
    assert (created + skipped, updated) == (len(SCHEMES), 0)
    assert seed_schemes() == (0, created, skipped)
    for scheme in Scheme.objects.all():
        assert scheme.source and scheme.source_list and scheme.verified_on
    assert Scheme.objects.get(code="ptmg").replaced_by.code == "cde"


def test_seed_command(lot, professions):
    out = StringIO()
    call_command("seed_aids", stdout=out)
    assert f"sur {len(SCHEMES)}." in out.getvalue()


def test_demo_loader_seeds_schemes_and_marks_demo_zoning():
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    codes = {entry["code"] for entry in SCHEMES}
    assert set(Scheme.objects.values_list("code", flat=True)) <= codes
    assert Scheme.objects.count() == Scheme.objects.filter(desk__slug="lot").count() > 10
    lot = Commune.objects.filter(department_id="46")
    layers = ZoningLayer.objects.all()
    assert layers.count() == 3 and all(layer.is_demo for layer in layers)
    assert all(layer.classes.count() == lot.count() for layer in layers)
    figeac = Commune.objects.get(insee_code="46102")
    assert classify(figeac, kind="ars", profession="medecin-generaliste").value == "ZIP"
    assert not CommuneZoning.objects.filter(commune__department_id="32").exists()
