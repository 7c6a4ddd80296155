"""portal.decorators.role_required: sign-in first, then 404 for the other roles."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.urls import reverse

from portal.decorators import role_required
from portal.roles import SUPERUSER, Role

pytestmark = pytest.mark.django_db


@role_required(Role.REFERENT, SUPERUSER)
def desk_only(request):
    return HttpResponse("ok")


def test_anonymous_visitors_are_sent_to_sign_in_first(rf):
    request = rf.get("/espace/?page=2")
    request.user = AnonymousUser()
    response = desk_only(request)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/espace/%3Fpage%3D2"


@pytest.mark.parametrize("persona", ["referent", "superuser"])
def test_listed_roles_get_the_page(rf, request, persona):
    get = rf.get("/espace/")
    get.user = request.getfixturevalue(persona)
    assert desk_only(get).content == b"ok"


@pytest.mark.parametrize("persona", ["newcomer", "staff", "coordinator"])
def test_other_roles_get_a_404(rf, request, persona):
    get = rf.get("/espace/")
    get.user = request.getfixturevalue(persona)
    with pytest.raises(Http404):
        desk_only(get)
