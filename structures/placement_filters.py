"""Filters of the training sites list: the directory's (text, profession, intercommunality,
commune, « à moins de N km de ») plus the accredited level and housing offered."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from structures.filters import NearCommuneFilterSet, _profession_choices
from structures.models import Placement, PlacementLevel
from territories.models import Commune, Epci


class PlacementFilter(NearCommuneFilterSet):
    q = django_filters.CharFilter(
        label=_("Nom ou commune"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    niveau = django_filters.ChoiceFilter(
        label=_("Niveau"),
        choices=PlacementLevel.choices,
        method="filter_level",
        empty_label=_("Tous"),
    )
    profession = django_filters.ModelChoiceFilter(
        label=_("Discipline"),
        queryset=_profession_choices,
        to_field_name="code",
        method="filter_profession",
        empty_label=_("Toutes"),
    )
    epci = django_filters.ModelChoiceFilter(
        label=_("Intercommunalité"),
        queryset=lambda request: Epci.objects.filter(
            Exists(Placement.objects.published().filter(commune__epci=OuterRef("pk")))
        ),
        field_name="commune__epci",
        empty_label=_("Toutes"),
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        queryset=lambda request: Commune.objects.filter(
            Exists(Placement.objects.published().filter(commune=OuterRef("pk")))
        ),
        empty_label=_("Toutes"),
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

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_level(self, queryset, name, value):
        return queryset.for_level(value)

    def filter_profession(self, queryset, name, value):
        return queryset.for_profession(value)

    def filter_housing(self, queryset, name, value):
        return queryset.filter(offers_housing=True) if value else queryset
