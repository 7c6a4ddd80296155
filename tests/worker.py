"""A real Celery worker consuming from the real Redis broker, for tests that need one.

Runs only when ``CELERY_BROKER_URL`` is set (CI's second pass, against PostgreSQL and
Redis); there, a test that needs it may not skip. The worker runs in a thread of the test's
process (``celery.contrib.testing``), so its task signals can be counted here."""

import os
import time
from collections import Counter
from contextlib import contextmanager

import pytest
from celery.signals import task_postrun
from django.db import connections

BROKER = os.environ.get("CELERY_BROKER_URL", "")

needs_worker = pytest.mark.skipif(
    not BROKER, reason="CELERY_BROKER_URL non défini : pas de broker Redis pour un vrai worker."
)


class Worker:
    """The running worker: ``finished(task)`` counts the runs of ``task`` it has completed."""

    def __init__(self, app):
        self.app = app
        self._done = Counter()

    def finished(self, task):
        return self._done[task.name]

    def _count(self, sender=None, state=None, **kwargs):
        if state == "SUCCESS":
            self._done[sender.name] += 1


@contextmanager
def running_worker():
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    app.control.purge()
    worker = Worker(app)
    task_postrun.connect(worker._count, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield worker
    finally:
        task_postrun.disconnect(worker._count)
        connections.close_all()


def wait_until(condition, timeout=30.0):
    """Whether ``condition()`` came true within ``timeout`` seconds: the one place a test
    polls, and only for what a real worker or server does in its own time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
