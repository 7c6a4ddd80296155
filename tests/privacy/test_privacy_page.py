"""The privacy page says how long data is kept, from the values the retention job reads."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_privacy_page_shows_the_configured_durations(client, settings, desk, other_desk):
    settings.PRIVACY_DRAFT_RETENTION_MONTHS = 9
    settings.PRIVACY_DRAFT_WARNING_DAYS = 15
    other_desk.retention_years = 5
    other_desk.save()

    page = client.get(reverse("privacy")).content.decode()

    assert reverse("privacy") == "/confidentialite/"
    assert "personne n'y a touché depuis 9 mois" in page
    assert "par e-mail 15 jours avant" in page
    assert "anonymisé 3 ans après sa fin" in page
    assert "Guichet santé du Gers : dossiers terminés anonymisés 5 ans après leur fin." in page
    assert "Guichet santé du Lot : dossiers terminés anonymisés 3 ans après leur fin." in page


def test_the_privacy_page_says_when_the_text_of_mails_is_erased(client):
    from privacy import retention

    page = client.get(reverse("privacy")).content.decode()
    assert "est effacé 180 jours après leur envoi" in page
    assert retention.policy().mail_days == retention.OUTBOX_BODY_RETENTION_DAYS == 180
