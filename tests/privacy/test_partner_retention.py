"""Retention and the partners: an anonymised case keeps no text of its partner requests, their
threads or what a partner noted at a single appointment, and no link opens it again; the IP
addresses of the partners' link openings go after a year, the dry run counting the same."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from installations.models import Case, CaseEvent, Step
from partners import requests as partner_requests
from partners.models import (
    AppointmentSlot,
    PartnerAccess,
    PartnerMessage,
    PartnerRequest,
    SessionAccess,
    SlotOutcome,
)
from portal.models import OutgoingMail
from privacy import retention
from privacy.anonymise import anonymise_cases, placeholder_user
from tests.partners.factories import PartnerContactFactory, PartnerFactory, PartnerRequestFactory
from tests.partners.session_fixtures import make_session
from tests.privacy.conftest import finished_case

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def cpam(desk):
    partner = PartnerFactory(desk=desk, name="CPAM du Lot")
    PartnerContactFactory(partner=partner, name="Sophie Marty", email="sophie@cpam.test")
    return partner


def with_partner_data(case, partner, words):
    """A request on ``case`` with a context, a partner's answer, a referent's message, an
    access logged with an IP, and what the partner noted at a single appointment: every text
    holds ``words``, to look for it afterwards."""
    contact = partner.contacts.get()
    request = PartnerRequestFactory(
        case=case,
        partner=partner,
        contact=contact,
        question=f"Question sur {words} ?",
        context=f"Contexte : {words}.",
    )
    partner_requests.reply(
        request, author=PartnerMessage.Author.PARTNER, body=f"Réponse : {words}.", ip="192.0.2.7"
    )
    partner_requests.reply(
        request,
        author=PartnerMessage.Author.REFERENT,
        body=f"Merci pour {words}.",
        by=case.referent,
    )
    session = make_session(case.desk, [partner], starts_in=-30 * DAY)
    slot = session.slots.order_by("starts_at").first()
    AppointmentSlot.objects.filter(pk=slot.pk).update(case=case, booked_at=timezone.now())
    step = Step.objects.create(case=case, title="Conventionnement avec la CPAM")
    SlotOutcome.objects.create(slot=slot, partner=partner, step=step, note=f"Noté : {words}")
    return request


def link_path(partner_request):
    token = partner_requests.make_token(partner_request)
    return reverse("partners:request_link", kwargs={"token": token})


def texts_of(case):
    """Every free text the partner tables hold about ``case``."""
    rows = [
        *PartnerRequest.objects.filter(case=case).values_list("question", "context"),
        *PartnerMessage.objects.filter(request__case=case).values_list("body", "author_name"),
        *SlotOutcome.objects.filter(slot__case=case).values_list("note"),
        *CaseEvent.objects.filter(case=case).values_list("body"),
    ]
    return [text for row in rows for text in row]


def everywhere(words):
    """Whether ``words`` is anywhere in the partner tables or on a timeline."""
    return any(
        (
            PartnerRequest.objects.filter(question__contains=words).exists(),
            PartnerRequest.objects.filter(context__contains=words).exists(),
            PartnerMessage.objects.filter(body__contains=words).exists(),
            SlotOutcome.objects.filter(note__contains=words).exists(),
            CaseEvent.objects.filter(body__contains=words).exists(),
        )
    )


def test_an_anonymised_case_keeps_no_partner_text_and_its_link_is_gone(
    client, desk, gp, figeac, cpam, referent
):
    old = finished_case(desk, years_ago=4, profession=gp, referent=referent)
    recent = finished_case(desk, years_ago=1, profession=gp, referent=referent)
    asked = with_partner_data(old, cpam, "le cabinet de Camille à Figeac")
    kept = with_partner_data(recent, cpam, "la maison de santé de Cahors")
    old_link, kept_link = link_path(asked), link_path(kept)
    assert client.get(old_link).status_code == 200
    recent_before = texts_of(recent)

    outcome = retention.apply_retention()

    assert [item.pk for item in outcome.anonymised] == [old.pk]
    assert not everywhere("Camille à Figeac")
    assert set(texts_of(old)) == {""}
    asked.refresh_from_db()
    assert asked.revoked_at is not None and not asked.link_is_live
    response = client.get(old_link)
    assert response.status_code == 410
    assert "Camille" not in response.content.decode()
    # A referent cannot open it again by sending a new link.
    with pytest.raises(partner_requests.PartnerError, match="anonymisé"):
        partner_requests.send_new_link(asked, by=referent)
    asked.refresh_from_db()
    assert asked.revoked_at is not None
    # What the yearly report counts stays: the request, its dates, the thread's length.
    assert asked.first_answer_at is not None and asked.status == "answered"
    assert PartnerMessage.objects.filter(request=asked).count() == 2
    # The other case is untouched, its link still answers.
    assert texts_of(recent) == recent_before
    assert everywhere("maison de santé de Cahors")
    kept.refresh_from_db()
    assert kept.revoked_at is None and kept.link_is_live
    assert client.get(kept_link).status_code == 200


def anonymised_request(client, desk, gp, cpam, referent):
    """A request of a case anonymised since, its referent signed in on ``client``."""
    old = finished_case(desk, years_ago=4, profession=gp, referent=referent)
    asked = with_partner_data(old, cpam, "un texte")
    anonymise_cases(Case.objects.filter(pk=old.pk))
    client.force_login(referent)
    return old, asked


def test_a_referent_trying_a_new_link_on_an_anonymised_case_is_told_why(
    client, desk, gp, cpam, referent
):
    old, asked = anonymised_request(client, desk, gp, cpam, referent)
    url = reverse("partners:request_resend", kwargs={"pk": old.pk, "request_pk": asked.pk})
    response = client.post(url, follow=True)
    assert "Ce dossier est anonymisé : aucun nouveau lien ne peut être envoyé." in (
        response.content.decode().replace("&#x27;", "'")
    )
    asked.refresh_from_db()
    assert asked.revoked_at is not None


def test_anonymising_more_cases_with_partner_data_takes_no_more_queries(desk, gp, cpam):
    placeholder_user()

    def queries_for(count):
        cases = [finished_case(desk, years_ago=4, profession=gp) for _ in range(count)]
        for case in cases:
            with_partner_data(case, cpam, f"dossier {case.pk}")
        with CaptureQueriesContext(connection) as queries:
            assert anonymise_cases(Case.objects.filter(pk__in=[c.pk for c in cases])) == count
        return len(queries.captured_queries)

    assert queries_for(1) == queries_for(4)


def test_ips_of_partner_accesses_go_after_a_year_and_the_dry_run_counts_the_same(desk, gp, cpam):
    now = timezone.now()
    case = finished_case(desk, years_ago=1, profession=gp)
    request = PartnerRequestFactory(case=case, partner=cpam, contact=cpam.contacts.get())
    session = make_session(desk, [cpam], starts_in=-400 * DAY)
    for days, ip in ((400, "192.0.2.1"), (366, "192.0.2.2"), (360, "192.0.2.3"), (400, None)):
        PartnerAccess.objects.create(request=request, action="view", ip=ip, at=now - days * DAY)
        SessionAccess.objects.create(
            session=session, partner=cpam, action="view", ip=ip, at=now - days * DAY
        )

    dry = retention.apply_retention(dry_run=True, now=now)
    assert dry.ips_cleared == 4
    assert "Accès des partenaires de plus d'un an dont l'adresse IP serait effacée : 4" in (
        retention.describe(dry)
    )
    assert PartnerAccess.objects.filter(ip__isnull=False).count() == 3

    applied = retention.apply_retention(now=now)
    assert applied.ips_cleared == dry.ips_cleared
    assert "Accès des partenaires de plus d'un an dont l'adresse IP est effacée : 4" in (
        retention.describe(applied)
    )
    for model in (PartnerAccess, SessionAccess):
        # The rows stay, with their date and action; only the recent one keeps its IP.
        assert model.objects.count() == 4
        assert list(model.objects.exclude(ip=None).values_list("ip", flat=True)) == ["192.0.2.3"]
    again = retention.apply_retention(now=now)
    assert again.ips_cleared == 0 and again.nothing


def test_a_referent_writing_on_a_request_of_an_anonymised_case_is_told_why(
    client, desk, gp, cpam, referent
):
    old, asked = anonymised_request(client, desk, gp, cpam, referent)
    url = reverse("partners:request_reply", kwargs={"pk": old.pk, "request_pk": asked.pk})
    response = client.post(
        url, {f"demande-{asked.pk}-body": "Avez-vous du nouveau pour Camille ?"}, follow=True
    )
    assert response.status_code == 200
    assert "Ce dossier est anonymisé : aucun message ne peut être envoyé." in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert "Message envoyé au partenaire." not in response.content.decode()
    assert set(PartnerMessage.objects.filter(request=asked).values_list("body", flat=True)) == {""}
    assert not OutgoingMail.objects.filter(body_text__contains="Camille").exists()
    assert not everywhere("Camille")
