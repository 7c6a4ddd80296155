"""The period of a desk's yearly report."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE_WIDGET = {"type": "date"}


class ReportPeriodForm(forms.Form):
    du = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )
    au = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )

    def period(self):
        """The chosen period; by default the current calendar year."""
        today = timezone.localdate()
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
        if self.is_valid():
            start = self.cleaned_data.get("du") or start
            end = self.cleaned_data.get("au") or end
        if end < start:
            start, end = end, start
        if (end - start).days > 3 * 366:
            end = date(start.year + 3, start.month, 1)
        return start, end
