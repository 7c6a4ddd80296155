"""What ties an offer (``structures.Vacancy``) to the people it may suit.

A ``Match`` is an open case an offer fits, found by ``opportunities.matching`` with its score
and its reasons; it records when the newcomer was told (at most one mail a day) and when the
desk introduced them to the offerer — only then do both see each other's contact. Interest
(« Ce projet m'intéresse ») stays where the case keeps it, ``Case.interested_vacancies``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from installations.models import Case
from structures.models import Vacancy


class MatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Matches of the cases ``user`` may reach, on offers their desk covers."""
        return self.filter(
            case__in=Case.objects.visible_to(user), vacancy__in=Vacancy.objects.visible_to(user)
        )


class Match(models.Model):
    case = models.ForeignKey(
        "installations.Case",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="opportunity_matches",
    )
    vacancy = models.ForeignKey(
        "structures.Vacancy",
        verbose_name=_("offre"),
        on_delete=models.CASCADE,
        related_name="matches",
    )
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    reasons = models.JSONField(_("raisons"), default=list, blank=True)
    found_at = models.DateTimeField(_("trouvée le"), default=timezone.now)
    notified_at = models.DateTimeField(_("annoncée au demandeur le"), null=True, blank=True)
    introduced_at = models.DateTimeField(_("mise en relation le"), null=True, blank=True)
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mise en relation par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("correspondance")
        verbose_name_plural = _("correspondances")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "vacancy"], name="match_case_vacancy_unique")
        ]
        indexes = [
            models.Index(fields=["vacancy", "-score"], name="match_vacancy_score_idx"),
            models.Index(
                fields=["notified_at"],
                name="match_to_notify_idx",
                condition=models.Q(notified_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.case} ↔ {self.vacancy}"
