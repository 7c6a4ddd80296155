from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from installations.enums import REFERENT_LOAD_STATES, CaseStatus
from installations.models import Case, Referent
from installations.workdays import start_of_day
from structures.models import Profession
from structures.widgets import ListSelect


class ReferentCaseFilter(django_filters.FilterSet):
    # ``ListSelect``: the options written in Python, not one template each (« Mes dossiers »).
    status = django_filters.ChoiceFilter(
        label=_("Statut"), choices=CaseStatus.choices, empty_label=_("Tous"), widget=ListSelect
    )
    overdue = django_filters.BooleanFilter(
        label=_("En retard seulement"), method="filter_overdue", widget=forms.CheckboxInput
    )
    profession = django_filters.ModelChoiceFilter(
        label=_("Profession"),
        queryset=Profession.objects.all(),
        empty_label=_("Toutes"),
        widget=ListSelect,
    )

    class Meta:
        model = Case
        fields = ["status", "profession", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset


# --- The desk dashboard's counts and the admin list filters its links open: one definition ---
def month_bounds(today=None):
    """The current month as aware datetimes ``[first day 00:00, first of next month 00:00)``
    in the local time zone."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return start_of_day(first), start_of_day(following)


def arrived_this_month_q(today=None):
    """« Arrivées » : requests sent (``submitted_at``) this month, whatever became of them."""
    begin, end = month_bounds(today)
    return Q(submitted_at__gte=begin, submitted_at__lt=end)


def installed_this_month_q(today=None):
    """« Installations » : cases whose installation was recorded (the ``install`` transition,
    ``installed_at``) this month, even if their follow-up has been closed since."""
    begin, end = month_bounds(today)
    return Q(installed_at__gte=begin, installed_at__lt=end)


def absent_referent_q(today=None):
    """Cases a referent follows (assigned, in progress, on hold) while they are away."""
    today = today or timezone.localdate()
    # A subquery, not a join through the referent's user and profile: the dashboard counts
    # it among ten others over the desk's cases in one pass.
    away = Referent.objects.filter(absent_until__gte=today).values("user_id")
    return Q(referent__in=away, status__in=REFERENT_LOAD_STATES)
