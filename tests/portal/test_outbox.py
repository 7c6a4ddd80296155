from datetime import timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
from django.core import mail as django_mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from portal import mail
from portal.models import MailStatus, OutgoingMail

pytestmark = pytest.mark.django_db


def queue(**overrides):
    fields = {"to": "camille@exemple.test", "subject": "Bonjour", "text": "Texte", "html": ""}
    return mail.queue_mail(**{**fields, **overrides})


def test_mail_is_a_row_sent_once_the_transaction_commits(
    django_capture_on_commit_callbacks, eager_tasks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = queue(html="<p>Texte</p>")
    assert row.status == MailStatus.PENDING
    assert django_mail.outbox == []  # nothing leaves before the commit

    for callback in callbacks:
        callback()

    row.refresh_from_db()
    assert row.status == MailStatus.SENT and row.attempts == 1 and row.sent_at
    [sent] = django_mail.outbox
    assert sent.to == ["camille@exemple.test"]
    assert sent.alternatives[0][1] == "text/html"


def test_a_mail_is_never_sent_twice():
    row = queue()
    assert mail.deliver(row.pk) is True
    assert mail.deliver(row.pk) is False
    assert mail.deliver_due() == 0
    assert len(django_mail.outbox) == 1


def test_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                queue()
                raise RuntimeError("la demande échoue")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not OutgoingMail.objects.exists()
    assert django_mail.outbox == []


def test_broker_down_loses_nothing_and_the_sweep_sends_it(django_capture_on_commit_callbacks):
    with (
        mock.patch(
            "portal.tasks.deliver_mail.apply_async", side_effect=OperationalError("refused")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        row = queue()
    row.refresh_from_db()
    assert row.status == MailStatus.PENDING
    assert django_mail.outbox == []

    assert mail.deliver_due() == 1
    row.refresh_from_db()
    assert row.status == MailStatus.SENT
    assert len(django_mail.outbox) == 1


def test_smtp_failure_is_retried_later_then_given_up(settings):
    settings.PORTAL_MAIL_MAX_ATTEMPTS = 2
    row = queue()
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPServerDisconnected("x")
    ):
        assert mail.deliver(row.pk) is False
        row.refresh_from_db()
        assert row.status == MailStatus.PENDING and row.attempts == 1
        assert row.next_attempt_at > timezone.now()
        assert "SMTPServerDisconnected" in row.last_error
        # Not due yet: the sweep leaves it alone.
        assert mail.deliver_due() == 0

        OutgoingMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        assert mail.deliver(row.pk) is False
    row.refresh_from_db()
    assert row.status == MailStatus.FAILED and row.attempts == 2
    assert django_mail.outbox == []


def test_a_claim_left_by_a_dead_worker_is_taken_again():
    row = queue()
    OutgoingMail.objects.filter(pk=row.pk).update(
        status=MailStatus.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert mail.deliver_due() == 1
    assert len(django_mail.outbox) == 1


def test_dedup_key_writes_one_row():
    first = queue(dedup_key="rappel:42:2026-11-23")
    second = queue(dedup_key="rappel:42:2026-11-23")
    assert first.pk == second.pk
    assert OutgoingMail.objects.count() == 1


def test_send_pending_mail_command(capsys):
    from django.core.management import call_command

    queue()
    call_command("send_pending_mail")
    assert "1 message(s) envoyé(s)" in capsys.readouterr().out


def test_plain_text_mail_templates_are_not_html_escaped():
    """Subjects and text bodies are plain text: « Soirée d'accueil », never « d&#x27;accueil »."""
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "templates" / "emails"
    unescaped = [p.name for p in folder.glob("*.txt") if "autoescape off" not in p.read_text()]
    assert unescaped == []
