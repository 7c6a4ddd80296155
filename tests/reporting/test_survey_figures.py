"""The yearly report counts the satisfaction survey beside the events held: answers and the
average satisfaction of the year's events, on the page and in the CSV (same figures)."""

import re
from datetime import date, datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from events.enums import EventStatus, InvitationStatus
from events.models import SurveyAnswer
from reporting import report
from tests.events.factories import EventFactory, InvitationFactory

pytestmark = pytest.mark.django_db

START, END = date(2026, 1, 1), date(2026, 12, 31)
PERIOD = {"du": "2026-01-01", "au": "2026-12-31"}


def at(day, month, year=2026, hour=19):
    return timezone.make_aware(datetime(year, month, day, hour))


def _held(desk, figeac, day, month, year=2026, status=EventStatus.DONE):
    return EventFactory(
        desk=desk,
        commune=figeac,
        starts_at=at(day, month, year),
        ends_at=at(day, month, year, hour=22),
        status=status,
    )


def _answers(event, *scores):
    for score in scores:
        invitation = InvitationFactory(event=event, status=InvitationStatus.ATTENDED)
        SurveyAnswer.objects.create(
            invitation=invitation, event=event, satisfaction=score, usefulness=3
        )


@pytest.fixture
def surveyed(desk, figeac):
    _answers(_held(desk, figeac, 20, 6), 5, 4, 4)
    _answers(_held(desk, figeac, 12, 9), 3, 5, 5)
    _answers(_held(desk, figeac, 20, 11, year=2025), 1, 1)  # last year
    _answers(_held(desk, figeac, 1, 7, status=EventStatus.CANCELLED), 1)  # not held


def visible(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(response.content.decode())).split())


def test_answers_and_average_satisfaction_of_the_year(desk, surveyed):
    figures = report.compute(desk, START, END)
    assert figures.events_held == 2
    assert figures.survey_answers == 6
    assert figures.survey_satisfaction == pytest.approx(26 / 6)
    summary = dict(report.present(figures, exact=True)[0]["rows"])
    assert summary["Réponses à l'enquête de satisfaction"] == 6
    assert summary["Satisfaction moyenne (sur 5)"] == "4,3 / 5"


def test_no_answer_and_few_answers(desk, figeac):
    figures = report.compute(desk, START, END)
    summary = dict(report.present(figures, exact=False)[0]["rows"])
    assert summary["Réponses à l'enquête de satisfaction"] == 0
    assert summary["Satisfaction moyenne (sur 5)"] == "pas de réponse"
    _answers(_held(desk, figeac, 20, 6), 5, 2)
    figures = report.compute(desk, START, END)
    public = dict(report.present(figures, exact=False)[0]["rows"])
    assert public["Réponses à l'enquête de satisfaction"] == "moins de 5"
    assert public["Satisfaction moyenne (sur 5)"] == "moins de 5 réponses"
    exact = dict(report.present(figures, exact=True)[0]["rows"])
    assert exact["Satisfaction moyenne (sur 5)"] == "3,5 / 5"


def test_page_and_csv_show_the_survey_beside_the_events(client, staff, desk, surveyed):
    page = visible(client.get(reverse("reporting:report_desk", args=[desk.slug]), PERIOD))
    assert "Évènements organisés 2" in page
    assert "Réponses à l'enquête de satisfaction 6" in page
    assert "Satisfaction moyenne (sur 5) 4,3 / 5" in page
    client.force_login(staff)
    body = client.get(reverse("reporting:report_csv", args=[desk.slug]), PERIOD).content
    body = body.decode("utf-8-sig")
    assert "En bref;Réponses à l'enquête de satisfaction;6\r\n" in body
    assert "En bref;Satisfaction moyenne (sur 5);4,3 / 5\r\n" in body
