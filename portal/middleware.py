import re
import uuid

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template import loader
from django.utils.translation import gettext as _

from portal.logging import request_id_var
from portal.roles import MFA_ROLES, role_of

_VALID_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIdMiddleware:
    """Gives each request an id, shown on the error page and written on every log line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex[:12]
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class RequireMfaMiddleware:
    """Staff, referents, coordinators and superusers enrol a second factor before any page.

    The rule follows the person, not a list of pages: a desk member signed in with a password
    alone sees a desk's private data on more pages than a list of prefixes keeps up with (the
    observatory's exact figures, a draft event, a case file…). Until they enrol, every page
    but their account's (where the second factor is activated, and sign-out) sends them to
    enrol.
    """

    # Account pages (allauth, second factor included) and the load balancer's probe.
    OPEN_PREFIXES = ("/comptes/", "/healthz", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_REQUIRE_MFA
            and not request.path.startswith(self.OPEN_PREFIXES)
            and role_of(request.user) in MFA_ROLES
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Pour accéder à cet espace, activez d'abord la double authentification "
                    "(application d'authentification)."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


# C0 control characters but tab, line feed and carriage return: no address of ours carries
# them, and PostgreSQL refuses NUL in any text. A form refuses only NUL: a text pasted from a
# word processor may carry a vertical tab or a form feed, and its author should not lose it.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NUL = re.compile(r"\x00")
# A whole number beyond 64 bits fits no integer column: SQLite raises OverflowError on it
# where PostgreSQL finds nothing. No field of ours holds a number of 19 digits or more.
_LONG_NUMBER = re.compile(r"\s*[-+]?[0-9]{19,}\s*")
_BIGGEST_INTEGER = 2**63 - 1


def _beyond_any_column(value):
    return bool(_LONG_NUMBER.fullmatch(value)) and abs(int(value)) > _BIGGEST_INTEGER


class InputGuardMiddleware:
    """Answers 400, with a French page, to an address carrying control characters, a form
    carrying NUL, a number no column holds, or a parameter too long to be anything but an
    attack: no view sees them, so none fails on them with a 500 (PostgreSQL refuses NUL)."""

    MAX_QUERY_VALUE = 2_000  # characters, per query-string parameter
    MAX_FORM_VALUE = 200_000  # characters, per posted field (a long message fits)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._is_hostile(request):
            return bad_request(request)
        return self.get_response(request)

    def _is_hostile(self, request):
        if _CONTROL_CHARACTERS.search(request.path_info):
            return True
        if self._hostile_params(request.GET, self.MAX_QUERY_VALUE, _CONTROL_CHARACTERS):
            return True
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            return self._hostile_params(request.POST, self.MAX_FORM_VALUE, _NUL)
        return False

    @staticmethod
    def _hostile_params(params, limit, refused):
        for name, values in params.lists():
            if len(name) > limit or refused.search(name):
                return True
            for value in values:
                if len(value) > limit or refused.search(value) or _beyond_any_column(value):
                    return True
        return False


def bad_request(request):
    """The French 400 page (standalone, like the 500 page: it needs no session nor user)."""
    return HttpResponseBadRequest(
        loader.render_to_string("400.html", {"request_id": getattr(request, "request_id", "")})
    )
