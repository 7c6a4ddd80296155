"""Ambassadors: volunteers (a professional already settled, or a resident) who tell
newcomers what life is like here, and their introductions to newcomers, accepted by both
parties through tokenised links before any contact detail is passed on."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from installations.models.case import Case
from portal.phones import PhoneNumberField
from territories.models import desk_communes_of


class AmbassadorKind(models.TextChoices):
    PROFESSIONAL = "professional", _("professionnel·le de santé installé·e")
    RESIDENT = "resident", _("habitant·e")


class Topic(models.TextChoices):
    SCHOOLING = "schooling", _("scolarité, garde d'enfants")
    HOUSING = "housing", _("logement")
    LEISURE = "leisure", _("loisirs, vie locale")
    SPOUSE_JOB = "spouse_job", _("emploi du conjoint ou de la conjointe")
    PROFESSION = "profession", _("le quotidien du métier")


TOPIC_LABELS = dict(Topic.choices)


class Answer(models.TextChoices):
    PENDING = "pending", _("sans réponse")
    ACCEPTED = "accepted", _("accepté")
    DECLINED = "declined", _("décliné")


def new_token():
    return secrets.token_urlsafe(32)


class AmbassadorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admin scope: the ambassadors in the communes of the user's desk."""
        communes = desk_communes_of(user)
        return self if communes is None else self.filter(commune__in=communes)

    def available(self):
        """Approved, active and consenting: the ones a referent may propose."""
        return self.filter(is_active=True, approved=True, consent_at__isnull=False)

    def of_desk(self, desk):
        from territories.models import Commune

        return self.filter(commune__in=Commune.objects.covered_by(desk))


class Ambassador(models.Model):
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = PhoneNumberField(_("téléphone"), blank=True)
    kind = models.CharField(_("je suis"), max_length=12, choices=AmbassadorKind.choices)
    profession = models.ForeignKey(
        "structures.Profession",
        verbose_name=_("profession"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ambassadors",
    )
    commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="ambassadors",
    )
    topics = models.JSONField(_("sujets"), default=list)
    presentation = models.TextField(_("quelques mots de présentation"), blank=True, max_length=1000)
    consent_at = models.DateTimeField(_("accord pour être contacté·e le"), null=True, blank=True)
    approved = models.BooleanField(
        _("validé par le guichet"),
        default=False,
        help_text=_("Seuls les ambassadeurs validés peuvent être proposés."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ambassador_profiles",
    )
    created_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)

    objects = AmbassadorQuerySet.as_manager()

    class Meta:
        db_table = "installations_ambassador"
        verbose_name = _("ambassadeur")
        verbose_name_plural = _("ambassadeurs")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(
                fields=["commune", "approved", "is_active"], name="ambassador_commune_idx"
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.commune.name})"

    @property
    def topic_labels(self):
        return [str(TOPIC_LABELS[t]) for t in self.topics if t in TOPIC_LABELS]


class IntroductionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Introductions of the cases ``user`` may reach."""
        return self.filter(case__in=Case.objects.visible_to(user))

    def for_case_page(self):
        return self.select_related("ambassador", "ambassador__commune", "ambassador__profession")


class Introduction(models.Model):
    """A referent proposes an ambassador to a newcomer; both accept by a link; the
    introduction mail goes only then."""

    case = models.ForeignKey(
        Case, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="introductions"
    )
    ambassador = models.ForeignKey(
        Ambassador,
        verbose_name=_("ambassadeur"),
        on_delete=models.CASCADE,
        related_name="introductions",
    )
    topics = models.JSONField(_("sujets"), default=list)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposé le"), default=timezone.now)
    newcomer_token = models.CharField(max_length=64, unique=True, default=new_token)
    ambassador_token = models.CharField(max_length=64, unique=True, default=new_token)
    newcomer_answer = models.CharField(
        _("réponse du nouvel arrivant"),
        max_length=8,
        choices=Answer.choices,
        default=Answer.PENDING,
    )
    newcomer_answered_at = models.DateTimeField(null=True, blank=True)
    ambassador_answer = models.CharField(
        _("réponse de l'ambassadeur"), max_length=8, choices=Answer.choices, default=Answer.PENDING
    )
    ambassador_answered_at = models.DateTimeField(null=True, blank=True)
    introduced_at = models.DateTimeField(_("mise en relation le"), null=True, blank=True)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        db_table = "installations_introduction"
        verbose_name = _("mise en relation avec un ambassadeur")
        verbose_name_plural = _("mises en relation avec des ambassadeurs")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "ambassador"],
                name="introduction_once_per_case",
                violation_error_message=_("Cet ambassadeur a déjà été proposé pour ce dossier."),
            ),
            models.CheckConstraint(
                condition=Q(introduced_at__isnull=True)
                | Q(newcomer_answer="accepted", ambassador_answer="accepted"),
                name="introduction_only_when_both_accept",
            ),
        ]

    def __str__(self):
        return f"{self.case} ↔ {self.ambassador}"

    @property
    def topic_labels(self):
        return [str(TOPIC_LABELS[t]) for t in self.topics if t in TOPIC_LABELS]

    @property
    def is_declined(self):
        return Answer.DECLINED in (self.newcomer_answer, self.ambassador_answer)

    def answer_url(self, party):
        token = self.newcomer_token if party == "newcomer" else self.ambassador_token
        return settings.SITE_URL + reverse("ambassadors:answer", kwargs={"token": token})
