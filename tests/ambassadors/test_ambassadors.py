"""Ambassadors: sign-up, a referent's proposal, consent of both parties by link, and the
introduction mail sent only after both accept; an ambassador never sees more of the case
than the newcomer's first name, profession and the topics chosen."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ambassadors import services as ambassadors
from ambassadors.models import Ambassador, Introduction
from portal.models import OutgoingMail
from tests.ambassadors.factories import AmbassadorFactory
from tests.installations.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(newcomer, desk, gp, figeac, referent):
    return CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
        first_name="Camille",
        last_name="Durand",
        phone="06 11 22 33 44",
        project_text="Projet très personnel",
    )


@pytest.fixture
def ambassador(figeac):
    return AmbassadorFactory(commune=figeac, first_name="Bruno", last_name="Vayssières")


def propose(client, referent, case, ambassador, topics=("schooling",)):
    client.force_login(referent)
    return client.post(
        reverse("ambassadors:propose", args=[case.pk]),
        {"ambassador": ambassador.pk, "topics": list(topics)},
    )


def link_of(mail):
    return re.search(r"/ambassadeurs/reponse/[\w-]+/", mail.body_text).group(0)


def test_volunteer_registers_then_staff_approves(client, figeac, desk, staff):
    page = client.get(reverse("ambassadors:register"))
    assert page.status_code == 200
    missing = client.post(reverse("ambassadors:register"), {"first_name": "Inès"})
    assert "Votre accord est nécessaire" in missing.content.decode()
    done = client.post(
        reverse("ambassadors:register"),
        {
            "first_name": "Inès",
            "last_name": "Fabre",
            "email": "ines@exemple.test",
            "kind": "resident",
            "commune_text": "Figeac",
            "topics": ["schooling", "leisure"],
            "consent": "on",
        },
    )
    assert "Merci pour votre inscription" in done.content.decode()
    volunteer = Ambassador.objects.get(email="ines@exemple.test")
    assert volunteer.commune == figeac and volunteer.consent_at and not volunteer.approved
    client.force_login(staff)
    client.post(
        reverse("admin:ambassadors_ambassador_changelist"),
        {"action": "approve", "_selected_action": [volunteer.pk]},
    )
    volunteer.refresh_from_db()
    assert volunteer.approved


def test_referent_proposes_and_both_get_a_link(client, referent, case, ambassador):
    page = client.get(reverse("installations:referent_case", args=[case.pk]))
    assert page.status_code == 302  # signed out
    client.force_login(referent)
    page = client.get(reverse("installations:referent_case", args=[case.pk]))
    assert "Proposer cet ambassadeur" in page.content.decode()
    propose(client, referent, case, ambassador, ("schooling", "leisure"))
    introduction = Introduction.objects.get(case=case)
    to_newcomer = OutgoingMail.objects.get(topic="ambassadors_proposal_newcomer")
    to_ambassador = OutgoingMail.objects.get(topic="ambassadors_proposal_ambassador")
    assert to_newcomer.to == case.applicant.email
    assert to_ambassador.to == ambassador.email
    # No contact details yet, on either side.
    assert ambassador.email not in to_newcomer.body_text + to_newcomer.body_html
    assert ambassador.phone not in to_newcomer.body_text
    ambassador_text = to_ambassador.body_text + to_ambassador.body_html + to_ambassador.subject
    assert "Camille" in ambassador_text and "Médecin généraliste" in ambassador_text
    for secret in ("Durand", case.applicant.email, "06 11 22 33 44", "Projet très personnel"):
        assert secret not in ambassador_text
    assert introduction.introduced_at is None
    assert not OutgoingMail.objects.filter(topic__startswith="ambassadors_intro")
    assert case.events.filter(body__contains="Mise en relation proposée").exists()


def test_introduction_only_after_both_accept(client, referent, case, ambassador):
    propose(client, referent, case, ambassador)
    client.logout()
    newcomer_link = link_of(OutgoingMail.objects.get(topic__endswith="proposal_newcomer"))
    ambassador_link = link_of(OutgoingMail.objects.get(topic__endswith="proposal_ambassador"))

    page = client.get(ambassador_link)
    text = page.content.decode()
    assert "Camille" in text and "Médecin généraliste" in text and "scolarité" in text
    for secret in ("Durand", case.applicant.email, "06 11 22 33 44", "Projet très personnel"):
        assert secret not in text
    assert page["Referrer-Policy"] == "no-referrer"

    client.post(newcomer_link, {"answer": "accept"})
    assert not OutgoingMail.objects.filter(topic__startswith="ambassadors_intro")
    client.post(ambassador_link, {"answer": "accept"})

    introduction = Introduction.objects.get(case=case)
    assert introduction.introduced_at is not None
    intro_newcomer = OutgoingMail.objects.get(topic="ambassadors_intro_newcomer")
    intro_ambassador = OutgoingMail.objects.get(topic="ambassadors_intro_ambassador")
    assert ambassador.email in intro_newcomer.body_text
    assert "Durand" not in intro_ambassador.body_text + intro_ambassador.body_html
    assert case.applicant.email not in intro_ambassador.body_text
    assert case.events.filter(kind="mail", body__contains="Mise en relation faite").exists()
    # a second answer changes nothing and sends nothing
    client.post(ambassador_link, {"answer": "decline"})
    assert OutgoingMail.objects.filter(topic__startswith="ambassadors_intro").count() == 2
    newcomer_page = client.get(newcomer_link).content.decode()
    assert "La mise en relation est faite" in newcomer_page


def test_declined_introduction_sends_nothing(client, referent, case, ambassador):
    propose(client, referent, case, ambassador)
    client.logout()
    client.post(
        link_of(OutgoingMail.objects.get(topic__endswith="proposal_newcomer")), {"answer": "accept"}
    )
    client.post(
        link_of(OutgoingMail.objects.get(topic__endswith="proposal_ambassador")),
        {"answer": "decline"},
    )
    introduction = Introduction.objects.get(case=case)
    assert introduction.introduced_at is None and introduction.is_declined
    assert not OutgoingMail.objects.filter(topic__startswith="ambassadors_intro")


def test_expired_and_unknown_links(client, referent, case, ambassador):
    propose(client, referent, case, ambassador)
    client.logout()
    Introduction.objects.update(proposed_at=timezone.now() - timedelta(days=31))
    link = link_of(OutgoingMail.objects.get(topic__endswith="proposal_newcomer"))
    assert "a expiré" in client.get(link).content.decode()
    client.post(link, {"answer": "accept"})
    assert Introduction.objects.get(case=case).newcomer_answer == "pending"
    assert client.get("/ambassadeurs/reponse/inconnu/").status_code == 404


def test_only_the_case_referent_may_propose(client, other_referent, case, ambassador):
    response = propose(client, other_referent, case, ambassador)
    assert response.status_code == 404
    assert not Introduction.objects.exists()


def test_unapproved_or_other_desk_ambassadors_are_not_proposed(case, referent, ambassador, auch):
    pending = AmbassadorFactory(commune=ambassador.commune, approved=False)
    elsewhere = AmbassadorFactory(commune=auch)
    assert list(ambassadors.proposable_for(case)) == [ambassador]
    for other in (pending, elsewhere):
        with pytest.raises(ambassadors.AmbassadorError):
            ambassadors.propose(case, ambassador=other, topics=["schooling"], by=referent)


def test_a_volunteer_picks_their_commune_among_namesakes(client, figeac, desk, lot):
    from tests.territories.factories import CommuneFactory

    CommuneFactory(insee_code="46051", name="Cambes", department=lot, postal_codes="46100")
    CommuneFactory(insee_code="46901", name="Cambes", department=lot, postal_codes="46200")
    answers = {
        "first_name": "Inès",
        "last_name": "Fabre",
        "email": "ines@exemple.test",
        "kind": "resident",
        "commune_text": "cambes",
        "topics": ["schooling"],
        "consent": "on",
    }
    page = client.post(reverse("ambassadors:register"), answers).content.decode()
    assert "Plusieurs communes correspondent à « cambes »" in page
    assert 'value="Cambes (46100)"' in page and 'value="Cambes (46200)"' in page
    assert not Ambassador.objects.exists()

    done = client.post(
        reverse("ambassadors:register"), {**answers, "commune_text-choix-0": "Cambes (46200)"}
    )
    assert "Merci pour votre inscription" in done.content.decode()
    assert Ambassador.objects.get().commune.insee_code == "46901"
