"""The guichet unique's partner institutions, asked inside the case, and the single appointment.

* ``Partner``: an organisation of a desk (Ordre, CPAM, URSSAF, ARS…), the checklist steps
  (``StepTemplate`` codes) and needs it handles; ``PartnerContact``: its named people, with
  their absences.
* ``PartnerRequest``: a question a referent asks a partner's contact about one case, from a
  checklist step or a need, with a due date. The contact answers through a personal, expiring
  link (``token_secret`` signs it; ``revoked_at`` ends it) and sees only that request: the
  newcomer's name, profession, planned commune and date, the question and its thread.
  ``PartnerMessage`` is the thread; every access is logged in ``PartnerAccess``.
* ``AppointmentSession``: a « rendez-vous unique » the desk publishes (date, place or video
  link, the partners attending) and its ``AppointmentSlot``s, booked from « Mon dossier »;
  ``SlotOutcome`` is what each partner ticked after the session.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from installations.enums import Need
from portal.phones import PhoneNumberField
from portal.roles import SUPERUSER, Role, role_of
from territories.models import Desk

# A partner's link answers for this long after the request was sent (then 410).
LINK_DAYS = 60


def new_secret() -> str:
    return secrets.token_hex(16)


class PartnerKind(models.TextChoices):
    ORDRE = "ordre", _("Ordre professionnel")
    CPAM = "cpam", _("CPAM (Assurance maladie)")
    URSSAF = "urssaf", _("URSSAF")
    ARS = "ars", _("ARS")
    MSA = "msa", _("MSA")
    RETIREMENT = "retirement", _("caisse de retraite")
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    DEPARTMENT = "department", _("Département")
    URPS = "urps", _("URPS")
    EPCI = "epci", _("intercommunalité")
    COMMUNE = "commune", _("commune")
    UNIVERSITY = "university", _("université, faculté")
    HOSPITAL = "hospital", _("hôpital")
    OTHER = "other", _("autre")


class PartnerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The partners of the desks ``user`` sees (``Desk.objects.visible_to``: all for a
        superuser, their own for a desk's members, none for others)."""
        return self.filter(desk__in=Desk.objects.visible_to(user))


class Partner(models.Model):
    desk = models.ForeignKey(
        "territories.Desk",
        verbose_name=_("guichet"),
        on_delete=models.CASCADE,
        related_name="partners",
    )
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    step_codes = models.JSONField(
        _("démarches traitées"),
        default=list,
        blank=True,
        help_text=_("Codes des modèles de démarche (StepTemplate.code) que ce partenaire traite."),
    )
    needs = models.JSONField(
        _("besoins traités"),
        default=list,
        blank=True,
        help_text=_(
            "Besoins du demandeur (logement, emploi du conjoint…) que ce partenaire traite."
        ),
    )
    website = models.URLField(_("site web"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = ["desk", "name"]
        constraints = [
            models.UniqueConstraint(fields=["desk", "name"], name="partner_desk_name_unique")
        ]

    def __str__(self):
        return self.name

    @property
    def need_labels(self):
        labels = dict(Need.choices)
        return [labels.get(code, code) for code in self.needs]


class PartnerContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The contacts of the partners ``user`` sees."""
        return self.filter(partner__in=Partner.objects.visible_to(user))

    def available(self, day=None):
        """Active and not absent on ``day`` (today by default)."""
        day = day or timezone.localdate()
        away = models.Q(absent_from__lte=day) & (
            models.Q(absent_until__isnull=True) | models.Q(absent_until__gte=day)
        )
        return self.filter(is_active=True).exclude(away)


class PartnerContact(models.Model):
    partner = models.ForeignKey(
        Partner, verbose_name=_("partenaire"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("nom"), max_length=200)
    role = models.CharField(_("fonction"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = PhoneNumberField(_("téléphone"), blank=True)
    is_primary = models.BooleanField(
        _("contact principal"), default=False, help_text=_("Celui à qui les demandes vont d'abord.")
    )
    absent_from = models.DateField(_("absent·e du"), null=True, blank=True)
    absent_until = models.DateField(_("absent·e jusqu'au"), null=True, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    objects = PartnerContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact d'un partenaire")
        verbose_name_plural = _("contacts des partenaires")
        ordering = ["partner", "-is_primary", "name"]

    def __str__(self):
        return f"{self.name} ({self.partner})"

    def is_absent(self, day=None) -> bool:
        day = day or timezone.localdate()
        if self.absent_from is None:
            return False
        return self.absent_from <= day and (self.absent_until is None or day <= self.absent_until)


class RequestStatus(models.TextChoices):
    OPEN = "open", _("en attente de réponse")
    ANSWERED = "answered", _("répondue")
    CLOSED = "closed", _("close")


class PartnerRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Superusers: all; a referent: the requests on the cases they follow; desk staff:
        those of their desk's partners; others: none."""
        role = role_of(user)
        if role == SUPERUSER:
            return self
        if role == Role.REFERENT:
            return self.filter(case__referent=user)
        if role == Role.STAFF:
            return self.filter(partner__desk__in=Desk.objects.visible_to(user))
        return self.none()


class PartnerRequest(models.Model):
    case = models.ForeignKey(
        "installations.Case",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="partner_requests",
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partenaire"), on_delete=models.PROTECT, related_name="requests"
    )
    contact = models.ForeignKey(
        PartnerContact,
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    step = models.ForeignKey(
        "installations.Step",
        verbose_name=_("démarche"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_requests",
    )
    need = models.CharField(_("besoin"), max_length=30, choices=Need.choices, blank=True)
    question = models.TextField(_("question"))
    context = models.TextField(_("ce que le partenaire doit savoir"), blank=True)
    due_on = models.DateField(_("réponse attendue le"))
    public = models.BooleanField(
        _("visible du demandeur"),
        default=False,
        help_text=_(
            "Sinon, la demande et ses réponses restent entre le référent et le partenaire."
        ),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandée par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    first_answer_at = models.DateTimeField(_("première réponse le"), null=True, blank=True)
    token_secret = models.CharField(max_length=32, default=new_secret, editable=False)
    expires_at = models.DateTimeField(_("lien valable jusqu'au"))
    revoked_at = models.DateTimeField(_("lien révoqué le"), null=True, blank=True)
    partner_reminded_on = models.DateField(_("partenaire relancé le"), null=True, blank=True)
    referent_warned_on = models.DateField(_("référent prévenu du retard le"), null=True, blank=True)

    objects = PartnerRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande à un partenaire")
        verbose_name_plural = _("demandes aux partenaires")
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="partner_request_due_idx"),
            models.Index(fields=["partner", "created_at"], name="partner_request_partner_idx"),
        ]

    def __str__(self):
        return f"{self.partner} — {self.case}"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = (self.created_at or timezone.now()) + timedelta(days=LINK_DAYS)
        super().save(*args, **kwargs)

    @property
    def link_is_live(self) -> bool:
        return self.revoked_at is None and timezone.now() < self.expires_at


class PartnerMessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(request__in=PartnerRequest.objects.visible_to(user))


class PartnerMessage(models.Model):
    class Author(models.TextChoices):
        REFERENT = "referent", _("référent")
        PARTNER = "partner", _("partenaire")

    request = models.ForeignKey(
        PartnerRequest, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.CharField(_("auteur"), max_length=10, choices=Author.choices)
    author_name = models.CharField(_("nom de l'auteur"), max_length=200, blank=True)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)

    objects = PartnerMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message d'une demande")
        verbose_name_plural = _("messages des demandes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_author_display()} — {self.created_at:%d/%m/%Y}"


class PartnerAccess(models.Model):
    """Every opening of a partner's link, refused ones included."""

    request = models.ForeignKey(
        PartnerRequest, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="accesses"
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    action = models.CharField(_("action"), max_length=20)  # view, reply, step_done, refused…
    ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("accès d'un partenaire")
        verbose_name_plural = _("accès des partenaires")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.action} — {self.at:%d/%m/%Y %H:%M}"


class AppointmentSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The sessions of the desks ``user`` sees (``Desk.objects.visible_to``)."""
        return self.filter(desk__in=Desk.objects.visible_to(user))

    def published(self):
        return self.filter(published=True)


class AppointmentSession(models.Model):
    desk = models.ForeignKey(
        "territories.Desk",
        verbose_name=_("guichet"),
        on_delete=models.CASCADE,
        related_name="appointment_sessions",
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=250, blank=True)
    video_url = models.URLField(_("lien de visioconférence"), blank=True)
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partenaires présents"), related_name="sessions", blank=True
    )
    slot_minutes = models.PositiveSmallIntegerField(_("durée d'un créneau (minutes)"), default=30)
    published = models.BooleanField(_("publiée"), default=False)
    held = models.BooleanField(_("tenue"), default=False)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    objects = AppointmentSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rendez-vous unique")
        verbose_name_plural = _("rendez-vous uniques")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["desk", "starts_at"], name="appointment_desk_start_idx")]

    def __str__(self):
        return f"{self.desk} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"


class AppointmentSlot(models.Model):
    session = models.ForeignKey(
        AppointmentSession,
        verbose_name=_("rendez-vous"),
        on_delete=models.CASCADE,
        related_name="slots",
    )
    starts_at = models.DateTimeField(_("heure"))
    case = models.ForeignKey(
        "installations.Case",
        verbose_name=_("dossier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointment_slots",
    )
    booked_at = models.DateTimeField(_("réservé le"), null=True, blank=True)
    attended = models.BooleanField(_("venu·e"), null=True, blank=True)
    summary_sent_at = models.DateTimeField(_("compte rendu envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("créneau")
        verbose_name_plural = _("créneaux")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "starts_at"], name="slot_session_time_unique"
            ),
            # A case books at most one slot of a session.
            models.UniqueConstraint(
                fields=["session", "case"],
                condition=models.Q(case__isnull=False),
                name="slot_session_case_unique",
            ),
        ]

    def __str__(self):
        return f"{timezone.localtime(self.starts_at):%H:%M}"


class SlotOutcome(models.Model):
    """What one partner ticked for one newcomer after the session."""

    slot = models.ForeignKey(
        AppointmentSlot,
        verbose_name=_("créneau"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partenaire"), on_delete=models.CASCADE, related_name="outcomes"
    )
    step = models.ForeignKey(
        "installations.Step",
        verbose_name=_("démarche"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    done = models.BooleanField(_("faite"), default=False)
    note = models.CharField(_("remarque"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("noté le"), default=timezone.now)

    class Meta:
        verbose_name = _("démarche vue au rendez-vous")
        verbose_name_plural = _("démarches vues au rendez-vous")
        constraints = [
            models.UniqueConstraint(fields=["slot", "partner", "step"], name="outcome_unique")
        ]

    def __str__(self):
        return f"{self.partner} — {self.step}"


class SessionAccess(models.Model):
    """Every opening of a partner's link to a session's list (``partners.sessions``), refused
    ones included; ``outcomes`` rows also say that this partner ticked what was done."""

    session = models.ForeignKey(
        AppointmentSession,
        verbose_name=_("rendez-vous"),
        on_delete=models.CASCADE,
        related_name="accesses",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partenaire"),
        on_delete=models.CASCADE,
        related_name="session_accesses",
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    action = models.CharField(_("action"), max_length=20)  # view, pdf, outcomes, refused
    ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("accès d'un partenaire à un rendez-vous")
        verbose_name_plural = _("accès des partenaires aux rendez-vous")
        ordering = ["-at"]
        indexes = [models.Index(fields=["session", "partner", "action"], name="session_access_idx")]

    def __str__(self):
        return f"{self.action} — {self.at:%d/%m/%Y %H:%M}"
