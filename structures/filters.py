"""The directory's and the vacancies' filters (django-filter)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from structures.models import (
    PracticeMode,
    Profession,
    Structure,
    StructureKind,
    Vacancy,
    WorkingTime,
)
from territories.models import Commune, Epci

RADIUS_CHOICES = [(km, _("%(km)s km") % {"km": km}) for km in (5, 10, 20, 30, 50, 100)]
DEFAULT_RADIUS = 20


def _profession_choices(request=None):
    return Profession.objects.select_related("parent").order_by("position", "label")


class NearCommuneFilterSet(django_filters.FilterSet):
    """« À moins de N km de la commune X » : the commune is typed (name or postal code),
    resolved to its point, then ``near()`` cuts the queryset to the circle around it.
    Shared by the directory, the vacancies and the training sites."""

    pres_de = django_filters.CharFilter(label=_("À proximité de la commune"), method="noop")
    rayon = django_filters.ChoiceFilter(
        label=_("Distance maximale"),
        choices=RADIUS_CHOICES,
        method="noop",
        empty_label=None,
        initial=DEFAULT_RADIUS,
    )

    near_commune = None
    near_error = ""

    def noop(self, queryset, name, value):
        return queryset

    def resolve_near(self):
        text = (self.form.cleaned_data.get("pres_de") or "").strip()
        if not text:
            return None
        communes = list(Commune.objects.search(text).order_by("-population")[:1])
        if not communes:
            self.near_error = _("Commune « %(text)s » introuvable.") % {"text": text}
            return None
        self.near_commune = communes[0]
        return self.near_commune

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


class StructureFilter(NearCommuneFilterSet):
    q = django_filters.CharFilter(
        label=_("Nom ou commune"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type de structure"), choices=StructureKind.choices, empty_label=_("Tous")
    )
    profession = django_filters.ModelChoiceFilter(
        label=_("Profession présente"),
        queryset=_profession_choices,
        to_field_name="code",
        method="filter_profession",
        empty_label=_("Toutes"),
    )
    epci = django_filters.ModelChoiceFilter(
        label=_("Intercommunalité"),
        queryset=lambda request: Epci.objects.filter(
            Exists(Structure.objects.published().filter(commune__epci=OuterRef("pk")))
        ),
        field_name="commune__epci",
        empty_label=_("Toutes"),
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        queryset=lambda request: Commune.objects.filter(
            Exists(Structure.objects.published().filter(commune=OuterRef("pk")))
        ),
        empty_label=_("Toutes"),
    )
    postes = django_filters.BooleanFilter(
        label=_("Avec des postes à pourvoir"),
        method="filter_vacancies",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Structure
        fields = ["q", "kind", "profession", "epci", "commune", "postes", "pres_de", "rayon"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_profession(self, queryset, name, value):
        return queryset.with_profession(value)

    def filter_vacancies(self, queryset, name, value):
        return queryset.with_open_vacancies() if value else queryset


class VacancyFilter(NearCommuneFilterSet):
    q = django_filters.CharFilter(
        label=_("Structure ou commune"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    profession = django_filters.ModelChoiceFilter(
        label=_("Profession ou spécialité"),
        queryset=_profession_choices,
        to_field_name="code",
        method="filter_profession",
        empty_label=_("Toutes"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type de structure"),
        choices=StructureKind.choices,
        field_name="structure__kind",
        empty_label=_("Tous"),
    )
    epci = django_filters.ModelChoiceFilter(
        label=_("Intercommunalité"),
        queryset=lambda request: Epci.objects.filter(
            Exists(Vacancy.objects.published().filter(structure__commune__epci=OuterRef("pk")))
        ),
        field_name="structure__commune__epci",
        empty_label=_("Toutes"),
    )
    practice_mode = django_filters.ChoiceFilter(
        label=_("Mode d'exercice"), choices=PracticeMode.choices, empty_label=_("Tous")
    )
    working_time = django_filters.ChoiceFilter(
        label=_("Temps de travail"), choices=WorkingTime.choices, empty_label=_("Tous")
    )

    class Meta:
        model = Vacancy
        fields = ["q", "profession", "kind", "epci", "practice_mode", "working_time"]

    def filter_text(self, queryset, name, value):
        structures = Structure.objects.search(value).values("pk")
        return queryset.filter(structure__in=structures)

    def filter_profession(self, queryset, name, value):
        return queryset.for_profession(value)

    def near(self, queryset, commune, km):
        inside = Structure.objects.near(commune.latitude, commune.longitude, km)
        return queryset.filter(structure__in=inside.values("pk"))


__all__ = ["NearCommuneFilterSet", "StructureFilter", "VacancyFilter"]
