# ruff: noqa: F405
"""The single appointment, desk and newcomer sides: slots generated once, sessions published,
booking from « Mon dossier » (one per session per case, a taken slot refused in French),
cancelling, the confirmation mail with what to bring, the scope (another desk's session,
another newcomer's booking: 404), the desk's page and its query budget."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from installations.models import CaseEvent
from partners import sessions
from partners.admin_sessions import AppointmentSessionAdmin, AppointmentSessionForm
from partners.models import AppointmentSession, AppointmentSlot
from portal.models import OutgoingMail
from tests.installations.factories import CaseFactory
from tests.partners.factories import PartnerFactory
from tests.partners.session_fixtures import *  # noqa: F403 (fixtures and helpers)

pytestmark = pytest.mark.django_db


def book_url(case):
    return reverse("partners:book", kwargs={"pk": case.pk})


def free_slots(session):
    return list(session.slots.filter(case__isnull=True).order_by("starts_at"))


# --- Slots and publication ----------------------------------------------------------------------
def test_slots_every_slot_minutes_between_start_and_end_and_only_once(desk, cpam):
    session = make_session(desk, [cpam], minutes=30, count=4)
    times = list(session.slots.values_list("starts_at", flat=True))
    assert [(t - session.starts_at).seconds // 60 for t in times] == [0, 30, 60, 90]
    assert sessions.generate_slots(session) == 0
    AppointmentSession.objects.filter(pk=session.pk).update(
        ends_at=session.ends_at + timedelta(minutes=45)
    )
    session.refresh_from_db()
    assert sessions.generate_slots(session) == 1  # the last 15 minutes make no slot
    assert session.slots.count() == 5


def test_admin_actions_create_slots_and_publish(rf, desk, cpam, staff):
    session = make_session(desk, [cpam], published=False)
    session.slots.all().delete()
    admin = AppointmentSessionAdmin(AppointmentSession, site)
    request = rf.post("/")
    request.user = staff
    admin.message_user = lambda request, message: setattr(request, "said", message)
    admin.create_slots(request, AppointmentSession.objects.filter(pk=session.pk))
    assert request.said == "4 créneaux créés."
    admin.create_slots(request, AppointmentSession.objects.filter(pk=session.pk))
    assert request.said == "0 créneau créé."
    admin.publish(request, AppointmentSession.objects.filter(pk=session.pk))
    session.refresh_from_db()
    assert session.published and request.said == "1 rendez-vous publié."


def test_admin_offers_only_the_sessions_desk_partners(desk, other_desk, cpam):
    foreign = PartnerFactory(desk=other_desk, name="CPAM du Gers")
    session = make_session(desk, [cpam])
    form = AppointmentSessionForm(instance=session)
    assert list(form.fields["partners"].queryset) == [cpam]
    starts = timezone.now() + timedelta(days=3)
    posted = AppointmentSessionForm(
        data={
            "desk": desk.pk,
            "starts_at_0": starts.strftime("%d/%m/%Y"),
            "starts_at_1": "09:00",
            "ends_at_0": starts.strftime("%d/%m/%Y"),
            "ends_at_1": "12:00",
            "starts_at": starts.replace(hour=9).isoformat(),
            "ends_at": starts.replace(hour=12).isoformat(),
            "place": "Cahors",
            "partners": [cpam.pk, foreign.pk],
            "slot_minutes": 30,
        }
    )
    assert not posted.is_valid()
    assert "Ces partenaires ne sont pas ceux du guichet choisi : CPAM du Gers." in str(
        posted.errors["partners"]
    )


# --- Booking ------------------------------------------------------------------------------------
def test_booking_from_my_case_without_javascript(client, newcomer, case, session):
    client.force_login(newcomer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Le rendez-vous unique" in page and "Réserver ce créneau" in page
    slot = free_slots(session)[1]
    response = client.post(book_url(case), {"slot": slot.pk})
    assert response.status_code == 302
    assert response["Location"].endswith("#titre-rendez-vous")
    slot.refresh_from_db()
    assert slot.case == case and slot.booked_at is not None
    mail = OutgoingMail.objects.get(topic="partners_session_booked")
    assert mail.to == newcomer.email
    assert "Maison des services, Cahors" in mail.body_text
    assert "CPAM du Lot et Ordre des médecins du Lot" in mail.body_text
    # What to bring: the steps not done these partners handle, not the others.
    assert "CPAM du Lot : Conventionnement avec la CPAM" in mail.body_text
    assert "Ordre des médecins du Lot : Inscription au tableau de l'Ordre" in mail.body_text
    assert "Rencontre avec la CPTS" not in mail.body_text
    event = CaseEvent.objects.filter(case=case, is_public=True).last()
    assert event.body.startswith("Rendez-vous unique réservé le ")
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Votre créneau" in page and "Annuler ce créneau" in page


def test_a_slot_taken_meanwhile_is_refused_in_french(client, newcomer, case, session, desk):
    slot = free_slots(session)[0]
    other = CaseFactory(desk=desk, assigned=True)
    sessions.book(other, slot.pk, by=other.applicant)
    client.force_login(newcomer)
    response = client.post(book_url(case), {"slot": slot.pk}, follow=True)
    assert "ce créneau vient d&#x27;être pris" in response.content.decode()
    slot.refresh_from_db()
    assert slot.case == other


def test_one_slot_per_session_per_case(case, session):
    first, second = free_slots(session)[:2]
    sessions.book(case, first.pk, by=case.applicant)
    with pytest.raises(sessions.PartnerError, match="déjà un créneau à ce rendez-vous"):
        sessions.book(case, second.pk, by=case.applicant)
    assert AppointmentSlot.objects.filter(case=case).count() == 1


def test_the_unique_constraint_holds_when_the_check_is_passed(case, session, monkeypatch):
    """Two requests of the same case racing: the check saw no slot, the constraint refuses."""
    first, second = free_slots(session)[:2]
    AppointmentSlot.objects.filter(pk=first.pk).update(case=case, booked_at=timezone.now())
    real_filter = AppointmentSlot.objects.filter

    class Blind:
        def exists(self):
            return False

    def filter_blind(*args, **kwargs):
        if set(kwargs) == {"session", "case"}:
            return Blind()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(AppointmentSlot.objects, "filter", filter_blind)
    with pytest.raises(sessions.PartnerError, match="vient d'être pris"):
        sessions.book(case, second.pk, by=case.applicant)
    monkeypatch.undo()
    assert list(AppointmentSlot.objects.filter(case=case)) == [first]


def test_cancel_frees_the_slot(client, newcomer, case, session):
    slot = free_slots(session)[0]
    sessions.book(case, slot.pk, by=newcomer)
    client.force_login(newcomer)
    url = reverse("partners:cancel_booking", kwargs={"pk": case.pk, "slot_pk": slot.pk})
    assert client.post(url).status_code == 302
    slot.refresh_from_db()
    assert slot.case is None and slot.booked_at is None
    assert CaseEvent.objects.filter(case=case, body__contains="annulé").exists()
    assert client.post(url).status_code == 404  # no longer theirs


def test_a_past_session_cannot_be_booked_nor_cancelled(case, desk, cpam):
    past = make_session(desk, [cpam], starts_in=timedelta(days=-2))
    slot = free_slots(past)[0]
    with pytest.raises(sessions.PartnerError, match="déjà eu lieu"):
        sessions.book(case, slot.pk, by=case.applicant)
    AppointmentSlot.objects.filter(pk=slot.pk).update(case=case)
    with pytest.raises(sessions.PartnerError, match="ne peut plus être annulé"):
        sessions.cancel(case, slot.pk, by=case.applicant)


def test_scope_another_desks_session_and_another_newcomers_booking(
    client, newcomer, other_newcomer, case, session, other_desk, cpam
):
    foreign = make_session(other_desk, [PartnerFactory(desk=other_desk)])
    unpublished = make_session(case.desk, [cpam], published=False, starts_in=timedelta(days=9))
    client.force_login(newcomer)
    for slot in (free_slots(foreign)[0], free_slots(unpublished)[0]):
        assert client.post(book_url(case), {"slot": slot.pk}).status_code == 404
    assert client.post(book_url(case), {"slot": "abc"}).status_code == 302  # form error
    assert client.post(book_url(case), {"slot": "99999999999999"}).status_code == 302
    slot = free_slots(session)[0]
    sessions.book(case, slot.pk, by=newcomer)
    client.force_login(other_newcomer)
    other_case = CaseFactory(applicant=other_newcomer, desk=case.desk, assigned=True)
    assert client.post(book_url(case), {"slot": free_slots(session)[0].pk}).status_code == 404
    cancel = reverse("partners:cancel_booking", kwargs={"pk": other_case.pk, "slot_pk": slot.pk})
    assert client.post(cancel).status_code == 404
    slot.refresh_from_db()
    assert slot.case == case
    assert client.get(book_url(other_case)).status_code == 405


def test_panel_shows_only_the_cases_desk_published_sessions_to_come(
    rf, case, session, desk, other_desk, cpam
):
    from partners.session_panels import newcomer_panel

    make_session(other_desk, [PartnerFactory(desk=other_desk)])
    make_session(desk, [cpam], published=False)
    make_session(desk, [cpam], starts_in=timedelta(days=-1))
    full = make_session(desk, [cpam], count=1, starts_in=timedelta(days=8))
    AppointmentSlot.objects.filter(session=full).update(case=CaseFactory(desk=desk))
    panel = newcomer_panel(case, rf.get("/"))
    assert [item["session"] for item in panel["bookable"]] == [session]


# --- The desk's page ----------------------------------------------------------------------------
def desk_page(session):
    return reverse("partners:session", kwargs={"pk": session.pk})


def test_desk_page_lists_slots_bookings_and_partner_links(client, staff, case, session):
    sessions.book(case, free_slots(session)[0].pk, by=case.applicant)
    client.force_login(staff)
    page = client.get(desk_page(session)).content.decode()
    assert "Camille Durand" in page and "4 créneaux, 1 réservé" in page
    assert "/partenaire/rendez-vous/" in page and "imprimer (PDF)" in page
    response = client.post(reverse("partners:session_send_lists", kwargs={"pk": session.pk}))
    assert response.status_code == 302
    mails = OutgoingMail.objects.filter(topic="partners_session_list").order_by("to")
    assert [mail.to for mail in mails] == ["jean@ordre.test", "sophie@cpam.test"]
    assert "/partenaire/rendez-vous/" in mails[0].body_text


def test_desk_page_scope(client, other_staff, referent, session):
    for user in (other_staff, referent):
        client.force_login(user)
        assert client.get(desk_page(session)).status_code == 404
        url = reverse("partners:session_send_lists", kwargs={"pk": session.pk})
        assert client.post(url).status_code == 404
    assert not OutgoingMail.objects.filter(topic="partners_session_list").exists()


def page_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["desk", "newcomer"])
def test_query_budget_constant_from_3_to_30_slots(
    client, staff, desk, cpam, ordre, templates, page
):
    counts = []
    for size in (3, 30):
        session = make_session(desk, [cpam, ordre], count=size, minutes=10)
        for slot in session.slots.all():
            booked = case_with_steps(templates.values(), desk=desk, assigned=True)
            AppointmentSlot.objects.filter(pk=slot.pk).update(case=booked)
        if page == "desk":
            client.force_login(staff)
            counts.append(page_queries(client, desk_page(session)))
        else:
            newcomer_case = case_with_steps(templates.values(), desk=desk, assigned=True)
            make_session(desk, [cpam, ordre], count=size, starts_in=timedelta(days=20 + size))
            client.force_login(newcomer_case.applicant)
            counts.append(page_queries(client, newcomer_case.get_absolute_url()))
    assert counts[0] == counts[1]
