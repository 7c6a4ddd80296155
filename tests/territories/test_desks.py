import pytest

from territories.models import Commune, Desk
from territories.text import fold
from tests.territories.factories import CommuneFactory, DeskFactory

pytestmark = pytest.mark.django_db


def test_desk_covering_a_commune_by_department(desk, other_desk, figeac, auch):
    assert Desk.objects.for_commune(figeac) == desk
    assert Desk.objects.for_commune(auch) == other_desk


def test_an_epci_desk_is_more_specific_than_the_department_desk(desk, figeac, grand_figeac):
    epci_desk = DeskFactory(name="Guichet du Grand-Figeac", epcis=[grand_figeac])
    assert list(Desk.objects.covering(figeac)) == [epci_desk, desk]
    assert Desk.objects.for_commune(figeac) == epci_desk


def test_no_desk_for_an_uncovered_commune(desk):
    elsewhere = CommuneFactory(
        insee_code="12202", department__code="12", department__name="Aveyron"
    )
    assert Desk.objects.for_commune(elsewhere) is None


def test_inactive_desks_cover_nothing(desk, figeac):
    Desk.objects.filter(pk=desk.pk).update(is_active=False)
    assert Desk.objects.for_commune(figeac) is None
    assert not Commune.objects.covered().exists()


def test_covered_communes_and_search(desk, figeac, cahors, auch):
    assert set(Commune.objects.covered()) == {figeac, cahors}
    assert set(Commune.objects.covered_by(desk)) == {figeac, cahors}
    assert list(Commune.objects.search("FIGÉAC")) == [figeac]
    assert list(Commune.objects.search("461")) == [figeac]
    assert list(Commune.objects.search("")) == []


def test_fold_removes_accents_hyphens_and_case():
    assert fold("Saint-Céré") == "saint cere"
    assert fold("L'Hospitalet") == "l hospitalet"


def test_desk_of_a_member(staff, desk, newcomer):
    assert list(Desk.objects.of_user(staff)) == [desk]
    assert not Desk.objects.of_user(newcomer).exists()


def test_desk_logo_is_served_by_the_application(client, desk):
    from django.core.files.base import ContentFile

    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'
    desk.logo.save("logo.svg", ContentFile(svg))
    html = client.get("/").content.decode()
    assert f'src="/guichets/{desk.slug}/logo"' in html
    response = client.get(f"/guichets/{desk.slug}/logo")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == svg
