import pytest
from django.urls import reverse

from structures.models import VacancySubscription

pytestmark = pytest.mark.django_db


def test_staff_cannot_widen_their_desk_territory(client, staff, desk, gers, lot):
    client.force_login(staff)
    url = reverse("admin:territories_desk_change", args=[desk.pk])
    page = client.get(url).content.decode()
    assert 'name="departments"' not in page and 'name="slug"' not in page
    client.post(
        url,
        {
            "name": desk.name,
            "departments": [gers.pk, lot.pk],
            "phone": desk.phone,
            "email": desk.email,
            "colour": "#123456",
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
        },
    )
    assert list(desk.departments.values_list("code", flat=True)) == ["46"]


def test_staff_cannot_touch_vacancy_alerts(client, staff, newcomer, gp):
    subscription = VacancySubscription.objects.create(user=newcomer, profession=gp)
    client.force_login(staff)
    for url in [
        reverse("admin:structures_vacancysubscription_change", args=[subscription.pk]),
        reverse("admin:structures_vacancysubscription_delete", args=[subscription.pk]),
    ]:
        assert client.get(url).status_code == 403
