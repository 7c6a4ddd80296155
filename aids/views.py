from urllib.parse import parse_qsl, urlencode

from django.db.models import Case, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aids.eligibility import Profile, api_url, assess
from aids.enums import CareerStage, Discipline, Sector
from aids.filters import SchemeFilter
from aids.forms import ANSWER_NAMES, PREVIOUS_AID_FIELDS, STEPS, UNDECIDED, SimulatorForm
from aids.models import Scheme
from portal.pagecache import cache_anonymous_page
from portal.pagination import paginate, query_without_page
from portal.templatetags.fr import date_fr
from structures.models import PracticeMode
from territories.communes import commune_reference

PREVIOUS_AID_LABELS = {
    "assurance_maladie": _("Assurance Maladie"),
    "collectivite": _("collectivité"),
    "etat": _("État"),
}

STEP_TITLES = {
    1: _("Vous"),
    2: _("Votre projet"),
    3: _("Précisions"),
    4: _("Les aides déjà reçues"),
}
YES_NO = {"oui": True, "non": False}


class FieldErrors(dict):
    """Error messages by field; a field without error reads as an empty string in templates."""

    def __missing__(self, key):
        return ""


def catalogue(request):
    # Closed schemes stay findable, marked « fermé le … — remplacé par … ».
    today = timezone.localdate()
    schemes = (
        Scheme.objects.published()
        .select_related("department", "epci", "replaced_by")
        .prefetch_related("professions")
        .annotate(closed=Case(When(valid_until__lt=today, then=1), default=0))
        .order_by("closed", "name", "pk")
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
            "today": today,
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
    # A closed scheme stays readable, marked « fermé le … — remplacé par … ».
    return render(request, "aids/scheme.html", {"scheme": scheme, "today": timezone.localdate()})


def _answers_query(data, **changes):
    params = {name: data[name] for name in ANSWER_NAMES if data.get(name) not in (None, "")}
    params.update({key: value for key, value in changes.items() if value is not None})
    return urlencode(params)


def _answer(form, name):
    """A step-3 answer, when the question was asked and answered (else unknown)."""
    value = form.cleaned_data.get(name)
    if not form.relevant(name) or value in (None, "", UNDECIDED):
        return None
    return value


def _profile(form):
    data = form.cleaned_data
    mode = data.get("exercice")
    aid = data.get("aide")
    previous = None
    if aid == "non":
        previous = ()
    elif aid == "oui":
        previous = tuple(
            (category, data[name])
            for name, category in PREVIOUS_AID_FIELDS.items()
            if data.get(name)
        )
    cycle = _answer(form, "cycle")
    first = _answer(form, "premiere_installation")
    far = _answer(form, "stage_eloigne")
    return Profile(
        profession=data.get("profession"),
        career_stage=data.get("situation") or None,
        years_since_installation=data.get("anciennete"),
        practice_mode=None if mode in (None, "", UNDECIDED) else mode,
        commune=data.get("commune"),
        on=data.get("date"),
        sector=_answer(form, "secteur"),
        first_installation=None if first is None else YES_NO[first],
        cycle=int(cycle) if cycle else None,
        discipline=_answer(form, "discipline"),
        internship_far=None if far is None else YES_NO[far],
        previous_aids=previous,
    )


def _previous_aids_text(profile):
    if not profile.previous_aids:
        return _("non")
    return ", ".join(
        f"{PREVIOUS_AID_LABELS[category]} ({date_fr(day)})"
        for category, day in profile.previous_aids
    )


def _answer_rows(form, profile, edit_links):
    """``(question, answer, edit link)`` for the summary of the result page."""
    data = form.cleaned_data
    situation = CareerStage(profile.career_stage).label
    if profile.career_stage == CareerStage.INSTALLED:
        situation = ngettext(
            "%(stage)s depuis %(n)s an", "%(stage)s depuis %(n)s ans", data["anciennete"]
        ) % {"stage": situation, "n": data["anciennete"]}
    commune = profile.commune
    mode = data["exercice"]
    rows = [
        (_("Profession"), profile.profession_label, edit_links[1]),
        (_("Situation"), situation, edit_links[1]),
        (_("Commune"), f"{commune.name} ({commune.department_id})", edit_links[2]),
        (
            _("Mode d'exercice"),
            _("pas encore décidé") if mode == UNDECIDED else PracticeMode(mode).label,
            edit_links[2],
        ),
        (
            _("Date d'installation envisagée"),
            date_fr(profile.on) if profile.on else _("aujourd'hui"),
            edit_links[2],
        ),
    ]
    unknown = _("pas encore décidé")
    if form.relevant("secteur"):
        rows.append(
            (
                _("Secteur"),
                Sector(profile.sector).label if profile.sector else unknown,
                edit_links[3],
            )
        )
    if form.relevant("premiere_installation"):
        rows.append(
            (
                _("Première installation en libéral conventionné"),
                _("oui") if profile.first_installation else _("non"),
                edit_links[3],
            )
        )
    if form.relevant("cycle"):
        rows.append((_("Cycle d'études"), _("%(n)se cycle") % {"n": profile.cycle}, edit_links[3]))
    if form.relevant("discipline"):
        rows.append((_("Filière"), Discipline(profile.discipline).label, edit_links[3]))
    if form.relevant("stage_eloigne"):
        far = profile.internship_far
        rows.append(
            (
                _("Stage à plus de 15 km de la faculté et du domicile"),
                unknown if far is None else _("oui") if far else _("non"),
                edit_links[3],
            )
        )
    rows.append((_("Aides déjà reçues"), _previous_aids_text(profile), edit_links[4]))
    return rows


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
        kept = {name: raw[name] if form.relevant(name) else "" for name in STEPS[3]}
        if raw["aide"] != "oui":
            kept.update(dict.fromkeys(PREVIOUS_AID_FIELDS, ""))
        canonical = _answers_query(
            {**raw, **kept, "commune": commune_reference(form.cleaned_data["commune"])}
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
                "answer_rows": _answer_rows(form, profile, edit_links),
                "api_url": api_url(profile),
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
            "relevant": form.relevant_questions,
            "search_again": "?" + _answers_query({**raw, "commune": ""}, etape=2),
        }
    )
    return render(request, "aids/simulator_step.html", context)
