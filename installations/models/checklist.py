from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from installations.kinds import CaseKind
from installations.models.case import Case


class StepTemplate(models.Model):
    """A checklist item created on every case of a profession (or of all professions)."""

    profession = models.ForeignKey(
        "structures.Profession",
        verbose_name=_("profession"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="step_templates",
        help_text=_("Vide : pour toutes les professions."),
    )
    case_kind = models.CharField(
        _("nature de dossier"),
        max_length=12,
        choices=CaseKind.choices,
        blank=True,
        help_text=_("Vide : pour toutes les natures (installation, stage, information)."),
    )
    title = models.CharField(_("démarche"), max_length=200)
    description = models.TextField(_("explication"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("modèle de démarche")
        verbose_name_plural = _("modèles de démarches")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Step(models.Model):
    """A checklist item (« démarche ») of one case."""

    case = models.ForeignKey(
        Case, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="steps"
    )
    template = models.ForeignKey(
        StepTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("démarche"), max_length=200)
    description = models.TextField(_("explication"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    due_on = models.DateField(_("échéance"), null=True, blank=True)
    done_at = models.DateTimeField(_("faite le"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["due_on", "done_at"], name="step_due_idx")]

    def __str__(self):
        return self.title
