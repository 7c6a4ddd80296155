"""The satisfaction survey: sent once the day after the event to the guests who came,
answered without an account, changeable until it closes; results per event, anonymous."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import survey
from events.enums import EventStatus, InvitationStatus
from events.models import SurveyAnswer
from portal.models import OutgoingMail
from tests.events.factories import EventFactory, InvitationFactory
from tests.events.utils import text
from tests.worker import needs_worker, running_worker, wait_until


def visible(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


@pytest.fixture
def held(desk, figeac):
    """An evening that ended two days ago."""
    starts = timezone.now() - timedelta(days=2, hours=3)
    return EventFactory(
        desk=desk,
        commune=figeac,
        title="Soirée d'accueil d'Alvignac",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        status=EventStatus.DONE,
    )


def _came(event, **fields):
    return InvitationFactory(event=event, status=InvitationStatus.ATTENDED, **fields)


def _url(invitation):
    return reverse("events:survey", kwargs={"token": invitation.token})


def test_the_daily_task_mails_those_who_came_once(held, desk, figeac, eager_tasks):
    lucie = _came(held, first_name="Lucie", last_name="Fabre")
    _came(held, email="")  # no address: nothing to send
    InvitationFactory(event=held, accepted=True)  # said yes, did not come
    InvitationFactory(event=held, status=InvitationStatus.DECLINED)
    yesterday = EventFactory(
        desk=desk,
        commune=figeac,
        starts_at=timezone.now() - timedelta(hours=5),
        ends_at=timezone.now() - timedelta(hours=2),
    )
    _came(yesterday)  # ended two hours ago: tomorrow
    long_ago = EventFactory(desk=desk, commune=figeac, past=True, status=EventStatus.DONE)
    long_ago.starts_at = timezone.now() - timedelta(days=60)
    long_ago.ends_at = long_ago.starts_at + timedelta(hours=2)
    long_ago.save()
    _came(long_ago)  # its survey would already be closed: never sent
    cancelled = EventFactory(desk=desk, commune=figeac, status=EventStatus.CANCELLED)
    cancelled.starts_at, cancelled.ends_at = held.starts_at, held.ends_at
    cancelled.save()
    _came(cancelled)

    from events.tasks import send_surveys

    assert send_surveys.delay().get() == 1
    mail = OutgoingMail.objects.get(topic="events_survey")
    assert mail.to == lucie.email
    assert "Votre avis sur « Soirée d'accueil d'Alvignac »" in mail.subject
    assert _url(lucie) in mail.body_text and "Bonjour Lucie Fabre" in mail.body_text
    held.refresh_from_db()
    assert held.survey_sent_at is not None
    for other in (yesterday, long_ago, cancelled):
        other.refresh_from_db()
        assert other.survey_sent_at is None
    assert send_surveys.delay().get() == 0  # a second run sends nothing
    assert OutgoingMail.objects.filter(topic="events_survey").count() == 1


def test_the_beat_runs_the_survey_task_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["events-surveys"]
    assert entry["task"] == "events.tasks.send_surveys"
    from celery import current_app

    import events.tasks  # noqa: F401  (registers the task)

    assert "events.tasks.send_surveys" in current_app.tasks


def test_a_guest_answers_without_an_account_and_may_change_it(client, held):
    invitation = _came(held, first_name="Lucie", last_name="Fabre")
    response = client.get(_url(invitation))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    page = visible(response)
    assert "Soirée d'accueil d'Alvignac" in page and "Bonjour Lucie Fabre" in page
    assert "Satisfaction d'ensemble" in page and "5 — très satisfait·e" in page
    response = client.post(
        _url(invitation), {"satisfaction": "4", "usefulness": "5", "comment": "Très utile."}
    )
    assert response.status_code == 302
    page = visible(client.get(response["Location"]))
    assert "Merci, votre avis est enregistré." in page
    assert "Vous pouvez modifier votre avis ci-dessous." in page
    answer = SurveyAnswer.objects.get()
    assert (answer.event, answer.satisfaction, answer.usefulness) == (held, 4, 5)
    assert answer.comment == "Très utile."
    client.post(_url(invitation), {"satisfaction": "2", "usefulness": "3", "comment": ""})
    answer = SurveyAnswer.objects.get()  # still one answer
    assert (answer.satisfaction, answer.usefulness, answer.comment) == (2, 3, "")


def test_bad_answers_are_refused_with_the_reason(client, held):
    invitation = _came(held)
    response = client.post(
        _url(invitation), {"satisfaction": "9", "usefulness": "", "comment": "x" * 2001}
    )
    assert response.status_code == 400
    page = visible(response)
    assert "Choisissez une note de 1 à 5." in page
    assert "2000 caractères" in page or "2 000 caractères" in page
    assert not SurveyAnswer.objects.exists()


def test_links_that_open_no_survey(client, held, event):
    did_not_come = InvitationFactory(event=held, accepted=True)
    response = client.get(reverse("events:survey", kwargs={"token": "inconnu"}))
    assert response.status_code == 404
    assert "Ce lien n'ouvre pas de questionnaire" in text(response)
    response = client.get(_url(did_not_come))
    assert response.status_code == 404 and did_not_come.last_name not in text(response)
    assert client.get(reverse("events:survey", kwargs={"token": "x" * 65})).status_code == 404
    # Still to come: the survey opens at the end.
    here_now = _came(event)
    response = client.get(_url(here_now))
    assert "Le questionnaire de satisfaction ouvrira à la fin de l'évènement" in text(response)
    assert client.post(_url(here_now), {"satisfaction": "5", "usefulness": "5"}).status_code == 200
    assert not SurveyAnswer.objects.exists()


def test_a_closed_survey_says_so_politely(client, held):
    invitation = _came(held)
    held.survey_sent_at = timezone.now() - survey.OPEN_FOR - timedelta(minutes=1)
    held.save()
    SurveyAnswer.objects.create(invitation=invitation, event=held, satisfaction=5, usefulness=4)
    response = client.post(_url(invitation), {"satisfaction": "1", "usefulness": "1"})
    assert response.status_code == 410
    page = visible(response)
    assert "Le questionnaire est clos" in page
    assert "Votre avis a bien été pris en compte" in page
    assert SurveyAnswer.objects.get().satisfaction == 5


def _answer(event, satisfaction, usefulness, comment=""):
    invitation = _came(event)
    return SurveyAnswer.objects.create(
        invitation=invitation,
        event=event,
        satisfaction=satisfaction,
        usefulness=usefulness,
        comment=comment,
    )


def test_results_per_event_are_anonymous(client, coordinator, held):
    _came(held, first_name="Paul", last_name="Rigal")  # present, no answer
    first = _answer(held, 5, 4, "Les rencontres avec les élus.")
    _answer(held, 4, 4)
    _answer(held, 3, 2, "Trop tard dans la soirée.")
    client.force_login(coordinator)
    response = client.get(reverse("events:survey_results", kwargs={"pk": held.pk}))
    page = visible(response)
    assert "3 réponses pour 4 personnes présentes" in page
    assert "4,0 / 5 satisfaction moyenne" in page
    assert "3,3 / 5 utilité moyenne" in page
    assert "5 / 5 1 33 %" in page and "4 / 5 2 67 %" in page
    assert "Les rencontres avec les élus." in page and "Trop tard dans la soirée." in page
    assert first.invitation.last_name not in page and "RIGAL" not in page


def test_send_the_survey_now_for_a_finished_event(client, coordinator, held):
    _came(held)
    client.force_login(coordinator)
    url = reverse("events:survey_results", kwargs={"pk": held.pk})
    page = visible(client.get(url))
    assert "Envoyer l'enquête maintenant" in page and "Aucune réponse pour l'instant." in page
    response = client.post(reverse("events:survey_send", kwargs={"pk": held.pk}), follow=True)
    page = visible(response)
    assert "Enquête envoyée à 1 personne présente." in page
    assert "Envoyer l'enquête maintenant" not in page and "Envoyée le" in page
    response = client.post(reverse("events:survey_send", kwargs={"pk": held.pk}), follow=True)
    assert "L'enquête ne peut partir que pour un évènement terminé" in visible(response)
    assert OutgoingMail.objects.filter(topic="events_survey").count() == 1


def test_no_survey_before_the_end(client, coordinator, event):
    _came(event)
    client.force_login(coordinator)
    page = visible(client.get(reverse("events:survey_results", kwargs={"pk": event.pk})))
    assert "Envoyer l'enquête maintenant" not in page
    assert "le lendemain de la fin de l'évènement" in page
    client.post(reverse("events:survey_send", kwargs={"pk": event.pk}))
    assert not OutgoingMail.objects.filter(topic="events_survey").exists()
    event.refresh_from_db()
    assert event.survey_sent_at is None


def test_results_of_another_desk_are_not_found(client, other_staff, referent, held):
    _answer(held, 5, 5, "Secret du Lot")
    url = reverse("events:survey_results", kwargs={"pk": held.pk})
    client.force_login(other_staff)
    assert client.get(url).status_code == 404
    assert client.post(reverse("events:survey_send", kwargs={"pk": held.pk})).status_code == 404
    client.force_login(referent)  # the desk's referents read, without the button
    page = visible(client.get(url))
    assert "Secret du Lot" in page and "Envoyer l'enquête maintenant" not in page
    assert client.post(reverse("events:survey_send", kwargs={"pk": held.pk})).status_code == 404


@pytest.mark.parametrize("size", [3, 60])
def test_results_query_budget(client, coordinator, held, size, django_assert_max_num_queries):
    for index in range(size):
        _answer(held, 1 + index % 5, 1 + index % 3, f"Commentaire {index}")
    client.force_login(coordinator)
    url = reverse("events:survey_results", kwargs={"pk": held.pk})
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert f"{size} réponses pour {size} personnes présentes" in visible(response)


def test_survey_page_query_budget(client, held, django_assert_max_num_queries):
    invitation = _came(held)
    client.get(_url(invitation))  # warms the site-desk cache
    with django_assert_max_num_queries(4):
        assert client.get(_url(invitation)).status_code == 200


@needs_worker
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_real_worker_sends_the_survey_once(desk, figeac):
    starts = timezone.now() - timedelta(days=2)
    event = EventFactory(
        desk=desk,
        commune=figeac,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        status=EventStatus.DONE,
    )
    _came(event)
    _came(event)
    from events.tasks import send_surveys

    with running_worker() as worker:
        send_surveys.delay()
        send_surveys.delay()
        assert wait_until(lambda: worker.finished(send_surveys) == 2)
    assert OutgoingMail.objects.filter(topic="events_survey").count() == 2
    event.refresh_from_db()
    assert event.survey_sent_at is not None
