"""Catalogue, scheme page, admin scope, seed and demo."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from aids.enums import Funder, SchemeKind
from aids.models import Scheme
from aids.seed import SCHEMES, seed_schemes
from territories.models import Commune
from tests.aids.factories import SchemeFactory

pytestmark = pytest.mark.django_db


def names(response):
    return {scheme.name for scheme in response.context["schemes"]}


def test_catalogue_lists_public_schemes_only(client, professions):
    SchemeFactory(name="Ouverte")
    SchemeFactory(name="Brouillon", published=False)
    SchemeFactory(name="Fermée", valid_until=date(2020, 1, 1))
    SchemeFactory(name="À venir", valid_from=date(2099, 1, 1))
    response = client.get("/aides/")
    assert response.status_code == 200
    assert names(response) == {"Ouverte"}
    html = response.content.decode()
    assert "Les aides à l'installation" in html and "1 dispositif" in html


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
    SchemeFactory(name="ZIP ZAC", zoning_required="zip_zac")
    SchemeFactory(name="FRR", zoning_required="zrr_frr")
    assert "ARS généralistes" in names(client.get("/aides/", {"funder": "ars"}))
    assert names(client.get("/aides/", {"funder": "assurance_maladie"})) == {"CPAM cofinancée"}
    assert names(client.get("/aides/", {"kind": "bourse"})) == {"Bourse Lot", "Bourse Gers"}
    by_gp = names(client.get("/aides/", {"profession": "medecin-generaliste"}))
    assert "ARS généralistes" in by_gp and "Spécialistes" not in by_gp and "Bourse Lot" in by_gp
    assert "Spécialistes" in names(client.get("/aides/", {"profession": "cardiologie"}))
    assert names(client.get("/aides/", {"zoning": "zac"})) == {"ZIP ZAC"}
    assert names(client.get("/aides/", {"zoning": "zrr_frr"})) == {"FRR"}
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


def test_closed_scheme_is_hidden_or_leads_to_its_successor(client):
    successor = SchemeFactory(name="Nouvelle", slug="nouvelle")
    SchemeFactory(slug="ancienne", valid_until=date(2020, 1, 1), replaced_by=successor)
    SchemeFactory(slug="close", valid_until=date(2020, 1, 1))
    SchemeFactory(slug="brouillon", published=False)
    assert client.get("/aides/ancienne/").url == "/aides/nouvelle/"
    assert client.get("/aides/close/").status_code == 404
    assert client.get("/aides/brouillon/").status_code == 404


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


def test_seed_is_idempotent_and_every_scheme_has_a_source(lot, professions):
    assert seed_schemes() == (len(SCHEMES), 0, 0)
    assert seed_schemes() == (0, len(SCHEMES), 0)
    assert Scheme.objects.count() == len(SCHEMES)
    for scheme in Scheme.objects.all():
        assert scheme.source
    ptmg = Scheme.objects.get(slug="ptmg")
    assert ptmg.amount_text == "6 900 € bruts par mois" and ptmg.max_years_installed == 1
    assert "165 consultations" in ptmg.commitments
    am = Scheme.objects.get(slug="aide-installation-assurance-maladie")
    assert am.amount_text == "10 000 € en ZIP, 5 000 € en ZAC" and am.no_other_aid_years == 10
    assert Scheme.objects.get(slug="cesp").amount_max == 1200
    # No figure without a source: unsourced amounts stay empty.
    assert Scheme.objects.get(slug="exoneration-zrr").amount_text == ""
    assert Scheme.objects.get(slug="bourses-etudes-intercommunales").amount_text == ""


def test_seed_command(lot, professions):
    out = StringIO()
    call_command("seed_aids", stdout=out)
    assert f"{len(SCHEMES)} créé(s)" in out.getvalue()


def test_demo_loader_seeds_schemes_and_marks_demo_zoning():
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    assert Scheme.objects.count() == len(SCHEMES)
    assert Scheme.objects.filter(desk__slug="lot").count() == len(SCHEMES)
    lot = Commune.objects.filter(department_id="46")
    assert lot.filter(zoning_source="Données de démonstration").count() == lot.count()
    assert lot.exclude(doctor_zoning="").count() >= lot.count() - 1  # almost all of the Lot
    assert Commune.objects.get(insee_code="46102").doctor_zoning == "zip"
    assert not Commune.objects.filter(department_id="32").exclude(zoning_source="").exists()
