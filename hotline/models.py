"""The hotline log: every call or mail the desk receives, in a form quick to fill during the
call; a record can be linked to a case or turned into a draft case for the caller."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from installations.kinds import CaseKind
from portal.phones import PhoneNumberField
from portal.roles import SUPERUSER, Role, role_of


class Channel(models.TextChoices):
    PHONE = "phone", _("téléphone")
    EMAIL = "email", _("e-mail")
    VISIT = "visit", _("visite au guichet")
    OTHER = "other", _("autre")


class HotlineRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        role = role_of(user)
        if role == SUPERUSER:
            return self
        if role == Role.STAFF:
            return self.filter(desk__members__user=user)
        return self.none()

    def needing_follow_up(self):
        return self.filter(follow_up_needed=True, follow_up_done=False)


class HotlineRecord(models.Model):
    desk = models.ForeignKey(
        "territories.Desk",
        verbose_name=_("guichet"),
        on_delete=models.PROTECT,
        related_name="hotline_records",
    )
    received_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    channel = models.CharField(
        _("canal"), max_length=6, choices=Channel.choices, default=Channel.PHONE
    )
    caller_first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    caller_last_name = models.CharField(_("nom"), max_length=100, blank=True)
    caller_email = models.EmailField(_("e-mail"), blank=True)
    caller_phone = PhoneNumberField(_("téléphone"), blank=True)
    profession = models.ForeignKey(
        "structures.Profession",
        verbose_name=_("profession"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hotline_records",
    )
    request_kind = models.CharField(
        _("nature"), max_length=12, choices=CaseKind.choices, default=CaseKind.INFORMATION
    )
    subject = models.CharField(_("objet"), max_length=250)
    answer = models.TextField(_("réponse apportée"), blank=True, max_length=5000)
    follow_up_needed = models.BooleanField(_("suite à donner"), default=False)
    follow_up_done = models.BooleanField(_("suite donnée"), default=False)
    case = models.ForeignKey(
        "installations.Case",
        verbose_name=_("dossier lié"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hotline_records",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisi par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = HotlineRecordQuerySet.as_manager()

    class Meta:
        db_table = "installations_hotlinerecord"
        verbose_name = _("appel ou message reçu")
        verbose_name_plural = _("permanence : appels et messages")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["desk", "received_at"], name="hotline_desk_received_idx"),
            models.Index(fields=["desk", "follow_up_needed"], name="hotline_follow_up_idx"),
            models.Index(fields=["channel"], name="hotline_channel_idx"),
        ]

    def __str__(self):
        who = f"{self.caller_first_name} {self.caller_last_name}".strip() or _("anonyme")
        return f"{timezone.localtime(self.received_at):%d/%m/%Y %H:%M} — {who} — {self.subject}"

    @property
    def caller_name(self):
        return f"{self.caller_first_name} {self.caller_last_name}".strip()
