from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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


def blank_field(form_class, name, prefix=None):
    """The HTML of an unbound field (``as_field_group``), written once per process
    (``fields_html``). Only for a form the page never shows bound (its POST redirects back
    with a message); the CSRF token stays outside it."""
    return fields_html(form_class(prefix=prefix), (name,), wrap=False)


_FIELDS_HTML: dict[str, str] = {}
FIELDS_HTML_KEPT = 256  # distinct renderings kept per process, then forgotten all at once


def fields_html(form, names, *, wrap=True) -> str:
    """The HTML (``as_field_group``) of fields ``names`` of ``form``, written once per process
    for the same form, values, choices, errors and language, rather than by the dozen
    templates of Django's form renderer at each request. The key holds all the renderer
    reads but the form's class, so the HTML is the form's own as long as the class alone
    decides labels, widgets and attributes (not a form whose ``__init__`` changes them with the
    request); model choices must be loaded in the widget first
    (``installations.panels.load_choices``), or they are rendered at each request.
    ``wrap``: each field in its ``<div class="field">`` (else the template writes it)."""
    if any(_choices(form.fields[name]) is None for name in names):
        return mark_safe("".join(_field_group(form, name, wrap) for name in names))  # noqa: S308
    key = repr(
        (
            f"{type(form).__module__}.{type(form).__qualname__}",
            form.prefix,
            form.auto_id,
            wrap,
            get_language(),
            [
                (
                    name,
                    form[name].value(),
                    [(str(value), str(label)) for value, label in _choices(form.fields[name])],
                    form.errors.get(name) if form.is_bound else None,
                )
                for name in names
            ],
        )
    )
    html = _FIELDS_HTML.get(key)
    if html is None:
        if len(_FIELDS_HTML) >= FIELDS_HTML_KEPT:
            _FIELDS_HTML.clear()
        html = _FIELDS_HTML[key] = "".join(_field_group(form, name, wrap) for name in names)
    return mark_safe(html)  # noqa: S308 (Django's own rendering of the fields)


def _field_group(form, name, wrap):
    group = form[name].as_field_group()
    return f'<div class="field">{group}</div>' if wrap else group


def _choices(field):
    """The options the widget writes, as a list: ``()`` for a widget without options,
    ``None`` for options not loaded yet (a query of their own: not written once)."""
    if not hasattr(field.widget, "choices"):
        return ()
    choices = field.widget.choices
    return choices if isinstance(choices, list) else None
