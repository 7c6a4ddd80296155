"""« Mes données »: what the portal holds about me, to read, download, or delete."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from installations.workflow import WorkflowError
from portal import ratelimit
from privacy import account
from privacy.export import personal_data
from privacy.forms import DeleteAccountForm

EXPORTS_PER_HOUR = 10


@login_required
@require_GET
def my_data(request):
    return render(
        request,
        "privacy/my_data.html",
        {
            "may_delete": account.may_delete_own_account(request.user),
            "open_cases": account.open_cases_of(request.user).count(),
        },
    )


def _export_or_limited(request):
    if not ratelimit.hit("privacy-export", request.user.pk, EXPORTS_PER_HOUR, 3600):
        return None
    return personal_data(request.user)


@login_required
@require_GET
def export_json(request):
    data = _export_or_limited(request)
    if data is None:
        return ratelimit.limited(request)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{day}.json"'
    return response


@login_required
@require_GET
def export_html(request):
    data = _export_or_limited(request)
    if data is None:
        return ratelimit.limited(request)
    return render(request, "privacy/export.html", {"data": data})


@login_required
def delete_account(request):
    if not account.may_delete_own_account(request.user):
        raise Http404
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account.delete_account(request.user)
        except WorkflowError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            logout(request)
            return redirect("privacy:account_deleted")
    return render(
        request,
        "privacy/delete_account.html",
        {"form": form, "open_cases": account.open_cases_of(request.user).order_by("pk")},
    )


@require_GET
def account_deleted(request):
    return render(request, "privacy/account_deleted.html")
