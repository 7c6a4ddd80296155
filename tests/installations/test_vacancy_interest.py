"""Interest is registered on open vacancies only (« Ce poste m'intéresse »)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from installations import services
from installations.enums import EventKind

pytestmark = pytest.mark.django_db

REFUSED = "Ce poste est déjà pourvu ou n&#x27;est plus proposé"


@pytest.fixture
def vacancy(gp, figeac):
    from structures.models import Structure, Vacancy

    structure = Structure.objects.create(name="MSP de Figeac", kind="msp", commune=figeac)
    return Vacancy.objects.create(structure=structure, profession=gp, practice_mode="liberal")


@pytest.mark.parametrize("status", ["filled", "closed"])
def test_interest_in_a_vacancy_that_is_no_longer_open_is_refused(
    client, newcomer, submitted_case, vacancy, status
):
    vacancy.status = status
    vacancy.save(update_fields=["status"])
    events_before = submitted_case.events.count()
    client.force_login(newcomer)

    response = client.post(
        reverse("installations:vacancy_interest", kwargs={"vacancy_pk": vacancy.pk}), follow=True
    )

    assert REFUSED in response.content.decode()
    assert not submitted_case.interested_vacancies.exists()
    assert submitted_case.events.count() == events_before


def test_the_service_refuses_a_filled_vacancy_too(newcomer, submitted_case, vacancy):
    vacancy.status = "filled"
    vacancy.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        services.express_interest(user=newcomer, vacancy=vacancy)
    assert not submitted_case.interested_vacancies.exists()


def test_an_open_vacancy_still_takes_interest(newcomer, submitted_case, vacancy):
    assert services.express_interest(user=newcomer, vacancy=vacancy) == submitted_case
    assert list(submitted_case.interested_vacancies.all()) == [vacancy]
    assert submitted_case.events.filter(kind=EventKind.VACANCY).exists()
