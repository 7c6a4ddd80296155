"""The welcome pack's task against a real Redis and a real Celery worker (CI's second pass):
a render that fails twice then succeeds gives one pack and one mail."""

from unittest import mock

import pytest
from django.core import mail as django_mail

from portal.models import MailStatus, OutgoingMail
from tests.installations.factories import CaseFactory
from tests.worker import needs_worker, running_worker, wait_until
from welcome.models import WelcomePack

pytestmark = [
    needs_worker,
    pytest.mark.worker,
    pytest.mark.pdf,
    pytest.mark.django_db(transaction=True),
]


def test_a_task_that_fails_twice_then_succeeds_sends_one_mail(in_progress_case_db, newcomer):
    from portal.pdf import html_to_pdf
    from welcome import tasks

    calls = {"count": 0}

    def flaky(html, **kwargs):
        calls["count"] += 1
        if calls["count"] <= 2:
            raise OSError("disque plein (simulé)")
        return html_to_pdf(html, **kwargs)

    with mock.patch("welcome.pack.html_to_pdf", side_effect=flaky), running_worker():
        tasks.generate_welcome_pack.delay(in_progress_case_db.pk)
        assert wait_until(lambda: WelcomePack.objects.exists(), timeout=60)
        from portal.tasks import deliver_pending_mail

        deliver_pending_mail.delay()
        assert wait_until(
            lambda: not OutgoingMail.objects.exclude(status=MailStatus.SENT).exists(), timeout=30
        )
    assert calls["count"] == 3
    assert WelcomePack.objects.count() == 1
    assert OutgoingMail.objects.filter(topic="welcome_pack").count() == 1
    assert [m.to for m in django_mail.outbox] == [[newcomer.email]]


@pytest.fixture
def in_progress_case_db(newcomer, referent, desk, gp, figeac):
    return CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
    )
