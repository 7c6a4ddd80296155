"""Download and (re)generation of the welcome pack, for whoever may see the case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from installations.views.common import get_case_for
from portal import access_log, ratelimit
from portal.models import AccessAction
from portal.pdf import UNAVAILABLE_MESSAGE, pdf_available
from portal.urls_safety import safe_next
from welcome import pack as welcome_pack

REQUESTS_PER_HOUR = 10


@login_required
def download(request, pk):
    case = get_case_for(request.user, pk)
    pack = welcome_pack.latest(case)
    if pack is None:
        unavailable = "" if pdf_available() else UNAVAILABLE_MESSAGE
        return render(request, "welcome/pending.html", {"case": case, "unavailable": unavailable})
    label = f"livret-accueil-{case.reference or case.pk}.pdf"
    access_log.record(request, AccessAction.WELCOME_PACK, case, label=label, desk_id=case.desk_id)
    response = FileResponse(
        pack.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=label,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def regenerate(request, pk):
    case = get_case_for(request.user, pk)
    if not ratelimit.hit("welcome-pack", request.user.pk, REQUESTS_PER_HOUR, 3600):
        return ratelimit.limited(request)
    if case.desk_id is None:
        messages.error(request, _("Le livret se prépare une fois la demande envoyée."))
    elif not pdf_available():
        messages.error(request, UNAVAILABLE_MESSAGE)
    else:
        welcome_pack.request(case)
        messages.success(
            request,
            _(
                "Le livret est en préparation : il sera disponible dans quelques instants. "
                "S'il a changé, il vous est aussi envoyé par e-mail."
            )
            if request.user.pk == case.applicant_id
            else _(
                "Le livret est en préparation ; s'il a changé, le demandeur le reçoit par e-mail."
            ),
        )
    return redirect(safe_next(request, case.get_absolute_url()))
