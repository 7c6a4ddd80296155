"""Retention and the outbox: the body of a mail sent (or given up) more than
``OUTBOX_BODY_RETENTION_DAYS`` days ago is erased, its row stays with its recipient, subject,
topic, status and dedup key (a key already used still sends nothing); mails still to go are
never touched; the dry run counts the same, a second run finds nothing."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import mail
from portal.models import MailStatus, OutgoingMail
from privacy import retention

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
QUESTION = "Camille Durand peut-elle être conventionnée avant son installation à Figeac ?"


def outbox_mail(days_ago, status=MailStatus.SENT, **fields):
    """A mail to a partner with the question in its body, created ``days_ago`` days ago (and
    sent then, if it was)."""
    at = timezone.now() - days_ago * DAY
    return OutgoingMail.objects.create(
        to="sophie@cpam.test",
        subject="Une question du guichet pour CPAM du Lot (Conventionnement)",
        body_text=f"Bonjour,\n{QUESTION}\n",
        body_html=f"<p>{QUESTION}</p>",
        topic="partners_request",
        dedup_key=f"partner-request-{days_ago}-{status}",
        status=status,
        created_at=at,
        next_attempt_at=at,
        sent_at=at if status == MailStatus.SENT else None,
        **fields,
    )


@pytest.fixture
def outbox():
    days = retention.OUTBOX_BODY_RETENTION_DAYS
    return {
        "old": outbox_mail(days + 1, attachment="livrets/livret-INS-2026-00001-abc.pdf"),
        "old_failed": outbox_mail(days + 30, status=MailStatus.FAILED),
        "recent": outbox_mail(days - 1),
        "old_pending": outbox_mail(days + 1, status=MailStatus.PENDING),
        "old_sending": outbox_mail(days + 1, status=MailStatus.SENDING),
    }


def bodies(row):
    row.refresh_from_db()
    return row.body_text, row.body_html, row.attachment


def test_old_sent_and_failed_bodies_go_the_rows_stay(outbox):
    kept = {name: bodies(outbox[name]) for name in ("recent", "old_pending", "old_sending")}

    outcome = retention.apply_retention()

    assert outcome.mail_bodies_erased == 2
    for name in ("old", "old_failed"):
        assert bodies(outbox[name]) == ("(contenu effacé après 180 jours)", "", "")
    assert not OutgoingMail.objects.filter(body_text__contains="Camille Durand").exclude(
        pk__in=[outbox[name].pk for name in kept]
    )
    # What the outbox shows and what keeps a mail from going twice stay.
    old = outbox["old"]
    assert (old.to, old.topic, old.status) == ("sophie@cpam.test", "partners_request", "sent")
    assert old.subject == "Une question du guichet pour CPAM du Lot (Conventionnement)"
    assert mail.queue_mail(
        to=old.to, subject="Encore", text="Encore", dedup_key=old.dedup_key
    ) == OutgoingMail.objects.get(pk=old.pk)
    assert OutgoingMail.objects.count() == 5
    # Recent mails and mails still to go are untouched.
    for name, before in kept.items():
        assert bodies(outbox[name]) == before


def test_the_dry_run_counts_the_same_and_a_second_run_does_nothing(outbox, capsys):
    call_command("apply_retention", "--dry-run")
    dry = capsys.readouterr().out
    assert "E-mails envoyés ou en échec depuis plus de 180 jours dont le contenu serait " in dry
    assert "contenu serait effacé : 2" in dry
    assert OutgoingMail.objects.filter(body_text__contains="Camille Durand").count() == 5

    call_command("apply_retention")
    real = capsys.readouterr().out
    assert (
        "E-mails envoyés ou en échec depuis plus de 180 jours dont le contenu est effacé : 2"
        in (real)
    )
    assert OutgoingMail.objects.filter(body_text__contains="Camille Durand").count() == 3

    again = retention.apply_retention()
    assert again.mail_bodies_erased == 0 and again.nothing
    assert "Rien à faire aujourd'hui." in retention.describe(again)


def test_erasing_more_bodies_takes_no_more_queries():
    def queries_for(count):
        OutgoingMail.objects.all().delete()
        for index in range(count):
            outbox_mail(retention.OUTBOX_BODY_RETENTION_DAYS + 1 + index)
        with CaptureQueriesContext(connection) as queries:
            assert retention.apply_retention().mail_bodies_erased == count
        return len(queries.captured_queries)

    assert queries_for(1) == queries_for(5)


def test_the_outbox_admin_shows_the_placeholder_for_an_erased_mail(client, superuser, outbox):
    retention.apply_retention()
    client.force_login(superuser)
    response = client.get(reverse("admin:portal_outgoingmail_change", args=[outbox["old"].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "(contenu effacé après 180 jours)" in page
    assert "Camille Durand" not in page
    assert "Une question du guichet pour CPAM du Lot" in page
