import io

import pytest
from django.core.management import call_command

from structures.importers import import_annuaire_sante
from structures.models import Professional
from tests.territories.factories import CommuneFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "Type d'identifiant PP|Identifiant PP|Identification nationale PP|Code civilité d'exercice|"
    "Nom d'exercice|Prénom d'exercice|Code profession|Libellé profession|"
    "Code catégorie professionnelle|Code savoir-faire|Libellé savoir-faire|"
    "Code mode exercice|Raison sociale site|Code postal (coord. structure)|"
    "Code commune (coord. structure)|Libellé commune (coord. structure)|Colonne inconnue|"
)


def line(rpps, last, first, code, specialty, commune, label="Médecin"):
    return (
        f"8|{rpps}|8{rpps}|DR|{last}|{first}|{code}|{label}|C|SM54|{specialty}|L|Cabinet|46100|"
        f"{commune}|FIGEAC|x|"
    )


def extract(*lines):
    return io.StringIO("\n".join([HEADER, *lines]) + "\n")


@pytest.fixture
def rows():
    return [
        line("10000000001", "MARTIN", "CLAIRE", "10", "Médecine Générale", "46102"),
        line("10000000002", "DURAND", "PAUL", "10", "Cardiologie et maladies vasculaires", "46102"),
        line("10000000002", "DURAND", "PAUL", "10", "Cardiologie", "46042"),  # 2nd activity
        line("10000000003", "PETIT", "ANNE", "60", "", "46042", label="Infirmier"),
        line("10000000004", "ROUX", "LEA", "31", "", "46102", label="Audioprothésiste"),
        line("10000000005", "BLANC", "MARC", "10", "Médecine Générale", "75056"),
        line("", "SANSNUM", "EVE", "10", "Médecine Générale", "46102"),
        line("10000000006", "NOIR", "JEAN", "10", "Médecine Générale", ""),
    ]


def test_import_maps_columns_by_name_and_reports_skipped_rows(figeac, cahors, professions, rows):
    report = import_annuaire_sante(extract(*rows))
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert report.skipped == [
        (4, "activité secondaire (praticien déjà lu)"),
        (6, "profession non suivie (31)"),
        (7, "commune hors du territoire ou inconnue"),
        (8, "identifiant RPPS manquant"),
        (9, "commune d'exercice manquante"),
    ]
    assert "Colonne inconnue" in report.ignored_columns
    claire = Professional.objects.get(rpps="10000000001")
    assert (claire.first_name, claire.last_name) == ("Claire", "MARTIN")
    assert claire.profession.code == "medecin-generaliste"
    assert claire.commune == figeac
    assert claire.source == "imported"
    assert Professional.objects.get(rpps="10000000002").profession.code == "cardiologie"
    assert Professional.objects.get(rpps="10000000003").profession.code == "infirmier"


def test_import_is_idempotent_and_updates_what_changed(figeac, cahors, professions, rows):
    import_annuaire_sante(extract(*rows))
    again = import_annuaire_sante(extract(*rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    moved = rows[:1]
    moved[0] = moved[0].replace("|46102|FIGEAC", "|46042|FIGEAC")
    third = import_annuaire_sante(extract(*moved))
    assert (third.created, third.updated) == (0, 1)
    assert Professional.objects.get(rpps="10000000001").commune == cahors
    assert Professional.objects.count() == 3


def test_department_filter(figeac, auch, professions):
    report = import_annuaire_sante(
        extract(
            line("10000000001", "MARTIN", "CLAIRE", "10", "Médecine Générale", "46102"),
            line("10000000009", "GERSOIS", "LUC", "10", "Médecine Générale", "32013"),
        ),
        departments=["46"],
    )
    assert report.created == 1
    assert report.skipped == [(3, "commune hors du territoire ou inconnue")]


def test_missing_required_column_is_refused(professions):
    with pytest.raises(ValueError, match="Code commune"):
        import_annuaire_sante(io.StringIO("Identifiant PP|Code profession\n1|10\n"))


def test_command_reads_a_file(tmp_path, figeac, cahors, professions, rows):
    path = tmp_path / "PS_LibreAcces_Personne_activite.txt"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_annuaire_sante", str(path), "--departement", "46", stdout=out)
    text = out.getvalue()
    assert "3 créé(s), 0 mis à jour, 0 inchangé(s), 5 ligne(s) ignorée(s)." in text
    assert "ligne 6 : profession non suivie (31)" in text


def test_unknown_commune_code_is_never_created(professions):
    CommuneFactory(insee_code="46102", name="Figeac")
    report = import_annuaire_sante(
        extract(line("10000000001", "MARTIN", "CLAIRE", "10", "Médecine Générale", "99999"))
    )
    assert report.created == 0 and len(report.skipped) == 1


def test_structure_csv_import_refuses_unsafe_contacts(figeac):
    from structures.importers import STRUCTURE_CSV_FIELDS as COLUMNS
    from structures.importers import import_structures_csv
    from structures.models import Structure

    header = ";".join(COLUMNS)

    def row(**values):
        base = dict.fromkeys(COLUMNS, "")
        base.update({"nom": "MSP test", "type": "msp", "code_insee": figeac.insee_code}, **values)
        return ";".join(base[column] for column in COLUMNS)

    text = "\n".join(
        [
            header,
            row(site_web="javascript:alert(1)"),
            row(nom="MSP deux", email="pas-une-adresse"),
            row(nom="MSP trois", site_web="https://msp.example"),
        ]
    )
    report = import_structures_csv(text)
    assert list(Structure.objects.values_list("name", flat=True)) == ["MSP trois"]
    assert len(report.skipped) == 2
