"""With the real broker and a real Celery worker (CI's PostgreSQL + Redis pass)."""

import pytest
from django.urls import reverse

from events.models import PrintJob
from portal.document_jobs import JobStatus
from portal.models import OutgoingMail
from tests.events.factories import EventFactory, InvitationFactory
from tests.worker import needs_worker, running_worker, wait_until

pytestmark = [needs_worker, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.mark.pdf
def test_letters_are_made_by_the_worker_and_the_page_follows(client, coordinator, desk, figeac):
    event = EventFactory(desk=desk, commune=figeac)
    InvitationFactory.create_batch(30, event=event)
    client.force_login(coordinator)
    with running_worker():
        response = client.post(
            reverse("events:document_request", kwargs={"pk": event.pk}), {"kind": "letters"}
        )
        job = PrintJob.objects.get()
        assert wait_until(lambda: PrintJob.objects.get(pk=job.pk).status == JobStatus.DONE, 60)
    page = client.get(response["Location"]).content.decode()
    assert "Télécharger le PDF" in page
    job.refresh_from_db()
    assert job.done == job.total == 30


def test_invitations_are_sent_by_the_worker_once(client, coordinator, desk, figeac):
    event = EventFactory(desk=desk, commune=figeac)
    InvitationFactory.create_batch(3, event=event, sent_at=None)
    client.force_login(coordinator)
    with running_worker():
        client.post(reverse("events:send", kwargs={"pk": event.pk}))
        client.post(reverse("events:send", kwargs={"pk": event.pk}))
        assert wait_until(
            lambda: (
                not event.invitations.filter(sent_at__isnull=True).exists()
                and OutgoingMail.objects.filter(topic="events_invitation").count() == 3
            )
        )
    assert OutgoingMail.objects.filter(topic="events_invitation").count() == 3
