"""How long each step really takes at a desk: the median of its last cases, not a promise."""

import statistics
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from installations.models import Case

SPANS = {
    "triage": ("submitted_at", "assigned_at"),
    "first_contact": ("assigned_at", "first_contact_at"),
    "installation": ("first_contact_at", "installed_at"),
}
SAMPLE = 50
MINIMUM = 3


@dataclass(frozen=True)
class StepDuration:
    days: float
    sample: int

    @property
    def label(self):
        if self.days < 1:
            return gettext("moins d'un jour")
        days = round(self.days)
        return ngettext("%(days)d jour", "%(days)d jours", days) % {"days": days}


def median_duration(desk_id, step, sample=SAMPLE):
    """Median duration in days of ``step`` over the desk's last ``sample`` cases, or None
    when fewer than three cases went through it."""
    if desk_id is None or step not in SPANS:
        return None
    start, end = SPANS[step]
    rows = (
        Case.objects.filter(desk_id=desk_id, **{f"{start}__isnull": False, f"{end}__isnull": False})
        .order_by(f"-{end}")
        .values_list(start, end)[:sample]
    )
    durations = [(finished - started).total_seconds() / 86400 for started, finished in rows]
    if len(durations) < MINIMUM:
        return None
    return StepDuration(days=statistics.median(durations), sample=len(durations))
