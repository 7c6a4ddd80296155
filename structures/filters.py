"""Filters of the public lists (django-filter): the directory, the vacancies and the training
sites share text, profession, intercommunality, commune and « à moins de N km de »
(``PlaceFilterSet``); each adds its own."""

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal import pagecache
from structures.geo import bounding_box, distance_km_expression
from structures.models import (
    OpportunityKind,
    Placement,
    PlacementLevel,
    PracticeMode,
    Profession,
    Structure,
    StructureKind,
    Vacancy,
    WorkingTime,
)
from structures.widgets import ListSelect
from territories.communes import resolve as resolve_commune
from territories.models import Commune, Epci
from territories.text import fold

CHOICE_NAMESPACES = ("structures", "territories")  # what the place filters' choices read
RADIUS_CHOICES = [(km, _("%(km)s km") % {"km": km}) for km in (5, 10, 20, 30, 50, 100)]
DEFAULT_RADIUS = 20


def _profession_choices(request=None):
    return Profession.objects.select_related("parent").order_by("position", "label")


class PlaceFilterSet(django_filters.FilterSet):
    """What every public list filters on. A subclass says where a row's commune is
    (``commune_path``) and may relabel the shared filters (``labels``); a filter it does
    not want is set to ``None``.

    « À moins de N km de la commune X » : the commune is typed (name or postal code),
    resolved to its point, then ``near()`` cuts the queryset to the circle around it."""

    commune_path = "commune"
    labels = {}

    q = django_filters.CharFilter(
        label=_("Nom ou commune"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    profession = django_filters.ModelChoiceFilter(
        widget=ListSelect,
        label=_("Profession"),
        queryset=_profession_choices,
        to_field_name="code",
        method="filter_profession",
        empty_label=_("Toutes"),
    )
    epci = django_filters.ModelChoiceFilter(
        widget=ListSelect,
        label=_("Intercommunalité"),
        queryset=Epci.objects.none(),
        method="filter_epci",
        empty_label=_("Toutes"),
    )
    commune = django_filters.ModelChoiceFilter(
        widget=ListSelect,
        label=_("Commune"),
        queryset=Commune.objects.none(),
        method="filter_commune",
        empty_label=_("Toutes"),
    )
    pres_de = django_filters.CharFilter(label=_("À proximité de la commune"), method="noop")
    rayon = django_filters.ChoiceFilter(
        widget=ListSelect,
        label=_("Distance maximale"),
        choices=RADIUS_CHOICES,
        method="noop",
        empty_label=None,
        initial=DEFAULT_RADIUS,
    )

    near_commune = None
    near_error = ""
    # « À proximité de » text naming several communes: nothing is picked for the person, the
    # list stays unfiltered by distance and each candidate is offered as a link.
    near_choices = ()
    near_more = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            self.filters[name].label = label
        # Only intercommunalities and communes where something is listed are offered.
        listed = self._meta.model.objects.published()
        # Only the columns an option shows (``str()``): a thousand communes are read per page.
        if "epci" in self.filters:
            self.filters["epci"].queryset = Epci.objects.filter(
                Exists(listed.filter(**{f"{self.commune_path}__epci": OuterRef("pk")}))
            ).only("siren", "name")
        if "commune" in self.filters:
            self.filters["commune"].queryset = Commune.objects.filter(
                Exists(listed.filter(**{self.commune_path: OuterRef("pk")}))
            ).only("insee_code", "name", "department_id")

    @property
    def form(self):
        form = super().form
        if pagecache.enabled() and not getattr(self, "_choices_from_cache", False):
            self._choices_from_cache = True
            for name in ("profession", "epci", "commune"):
                if name in form.fields:
                    field = form.fields[name]  # shown from the cache, checked against the base
                    field.widget.choices = self._stored_choices(name, field)
        return form

    def _stored_choices(self, name, field):
        """The professions, intercommunalities and communes offered change only with the care
        offer and the geography: read once per version of those (``portal.pagecache``), not on
        the first visit of every URL (a thousand communes, a third of the page's time)."""
        version = "-".join(pagecache.versions(CHOICE_NAMESPACES))
        key = f"placefilter:{type(self).__name__}:{name}:{get_language()}:{version}"
        choices = cache.get(key)
        if choices is None:
            choices = [(str(value), str(label)) for value, label in field.choices]
            cache.set(key, choices, pagecache.TIMEOUT)
        return choices

    def noop(self, queryset, name, value):
        return queryset

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_profession(self, queryset, name, value):
        return queryset.for_profession(value)

    def filter_epci(self, queryset, name, value):
        return queryset.filter(**{f"{self.commune_path}__epci": value})

    def filter_commune(self, queryset, name, value):
        return queryset.filter(**{self.commune_path: value})

    def resolve_near(self):
        text = (self.form.cleaned_data.get("pres_de") or "").strip()
        if not text:
            return None
        match = resolve_commune(text, within=Commune.objects.all())
        if match.unknown:
            self.near_error = _("Commune « %(text)s » introuvable.") % {"text": text}
            return None
        if match.ambiguous:
            self.near_error = _(
                "Plusieurs communes correspondent à « %(text)s » : choisissez la vôtre ci-dessous. "
                "En attendant, la liste n'est pas limitée par la distance."
            ) % {"text": match.text}
            self.near_more = match.more
            self.near_choices = [
                {
                    "label": choice.label,
                    "detail": choice.detail,
                    "query": self._query_with(pres_de=choice.label),
                }
                for choice in match.choices
            ]
            return None
        self.near_commune = match.commune
        return self.near_commune

    def _query_with(self, **values):
        """The current query string with ``values`` replaced, back to the first page."""
        query = QueryDict(mutable=True)
        for key in self.data or {}:
            if key != "page":
                query.setlist(key, self.data.getlist(key))
        for key, value in values.items():
            query[key] = value
        return query.urlencode()

    def radius(self):
        try:
            return int(self.form.cleaned_data.get("rayon") or DEFAULT_RADIUS)
        except (TypeError, ValueError):
            return DEFAULT_RADIUS

    def near(self, queryset, commune, km):
        return queryset.near(commune.latitude, commune.longitude, km)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        commune = self.resolve_near()
        return queryset if commune is None else self.near(queryset, commune, self.radius())


class StructureFilter(PlaceFilterSet):
    labels = {"profession": _("Profession présente")}

    kind = django_filters.ChoiceFilter(
        widget=ListSelect,
        label=_("Type de structure"),
        choices=StructureKind.choices,
        empty_label=_("Tous"),
    )
    postes = django_filters.BooleanFilter(
        label=_("Avec des postes à pourvoir"),
        method="filter_vacancies",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Structure
        fields = ["q", "kind", "profession", "epci", "commune", "postes", "pres_de", "rayon"]

    def filter_profession(self, queryset, name, value):
        return queryset.with_profession(value)

    def filter_vacancies(self, queryset, name, value):
        return queryset.with_open_vacancies() if value else queryset


class VacancyFilter(PlaceFilterSet):
    """The offers of every kind: a post, a practice to join or take over, a replacement,
    premises, housing (``kind``). Their commune is the offer's own (set from the structure
    when a structure offers); the distance is measured from the structure when there is one,
    else from the commune."""

    labels = {"q": _("Offreur ou commune"), "profession": _("Profession ou spécialité")}

    commune = None
    kind = django_filters.ChoiceFilter(
        widget=ListSelect,
        label=_("Type d'offre"),
        choices=OpportunityKind.choices,
        empty_label=_("Tous"),
    )
    type_structure = django_filters.ChoiceFilter(
        widget=ListSelect,
        label=_("Type de structure"),
        choices=StructureKind.choices,
        field_name="structure__kind",
        empty_label=_("Tous"),
    )
    practice_mode = django_filters.ChoiceFilter(
        widget=ListSelect,
        label=_("Mode d'exercice"),
        choices=PracticeMode.choices,
        empty_label=_("Tous"),
    )
    working_time = django_filters.ChoiceFilter(
        widget=ListSelect,
        label=_("Temps de travail"),
        choices=WorkingTime.choices,
        empty_label=_("Tous"),
    )

    class Meta:
        model = Vacancy
        fields = [
            "q",
            "kind",
            "profession",
            "type_structure",
            "epci",
            "practice_mode",
            "working_time",
        ]

    def filter_text(self, queryset, name, value):
        folded = fold(value or "")
        if not folded:
            return queryset
        structures = Structure.objects.search(value).values("pk")
        return queryset.filter(
            Q(structure__in=structures)
            | Q(commune__search_name__contains=folded)
            | Q(offerer_name__icontains=value)
            | Q(title__icontains=value)
        )

    def near(self, queryset, commune, km):
        inside = Structure.objects.near(commune.latitude, commune.longitude, km)
        communes = Commune.objects.filter(
            **bounding_box(commune.latitude, commune.longitude, km)
        ).annotate(distance_km=distance_km_expression(commune.latitude, commune.longitude))
        communes = communes.filter(distance_km__lte=km)
        return queryset.filter(
            Q(structure__in=inside.values("pk"))
            | Q(structure__isnull=True, commune__in=communes.values("pk"))
        )


class PlacementFilter(PlaceFilterSet):
    """The training sites: the shared filters plus the accredited level and housing."""

    labels = {"profession": _("Discipline")}

    niveau = django_filters.ChoiceFilter(
        widget=ListSelect,
        label=_("Niveau"),
        choices=PlacementLevel.choices,
        method="filter_level",
        empty_label=_("Tous"),
    )
    logement = django_filters.BooleanFilter(
        label=_("Logement proposé"),
        field_name="offers_housing",
        method="filter_housing",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Placement
        fields = ["q", "niveau", "profession", "epci", "commune", "logement", "pres_de", "rayon"]

    def filter_level(self, queryset, name, value):
        return queryset.for_level(value)

    def filter_housing(self, queryset, name, value):
        return queryset.filter(offers_housing=True) if value else queryset


__all__ = ["PlaceFilterSet", "PlacementFilter", "StructureFilter", "VacancyFilter"]
