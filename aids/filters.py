import django_filters
from django.utils.translation import gettext_lazy as _

from aids.enums import Funder, SchemeKind
from aids.models import Scheme
from structures.models import Profession
from territories.models import Commune, Department

ZONING_FILTER_CHOICES = [
    ("ZIP", _("ZIP")),
    ("ZAC", _("ZAC")),
    ("FRR", _("FRR")),
]


def departments_with_communes(request):
    return Department.objects.filter(code__in=Commune.objects.values("department_id"))


class SchemeFilter(django_filters.FilterSet):
    funder = django_filters.ChoiceFilter(
        label=_("Financeur"), choices=Funder.choices, method="filter_funder", empty_label=_("Tous")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type d'aide"), choices=SchemeKind.choices, empty_label=_("Tous")
    )
    profession = django_filters.ModelChoiceFilter(
        label=_("Profession"),
        queryset=Profession.objects.select_related("parent").order_by("position", "label"),
        to_field_name="code",
        method="filter_profession",
        empty_label=_("Toutes"),
    )
    zoning = django_filters.ChoiceFilter(
        label=_("Zonage demandé"),
        choices=ZONING_FILTER_CHOICES,
        method="filter_zoning",
        empty_label=_("Indifférent"),
    )
    territory = django_filters.ModelChoiceFilter(
        label=_("Département"),
        queryset=departments_with_communes,
        method="filter_territory",
        empty_label=_("Tous"),
    )

    class Meta:
        model = Scheme
        fields = ["funder", "kind", "profession", "zoning", "territory"]

    def filter_funder(self, queryset, name, value):
        return queryset.funded_by(value)

    def filter_profession(self, queryset, name, value):
        return queryset.for_profession(value)

    def filter_zoning(self, queryset, name, value):
        return queryset.with_zoning(value)

    def filter_territory(self, queryset, name, value):
        return queryset.in_department(value)
