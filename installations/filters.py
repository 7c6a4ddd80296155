import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from installations.enums import CaseStatus
from installations.models import Case
from structures.models import Profession


class ReferentCaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=CaseStatus.choices, empty_label=_("Tous")
    )
    overdue = django_filters.BooleanFilter(
        label=_("En retard seulement"), method="filter_overdue", widget=forms.CheckboxInput
    )
    profession = django_filters.ModelChoiceFilter(
        label=_("Profession"), queryset=Profession.objects.all(), empty_label=_("Toutes")
    )

    class Meta:
        model = Case
        fields = ["status", "profession", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset
