import re
import uuid

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
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
    """Staff, referents and coordinators enrol a second factor before their work pages."""

    # Every page where a desk member reaches cases or personal data.
    PROTECTED_PREFIXES = (
        "/admin/",
        "/espace-referent/",
        "/coordination/",
        "/dossiers/",
        "/bilan/",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_REQUIRE_MFA
            and request.path.startswith(self.PROTECTED_PREFIXES)
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
