from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from installations.enums import (
    OPEN_STATES,
    CaseStatus,
    Civility,
    ContactPreference,
    EventKind,
    Need,
    Situation,
    WishedSetting,
)
from installations.kinds import CaseKind, CaseOrigin
from installations.models.reminders import ReminderRule, ServiceLevel
from installations.validators import validate_rpps
from installations.workdays import start_of_day, working_days_before
from portal.phones import PhoneNumberField
from portal.roles import SUPERUSER, Role, role_of
from structures.models import PlacementLevel, PracticeMode
from territories.models import DeskMember

TEXT_LIMIT = 5000
# The farthest a newcomer may accept: matching prefilters on a box this wide.
MAX_DISTANCE_KM = 150

FOLLOWED = OPEN_STATES - {CaseStatus.DRAFT}


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides which cases a user may reach."""
        role = role_of(user)
        if role == SUPERUSER:
            return self
        if role == Role.NEWCOMER:
            return self.filter(applicant=user)
        if role == Role.REFERENT:
            return self.filter(referent=user)
        if role == Role.STAFF:
            # A subquery, not a join: a join through the desk's members could repeat rows.
            desks = DeskMember.objects.filter(user=user).values("desk_id")
            return self.exclude(status=CaseStatus.DRAFT).filter(desk_id__in=desks)
        return self.none()

    def manageable_by(self, user):
        """The cases ``user`` may change (fire a transition on). Today the very cases they may
        read: their own request for a newcomer, the cases they follow for a referent, the sent
        cases of their desks for desk staff; *which* transitions, the workflow's table says.
        The workflow asks this, never its own check."""
        return self.visible_to(user)

    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def late_q(self, today=None) -> dict:
        """``{ReminderRule: Q}``: the cases late for each rule a desk's ``ServiceLevel`` times
        (triage, first contact, idle; the defaults for a desk without one, or without a desk),
        and those whose pause ends. One query reads the levels; the conditions run in SQL.

        The one definition of « late »: the daily reminders and the « en retard » flag ask it."""
        today = today or timezone.localdate()
        now = timezone.now()
        saved = list(ServiceLevel.objects.all())
        branches = [(Q(desk_id=level.desk_id), level) for level in saved]
        others = ~Q(desk_id__in=[level.desk_id for level in saved]) if saved else Q()
        branches.append((others, ServiceLevel()))
        triage, first_contact, idle = Q(), Q(), Q()
        for desk, level in branches:
            triage_limit = working_days_before(today, level.triage_working_days)
            contact_limit = working_days_before(today, level.first_contact_working_days)
            triage |= desk & Q(
                status=CaseStatus.SUBMITTED, submitted_at__lt=start_of_day(triage_limit)
            )
            first_contact |= desk & Q(
                status=CaseStatus.ASSIGNED, assigned_at__lt=start_of_day(contact_limit)
            )
            idle |= desk & Q(
                status__in=FOLLOWED, last_activity_at__lt=now - timedelta(days=level.idle_days)
            )
        return {
            ReminderRule.TRIAGE: triage,
            ReminderRule.FIRST_CONTACT: first_contact,
            ReminderRule.IDLE: idle,
            ReminderRule.WAKE: Q(status=CaseStatus.ON_HOLD, resume_on__lte=today),
        }

    def late(self, rule, today=None):
        return self.filter(self.late_q(today)[rule])

    def overdue_q(self, today=None, late=None):
        """Late for any rule of ``late_q``, or a next action planned for a past day (the
        reminder comes on the day itself; the case is late only once that day is over).
        ``late``: the ``late_q(today)`` a caller has already read, to spare its query."""
        today = today or timezone.localdate()
        overdue = Q(status__in=FOLLOWED, next_action_on__lt=today)
        for condition in (late if late is not None else self.late_q(today)).values():
            overdue |= condition
        return overdue

    def overdue(self, today=None):
        return self.filter(self.overdue_q(today))

    def on_time(self, today=None):
        return self.exclude(self.overdue_q(today))

    def with_overdue_flag(self, today=None):
        """``is_overdue`` on each row, True or False (never NULL: a NULL date is not late)."""
        return self.annotate(
            is_overdue=models.Case(
                models.When(self.overdue_q(today), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def for_list(self):
        return self.select_related("applicant", "profession", "referent", "desk")


class Case(models.Model):
    """A « dossier d'installation »: one newcomer's request, followed by one referent."""

    reference = models.CharField(_("référence"), max_length=20, unique=True, null=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandeur"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    desk = models.ForeignKey(
        "territories.Desk",
        verbose_name=_("guichet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("référent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_cases",
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    # Who
    civility = models.CharField(_("civilité"), max_length=3, choices=Civility.choices, blank=True)
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    phone = PhoneNumberField(_("téléphone"), blank=True)
    contact_preference = models.CharField(
        _("préférence de contact"),
        max_length=5,
        choices=ContactPreference.choices,
        default=ContactPreference.EMAIL,
    )
    # Profession
    profession = models.ForeignKey(
        "structures.Profession",
        verbose_name=_("profession ou spécialité"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    situation = models.CharField(
        _("situation actuelle"), max_length=12, choices=Situation.choices, blank=True
    )
    rpps = models.CharField(_("numéro RPPS"), max_length=11, blank=True, validators=[validate_rpps])
    # Project
    wished_communes = models.ManyToManyField(
        "territories.Commune",
        verbose_name=_("communes souhaitées"),
        blank=True,
        related_name="wished_by_cases",
    )
    wished_epcis = models.ManyToManyField(
        "territories.Epci",
        verbose_name=_("intercommunalités souhaitées"),
        blank=True,
        related_name="wished_by_cases",
    )
    practice_mode = models.CharField(
        _("mode d'exercice"), max_length=10, choices=PracticeMode.choices, blank=True
    )
    wished_settings = models.JSONField(_("cadre souhaité"), default=list, blank=True)
    target_date = models.DateField(_("date d'installation envisagée"), null=True, blank=True)
    # Offers this far from one of the wished communes fit too (``opportunities.matching``).
    max_distance_km = models.PositiveSmallIntegerField(
        _("distance acceptée (km)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DISTANCE_KM)],
        help_text=_(
            "Facultatif : les offres situées à cette distance de l'une de vos communes "
            "souhaitées vous seront aussi proposées."
        ),
    )
    # Needs
    needs = models.JSONField(_("besoins"), default=list, blank=True)
    needs_details = models.TextField(
        _("précisions sur vos besoins"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    project_text = models.TextField(
        _("votre projet en quelques mots"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_LIMIT)],
    )
    consent_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    interested_vacancies = models.ManyToManyField(
        "structures.Vacancy",
        verbose_name=_("postes qui l'intéressent"),
        blank=True,
        related_name="interested_cases",
    )

    # Workflow dates
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("attribué le"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("premier contact le"), null=True, blank=True)
    resume_on = models.DateField(_("reprise prévue le"), null=True, blank=True)
    installed_on = models.DateField(_("installé·e le"), null=True, blank=True)
    installed_at = models.DateTimeField(_("installation enregistrée le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("dernière activité"), default=timezone.now)
    next_action_on = models.DateField(_("prochaine action le"), null=True, blank=True)
    # Set by privacy.anonymise once names, contacts and free texts are gone (retention).
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)
    # Installation
    installed_commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune d'installation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="installed_cases",
    )
    installed_structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure d'exercice"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="installed_cases",
    )
    installed_mode = models.CharField(
        _("mode d'exercice à l'installation"),
        max_length=10,
        choices=PracticeMode.choices,
        blank=True,
    )
    professional = models.ForeignKey(
        "structures.Professional",
        verbose_name=_("fiche professionnel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )

    # Kind and origin; a placement case (students, interns) has its own fields below.
    kind = models.CharField(
        _("nature de la demande"),
        max_length=12,
        choices=CaseKind.choices,
        default=CaseKind.INSTALLATION,
    )
    origin = models.CharField(
        _("origine"), max_length=8, choices=CaseOrigin.choices, default=CaseOrigin.WEB
    )
    placement_level = models.CharField(
        _("niveau de stage"), max_length=14, choices=PlacementLevel.choices, blank=True
    )
    faculty = models.CharField(_("faculté"), max_length=150, blank=True)
    study_year = models.PositiveSmallIntegerField(_("année d'études"), null=True, blank=True)
    placement_start = models.DateField(_("début du stage"), null=True, blank=True)
    placement_end = models.DateField(_("fin du stage"), null=True, blank=True)
    housing_needed = models.BooleanField(_("besoin d'un logement pendant le stage"), default=False)
    wished_placements = models.ManyToManyField(
        "structures.Placement",
        verbose_name=_("terrains de stage souhaités"),
        blank=True,
        related_name="interested_cases",
    )
    placement_site = models.ForeignKey(
        "structures.Placement",
        verbose_name=_("terrain de stage retenu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placed_cases",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier d'installation")
        verbose_name_plural = _("dossiers d'installation")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "profession"],
                condition=Q(status__in=sorted(OPEN_STATES)),
                name="case_one_open_per_profession",
                violation_error_message=_(
                    "Vous avez déjà un dossier en cours pour cette profession."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["desk", "status", "submitted_at"], name="case_desk_status_idx"),
            models.Index(fields=["referent", "status", "next_action_on"], name="case_referent_idx"),
            # « Mes dossiers »: a referent's cases in the page's order, so 25 rows are read
            # without sorting all of them (5.6 → 0.2 ms for 1,469 cases, EXPLAIN ANALYZE).
            models.Index(
                F("referent"),
                F("next_action_on").asc(),  # ASC is NULLS LAST in PostgreSQL
                F("last_activity_at").desc(),
                F("id"),
                name="case_workspace_order_idx",
            ),
            models.Index(fields=["status", "last_activity_at"], name="case_activity_idx"),
            models.Index(fields=["profession", "status"], name="case_profession_idx"),
            models.Index(fields=["submitted_at"], name="case_submitted_idx"),
            models.Index(fields=["desk", "assigned_at"], name="case_desk_assigned_idx"),
            models.Index(fields=["desk", "first_contact_at"], name="case_desk_contact_idx"),
            models.Index(fields=["desk", "installed_at"], name="case_desk_installed_idx"),
            models.Index(fields=["desk", "kind", "submitted_at"], name="case_desk_kind_idx"),
            models.Index(fields=["kind", "placement_start"], name="case_placement_idx"),
            # The dashboard's « à attribuer », oldest first: read without walking every case
            # sent since (5.1 → 0.1 ms at 20,000 cases, EXPLAIN ANALYZE).
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status=CaseStatus.SUBMITTED),
                name="case_to_assign_idx",
            ),
        ]

    def __str__(self):
        return self.reference or _("brouillon n° %(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        return reverse("installations:case", kwargs={"pk": self.pk})

    @property
    def applicant_name(self):
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.applicant.email

    @property
    def is_open(self):
        return self.status in OPEN_STATES

    @property
    def is_draft(self):
        return self.status == CaseStatus.DRAFT


class CaseEventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class CaseEvent(models.Model):
    """One line of a case's timeline: who did what, when. Never edited."""

    case = models.ForeignKey(
        Case, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("type"), max_length=12, choices=EventKind.choices)
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(
        _("statut avant"), max_length=12, choices=CaseStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("statut après"), max_length=12, choices=CaseStatus.choices, blank=True
    )
    body = models.TextField(_("texte"), blank=True)
    is_public = models.BooleanField(_("visible par le demandeur"), default=False)
    details = models.JSONField(_("détails"), default=dict, blank=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("évènement du dossier")
        verbose_name_plural = _("historique du dossier")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="caseevent_case_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.created_at:%d/%m/%Y %H:%M}"


NEED_LABELS = dict(Need.choices)
SETTING_LABELS = dict(WishedSetting.choices)
