import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from territories.models import Commune, Department, Epci

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "territories" / "data"


def test_loads_the_shipped_files_and_is_idempotent(capsys):
    call_command("load_territories")
    first = capsys.readouterr().out
    assert Department.objects.count() == 101
    assert Epci.objects.count() == 38
    assert Commune.objects.count() == 1089
    assert "communes : 1\u00a0089 ajouts" in first

    figeac = Commune.objects.select_related("epci", "department").get(insee_code="46102")
    assert figeac.name == "Figeac"
    assert figeac.department.name == "Lot"
    assert figeac.epci.name == "CC Grand-Figeac"
    assert figeac.population > 9000
    assert figeac.search_name == "figeac"

    call_command("load_territories")
    assert "communes : 0 ajout, 0 mise à jour." in capsys.readouterr().out
    assert Commune.objects.count() == 1089


def test_changed_rows_are_updated(capsys):
    call_command("load_territories")
    Commune.objects.filter(insee_code="46042").update(population=1)
    call_command("load_territories")
    assert "communes : 0 ajout, 1 mise à jour." in capsys.readouterr().out
    assert Commune.objects.get(insee_code="46042").population > 15000


@pytest.fixture
def broken_dir(tmp_path):
    for name in ("departments.csv", "epci.csv", "communes.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def _corrupt(path, line_number, old, new):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line_number - 1] = lines[line_number - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def test_malformed_file_stops_with_the_line_and_changes_nothing(broken_dir):
    call_command("load_territories")
    Commune.objects.filter(insee_code="32001").update(population=7)
    communes = broken_dir / "communes.csv"
    line = 500
    original = communes.read_text(encoding="utf-8").splitlines()[line - 1]
    latitude = original.split(",")[-3]
    _corrupt(communes, line, latitude, "quarante-quatre")

    with pytest.raises(CommandError, match=rf"communes.csv, ligne {line} : « latitude »"):
        call_command("load_territories", dir=broken_dir)
    assert Commune.objects.get(insee_code="32001").population == 7


def test_unknown_epci_is_reported_with_its_line(broken_dir):
    _corrupt(broken_dir / "communes.csv", 2, "200035632", "999999999")
    with pytest.raises(CommandError, match=r"communes.csv, ligne 2 : EPCI inconnu"):
        call_command("load_territories", dir=broken_dir)
    assert not Commune.objects.exists()
    assert not Department.objects.exists()


def test_missing_column_is_reported(broken_dir):
    epci = broken_dir / "epci.csv"
    epci.write_text(epci.read_text().replace("member_count", "members", 1))
    with pytest.raises(
        CommandError, match=r"epci.csv, ligne 1 : colonnes manquantes : member_count"
    ):
        call_command("load_territories", dir=broken_dir)


def test_short_row_is_reported(broken_dir):
    departments = broken_dir / "departments.csv"
    departments.write_text(departments.read_text() + "99,Nulle part\n")
    with pytest.raises(CommandError, match=r"departments.csv, ligne 103 : nombre de colonnes"):
        call_command("load_territories", dir=broken_dir)
