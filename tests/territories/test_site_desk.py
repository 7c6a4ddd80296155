"""The desk a member's header shows comes from the cache once warm (no query on the desk
side's pages) and follows a change of membership or of the desk at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.territories.factories import DeskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_outside_the_database")]


def office(client):
    return client.get(reverse("events:office")).content.decode()


def test_a_warm_page_reads_no_membership(client, coordinator, desk):
    client.force_login(coordinator)
    assert desk.name in office(client)
    with CaptureQueriesContext(connection) as queries:
        html = office(client)
    assert desk.name in html
    assert not [q["sql"] for q in queries if "territories_deskmember" in q["sql"].split("FROM")[1]]


def test_a_new_desk_or_a_renamed_one_shows_at_once(client, coordinator, desk):
    client.force_login(coordinator)
    office(client)
    membership = coordinator.desk_membership
    membership.desk = DeskFactory(name="Guichet de la vallée du Célé", slug="cele")
    membership.save()
    assert "Guichet de la vallée du Célé" in office(client)
    membership.desk.name = "Guichet du Célé"
    membership.desk.save()
    assert "Guichet du Célé" in office(client)
