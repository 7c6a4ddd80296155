"""What a case is about (its kind) and where it came from (its origin)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    INSTALLATION = "installation", _("installation")
    PLACEMENT = "placement", _("stage (étudiant·e, interne)")
    INFORMATION = "information", _("demande d'information")


class CaseOrigin(models.TextChoices):
    WEB = "web", _("site web")
    HOTLINE = "hotline", _("permanence (téléphone, e-mail)")
    EVENT = "event", _("évènement")
    PARTNER = "partner", _("partenaire")
