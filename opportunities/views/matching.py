"""The newcomer's « Ce projet m'intéresse », the desk's page of the cases an offer fits, and
the introduction that reveals contacts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from installations.models import Case
from installations.services import express_interest
from opportunities import services
from opportunities.models import Match
from portal.decorators import role_required
from portal.formatting import count_fr
from portal.pagination import paginate, query_without_page
from portal.roles import SUPERUSER, Role
from structures.models import Vacancy

DESK_ROLES = (Role.STAFF, SUPERUSER)


@role_required(Role.NEWCOMER)
@require_POST
def interest(request, vacancy_pk):
    vacancy = get_object_or_404(
        Vacancy.objects.published().select_related("profession"), pk=vacancy_pk
    )
    try:
        case = express_interest(user=request.user, vacancy=vacancy)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("installations:my_case")
    if case is None:
        messages.info(
            request,
            _("Déposez d'abord votre demande : l'offre y sera ajoutée quand vous la signalerez."),
        )
        return redirect("installations:request_start")
    messages.success(
        request,
        _(
            "Le guichet a été prévenu de votre intérêt pour « %(vacancy)s » : il vous mettra en "
            "relation avec l'offreur."
        )
        % {"vacancy": vacancy},
    )
    return redirect(case)


def get_vacancy_for(user, pk):
    """The offer if ``user``'s desk covers its commune, else 404."""
    return get_object_or_404(
        Vacancy.objects.visible_to(user).select_related("commune__epci", "profession", "structure"),
        pk=pk,
    )


def matches_for(vacancy, user):
    """The Match rows of ``vacancy`` whose case ``user`` may reach, best first, each with
    ``interested`` (« Ce projet m'intéresse »)."""
    return (
        Match.objects.filter(vacancy=vacancy, case__in=Case.objects.visible_to(user))
        .annotate(
            interested=Exists(
                Case.interested_vacancies.through.objects.filter(
                    case_id=OuterRef("case_id"), vacancy_id=vacancy.pk
                )
            )
        )
        .select_related("case__applicant", "case__profession", "case__referent", "introduced_by")
        .order_by("-score", "pk")
    )


@role_required(*DESK_ROLES)
@require_http_methods(["GET", "POST"])
def offer_matches(request, pk):
    """GET: the cases the offer fits, ranked. POST: look for them again now."""
    vacancy = get_vacancy_for(request.user, pk)
    if request.method == "POST":
        found = services.match_offer(vacancy)
        messages.success(
            request,
            _("Correspondances mises à jour : %(n)s.")
            % {"n": count_fr(found, _("dossier"), _("dossiers"))},
        )
        return redirect("opportunities:offer_matches", pk=vacancy.pk)
    page, page_range = paginate(request, matches_for(vacancy, request.user))
    return render(
        request,
        "opportunities/offer_matches.html",
        {
            "vacancy": vacancy,
            "page": page,
            "page_range": page_range,
            "query": query_without_page(request),
        },
    )


def get_match_for(user, pk):
    """The match if ``user`` reaches both its case and its offer, else 404."""
    return get_object_or_404(
        Match.objects.visible_to(user).select_related(
            "case__applicant",
            "case__profession",
            "vacancy__commune",
            "vacancy__profession",
            "vacancy__structure",
        ),
        pk=pk,
    )


@role_required(*DESK_ROLES)
@require_http_methods(["GET", "POST"])
def introduce(request, pk):
    """GET: what will be sent to whom; POST: « Mettre en relation »."""
    match = get_match_for(request.user, pk)
    if request.method == "POST" and match.introduced_at is None:
        try:
            services.introduce(match, by=request.user)
        except services.IntroductionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Mise en relation faite : chacun a reçu les coordonnées de l'autre par e-mail."),
            )
        return redirect("opportunities:offer_matches", pk=match.vacancy_id)
    return render(request, "opportunities/introduce.html", {"match": match})
