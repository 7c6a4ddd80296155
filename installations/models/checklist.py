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
    practice_modes = models.JSONField(
        _("modes d'exercice"),
        default=list,
        blank=True,
        help_text=_(
            "Liste parmi « liberal », « salaried », « mixed ». Vide : pour tous les modes "
            "d'exercice (et pour un dossier dont le mode n'est pas encore connu)."
        ),
    )
    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Code stable des modèles semés par « seed_checklists » ; vide sinon."),
    )
    title = models.CharField(_("démarche"), max_length=200)
    description = models.TextField(_("explication"), blank=True)
    source_title = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("adresse de la source"), max_length=300, blank=True)
    source_date = models.DateField(
        _("date de la source"),
        null=True,
        blank=True,
        help_text=_("Date à laquelle la source a été consultée."),
    )
    to_confirm = models.TextField(
        _("à confirmer"),
        blank=True,
        help_text=_(
            "Ce qu'aucune source ne confirme encore, et pourquoi ; montré « à confirmer »."
        ),
    )
    is_practical = models.BooleanField(
        _("démarche pratique"),
        default=False,
        help_text=_("Conseil du guichet (locaux, logement…), sans obligation réglementaire."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("modèle de démarche")
        verbose_name_plural = _("modèles de démarches")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    def serves(self, practice_mode):
        """Whether a case of that practice mode gets this step (a blank mode gets only the
        steps of every mode and those of the liberal path, the most common one)."""
        if not self.practice_modes:
            return True
        return (practice_mode or "liberal") in self.practice_modes


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
    applicant_to_do = models.BooleanField(
        _("à faire par le demandeur"),
        default=False,
        help_text=_("Un partenaire ou le référent indique que c'est au demandeur d'agir."),
    )

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["due_on", "done_at"], name="step_due_idx")]

    def __str__(self):
        return self.title
