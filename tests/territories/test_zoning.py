from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from territories.models import DEMO_ZONING_SOURCE, Commune
from tests.territories.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes(lot):
    return [
        CommuneFactory(insee_code="46102", name="Figeac", department=lot),
        CommuneFactory(insee_code="46042", name="Cahors", department=lot),
        CommuneFactory(
            insee_code="46201",
            name="Gramat",
            department=lot,
            doctor_zoning="zip",
            rural_zoning="frr",
            zoning_source=DEMO_ZONING_SOURCE,
        ),
    ]


def run(tmp_path, text, *args):
    path = tmp_path / "zonage.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_zoning", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_sets_zoning_source_and_date_and_reports_unknown_codes(tmp_path, communes):
    out, err = run(
        tmp_path,
        "insee_code;zoning\n46102;ZIP+FRR\n46042;zac\n99999;ZIP\n",
        "--source",
        "Arrêté ARS Occitanie du 1er mars 2026",
        "--date",
        "2026-03-01",
    )
    figeac = Commune.objects.get(insee_code="46102")
    assert (figeac.doctor_zoning, figeac.rural_zoning) == ("zip", "frr")
    assert figeac.zoning_source == "Arrêté ARS Occitanie du 1er mars 2026"
    assert str(figeac.zoning_date) == "2026-03-01"
    assert not figeac.zoning_is_demo
    assert Commune.objects.get(insee_code="46042").doctor_zoning == "zac"
    assert "Zonage importé pour 2 commune(s)." in out
    assert "99999" in err and "inconnu" in err
    # The demonstration zoning is gone once a real file is imported.
    gramat = Commune.objects.get(insee_code="46201")
    assert (gramat.doctor_zoning, gramat.zoning_source) == ("", "")
    assert "Zonage de démonstration effacé sur 1 commune(s)." in out


def test_import_only_replaces_the_layers_the_file_speaks_of(tmp_path, communes):
    Commune.objects.filter(insee_code="46102").update(
        doctor_zoning="zip", rural_zoning="", zoning_source="ancien"
    )
    run(tmp_path, "46102;FRR\n", "--source", "Liste FRR")
    figeac = Commune.objects.get(insee_code="46102")
    assert (figeac.doctor_zoning, figeac.rural_zoning) == ("zip", "frr")
    run(tmp_path, "46102;aucun\n", "--source", "Liste FRR 2", "--layer", "rural")
    assert Commune.objects.get(insee_code="46102").rural_zoning == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("46102;ZIP\n46042;ZZZ\n", "ligne 2 : zonage inconnu « ZZZ »"),
        ("46102;ZIP;x\n", "ligne 1 : deux colonnes attendues"),
        ("46102;ZIP+ZAC\n", "deux zonages"),
        ("4610A2;ZIP\n", "code INSEE invalide"),
    ],
)
def test_a_bad_line_stops_everything(tmp_path, communes, text, message):
    with pytest.raises(CommandError, match=message):
        run(tmp_path, text, "--source", "Arrêté")
    assert Commune.objects.get(insee_code="46102").doctor_zoning == ""
    assert Commune.objects.get(insee_code="46201").zoning_is_demo


def test_source_must_be_real(tmp_path, communes):
    with pytest.raises(CommandError, match="source réelle"):
        run(tmp_path, "46102;ZIP\n", "--source", DEMO_ZONING_SOURCE)


def test_staff_edit_zoning_of_their_desk_communes_only(client, staff, communes, auch):
    client.force_login(staff)
    figeac = communes[0]
    page = client.get(f"/admin/territories/commune/{figeac.pk}/change/").content.decode()
    assert 'name="doctor_zoning"' in page and 'name="population"' not in page
    response = client.post(
        f"/admin/territories/commune/{figeac.pk}/change/",
        {"doctor_zoning": "zac", "rural_zoning": "", "zoning_source": "Arrêté", "zoning_date": ""},
    )
    assert response.status_code == 302
    assert Commune.objects.get(pk=figeac.pk).doctor_zoning == "zac"
    other = client.get(f"/admin/territories/commune/{auch.pk}/change/").content.decode()
    assert 'name="doctor_zoning"' not in other  # view only: outside the desk


def test_a_file_not_in_utf8_is_refused(tmp_path, communes):
    path = tmp_path / "zonage.csv"
    path.write_bytes("46102;ZIP\n46042;zone fragile é\n".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_zoning", str(path), "--source", "Arrêté")
