from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template.loader import render_to_string

from demo.aids import demo_zoning
from structures.professions import PROFESSIONS
from territories.models import DEMO_ZONING_SOURCE, CommuneZoning, ZoningLayer
from territories.zoning import classifications, classifications_for, classify
from tests.territories.factories import CommuneFactory, CommuneZoningFactory, ZoningLayerFactory

pytestmark = pytest.mark.django_db

ARS_SOURCE = "Arrêté ARS Occitanie du 4 mai 2022"
FRR_SOURCE = "Arrêté du 19 juin 2024 constatant le classement en FRR"


@pytest.fixture
def communes(lot):
    return {
        code: CommuneFactory(insee_code=code, name=name, department=lot, population=population)
        for code, name, population in [
            ("46102", "Figeac", 9800),
            ("46042", "Cahors", 19000),
            ("46201", "Gramat", 3500),
        ]
    }


def run(tmp_path, text, *args):
    path = tmp_path / "zonage.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_zoning", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def import_doctors(tmp_path, text, on="2022-05-04", *more):
    args = ["--layer", "ars", "--profession", "medecin-generaliste", "--source", ARS_SOURCE]
    return run(tmp_path, text, *args, "--date", on, *more)


def import_frr(tmp_path, text, on="2024-06-19", source=FRR_SOURCE):
    return run(tmp_path, text, "--layer", "frr", "--source", source, "--date", on)


def test_two_layers_each_keep_their_own_source_and_date(tmp_path, communes):
    figeac = communes["46102"]
    out = import_doctors(tmp_path, "code_insee;zonage\n46102;ZIP\n46042;zac\n46201;hors\n")
    assert "Couche « Zonage ARS : médecins » : 3 communes" in out
    import_frr(tmp_path, "code_insee;zonage\n46102;FRR+\n46201;frr\n", on="2024-06-19")

    doctors = classify(figeac, kind="ars", profession="medecin-generaliste")
    rural = classify(figeac, kind="frr", profession="medecin-generaliste")
    assert (doctors.value, doctors.layer.source, doctors.layer.decided_on) == (
        "ZIP",
        ARS_SOURCE,
        date(2022, 5, 4),
    )
    assert (rural.value, rural.layer.source, rural.layer.decided_on) == (
        "FRR+",
        FRR_SOURCE,
        date(2024, 6, 19),
    )
    assert doctors.label == "ZIP (zone d'intervention prioritaire)"
    assert classify(communes["46042"], kind="ars", profession="medecin-generaliste").value == "ZAC"
    assert classify(communes["46042"], kind="frr") is None  # not in the FRR file: unknown
    assert classify(communes["46201"], kind="frr").value == "FRR"

    # A new FRR list changes the FRR layer, never the doctors' one.
    import_frr(tmp_path, "46102;hors\n", on="2025-01-01", source="Liste FRR révisée")
    assert classify(figeac, kind="frr").label == "hors FRR"
    doctors_layer = ZoningLayer.objects.get(kind="ars")
    assert (doctors_layer.source, doctors_layer.valid_until) == (ARS_SOURCE, None)
    assert doctors_layer.classes.count() == 3


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (
            "code_insee;zonage\n46102;ZIP\n99999;ZIP\n46042;zone fragile\n",
            ["ligne 3 : code INSEE inconnu « 99999 »", "ligne 4 : zonage inconnu « zone fragile »"],
        ),
        ("46102;ZIP;x\n", ["ligne 1 : deux colonnes attendues"]),
        ("46102;FRR\n", ["ligne 1 : zonage inconnu « FRR » (attendu : ZIP, ZAC, ZAR, hors)"]),
        ("46102;ZIP\n46102;ZAC\n", ["ligne 2 : commune 46102 déjà lue ligne 1"]),
    ],
)
def test_an_unknown_code_or_value_imports_nothing_and_says_which_lines(
    tmp_path, communes, text, errors
):
    with pytest.raises(CommandError) as raised:
        import_doctors(tmp_path, text)
    message = str(raised.value)
    assert "rien n'est importé" in message
    for error in errors:
        assert error in message
    assert message.index(errors[0]) <= message.index(errors[-1])  # in the order of the lines
    assert not ZoningLayer.objects.exists() and not CommuneZoning.objects.exists()


def test_the_frr_layer_takes_only_its_own_values(tmp_path, communes):
    with pytest.raises(CommandError, match="ligne 1 : zonage inconnu « ZIP »"):
        import_frr(tmp_path, "46102;ZIP\n")
    with pytest.raises(CommandError, match="--profession ne sert qu'avec --layer ars"):
        run(tmp_path, "46102;FRR\n", "--layer", "frr", "--profession", "infirmier",
            "--source", FRR_SOURCE, "--date", "2024-06-19")  # fmt: skip


def test_each_profession_imports_its_own_categories(tmp_path, communes):
    nurses = ("--layer", "ars", "--profession", "infirmier", "--source", "Arrêté ARS (infirmiers)")
    with pytest.raises(CommandError, match="ligne 1 : zonage inconnu « ZIP »"):
        run(tmp_path, "46102;ZIP\n", *nurses, "--date", "2025-01-01")
    with pytest.raises(CommandError, match="ligne 1 : zonage inconnu « TSD »"):
        import_doctors(tmp_path, "46102;TSD\n")
    run(tmp_path, "46102;tsd\n", *nurses, "--date", "2025-01-01")

    nurse_class = classify(communes["46102"], kind="ars", profession="infirmier")
    assert (nurse_class.value, nurse_class.label) == ("TSD", "zone très sous-dotée")
    assert classify(communes["46102"], kind="ars", profession="medecin-generaliste") is None


def test_a_later_import_keeps_the_history(tmp_path, communes):
    figeac = communes["46102"]
    import_doctors(tmp_path, "46102;ZAC\n", "2022-05-04")
    out = import_doctors(tmp_path, "46102;ZIP\n", "2026-01-15", "--valid-from", "2026-02-01")
    assert "Version précédente close le 31\u00a0janvier 2026." in out

    old, new = ZoningLayer.objects.order_by("valid_from")
    assert (old.valid_from, old.valid_until) == (date(2022, 5, 4), date(2026, 1, 31))
    assert (new.valid_from, new.valid_until, new.decided_on) == (
        date(2026, 2, 1),
        None,
        date(2026, 1, 15),
    )
    gp = "medecin-generaliste"
    assert classify(figeac, kind="ars", profession=gp, on=date(2025, 6, 1)).value == "ZAC"
    assert classify(figeac, kind="ars", profession=gp, on=date(2026, 1, 31)).value == "ZAC"
    assert classify(figeac, kind="ars", profession=gp, on=date(2026, 2, 1)).value == "ZIP"
    assert classify(figeac, kind="ars", profession=gp).value == "ZIP"  # today
    assert classify(figeac, kind="ars", profession=gp, on=date(2020, 1, 1)) is None

    # The same start of validity again corrects that version; an older one is refused.
    import_doctors(tmp_path, "46102;ZAR\n", "2026-01-15", "--valid-from", "2026-02-01")
    assert ZoningLayer.objects.count() == 2
    assert classify(figeac, kind="ars", profession=gp).value == "ZAR"
    with pytest.raises(CommandError, match="existe déjà : rien n'est importé"):
        import_doctors(tmp_path, "46102;hors\n", "2024-01-01")
    assert classify(figeac, kind="ars", profession=gp).value == "ZAR"


def test_each_profession_reads_its_own_layer(figeac):
    doctors = ZoningLayerFactory(profession_group="medecins")
    CommuneZoningFactory(layer=doctors, commune=figeac, value="ZIP")
    on = date(2026, 6, 1)
    # The doctors' layer serves general practitioners and every specialty…
    assert classify(figeac, kind="ars", profession="medecin-generaliste", on=on).value == "ZIP"
    assert classify(figeac, kind="ars", profession="cardiologie", on=on).value == "ZIP"
    assert doctors.serves("pediatrie") and not doctors.serves("infirmier")
    # …not a nurse, who has no layer of her own yet; nor a profession never zoned by an ARS.
    assert classify(figeac, kind="ars", profession="infirmier", on=on) is None
    assert classify(figeac, kind="ars", profession="osteopathe", on=on) is None
    assert classify(figeac, kind="ars", on=on) is None

    nurses = ZoningLayerFactory(profession_group="infirmiers", name="Zonage ARS : infirmiers")
    CommuneZoningFactory(layer=nurses, commune=figeac, value="hors")
    assert classify(figeac, kind="ars", profession="infirmier", on=on).value == "hors"
    assert classify(figeac, kind="ars", profession="medecin-generaliste", on=on).value == "ZIP"
    assert nurses.professions == ["infirmier"]


def test_the_doctors_layer_serves_every_seeded_specialty():
    specialties = [code for code, _label, _kind, parent in PROFESSIONS if parent]
    layer = ZoningLayer(kind="ars", profession_group="medecins")
    assert specialties and all(layer.serves(code) for code in specialties)
    assert {"medecin-generaliste", "medecin-specialiste"} <= set(layer.professions)


def test_classifications_for_display(figeac, communes, django_assert_num_queries):
    doctors = ZoningLayerFactory(source=ARS_SOURCE, decided_on=date(2022, 5, 4))
    frr = ZoningLayerFactory(
        kind="frr", profession_group="", name="FRR", source=FRR_SOURCE, is_demo=True
    )
    CommuneZoningFactory(layer=doctors, commune=figeac, value="ZAC")
    CommuneZoningFactory(layer=frr, commune=figeac, value="FRR")
    CommuneZoningFactory(layer=frr, commune=communes["46042"], value="hors")

    zones = classifications(figeac, profession="cardiologie", on=date(2026, 6, 1))
    assert [(zone.kind, zone.label, zone.source) for zone in zones] == [
        ("ars", "ZAC (zone d'action complémentaire)", ARS_SOURCE),
        ("frr", "FRR (France Ruralités Revitalisation)", FRR_SOURCE),
    ]
    assert [zone.is_demo for zone in zones] == [False, True]
    assert [zone.value for zone in classifications(figeac, profession="infirmier")] == ["FRR"]

    places = [figeac, communes["46042"], communes["46201"]]
    with django_assert_num_queries(1):
        by_commune = classifications_for(places, profession="medecin-generaliste")
    assert [len(by_commune[place.pk]) for place in places] == [2, 1, 0]


def test_the_pack_shows_each_class_with_its_layer_source_and_date(figeac, communes):
    doctors = ZoningLayerFactory(source=ARS_SOURCE, decided_on=date(2022, 5, 4))
    frr = ZoningLayerFactory(
        kind="frr", profession_group="", source=DEMO_ZONING_SOURCE, is_demo=True
    )
    CommuneZoningFactory(layer=doctors, commune=figeac, value="ZIP")
    CommuneZoningFactory(layer=frr, commune=figeac, value="FRR")
    cahors = communes["46042"]
    zones = classifications_for([figeac, cahors], profession="medecin-generaliste")
    figeac.zone_classes, cahors.zone_classes = zones[figeac.pk], zones[cahors.pk]

    html = render_to_string("welcome/pack/_zoning.html", {"commune": figeac})
    assert "ZIP (zone d&#x27;intervention prioritaire)" in html
    assert f"Source : {ARS_SOURCE}, 4\u00a0mai 2022" in html
    assert "FRR (France Ruralités Revitalisation)" in html
    assert "Données de démonstration" in html
    assert "non renseigné" in render_to_string("welcome/pack/_zoning.html", {"commune": cahors})


def test_the_demo_makes_three_labelled_layers_and_gives_way_to_real_ones(tmp_path, communes):
    assert demo_zoning() == 3
    layers = ZoningLayer.objects.all()
    assert layers.count() == 3 and all(layer.is_demo for layer in layers)
    assert all(layer.name.startswith("Zonage de démonstration") for layer in layers)
    figeac = communes["46102"]
    assert classify(figeac, kind="ars", profession="medecin-generaliste").value == "ZIP"
    assert classify(figeac, kind="ars", profession="infirmier").value == "hors"
    assert classify(communes["46042"], kind="ars", profession="medecin-generaliste").value == "hors"
    assert classify(communes["46201"], kind="frr").value == "hors"  # 3 500 inhabitants
    assert demo_zoning() == 3 and ZoningLayer.objects.count() == 3  # replayable

    out = import_doctors(tmp_path, "46102;ZAC\n")
    assert "Zonage de démonstration de cette couche effacé." in out
    demo_zoning()  # the demo never covers a real layer again
    doctors = classify(figeac, kind="ars", profession="medecin-generaliste")
    assert (doctors.value, doctors.is_demo) == ("ZAC", False)
    assert classify(figeac, kind="ars", profession="infirmier").is_demo
    assert classify(figeac, kind="frr").is_demo


def test_source_must_be_real_and_the_profession_known(tmp_path, communes):
    with pytest.raises(CommandError, match="source réelle"):
        run(tmp_path, "46102;FRR\n", "--layer", "frr", "--source", DEMO_ZONING_SOURCE,
            "--date", "2024-06-19")  # fmt: skip
    with pytest.raises(CommandError, match="n'a pas de zonage ARS connu"):
        run(tmp_path, "46102;ZIP\n", "--layer", "ars", "--profession", "osteopathe",
            "--source", ARS_SOURCE, "--date", "2022-05-04")  # fmt: skip


def test_a_file_not_in_utf8_is_refused(tmp_path, communes):
    path = tmp_path / "zonage.csv"
    path.write_bytes("46102;ZIP\n46042;zone fragile é\n".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_zoning", str(path), "--layer", "ars", "--profession", "infirmier",
                     "--source", ARS_SOURCE, "--date", "2022-05-04")  # fmt: skip


def test_admin_lists_layers_with_sources_and_counts_read_only(client, staff, figeac, auch):
    layer = ZoningLayerFactory(source=ARS_SOURCE)
    CommuneZoningFactory(layer=layer, commune=figeac, value="ZIP")
    CommuneZoningFactory(layer=layer, commune=auch, value="hors")
    client.force_login(staff)
    page = client.get("/admin/territories/zoninglayer/").content.decode()
    assert ARS_SOURCE in page and "ZIP : 1 ; hors : 1" in page
    change = client.get(f"/admin/territories/zoninglayer/{layer.pk}/change/").content.decode()
    assert 'name="source"' not in change  # read only but for superusers
    # The classes of the desk's communes only.
    classes = client.get("/admin/territories/communezoning/").content.decode()
    assert "Figeac" in classes and "Auch" not in classes
    commune = client.get(f"/admin/territories/commune/{figeac.pk}/change/").content.decode()
    assert ARS_SOURCE in commune and "ZIP" in commune


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_each_commune_zoning_into_layers():
    before, after = [("territories", "0004_phone_numbers")], [("territories", "0005_zoning_layers")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        department = old.get_model("territories", "Department").objects.create(
            code="46", name="Lot", region_code="76", region_name="Occitanie"
        )
        Commune = old.get_model("territories", "Commune")
        place = {"department": department, "postal_codes": "46000", "population": 100}
        place |= {"latitude": 44.6, "longitude": 1.9}
        for code, doctor, rural, source, on in [
            ("46102", "zip", "frr", ARS_SOURCE, date(2022, 5, 4)),
            ("46042", "zac", "zrr", ARS_SOURCE, date(2022, 5, 4)),
            ("46201", "", "frr", FRR_SOURCE, date(2024, 7, 1)),
            ("46001", "", "frr", DEMO_ZONING_SOURCE, None),
            ("46002", "", "", "", None),  # never zoned
        ]:
            Commune.objects.create(
                insee_code=code,
                name=code,
                search_name=code,
                doctor_zoning=doctor,
                rural_zoning=rural,
                zoning_source=source,
                zoning_date=on,
                **place,
            )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        Layer = new.get_model("territories", "ZoningLayer")
        Class = new.get_model("territories", "CommuneZoning")

        def classes(layer):
            rows = Class.objects.filter(layer=layer).order_by("commune_id")
            return {row.commune_id: row.value for row in rows}

        doctors = Layer.objects.get(kind="ars", is_demo=False)
        assert (doctors.profession_group, doctors.source, doctors.decided_on) == (
            "medecins",
            ARS_SOURCE,
            date(2022, 5, 4),
        )
        assert classes(doctors) == {"46102": "ZIP", "46042": "ZAC"}
        frr = Layer.objects.filter(kind="frr", is_demo=False, valid_until=None)
        assert {layer.source: classes(layer) for layer in frr} == {
            ARS_SOURCE: {"46102": "FRR"},
            FRR_SOURCE: {"46201": "FRR"},
        }
        zrr = Layer.objects.get(valid_until=date(2024, 6, 30))
        assert (zrr.kind, zrr.valid_from, classes(zrr)) == (
            "frr",
            date(2022, 5, 4),
            {"46042": "ZRR"},
        )
        demo = Layer.objects.filter(is_demo=True)
        assert {layer.kind: classes(layer) for layer in demo} == {
            "ars": {"46001": "hors"},
            "frr": {"46001": "FRR"},
        }
        assert all(layer.name.startswith("Zonage de démonstration") for layer in demo)
        assert not Class.objects.filter(commune_id="46002").exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
