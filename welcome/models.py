from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from installations.models import Case
from portal.phones import PhoneNumberField
from territories.models import Desk


class ResourceCategory(models.TextChoices):
    CONTACT = "contact", _("contacts utiles")
    HOUSING = "housing", _("logement")
    SCHOOLING = "schooling", _("scolarité et garde d'enfants")
    SPOUSE_JOB = "spouse_job", _("emploi du conjoint ou de la conjointe")
    LEISURE = "leisure", _("loisirs et vie locale")


class PracticalResourceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(desk__in=Desk.objects.visible_to(user))


class PracticalResource(models.Model):
    """An entry of the desk's practical guide, printed in every welcome pack."""

    desk = models.ForeignKey(
        "territories.Desk",
        verbose_name=_("guichet"),
        on_delete=models.CASCADE,
        related_name="practical_resources",
    )
    category = models.CharField(_("rubrique"), max_length=12, choices=ResourceCategory.choices)
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("texte"), blank=True)
    phone = PhoneNumberField(_("téléphone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = PracticalResourceQuerySet.as_manager()

    class Meta:
        db_table = "installations_practicalresource"
        verbose_name = _("ressource pratique")
        verbose_name_plural = _("ressources pratiques")
        ordering = ["category", "position", "pk"]

    def __str__(self):
        return self.title


class WelcomePackQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(case__in=Case.objects.visible_to(user))


class WelcomePack(models.Model):
    """A rendered livret d'accueil. One row (and one file) per distinct content."""

    case = models.ForeignKey(
        Case, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="welcome_packs"
    )
    content_hash = models.CharField(_("empreinte du contenu"), max_length=64)
    file = models.FileField(_("fichier"), upload_to="livrets/")
    size = models.PositiveIntegerField(_("taille (octets)"), default=0)
    render_ms = models.PositiveIntegerField(_("durée de rendu (ms)"), default=0)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    objects = WelcomePackQuerySet.as_manager()

    class Meta:
        db_table = "installations_welcomepack"
        verbose_name = _("livret d'accueil")
        verbose_name_plural = _("livrets d'accueil")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "content_hash"], name="pack_once_per_content")
        ]

    def __str__(self):
        return f"{self.case} — {self.created_at:%d/%m/%Y}"
