"""The intermediate page of an admin action that asks something before acting (a referent per
case, a reason, a housing period per request), rendered in one place.

The page posts the selection back with ``apply``; the action then validates its form. For a
model with a ``version`` field, the page also carries the version of each row as it was shown,
so that the action can refuse a row someone changed in between (``shown_version``).
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.urls import reverse

VERSION_FIELD = "version"


def applied(request):
    """The posted data once the page's button was pressed; ``None`` on the first showing."""
    return request.POST if "apply" in request.POST else None


def shown_version(request, obj) -> int:
    """The version of ``obj`` the page showed; 0 (never a saved version) when it carried
    none, so that a check against it refuses."""
    try:
        return int(request.POST.get(f"{VERSION_FIELD}_{obj.pk}", ""))
    except ValueError:
        return 0


def render_action_page(
    model_admin, request, *, action, title, objects, form, submit, intro="", listed=()
):
    """The page of ``action`` for ``objects`` (the rows the action received): ``intro``, an
    optional list of lines (``listed``), ``form`` and a ``submit`` button."""
    opts = model_admin.model._meta
    versioned = any(field.name == VERSION_FIELD for field in opts.concrete_fields)
    hidden = []
    for obj in objects:
        hidden.append((ACTION_CHECKBOX_NAME, obj.pk))
        if versioned:
            hidden.append((f"{VERSION_FIELD}_{obj.pk}", getattr(obj, VERSION_FIELD)))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": title,
        "intro": intro,
        "listed": listed,
        "form": form,
        "hidden": hidden,
        "action": action,
        "submit": submit,
        "changelist_url": reverse(
            f"{model_admin.admin_site.name}:{opts.app_label}_{opts.model_name}_changelist"
        ),
    }
    return TemplateResponse(request, "admin/action_page.html", context)
