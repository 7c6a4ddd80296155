"""Pages opened by a personal link (token in the address) answer with the same headers,
whatever they answer — here the own page an invitation's or a survey's wrong token gets:
``portal.decorators.personal_link``. (The partner links raise Http404 on a wrong token; their
headers on a live link are asserted in tests/partners/test_requests.py.)"""

import pytest
from django.urls import reverse

PERSONAL_LINKS = ["events:answer", "events:survey"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PERSONAL_LINKS)
def test_a_personal_link_page_is_never_indexed_cached_or_sent_as_referrer(client, name):
    response = client.get(reverse(name, kwargs={"token": "jeton-inconnu"}))
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
