"""Dependable background work, against a real Redis and a real Celery worker (CI's second
pass): nothing lost while the broker is down, retries that send one mail, sweeps once."""

import shutil
import socket
import subprocess
from contextlib import contextmanager

import pytest
from django.core import mail as django_mail
from django.db import transaction
from django.utils import timezone

from installations import workflow
from installations.enums import CaseStatus
from portal.models import MailStatus, OutgoingMail
from tests.installations.factories import CaseFactory
from tests.worker import needs_worker, running_worker, wait_until

pytestmark = [needs_worker, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own, on a spare port, that the test stops and restarts."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_until(self.ping, timeout=10), "redis-server privé injoignable"

    def ping(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        assert wait_until(lambda: not self.ping(), timeout=5)


@contextmanager
def broker(url):
    """Point the Celery app at another broker for the duration."""
    from portal.celery import app

    previous = app.conf.broker_url
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield app
    finally:
        app.conf.broker_url = previous
        app._pool = None
        app.amqp._producer_pool = None


@pytest.fixture
def private_redis():
    redis = PrivateRedis()
    redis.start()
    yield redis
    if redis.process.poll() is None:
        redis.stop()


def test_a_submission_while_the_broker_is_down_goes_out_once_it_is_back(
    private_redis, newcomer, desk, gp, figeac
):
    draft = CaseFactory(
        applicant=newcomer, draft=True, profession=gp, communes=[figeac], consent_at=timezone.now()
    )
    with broker(private_redis.url):
        private_redis.stop()
        with transaction.atomic():
            case = workflow.transition(draft, CaseStatus.SUBMITTED, by=newcomer)
        assert case.status == CaseStatus.SUBMITTED  # the request is saved
        pending = OutgoingMail.objects.filter(status=MailStatus.PENDING)
        assert pending.count() == 2 and django_mail.outbox == []

        private_redis.start()
        from portal.tasks import deliver_pending_mail

        with running_worker():
            deliver_pending_mail.delay()
            assert wait_until(
                lambda: not OutgoingMail.objects.exclude(status=MailStatus.SENT).exists()
            ), "les e-mails en attente ne sont pas partis"
    assert sorted(m.to[0] for m in django_mail.outbox) == sorted([newcomer.email, desk.email])


def test_two_sweeps_on_the_same_day_send_nothing_new(staff, desk, gp, figeac):
    from installations.tasks import daily_sweep

    CaseFactory(
        desk=desk,
        profession=gp,
        communes=[figeac],
        submitted_at=timezone.now() - timezone.timedelta(days=9),
    )
    with running_worker() as worker:
        daily_sweep.delay()
        assert wait_until(lambda: worker.finished(daily_sweep) == 1)
        assert OutgoingMail.objects.filter(to=staff.email).count() == 1
        daily_sweep.delay()
        assert wait_until(lambda: worker.finished(daily_sweep) == 2)
    assert OutgoingMail.objects.filter(to=staff.email).count() == 1
