from functools import lru_cache

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language, override

from installations.enums import CaseStatus, EventKind
from installations.models import Case
from portal.choices import choice_labels


def get_case_for(user, pk, *, for_update=False, places=True):
    """The one access-scoped fetch: the case if ``user`` may reach it, else 404. ``places``
    reads the wished communes and EPCIs with it (two queries), for the pages that show them.

    In the same query: ``viewer_may_manage`` (whether ``user`` may fire transitions on it,
    read by ``workflow.allowed_transitions`` for the buttons; ``transition()`` checks again
    on the locked row) and ``has_interested_vacancies`` (the pages skip that list's query)."""
    queryset = (
        Case.objects.visible_to(user)
        .select_related(
            "applicant",
            "desk",
            "referent",
            "referent__referent_profile",
            "profession",
            "profession__parent",
        )
        .annotate(
            viewer_may_manage=Exists(Case.objects.manageable_by(user).filter(pk=OuterRef("pk"))),
            has_interested_vacancies=Exists(
                Case.interested_vacancies.through.objects.filter(case_id=OuterRef("pk"))
            ),
        )
    )
    if places:
        queryset = queryset.prefetch_related("wished_communes", "wished_epcis")
    return get_object_or_404(queryset, pk=pk)


def interested_vacancies(case):
    """The vacancies the newcomer said they are interested in, as the case pages list them."""
    if not getattr(case, "has_interested_vacancies", True):
        return []
    return list(case.interested_vacancies.select_related("structure", "commune", "profession"))


def timeline_rows(events):
    """The case's events as the pages show them (timeline, thread), what each row prints
    computed once here rather than by template lookups and filters per row: the kind and
    status labels, the actor's name and the ``datetime`` attribute of its ``<time>``."""
    events = list(events)
    kinds, statuses = choice_labels(EventKind), choice_labels(CaseStatus)
    for event in events:
        event.kind_label = kinds.get(event.kind, event.kind)
        event.to_status_label = statuses.get(event.to_status, event.to_status)
        actor = event.actor
        event.actor_name = (actor.get_full_name() or actor.email) if actor else ""
        event.created_iso = timezone.localtime(event.created_at).strftime("%Y-%m-%dT%H:%M:%S%z")
    return events


@lru_cache(maxsize=32)
def _blank_field_html(form_class, prefix, name, language):
    with override(language):
        return form_class(prefix=prefix)[name].as_field_group()


def blank_field(form_class, name, prefix=None):
    """The HTML (label, widget, help text) of field ``name`` of an unbound ``form_class``: the
    same on every page, so rendered once per process and language rather than by the dozen
    templates of Django's form renderer at each request. Only for a form the page never shows
    bound (its POST redirects back with a message); the CSRF token stays outside it."""
    return _blank_field_html(form_class, prefix, name, get_language())
