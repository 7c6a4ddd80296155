import pytest
from django.core import mail as django_mail
from django.db import transaction

from portal.mail import queue_mail
from portal.models import MailStatus, OutgoingMail
from tests.worker import needs_worker, running_worker, wait_until

pytestmark = [needs_worker, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_delivers_a_mail_once_after_commit():
    with running_worker():
        with transaction.atomic():
            row = queue_mail(to="camille@exemple.test", subject="Bonjour", text="Texte")
        assert wait_until(
            lambda: OutgoingMail.objects.filter(pk=row.pk, status=MailStatus.SENT).exists()
        ), "le worker n'a pas envoyé le message"
    assert [message.to for message in django_mail.outbox] == [["camille@exemple.test"]]


def test_the_periodic_sweep_runs_on_the_worker():
    from portal.tasks import deliver_pending_mail

    row = OutgoingMail.objects.create(to="x@exemple.test", subject="En attente", body_text="t")
    with running_worker():
        result = deliver_pending_mail.delay()
        assert wait_until(lambda: OutgoingMail.objects.get(pk=row.pk).status == MailStatus.SENT)
    assert result.id
    assert len(django_mail.outbox) == 1
