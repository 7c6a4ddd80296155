"""Ambassadors: sign-up page, a referent's proposal, and the answer links of both parties."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassadors import services as ambassadors
from ambassadors.forms import AmbassadorRegistrationForm, ProposeAmbassadorForm
from ambassadors.models import Answer
from installations.views.common import get_case_for
from installations.views.referent import REFERENT_ROLES
from portal import ratelimit
from portal.decorators import role_required

REGISTRATIONS_PER_HOUR = 5


def register(request):
    form = AmbassadorRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = ratelimit.client_ip(request)
        if not ratelimit.hit("ambassador-register", key, REGISTRATIONS_PER_HOUR, 3600):
            return ratelimit.limited(request)
        ambassadors.register(
            consent=form.cleaned_data["consent"],
            topics=form.cleaned_data["topics"],
            commune=form.commune,
            user=request.user if request.user.is_authenticated else None,
            **{name: form.cleaned_data[name] for name in form._meta.fields},
        )
        return render(request, "ambassadors/registered.html")
    return render(request, "ambassadors/register.html", {"form": form})


@role_required(*REFERENT_ROLES)
@require_POST
def propose(request, pk):
    case = get_case_for(request.user, pk)
    form = ProposeAmbassadorForm(request.POST, case=case)
    if form.is_valid():
        try:
            ambassadors.propose(
                case,
                ambassador=form.cleaned_data["ambassador"],
                topics=form.cleaned_data["topics"],
                by=request.user,
            )
        except ambassadors.AmbassadorError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Proposition envoyée : le demandeur et l'ambassadeur vont recevoir un lien."),
            )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(
        reverse("installations:referent_case", kwargs={"pk": case.pk}) + "#titre-ambassadeurs"
    )


def answer(request, token):
    """The page behind both parties' links: no account needed, the token is the key."""
    introduction, party = ambassadors.find(token)
    if introduction is None:
        raise Http404
    if request.method == "POST":
        choice = request.POST.get("answer")
        if choice not in {"accept", "decline"}:
            messages.error(request, _("Choisissez d'accepter ou de décliner."))
        else:
            try:
                ambassadors.answer(introduction, party, accept=choice == "accept")
            except ambassadors.AmbassadorError as exc:
                messages.info(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Merci, votre accord est enregistré.")
                    if choice == "accept"
                    else _("Merci, votre réponse est enregistrée : personne ne sera contacté."),
                )
        return redirect("ambassadors:answer", token=token)
    own = (
        introduction.newcomer_answer
        if party == ambassadors.NEWCOMER
        else introduction.ambassador_answer
    )
    context = {
        "party": party,
        "answered": own != Answer.PENDING,
        "own_answer": Answer(own).label,
        "introduced": introduction.introduced_at is not None,
        "expired": ambassadors.is_expired(introduction),
        "token": token,
    }
    if party == ambassadors.NEWCOMER:
        context["ambassador"] = ambassadors.public_ambassador(introduction.ambassador)
        context["topics"] = introduction.topic_labels
    else:
        context["newcomer"] = ambassadors.ambassador_view(introduction)
    response = render(request, "ambassadors/answer.html", context)
    response["Referrer-Policy"] = "no-referrer"
    return response
