from unittest import mock

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_reports_each_component(client, settings):
    response = client.get(reverse("healthz"))
    data = response.json()
    assert response.status_code == 200
    assert data["database"] == {"status": "ok"}
    assert set(data) == {"status", "database", "broker", "worker"}
    if settings.CELERY_TASK_ALWAYS_EAGER:
        assert data["broker"]["status"] == data["worker"]["status"] == "eager"
        assert data["status"] == "ok"


def test_healthz_says_degraded_when_the_broker_is_unreachable(client, settings):
    from portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    unreachable = app.connection_for_write("redis://127.0.0.1:1/0")
    with mock.patch.object(app, "connection_for_write", return_value=unreachable):
        data = client.get(reverse("healthz")).json()
    assert data["broker"]["status"] == "error"
    assert data["worker"]["status"] == "unknown"
    assert data["status"] == "degraded"
