"""What the demo gives to rebuild the CPTS Nord du Lot and Cauvaldor's welcome evening: the
CPTS's territory, newcomers installed since 2024 inside and outside Cauvaldor, the two
co-hosts with their logos, and on the past Alvignac evening postal guests, companions and the
survey's answers. All fictitious and labelled as such."""

from datetime import date

import pytest
from django.urls import reverse
from PIL import Image

from demo.structures import CAUVALDOR, NEWCOMERS
from events.enums import EventKind, InvitationStatus
from events.guestlist import Criteria, candidates
from events.models import CoHost, Event
from portal.models import User
from structures.models import Professional, ProfessionalSource, Structure
from territories.models import Commune, Epci

pytestmark = pytest.mark.django_db

SINCE_2024 = date(2024, 1, 1)


@pytest.fixture
def newcomers(demo_data):
    return list(
        Professional.objects.filter(rpps__in=[row[0] for row in NEWCOMERS])
        .select_related("commune", "profession")
        .prefetch_related("memberships")
    )


@pytest.fixture
def evening(demo_data):
    return Event.objects.get(kind=EventKind.WELCOME_EVENING)


def test_the_cpts_covers_the_communes_of_cauvaldor(demo_data):
    cpts = Structure.objects.get(name="CPTS Nord du Lot")
    cauvaldor = Commune.objects.filter(epci_id=CAUVALDOR)
    assert cauvaldor.count() == 77
    assert set(cpts.territory_communes.all()) == set(cauvaldor)


def test_newcomers_since_2024_in_and_out_of_cauvaldor(newcomers):
    inside = [p for p in newcomers if p.commune.epci_id == CAUVALDOR]
    outside = [p for p in newcomers if p.commune.epci_id != CAUVALDOR]
    assert len(inside) == 10 and len(outside) == 3
    assert all(p.status == "active" and p.practice_start >= SINCE_2024 for p in newcomers)
    assert len({p.profession.code for p in inside}) == 9
    assert sum(p.source != ProfessionalSource.CASE for p in inside) == 8
    assert sum(not p.memberships.all() for p in inside) == 7
    postal_only = [p for p in inside if not p.email]
    assert len(postal_only) == 2
    assert all(p.email.endswith(".example") for p in newcomers if p.email)
    assert all(p.rpps.startswith("98") for p in newcomers)


def test_an_area_criterion_visibly_filters_the_newcomers(evening, newcomers):
    cauvaldor = Epci.objects.get(siren=CAUVALDOR)
    everywhere = set(candidates(evening, Criteria(installed_since=SINCE_2024)))
    in_area = set(candidates(evening, Criteria(installed_since=SINCE_2024, epcis=[cauvaldor])))
    ours = set(newcomers)
    assert {p for p in ours if p.commune.epci_id == CAUVALDOR} <= in_area
    assert {p for p in ours if p.commune.epci_id != CAUVALDOR} <= everywhere - in_area
    # « Membres de la CPTS » reaches the newcomers attached to no structure.
    cpts = Structure.objects.get(name="CPTS Nord du Lot")
    members = set(candidates(evening, Criteria(installed_since=SINCE_2024, cpts=cpts)))
    unattached = {p for p in ours if p.commune.epci_id == CAUVALDOR and not p.memberships.all()}
    assert unattached and unattached <= members


def test_the_two_co_hosts_have_a_drawn_logo_and_a_demo_signatory(evening, demo_media, settings):
    settings.MEDIA_ROOT = demo_media
    co_hosts = CoHost.objects.filter(desk__slug="lot")
    assert sorted(c.name for c in co_hosts) == [
        "CPTS Nord du Lot",
        "Communauté de communes Cauvaldor",
    ]
    assert set(evening.co_hosts.all()) == set(co_hosts)
    for co_host in co_hosts:
        assert co_host.is_demo
        assert co_host.signatory_name == "Signataire de démonstration"
        assert "démonstration" in co_host.signatory_title
        with co_host.logo.open("rb") as logo, Image.open(logo) as image:
            assert image.format == "PNG" and image.width == image.height


def test_the_evening_has_postal_guests_with_demo_addresses(evening):
    postal = list(evening.invitations.filter(email=""))
    assert len(postal) == 3
    for guest in postal:
        assert guest.address_extra == "Adresse de démonstration" and len(guest.address_line) <= 38
        commune = Commune.objects.get(name=guest.city)
        assert guest.postal_code in commune.postal_codes
        assert guest.sent_at is None and guest.letter_sent_at is not None
        assert guest.phone.startswith("+33199")
    assert sum(guest.professional_id is not None for guest in postal) == 2
    assert evening.invitations.filter(status=InvitationStatus.ATTENDED).count() == 40


def test_companions_are_named(evening):
    with_companions = list(evening.invitations.filter(guests__gt=0))
    assert len(with_companions) == 3
    for guest in with_companions:
        assert guest.status == InvitationStatus.ATTENDED
        assert len(guest.companion_names.splitlines()) == guest.guests


def test_the_survey_results_page_has_answers(evening, client):
    assert evening.survey_sent_at > evening.ends_at
    assert evening.survey_answers.count() == 12
    client.force_login(User.objects.get(email="coordination.lot@demo.example"))
    response = client.get(reverse("events:survey_results", args=[evening.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Buffet très convivial." in page
    assert "12 réponses" in page and "pour 40 personnes présentes" in page
    assert "4,2 / 5" in page  # both averages: 50 points over 12 answers
