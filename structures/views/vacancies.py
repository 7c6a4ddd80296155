"""The offers (« postes, cabinets, remplacements, locaux ») : list, page, alerts, and the
60-day confirmation link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import ratelimit
from structures import offers, services
from structures.filters import VacancyFilter
from structures.forms import SubscriptionForm
from structures.models import Vacancy, VacancyStatus, VacancySubscription
from structures.views.listing import list_context


def _published_vacancies():
    return (
        Vacancy.objects.published()
        .select_related("structure", "commune", "profession")
        .prefetch_related("photos")
    )


def vacancy_list(request):
    vacancy_filter = VacancyFilter(
        request.GET or None, queryset=_published_vacancies(), request=request
    )
    context = list_context(request, vacancy_filter)
    # Its own ids: the filter form beside it has a « profession » field too.
    alert_form = SubscriptionForm(auto_id="id_alerte_%s") if request.user.is_authenticated else None
    context["subscription_form"] = alert_form
    return render(request, "structures/vacancy_list.html", context)


def vacancy_detail(request, pk):
    vacancy = get_object_or_404(_published_vacancies(), pk=pk)
    context = {
        "vacancy": vacancy,
        "photos": list(vacancy.photos.all()),
        # A private contact is the desk's to pass on: the page names the desk instead.
        "desk": None if vacancy.contact_public else offers.desk_for(vacancy),
    }
    return render(request, "structures/vacancy_detail.html", context)


MAX_SUBSCRIPTIONS = 20


@login_required
def subscriptions(request):
    if request.method == "POST":
        if not ratelimit.hit("vacancy-alert", request.user.pk, 10, 3600):
            return ratelimit.limited(request)
        form = SubscriptionForm(request.POST)
        if (
            form.is_valid()
            and VacancySubscription.objects.filter(user=request.user).count() >= MAX_SUBSCRIPTIONS
        ):
            form.add_error(
                None,
                _("Vous avez déjà %(max)d alertes : supprimez-en une avant d'en créer une autre.")
                % {"max": MAX_SUBSCRIPTIONS},
            )
        if form.is_valid():
            services.subscribe(
                user=request.user,
                profession=form.cleaned_data["profession"],
                kind=form.cleaned_data["kind"],
                **form.territory_kwargs(),
            )
            messages.success(
                request,
                _(
                    "Alerte enregistrée : un e-mail par jour au plus "
                    "quand de nouvelles offres paraissent."
                ),
            )
            return redirect("structures:subscriptions")
    else:
        form = SubscriptionForm()
    mine = VacancySubscription.objects.filter(user=request.user).select_related(
        "profession", "department", "epci"
    )
    return render(request, "structures/subscriptions.html", {"form": form, "subscriptions": mine})


@login_required
@require_POST
def unsubscribe(request, pk):
    if not services.unsubscribe(user=request.user, subscription_id=pk):
        raise Http404
    messages.success(request, _("Alerte supprimée."))
    return redirect("structures:subscriptions")


def vacancy_confirm(request, token):
    """The link mailed to the structure: no account needed, the signed token is the proof."""
    vacancy = services.vacancy_from_token(token)
    if vacancy is None or vacancy.status != VacancyStatus.OPEN:
        raise Http404
    if request.method == "POST":
        if request.POST.get("answer") not in {"open", "filled"}:
            return HttpResponseBadRequest(_("Réponse attendue : « ouvert » ou « pourvu »."))
        still_open = request.POST.get("answer") == "open"
        services.confirm_vacancy(vacancy=vacancy, still_open=still_open)
        return render(
            request,
            "structures/vacancy_confirmed.html",
            {"vacancy": vacancy, "still_open": still_open},
        )
    return render(request, "structures/vacancy_confirm.html", {"vacancy": vacancy})
