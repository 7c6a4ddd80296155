"""The panels of the case pages, « Ce projet m'intéresse », the desk's page of an offer's
matches and the introduction, which alone reveals the contacts."""

import pytest
from django.urls import reverse

from installations.enums import EventKind
from opportunities import tasks
from opportunities.models import Match
from portal.models import OutgoingMail
from structures.models import VacancyStatus
from tests.installations.factories import CaseFactory
from tests.opportunities.conftest import offer
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTACT = "paul.martin@exemple.test"


@pytest.fixture
def succession(figeac, gp):
    return offer(figeac, profession=gp, title="Succession d'un cabinet à Figeac")


@pytest.fixture
def match(gp_case, succession):
    tasks.match_offer(succession.pk)
    return Match.objects.get(case=gp_case, vacancy=succession)


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_my_case_lists_the_offers_that_fit_with_their_reasons_and_no_contact(
    client, newcomer, gp_case, succession
):
    html = page(client, newcomer, reverse("installations:case", args=[gp_case.pk]))
    assert "Offres qui correspondent à votre projet" in html
    assert "Succession d&#x27;un cabinet à Figeac" in html
    assert "même profession ; Figeac est une commune souhaitée" in html
    assert "Ce projet m'intéresse" in html
    assert reverse("opportunities:interest", args=[succession.pk]) in html
    assert CONTACT not in html


def test_a_public_contact_shows_at_once(client, newcomer, gp_case, succession):
    succession.contact_public = True
    succession.save()
    assert CONTACT in page(client, newcomer, reverse("installations:case", args=[gp_case.pk]))


def test_an_empty_panel_says_so(client, newcomer, gp_case):
    html = page(client, newcomer, reverse("installations:case", args=[gp_case.pk]))
    assert "Aucune offre publiée ne correspond à votre projet pour l'instant." in html


def test_saying_i_am_interested_tells_the_desk(client, newcomer, gp_case, succession):
    client.force_login(newcomer)
    response = client.post(reverse("opportunities:interest", args=[succession.pk]), follow=True)
    assert response.redirect_chain[-1][0] == gp_case.get_absolute_url()
    html = response.content.decode()
    assert "Le guichet a été prévenu" in html
    assert list(gp_case.interested_vacancies.all()) == [succession]
    assert "Ce projet m'intéresse" not in html.split("titre-offres")[1]
    assert gp_case.events.filter(kind=EventKind.VACANCY).count() == 1


def test_interest_in_an_unpublished_offer_is_a_404_and_a_get_is_refused(
    client, newcomer, gp_case, succession
):
    client.force_login(newcomer)
    assert client.get(reverse("opportunities:interest", args=[succession.pk])).status_code == 405
    succession.status = VacancyStatus.PENDING
    succession.save()
    assert client.post(reverse("opportunities:interest", args=[succession.pk])).status_code == 404


def test_the_referent_sees_the_offers_that_fit_the_case(client, referent, gp_case, succession):
    type(gp_case).objects.filter(pk=gp_case.pk).update(referent=referent, status="assigned")
    html = page(client, referent, reverse("installations:referent_case", args=[gp_case.pk]))
    assert "Offres qui correspondent à ce dossier" in html
    assert succession.get_absolute_url() in html
    assert "Figeac est une commune souhaitée" in html


def test_the_desk_sees_the_ranked_cases_of_its_offer(client, staff, gp_case, match, newcomer):
    gp_case.interested_vacancies.add(match.vacancy)
    url = reverse("opportunities:offer_matches", args=[match.vacancy.pk])
    html = page(client, staff, url)
    assert "INS-2026-00001" in html and "Camille Durand" in html
    assert "même profession ; Figeac est une commune souhaitée" in html
    assert reverse("opportunities:introduce", args=[match.pk]) in html
    assert "<td>oui</td>" in html  # interested
    assert "pas encore" in html  # not told yet


def test_the_desk_page_looks_again_on_post(client, staff, gp_case, succession):
    client.force_login(staff)
    url = reverse("opportunities:offer_matches", args=[succession.pk])
    response = client.post(url, follow=True)
    assert "Correspondances mises à jour : 1 dossier." in response.content.decode()
    assert Match.objects.filter(vacancy=succession).count() == 1


def test_another_desk_and_the_newcomers_get_a_404(
    client, other_staff, newcomer, referent, match, other_newcomer
):
    for user in (other_staff, newcomer, other_newcomer, referent):
        client.force_login(user)
        for url in (
            reverse("opportunities:offer_matches", args=[match.vacancy.pk]),
            reverse("opportunities:introduce", args=[match.pk]),
        ):
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url).status_code == 404, (user, url)
    assert Match.objects.get().introduced_at is None


def test_another_desk_cases_are_not_listed(client, staff, other_desk, auch, figeac, gp, match):
    # A case of the Gers that also wishes Figeac: the Lot's page does not show it.
    CaseFactory(desk=other_desk, applicant=UserFactory(), profession=gp, communes=[figeac, auch])
    tasks.match_offer(match.vacancy.pk)
    assert Match.objects.count() == 2
    html = page(client, staff, reverse("opportunities:offer_matches", args=[match.vacancy.pk]))
    assert html.count(reverse("opportunities:introduce", args=[match.pk])) == 1
    assert "1 dossier correspond" in html


def test_introducing_reveals_the_contacts_to_both_and_only_then(
    client, staff, newcomer, gp_case, match
):
    type(gp_case).objects.filter(pk=gp_case.pk).update(phone="+33612345678")
    url = reverse("opportunities:introduce", args=[match.pk])
    html = page(client, staff, url)
    assert "Chacun recevra par e-mail les coordonnées de l'autre" in html
    assert not OutgoingMail.objects.filter(topic__startswith="opportunities_intro").exists()
    response = client.post(url)
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.introduced_at is not None and match.introduced_by == staff
    to_newcomer = OutgoingMail.objects.get(topic="opportunities_intro_newcomer")
    assert to_newcomer.to == newcomer.email
    assert CONTACT in to_newcomer.body_text and "05 65 00 00 00" in to_newcomer.body_text
    to_offerer = OutgoingMail.objects.get(topic="opportunities_intro_offerer")
    assert to_offerer.to == CONTACT
    assert "Camille Durand, Médecin généraliste" in to_offerer.body_text
    assert newcomer.email in to_offerer.body_text and "06 12 34 56 78" in to_offerer.body_text
    event = gp_case.events.get(kind=EventKind.VACANCY)
    assert event.is_public and "Mise en relation avec Dr Paul Martin" in event.body
    # The newcomer now sees the contact on « Mon dossier »; a second POST sends nothing.
    assert CONTACT in page(client, newcomer, reverse("installations:case", args=[gp_case.pk]))
    client.force_login(staff)
    client.post(url)
    assert OutgoingMail.objects.filter(topic__startswith="opportunities_intro").count() == 2


def test_the_vacancy_admin_links_to_the_desk_page(client, staff, succession):
    html = page(client, staff, reverse("admin:structures_vacancy_change", args=[succession.pk]))
    assert reverse("opportunities:offer_matches", args=[succession.pk]) in html


def test_the_match_admin_is_scoped(client, staff, other_staff, match):
    html = page(client, staff, reverse("admin:opportunities_match_changelist"))
    assert "INS-2026-00001" in html
    html = page(client, other_staff, reverse("admin:opportunities_match_changelist"))
    assert "INS-2026-00001" not in html
    client.force_login(other_staff)
    url = reverse("admin:opportunities_match_change", args=[match.pk])
    assert client.get(url).status_code in (302, 404)
