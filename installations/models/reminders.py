from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from territories.models import Desk


class ServiceLevelQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(desk__in=Desk.objects.visible_to(user))

    def for_desks(self, desk_ids):
        """{desk_id: ServiceLevel}, the defaults for a desk that has none saved. One query."""
        saved = {level.desk_id: level for level in self.filter(desk_id__in=desk_ids)}
        return {
            desk_id: saved.get(desk_id) or ServiceLevel(desk_id=desk_id) for desk_id in desk_ids
        }


class ServiceLevel(models.Model):
    """A desk's promises. Defaults in docs/architecture.md (a desk without a row gets them).

    The one source of « late »: ``Case.objects.late_q`` reads it, for the daily reminders and
    for the « en retard » flag alike."""

    desk = models.OneToOneField(
        "territories.Desk",
        verbose_name=_("guichet"),
        on_delete=models.CASCADE,
        related_name="service_level",
    )
    triage_working_days = models.PositiveSmallIntegerField(
        _("attribution sous (jours ouvrés)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    first_contact_working_days = models.PositiveSmallIntegerField(
        _("premier contact sous (jours ouvrés)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    idle_days = models.PositiveSmallIntegerField(
        _("dossier sans activité au-delà de (jours)"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
    )
    draft_first_reminder_days = models.PositiveSmallIntegerField(
        _("brouillon non envoyé : première relance après (jours)"), default=3
    )
    draft_second_reminder_days = models.PositiveSmallIntegerField(
        _("brouillon non envoyé : seconde relance après (jours)"), default=14
    )
    follow_up_months = models.CharField(
        _("suivi après installation (mois)"),
        max_length=20,
        default="6,12",
        help_text=_("Mois après l'installation, séparés par des virgules."),
    )

    objects = ServiceLevelQuerySet.as_manager()

    class Meta:
        verbose_name = _("niveau de service")
        verbose_name_plural = _("niveaux de service")

    def __str__(self):
        return str(_("Niveaux de service"))


class ReminderRule(models.TextChoices):
    TRIAGE = "triage", _("demande à attribuer")
    FIRST_CONTACT = "first_contact", _("premier contact à faire")
    IDLE = "idle", _("dossier sans activité")
    WAKE = "wake", _("fin de pause")
    STEP_DUE = "step_due", _("démarche à échéance")
    NEXT_ACTION = "next_action", _("prochaine action prévue")
    DRAFT = "draft", _("brouillon non envoyé")
    FOLLOW_UP = "follow_up", _("suivi après installation")


class ReminderQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The reminders of the cases ``user`` may reach (the case model read off the key: the
        case module imports this one)."""
        cases = self.model._meta.get_field("case").related_model.objects
        return self.filter(case__in=cases.visible_to(user))


class Reminder(models.Model):
    """One item sent once per case, rule and period (the unique constraint is the guarantee)."""

    # By name: the case module reads the service levels, so this one does not import it back.
    case = models.ForeignKey(
        "installations.Case",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    rule = models.CharField(_("règle"), max_length=15, choices=ReminderRule.choices)
    period = models.CharField(_("période"), max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    mail = models.ForeignKey(
        "portal.OutgoingMail",
        verbose_name=_("e-mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, db_index=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("relance")
        verbose_name_plural = _("relances")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule", "period"], name="reminder_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.get_rule_display()} — {self.case}"
