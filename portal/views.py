from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import connection
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from portal.celery import app as celery_app
from portal.roles import role_of
from portal.urls_safety import safe_next
from portal.wayfinding import space_of


class HomeView(TemplateView):
    """The main action leads a visitor to sign up, and a signed-in person to their work."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "role": role_of(user),
            "space": space_of(user),
        }


def admin_login(request):
    """The admin has no login page of its own: everyone signs in through allauth (rate
    limits, MFA). A signed-in person without admin access gets a 404, not a loop."""
    if request.user.is_authenticated:
        raise Http404
    next_url = safe_next(request, reverse("admin:index"))
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"status": "ok"}
    except Exception as exc:
        return {"status": "error", "error": type(exc).__name__}


def _check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "eager"}
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return {"status": "ok"}
    except Exception as exc:
        return {"status": "error", "error": type(exc).__name__}


def _check_worker(broker_ok):
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "eager"}
    if not broker_ok:
        return {"status": "unknown"}
    try:
        replies = celery_app.control.ping(timeout=1.0)
    except Exception as exc:
        return {"status": "error", "error": type(exc).__name__}
    return {"status": "ok" if replies else "error", "workers": len(replies)}


@never_cache
def healthz(request):
    """Database, broker and worker status as JSON; 503 when the database is down."""
    database = _check_database()
    broker = _check_broker()
    worker = _check_worker(broker["status"] == "ok")
    checks = {"database": database, "broker": broker, "worker": worker}
    if database["status"] != "ok":
        overall = "down"
    elif any(check["status"] == "error" for check in checks.values()):
        overall = "degraded"
    else:
        overall = "ok"
    return JsonResponse({"status": overall, **checks}, status=503 if overall == "down" else 200)


def server_error(request):
    """French 500 page with the request id to quote to the hotline; no stack trace."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render({"request_id": getattr(request, "request_id", "")})
    )
