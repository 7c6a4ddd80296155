import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from structures.models import Structure
from tests.structures.factories import StructureFactory, VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auch_msp(auch, professions):
    return StructureFactory(name="MSP d'Auch", commune=auch)


def test_staff_see_only_their_desks_structures(client, staff, figeac_hospital, auch_msp):
    client.force_login(staff)
    html = client.get(reverse("admin:structures_structure_changelist")).content.decode()
    assert "Centre hospitalier de Figeac" in html and "MSP d&#x27;Auch" not in html
    other = reverse("admin:structures_structure_change", args=[auch_msp.pk])
    assert client.get(other).status_code == 302  # « not found » redirect to the list
    vacancy = VacancyFactory(structure=auch_msp)
    assert (
        client.get(reverse("admin:structures_vacancy_change", args=[vacancy.pk])).status_code == 302
    )


def test_staff_edit_a_structure_of_their_desk(client, staff, figeac_hospital, cahors):
    client.force_login(staff)
    url = reverse("admin:structures_structure_change", args=[figeac_hospital.pk])
    assert client.get(url).status_code == 200


def test_staff_cannot_place_a_structure_outside_their_desk(client, staff, auch, professions):
    client.force_login(staff)
    response = client.post(
        reverse("admin:structures_structure_add"),
        {
            "name": "Intruse",
            "kind": "msp",
            "commune": auch.pk,
            "services": "[]",
            "published": "on",
            "vacancies-TOTAL_FORMS": "0",
            "vacancies-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert not Structure.objects.filter(name="Intruse").exists()


def test_csv_export_and_import_round_trip(client, staff, figeac_hospital, auch_msp, figeac):
    client.force_login(staff)
    export = client.get(reverse("admin:structures_structure_export")).content.decode("utf-8-sig")
    assert export.splitlines()[0].startswith("id;nom;type")
    assert "Centre hospitalier de Figeac" in export and "Auch" not in export
    text = export + ";Nouvelle MSP;msp;;46102;;;01 99 00 00 01;;;accueil de jour;2024;oui;\n"
    text += ";Hors territoire;msp;;32013;;;;;;;;oui;\n"
    upload = SimpleUploadedFile("structures.csv", text.encode("utf-8"), "text/csv")
    response = client.post(reverse("admin:structures_structure_import"), {"file": upload})
    html = response.content.decode()
    assert "1 structure créée, 1 mise à jour, 1 ligne ignorée." in html
    created = Structure.objects.get(name="Nouvelle MSP")
    assert created.commune == figeac and created.services == ["accueil de jour"]
    assert not Structure.objects.filter(name="Hors territoire").exists()


def test_csv_export_neutralises_formulas_and_reads_them_back_as_typed(client, staff, figeac):
    planted = '=HYPERLINK("http://x.example/?a","y")'
    structure = StructureFactory(
        name="MSP du Causse", commune=figeac, phone="+442079460958", description=planted
    )
    client.force_login(staff)
    export = client.get(reverse("admin:structures_structure_export")).content.decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(export), delimiter=";")
    # A foreign number is written the international way, so its « + » is neutralised too.
    assert (row["telephone"], row["description"]) == ("'+44 20 7946 0958", f"'{planted}")
    upload = SimpleUploadedFile("structures.csv", export.encode("utf-8-sig"), "text/csv")
    client.post(reverse("admin:structures_structure_import"), {"file": upload})
    structure.refresh_from_db()
    assert (structure.phone, structure.description) == ("+442079460958", planted)


def test_admin_changelists_query_budget(
    client, staff, figeac, professions, django_assert_max_num_queries
):
    for index in range(30):
        VacancyFactory(structure=StructureFactory(commune=figeac, name=f"S {index}"))
    client.force_login(staff)
    for name in ["structure", "vacancy", "professional"]:
        url = reverse(f"admin:structures_{name}_changelist")
        client.get(url)
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200


def test_newcomer_has_no_admin(client, newcomer):
    client.force_login(newcomer)
    assert client.get(reverse("admin:structures_structure_changelist")).status_code == 302


def test_the_export_of_all_structures_needs_the_right_to_read_them(
    client, coordinator, figeac_hospital
):
    client.force_login(coordinator)
    assert client.get(reverse("admin:structures_structure_export")).status_code == 403
