"""« Départs à anticiper », the desk's list of its territory's professionals aged 60 and over
and expected departures (``opportunities.departures``), with its filters and its CSV."""

from itertools import islice

import django_filters
from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opportunities import departures as departures_list
from portal.csv import csv_response
from portal.decorators import role_required
from portal.pagination import paginate, query_without_page
from portal.roles import SUPERUSER, Role
from structures.models import Profession, Professional
from territories.models import Commune, Epci

PAGE_SIZE = 25
CSV_BATCH = 500

SORTS = (
    ("commune", _("commune")),
    ("age", _("âge, les plus âgés d'abord")),
    ("profession", _("profession")),
    ("nom", _("nom")),
)


class DepartureFilter(django_filters.FilterSet):
    profession = django_filters.ModelChoiceFilter(
        label=_("Profession"), queryset=Profession.objects.none(), empty_label=_("Toutes")
    )
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"), queryset=Commune.objects.none(), empty_label=_("Toutes")
    )
    epci = django_filters.ModelChoiceFilter(
        label=_("Intercommunalité"),
        field_name="commune__epci",
        queryset=Epci.objects.none(),
        empty_label=_("Toutes"),
    )
    sans_succession = django_filters.BooleanFilter(
        label=_("Sans succession préparée"),
        method="filter_without_succession",
        widget=forms.CheckboxInput,
    )
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"), choices=SORTS, method="sort", empty_label=None
    )

    class Meta:
        model = Professional
        fields = ["profession", "commune", "epci", "sans_succession"]

    def __init__(self, data, *, queryset, scope):
        super().__init__(data, queryset=queryset)
        # Only what the list holds is offered: no empty choice, nothing of another desk.
        filters = self.filters
        filters["profession"].queryset = Profession.objects.filter(
            pk__in=scope.values("profession")
        )
        filters["commune"].queryset = Commune.objects.filter(pk__in=scope.values("commune"))
        filters["epci"].queryset = Epci.objects.filter(pk__in=scope.values("commune__epci"))

    def filter_without_succession(self, queryset, name, value):
        return departures_list.without_succession(queryset) if value else queryset

    def sort(self, queryset, name, value):
        return departures_list.ordered(queryset, value)


def _filtered(request, today):
    user = request.user
    scope = Professional.objects.visible_to(user).to_anticipate(today)
    queryset = departures_list.ordered(
        departures_list.departures(user, today=today), departures_list.DEFAULT_ORDER
    )
    return DepartureFilter(request.GET or None, queryset=queryset, scope=scope)


@role_required(Role.STAFF, SUPERUSER)
def departures(request):
    today = timezone.localdate()
    departure_filter = _filtered(request, today)
    page, page_range = paginate(request, departure_filter.qs, PAGE_SIZE)
    rows = departures_list.decorate(page.object_list, request.user, today=today)
    return render(
        request,
        "opportunities/departures.html",
        {
            "filter": departure_filter,
            "page": page,
            "page_range": page_range,
            "rows": rows,
            "query": query_without_page(request),
            "csv_query": request.GET.urlencode(),
            "filtered": bool(request.GET.keys() - {"page", "tri"}),
        },
    )


def csv_rows(queryset, user, today):
    yield (
        _("commune"),
        _("code INSEE"),
        _("intercommunalité"),
        _("nom"),
        _("prénom"),
        _("profession"),
        _("structures"),
        _("année de naissance"),
        _("âge"),
        _("départ"),
        _("origine"),
        _("autres professionnels de la profession dans la commune"),
        _("dont à anticiper aussi"),
        _("offre de succession"),
        _("statut de l'offre"),
    )
    rows = queryset.iterator(chunk_size=CSV_BATCH)
    while batch := list(islice(rows, CSV_BATCH)):
        for row in departures_list.decorate(batch, user, today=today):
            commune = row.commune
            yield (
                commune.name if commune else "",
                commune.insee_code if commune else "",
                commune.epci.name if commune and commune.epci else "",
                row.last_name,
                row.first_name,
                row.profession.label,
                row.structure_names,
                row.birth_year or "",
                row.age if row.age is not None else "",
                row.departure,
                row.get_source_display(),
                row.others,
                row.others_leaving,
                str(row.succession) if row.succession else "",
                row.succession_label,
            )


@role_required(Role.STAFF, SUPERUSER)
def departures_csv(request):
    """The same rows as the page, filtered alike, every page at once (traced as every CSV
    export is, by ``portal.access_log.CsvExportLogMiddleware``)."""
    today = timezone.localdate()
    queryset = _filtered(request, today).qs
    return csv_response(
        csv_rows(queryset, request.user, today),
        filename=f"departs-a-anticiper-{today.isoformat()}.csv",
        streaming=True,
    )
