# ruff: noqa: F405
"""The partner's personal link to a session's list: what it shows (the newcomers booked, their
profession, planned communes and the steps not done this partner handles, nothing else),
forged (404) and expired (410) tokens, never another session's data; after the session, the
ticks (steps set done through the case's service, attendance) and the newcomers' summaries."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from installations.models import CaseEvent, Step
from partners import sessions
from partners.models import AppointmentSession, AppointmentSlot, SessionAccess, SlotOutcome
from portal import pdf
from portal.models import OutgoingMail
from tests.installations.factories import CaseFactory
from tests.partners.factories import PartnerFactory
from tests.partners.session_fixtures import *  # noqa: F403 (fixtures and helpers)
from tests.partners.test_sessions import page_queries

pytestmark = pytest.mark.django_db


def link(session, partner):
    return reverse("partners:session_link", kwargs={"token": sessions.make_token(session, partner)})


@pytest.fixture
def booked(case, session):
    slot = session.slots.order_by("starts_at").first()
    sessions.book(case, slot.pk, by=case.applicant)
    slot.refresh_from_db()
    return slot


def start(session, days_ago=0):
    """The session moved to the past (``days_ago`` days before now)."""
    starts = timezone.now() - timedelta(days=days_ago, hours=2)
    AppointmentSession.objects.filter(pk=session.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    session.refresh_from_db()


def test_the_list_shows_the_newcomer_and_only_this_partners_steps(client, booked, session, cpam):
    page = client.get(link(session, cpam)).content.decode()
    assert "Camille Durand" in page and "Médecin généraliste" in page.replace("médecin", "Médecin")
    assert "Figeac" in page
    assert "Conventionnement avec la CPAM" in page
    assert "Inscription au tableau de l&#x27;Ordre" not in page  # the Ordre's
    assert "Rencontre avec la CPTS" not in page
    assert booked.case.reference not in page and booked.case.applicant.email not in page
    assert SessionAccess.objects.filter(session=session, partner=cpam, action="view").exists()


def test_forged_and_foreign_tokens_answer_404(client, session, cpam, desk, other_desk):
    assert client.get(link(session, cpam)[:-3] + "abc/").status_code == 404
    forged = signing.dumps({"s": session.pk, "p": cpam.pk}, salt="another.salt")
    url = reverse("partners:session_link", kwargs={"token": forged})
    assert client.get(url).status_code == 404
    # A partner not attending, of this desk or another, opens nothing.
    absent = PartnerFactory(desk=desk, name="URSSAF Midi-Pyrénées")
    assert client.get(link(session, absent)).status_code == 404
    assert client.get(link(session, PartnerFactory(desk=other_desk))).status_code == 404


def test_the_link_expires_thirty_days_after_the_session(client, booked, session, cpam):
    start(session, days_ago=29)
    assert client.get(link(session, cpam)).status_code == 200
    start(session, days_ago=31)
    response = client.get(link(session, cpam))
    assert response.status_code == 410
    assert "Camille Durand" not in response.content.decode()
    assert SessionAccess.objects.filter(session=session, action="refused").exists()
    pdf_url = reverse(
        "partners:session_link_pdf", kwargs={"token": sessions.make_token(session, cpam)}
    )
    assert client.get(pdf_url).status_code == 410


def test_a_link_never_shows_another_sessions_data(client, booked, session, cpam, desk, templates):
    other = make_session(desk, [cpam], starts_in=timedelta(days=14))
    stranger = case_with_steps(
        templates.values(), desk=desk, assigned=True, last_name="Inconnu-Ailleurs"
    )
    sessions.book(stranger, other.slots.first().pk, by=stranger.applicant)
    page = client.get(link(session, cpam)).content.decode()
    assert "Inconnu-Ailleurs" not in page and "Camille Durand" in page
    page = client.get(link(other, cpam)).content.decode()
    assert "Inconnu-Ailleurs" in page and "Camille Durand" not in page


def test_before_the_session_nothing_can_be_ticked(client, booked, session, cpam):
    response = client.post(link(session, cpam), {f"attended_{booked.pk}": "yes"}, follow=True)
    assert "après le rendez-vous" in response.content.decode()
    booked.refresh_from_db()
    assert booked.attended is None


def outcome_data(slot, step, note=""):
    return {
        f"attended_{slot.pk}": "yes",
        f"done_{slot.pk}_{step.pk}": "on",
        f"note_{slot.pk}_{step.pk}": note,
    }


def test_ticks_set_the_steps_done_and_the_summary_goes_once_all_have_ticked(
    client, booked, session, cpam, ordre, newcomer
):
    start(session)
    case = booked.case
    cpam_step = Step.objects.get(case=case, template__code=cpam.step_codes[0])
    ordre_step = Step.objects.get(case=case, template__code=ordre.step_codes[0])
    assert client.post(link(session, cpam), outcome_data(booked, cpam_step)).status_code == 302
    cpam_step.refresh_from_db()
    booked.refresh_from_db()
    assert cpam_step.done_at is not None and booked.attended is True
    assert SlotOutcome.objects.get(slot=booked, partner=cpam, step=cpam_step).done
    assert CaseEvent.objects.filter(case=case, body="Démarche faite : " + cpam_step.title).exists()
    assert not OutgoingMail.objects.filter(topic="partners_session_summary").exists()
    # The Ordre has not done its step, but says so with a remark: then everyone has ticked.
    data = outcome_data(booked, ordre_step, note="Pièces manquantes : diplôme.")
    del data[f"done_{booked.pk}_{ordre_step.pk}"]
    client.post(link(session, ordre), data)
    ordre_step.refresh_from_db()
    assert ordre_step.done_at is None
    mail = OutgoingMail.objects.get(topic="partners_session_summary")
    assert mail.to == newcomer.email
    done_part, remaining_part = mail.body_text.split("Ce qui reste à faire")
    assert "Conventionnement avec la CPAM" in done_part
    assert "Inscription au tableau de l'Ordre" in remaining_part
    assert "Rencontre avec la CPTS" in remaining_part
    assert "Pièces manquantes : diplôme." in done_part
    summary = CaseEvent.objects.get(case=case, details__summary=True)
    assert summary.is_public and "Reste à faire" in summary.body
    booked.refresh_from_db()
    session.refresh_from_db()
    assert booked.summary_sent_at is not None and session.held
    # Visible in « Mon dossier », and never sent twice.
    client.force_login(newcomer)
    assert (
        "Compte rendu du rendez-vous unique" in client.get(case.get_absolute_url()).content.decode()
    )
    assert sessions.send_summaries(session) == 0


def test_the_desk_sends_the_summaries_when_a_partner_does_not_tick(
    client, staff, booked, session, cpam, desk
):
    absent = CaseFactory(desk=desk, assigned=True)
    second = session.slots.order_by("starts_at")[1]
    sessions.book(absent, second.pk, by=absent.applicant)
    url = reverse("partners:session_send_summaries", kwargs={"pk": session.pk})
    client.force_login(staff)
    client.post(url)
    assert not OutgoingMail.objects.filter(topic="partners_session_summary").exists()  # not yet
    start(session)
    client.post(link(session, cpam), {f"attended_{second.pk}": "no"})
    assert client.post(url).status_code == 302
    assert list(
        OutgoingMail.objects.filter(topic="partners_session_summary").values_list("to", flat=True)
    ) == [booked.case.applicant.email]  # the one noted absent gets none


def test_bad_input_is_a_form_error_not_a_500(client, booked, session, cpam):
    start(session)
    step = Step.objects.get(case=booked.case, template__code=cpam.step_codes[0])
    data = outcome_data(booked, step, note="x" * 400)
    data[f"attended_{booked.pk}"] = "peut-être"
    response = client.post(link(session, cpam), data)
    assert response.status_code == 200
    step.refresh_from_db()
    assert step.done_at is None


@pytest.mark.skipif(not pdf.pdf_available(), reason="WeasyPrint indisponible ici")
def test_the_pdf_of_the_list(client, booked, session, cpam):
    url = reverse("partners:session_link_pdf", kwargs={"token": sessions.make_token(session, cpam)})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_without_weasyprint_the_pdf_page_says_so(client, booked, session, cpam, monkeypatch):
    monkeypatch.setattr(pdf, "_weasyprint", lambda: None)
    url = reverse("partners:session_link_pdf", kwargs={"token": sessions.make_token(session, cpam)})
    response = client.get(url)
    assert response.status_code == 503
    assert "La création de PDF n&#x27;est pas disponible" in response.content.decode()


@pytest.mark.parametrize("started", [False, True])
def test_link_query_budget_constant_from_3_to_30_slots(
    client, desk, cpam, ordre, templates, started
):
    counts = []
    for size in (3, 30):
        session = make_session(desk, [cpam, ordre], count=size, minutes=10)
        for slot in session.slots.all():
            booked = case_with_steps(templates.values(), desk=desk, assigned=True)
            AppointmentSlot.objects.filter(pk=slot.pk).update(case=booked)
        if started:
            start(session)
        counts.append(page_queries(client, link(session, cpam)))
    assert counts[0] == counts[1]
