"""A real Celery worker consuming from the real Redis broker, for tests that need one.

Runs only when ``CELERY_BROKER_URL`` is set (CI's second pass, against PostgreSQL and
Redis); there, a test that needs it may not skip."""

import os
import time
from contextlib import contextmanager

import pytest
from django.db import connections

BROKER = os.environ.get("CELERY_BROKER_URL", "")

needs_worker = pytest.mark.skipif(
    not BROKER, reason="CELERY_BROKER_URL non défini : pas de broker Redis pour un vrai worker."
)


@contextmanager
def running_worker():
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        yield app
    connections.close_all()


def wait_for(predicate, timeout=30.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
