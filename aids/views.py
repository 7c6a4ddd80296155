from urllib.parse import parse_qsl, urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aids.eligibility import Profile, assess
from aids.enums import CareerStage
from aids.filters import SchemeFilter
from aids.forms import ANSWER_NAMES, STEPS, UNDECIDED, SimulatorForm
from aids.models import Scheme
from portal.pagecache import cache_anonymous_page
from portal.pagination import paginate, query_without_page
from structures.models import PracticeMode
from territories.communes import commune_reference

STEP_TITLES = {
    1: _("Vous"),
    2: _("Votre projet"),
    3: _("Les aides déjà reçues"),
}


class FieldErrors(dict):
    """Error messages by field; a field without error reads as an empty string in templates."""

    def __missing__(self, key):
        return ""


def catalogue(request):
    schemes = (
        Scheme.objects.public()
        .select_related("department", "epci")
        .prefetch_related("professions")
        .order_by("name", "pk")
    )
    filterset = SchemeFilter(request.GET or None, queryset=schemes)
    page, page_range = paginate(request, filterset.qs)
    criteria = [value for key, value in request.GET.items() if key != "page"]
    return render(
        request,
        "aids/catalogue.html",
        {
            "filterset": filterset,
            "page_obj": page,
            "page_range": page_range,
            "schemes": page.object_list,
            "filter_query": query_without_page(request),
            "filtered": bool(filterset.is_bound and any(criteria)),
        },
    )


def scheme_detail(request, slug):
    scheme = (
        Scheme.objects.published()
        .select_related("department", "epci", "replaced_by")
        .prefetch_related("professions")
        .filter(slug=slug)
        .first()
    )
    if scheme is None:
        raise Http404
    if not scheme.is_in_force():
        # A closed scheme is hidden; its successor, when public, answers instead.
        successor = scheme.replaced_by
        if successor is not None and successor.published and successor.is_in_force():
            return redirect(successor, permanent=False)
        raise Http404
    return render(request, "aids/scheme.html", {"scheme": scheme})


def _answers_query(data, **changes):
    params = {name: data[name] for name in ANSWER_NAMES if data.get(name) not in (None, "")}
    params.update({key: value for key, value in changes.items() if value is not None})
    return urlencode(params)


def _profile(form):
    data = form.cleaned_data
    mode = data.get("exercice")
    aid = data.get("aide")
    return Profile(
        profession=data.get("profession"),
        career_stage=data.get("situation") or None,
        years_since_installation=data.get("anciennete"),
        practice_mode=None if mode in (None, "", UNDECIDED) else mode,
        commune=data.get("commune"),
        installation_aid_years=(
            () if aid == "non" else (data["annee_aide"],) if aid == "oui" else None
        ),
    )


def _answer_rows(data, profile, edit_links):
    """``(question, answer, edit link)`` for the summary of the result page."""
    situation = CareerStage(profile.career_stage).label
    if profile.career_stage == CareerStage.INSTALLED:
        situation = ngettext(
            "%(stage)s depuis %(n)s an", "%(stage)s depuis %(n)s ans", data["anciennete"]
        ) % {"stage": situation, "n": data["anciennete"]}
    commune = profile.commune
    mode = data["exercice"]
    aid = (
        _("oui, en %(year)s") % {"year": data["annee_aide"]} if data["aide"] == "oui" else _("non")
    )
    return [
        (_("Profession"), profile.profession_label, edit_links[1]),
        (_("Situation"), situation, edit_links[1]),
        (_("Commune"), f"{commune.name} ({commune.department_id})", edit_links[2]),
        (
            _("Mode d'exercice"),
            _("pas encore décidé") if mode == UNDECIDED else PracticeMode(mode).label,
            edit_links[2],
        ),
        (_("Aide à l'installation déjà reçue"), aid, edit_links[3]),
    ]


@cache_anonymous_page("aids", "structures", "territories")
def simulator(request):
    """« Quelles aides pour mon projet ? » in three short GET steps: every answer travels in
    the query string, so any step and the answer itself can be bookmarked or shared."""
    form = SimulatorForm(request.GET)
    form.is_valid()
    first_incomplete = next((step for step in STEPS if not form.step_complete(step)), None)
    try:
        asked = int(request.GET.get("etape", ""))
    except ValueError:
        asked = None
    step = first_incomplete
    if asked in STEPS and (first_incomplete is None or asked < first_incomplete):
        step = asked
    raw = {name: request.GET.get(name, "") for name in ANSWER_NAMES}
    edit_links = {number: "?" + _answers_query(raw, etape=number) for number in STEPS}
    context = {
        "steps": [(number, STEP_TITLES[number], edit_links[number]) for number in STEPS],
        "step": step,
    }
    if step is None:
        canonical = _answers_query(
            {
                **raw,
                "commune": commune_reference(form.cleaned_data["commune"]),
                "annee_aide": raw["annee_aide"] if raw["aide"] == "oui" else "",
            }
        )
        if sorted(parse_qsl(request.GET.urlencode())) != sorted(parse_qsl(canonical)):
            # One clean address per answer: the commune by its code, no form bookkeeping.
            return redirect(f"{reverse('aids:simulator')}?{canonical}")
        profile = _profile(form)
        assessment = assess(profile)
        context.update(
            {
                "profile": profile,
                "assessment": assessment,
                "counts": assessment.counts,
                "answer_rows": _answer_rows(form.cleaned_data, profile, edit_links),
                "share_url": request.build_absolute_uri(
                    reverse("aids:simulator") + "?" + _answers_query(raw)
                ),
            }
        )
        return render(request, "aids/simulator_result.html", context)

    submitted = request.GET.get("envoi") == str(step)
    errors = FieldErrors()
    if submitted:
        for name, message in form.missing(step).items():
            if name not in form.errors:
                form.add_error(name, message)
    for name in STEPS[step]:
        if name in form.errors and (submitted or raw[name]):
            errors[name] = " ".join(str(message) for message in form.errors[name])
    display = form if errors else SimulatorForm(initial=raw)
    if not errors:
        display.commune_matches = form.commune_matches
    hidden = [(name, value) for name, value in raw.items() if value and name not in STEPS[step]]
    context.update(
        {
            "form": display,
            "errors": errors,
            "error_list": list(errors.items()),
            "hidden": hidden,
            "commune_matches": form.commune_matches,
            "search_again": "?" + _answers_query({**raw, "commune": ""}, etape=2),
        }
    )
    return render(request, "aids/simulator_step.html", context)
