import secrets
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.enums import (
    EXPECTED_STATES,
    SEATED_STATES,
    Audience,
    DocumentKind,
    EventKind,
    EventStatus,
    InvitationStatus,
    LettersFor,
)
from portal.document_jobs import DocumentJob
from portal.phones import PhoneNumberField
from portal.roles import SUPERUSER, Role, role_of
from territories.models import Desk
from territories.text import fold

MANAGER_ROLES = frozenset({Role.STAFF, Role.COORDINATOR})
OFFICE_ROLES = MANAGER_ROLES | {Role.REFERENT}


class DeskScopedQuerySet(models.QuerySet):
    """Rows that belong to a desk (events, co-hosts): managers change their desk's, referents
    read them, superusers reach all."""

    def _of_desk_for(self, user, roles):
        role = role_of(user)
        if role == SUPERUSER:
            return self.all()
        if role in roles:
            return self.filter(desk__in=Desk.objects.of_user(user))
        return self.none()

    def manageable_by(self, user):
        return self._of_desk_for(user, MANAGER_ROLES)

    def visible_to(self, user):
        return self._of_desk_for(user, OFFICE_ROLES)


class EventQuerySet(DeskScopedQuerySet):
    def public(self):
        """On the public calendar: flagged published and out of draft."""
        return self.filter(is_published=True).exclude(status=EventStatus.DRAFT)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def public_for(self, user):
        """The public event pages a user may open: the public events, plus their desk's
        others (drafts, unpublished) for its members."""
        public = Q(is_published=True) & ~Q(status=EventStatus.DRAFT)
        role = role_of(user)
        if role == SUPERUSER:
            return self.all()
        if role in OFFICE_ROLES:
            return self.filter(public | Q(desk__in=Desk.objects.of_user(user)))
        return self.filter(public)

    def with_counts(self):
        """People invited, seated (people, and seats with their companions) and waiting,
        in the same query as the events."""
        seated = Q(invitations__status__in=SEATED_STATES)
        return self.annotate(
            invited_count=Count("invitations"),
            accepted_count=Count("invitations", filter=seated),
            seats_count=Coalesce(
                Sum(models.F("invitations__guests") + 1, filter=seated),
                0,
            ),
            waiting_count=Count(
                "invitations", filter=Q(invitations__status=InvitationStatus.WAITING)
            ),
        )


class Event(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    desk = models.ForeignKey(
        Desk,
        verbose_name=_("guichet organisateur"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    partner_structures = models.ManyToManyField(
        "structures.Structure",
        verbose_name=_("structures partenaires"),
        blank=True,
        related_name="partner_events",
        help_text=_("Une CPTS, une maison de santé…"),
    )
    partner_epcis = models.ManyToManyField(
        "territories.Epci",
        verbose_name=_("intercommunalités partenaires"),
        blank=True,
        related_name="partner_events",
    )
    co_hosts = models.ManyToManyField(
        "events.CoHost",
        verbose_name=_("co-organisateurs"),
        blank=True,
        related_name="events",
        help_text=_("Leur logo et leur signature figurent sur les lettres et les badges."),
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    venue_name = models.CharField(_("lieu"), max_length=200, help_text=_("Ex. salle des fêtes."))
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("Au moins une place, ou laissez vide : sans limite."))],
        help_text=_("Accompagnants compris. Vide : pas de limite."),
    )
    description = models.TextField(_("présentation"), blank=True)
    audience = models.CharField(
        _("public visé"), max_length=250, blank=True, help_text=_("Ex. internes du semestre.")
    )
    registration_deadline = models.DateTimeField(_("date limite de réponse"), null=True, blank=True)
    is_published = models.BooleanField(
        _("affiché sur le calendrier public"), default=True, db_index=True
    )
    status = models.CharField(
        _("état"),
        max_length=10,
        choices=EventStatus.choices,
        default=EventStatus.DRAFT,
    )
    cancellation_reason = models.TextField(_("motif d'annulation"), blank=True)
    survey_sent_at = models.DateTimeField(
        _("questionnaire de satisfaction envoyé le"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("évènement")
        verbose_name_plural = _("évènements")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "is_published", "ends_at"], name="event_public_idx"),
            models.Index(fields=["desk", "starts_at"], name="event_desk_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("La fin doit suivre le début."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_at_least_one",
                violation_error_message=_("Au moins une place, ou laissez vide : sans limite."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event", kwargs={"pk": self.pk})

    def is_past(self, now=None):
        return self.ends_at < (now or timezone.now())

    def seats_remaining(self):
        """Free seats (one query), or None without a limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.invitations.seats_taken(), 0)

    def deadline_passed(self, now=None):
        now = now or timezone.now()
        if self.registration_deadline:
            return now > self.registration_deadline
        return now >= self.starts_at


class EventPartQuerySet(models.QuerySet):
    """What hangs off an event (invitations, messages, documents) is reached through it."""

    def visible_to(self, user):
        return self.filter(event__in=Event.objects.visible_to(user))

    def manageable_by(self, user):
        return self.filter(event__in=Event.objects.manageable_by(user))


class InvitationQuerySet(EventPartQuerySet):
    def for_user(self, user):
        """A signed-in person's invitations that have been sent: invited as an account, as a
        professional record linked to the account, or by the account's (verified) address."""
        if not user.is_authenticated:
            return self.none()
        # One indexed lookup per way of being invited (user_id, the professional's user_id,
        # Lower(email) — the invitation_email_lower_idx expression), united: an OR across the
        # join and a case-insensitive match would scan the whole table.
        mine = (
            self.model.objects.filter(user=user)
            .order_by()
            .values("pk")
            .union(self.model.objects.filter(professional__user=user).order_by().values("pk"))
        )
        email = (user.email or "").strip().lower()
        if email:
            mine = mine.union(
                self.model.objects.alias(email_lower=Lower("email"))
                .filter(email_lower=email)
                .order_by()
                .values("pk")
            )
        return (
            self.filter(pk__in=mine, sent_at__isnull=False)
            .exclude(event__status=EventStatus.DRAFT)
            .select_related("event", "event__commune")
            .order_by("-event__starts_at")
        )

    def expected(self):
        return self.filter(status__in=EXPECTED_STATES)

    def by_name(self):
        return self.order_by("last_name", "first_name", "pk")

    def search(self, text):
        text = fold(text or "")
        return self.filter(search_name__contains=text) if text else self

    def of_audience(self, audience, now=None):
        now = now or timezone.now()
        match audience:
            case Audience.ACCEPTED:
                return self.filter(status=InvitationStatus.ACCEPTED)
            case Audience.WAITING:
                return self.filter(status=InvitationStatus.WAITING)
            case Audience.NO_ANSWER:
                return self.filter(status=InvitationStatus.INVITED)
            case Audience.ATTENDED:
                return self.filter(status=InvitationStatus.ATTENDED)
            case Audience.ABSENT:
                return self.filter(status=InvitationStatus.ACCEPTED, event__starts_at__lt=now)
        return self.none()

    def counts(self) -> dict:
        """Answer and attendance counts in one query; ``accepted`` counts people and
        ``seats`` their seats with companions. ``to_mail``: e-mails not yet sent;
        ``letters_due``: guests without e-mail (not declined) whose letter has not left;
        ``concerned_mailed`` / ``concerned_no_email``: who a change or a cancellation
        reaches by e-mail, and who must be phoned."""
        status = InvitationStatus
        no_email = Q(email="")
        concerned = ~Q(status=status.DECLINED)
        return self.aggregate(
            to_mail=Count("pk", filter=Q(sent_at__isnull=True) & ~no_email),
            letters_due=Count("pk", filter=no_email & Q(letter_sent_at__isnull=True) & concerned),
            concerned_mailed=Count("pk", filter=concerned & Q(sent_at__isnull=False) & ~no_email),
            concerned_no_email=Count("pk", filter=concerned & no_email),
            total=Count("pk"),
            sent=Count("pk", filter=Q(sent_at__isnull=False)),
            invited=Count("pk", filter=Q(status=status.INVITED)),
            accepted=Count("pk", filter=Q(status__in=EXPECTED_STATES)),
            declined=Count("pk", filter=Q(status=status.DECLINED)),
            waiting=Count("pk", filter=Q(status=status.WAITING)),
            attended=Count("pk", filter=Q(status=status.ATTENDED)),
            seats=Coalesce(Sum(models.F("guests") + 1, filter=Q(status__in=SEATED_STATES)), 0),
        )

    def seats_taken(self):
        """Seats held, guests included."""
        return self.filter(status__in=SEATED_STATES).aggregate(
            seats=Coalesce(Sum(models.F("guests") + 1), 0)
        )["seats"]

    def waiting_queue(self):
        """The waiting list, first come first served: ``(queued_at, pk)``."""
        return self.filter(status=InvitationStatus.WAITING).order_by("queued_at", "pk")

    def fitting(self, free):
        """Those whose party (themselves and their companions) fits ``free`` seats."""
        return self.filter(guests__lte=free - 1)


def new_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """One person invited to one event, with their answer. The token in the answer link is
    the only key a guest needs."""

    event = models.ForeignKey(
        Event, verbose_name=_("évènement"), on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_invitations",
    )
    professional = models.ForeignKey(
        "structures.Professional",
        verbose_name=_("professionnel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_invitations",
    )
    # A snapshot of who was invited, so lists, sheets and badges need no joins.
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    profession_label = models.CharField(_("profession"), max_length=120, blank=True)
    structure_label = models.CharField(_("structure"), max_length=200, blank=True)
    phone = PhoneNumberField(_("téléphone"), blank=True)
    # Postal address, for guests invited by letter (the envelope window shows it).
    address_line = models.CharField(_("adresse"), max_length=250, blank=True)
    address_extra = models.CharField(_("complément d'adresse"), max_length=250, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    search_name = models.CharField(max_length=210, editable=False)
    token = models.CharField(_("jeton"), max_length=64, unique=True, default=new_token)
    status = models.CharField(
        _("réponse"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.INVITED,
    )
    guests = models.PositiveSmallIntegerField(_("accompagnants"), default=0)
    companion_names = models.TextField(
        _("noms des accompagnants"),
        blank=True,
        help_text=_("Un par ligne ; pour la feuille d'émargement et les badges."),
    )
    # Place in the waiting list: when the person joined it (a move by hand rewrites it and
    # is recorded in the event's log). Null when not waiting.
    queued_at = models.DateTimeField(_("en liste d'attente depuis"), null=True, blank=True)
    walk_in = models.BooleanField(_("venu·e sans invitation"), default=False)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("arrivé·e à"), null=True, blank=True)
    # The answer before arriving (a guest who had declined may still come): « annuler
    # l'arrivée » gives it back.
    status_before_check_in = models.CharField(
        _("réponse avant l'arrivée"), max_length=12, choices=InvitationStatus.choices, blank=True
    )
    # E-mailed invitation (only guests with an address); letters have their own date.
    sent_at = models.DateTimeField(_("invitation envoyée le"), null=True, blank=True)
    letter_sent_at = models.DateTimeField(_("lettre envoyée le"), null=True, blank=True)
    # « À appeler » : a guest without e-mail to phone about a change or a cancellation.
    call_reason = models.CharField(_("à appeler pour"), max_length=250, blank=True)
    call_needed_at = models.DateTimeField(_("à appeler depuis"), null=True, blank=True)
    called_at = models.DateTimeField(_("appelé·e le"), null=True, blank=True)
    created_at = models.DateTimeField(_("ajouté·e le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(fields=["event", "status"], name="invitation_event_status_idx"),
            models.Index(fields=["event", "last_name", "first_name"], name="invitation_name_idx"),
            models.Index(fields=["event", "search_name"], name="invitation_search_idx"),
            models.Index(fields=["status", "answered_at"], name="invitation_answered_idx"),
            models.Index(fields=["event", "status", "queued_at"], name="invitation_queue_idx"),
            models.Index(Lower("email"), name="invitation_email_lower_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False),
                name="invitation_unique_user",
                violation_error_message=_("Cette personne est déjà invitée."),
            ),
            models.UniqueConstraint(
                fields=["event", "professional"],
                condition=Q(professional__isnull=False),
                name="invitation_unique_professional",
                violation_error_message=_("Cette personne est déjà invitée."),
            ),
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(email=""),
                name="invitation_unique_email",
                violation_error_message=_("Cette adresse est déjà invitée."),
            ),
            models.CheckConstraint(
                condition=Q(guests__lte=10),
                name="invitation_guests_max_10",
                violation_error_message=_("Dix accompagnants au plus."),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.event}"

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.first_name} {self.last_name}")
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def sort_name(self):
        return f"{self.last_name.upper()} {self.first_name}".strip()

    @property
    def seats(self):
        return 1 + self.guests

    def queue_position(self):
        """1 for the head of the waiting list (one query); None when not waiting."""
        if self.status != InvitationStatus.WAITING or self.queued_at is None:
            return None
        ahead = Invitation.objects.filter(
            Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk),
            event_id=self.event_id,
            status=InvitationStatus.WAITING,
        )
        return ahead.count() + 1

    def get_answer_url(self):
        return reverse("events:answer", kwargs={"token": self.token})

    def get_absolute_answer_url(self):
        return settings.SITE_URL + self.get_answer_url()


class GuestMessage(models.Model):
    """A message a coordinator wrote to a segment of an event's guests (kept as a record,
    and as the key that makes each guest receive it once)."""

    event = models.ForeignKey(
        Event, verbose_name=_("évènement"), on_delete=models.CASCADE, related_name="messages"
    )
    audience = models.CharField(_("destinataires"), max_length=12, choices=Audience.choices)
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("message"))
    recipients = models.PositiveIntegerField(_("destinataires"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)

    objects = EventPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("message aux invités")
        verbose_name_plural = _("messages aux invités")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


def document_path(job, filename):
    return f"events/documents/{uuid.uuid4().hex}.pdf"


class PrintJob(DocumentJob):
    """A printable document of an event (letters, sign-in sheet, badges), made off-request
    (``portal.document_jobs``). ``total`` counts the people it lists."""

    event = models.ForeignKey(
        Event, verbose_name=_("évènement"), on_delete=models.CASCADE, related_name="print_jobs"
    )
    kind = models.CharField(_("document"), max_length=12, choices=DocumentKind.choices)
    letters_for = models.CharField(
        _("lettres pour"), max_length=12, choices=LettersFor.choices, default=LettersFor.ALL
    )
    file = models.FileField(_("fichier"), upload_to=document_path, blank=True)

    objects = EventPartQuerySet.as_manager()

    class Meta(DocumentJob.Meta):
        verbose_name = _("document à imprimer")
        verbose_name_plural = _("documents à imprimer")
        indexes = [models.Index(fields=["event", "kind", "data_key"], name="printjob_key_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.event}"

    @property
    def filename(self):
        return f"{self.kind}-evenement-{self.event_id}.pdf"


def cohost_logo_path(instance, filename):
    return f"events/cohosts/{uuid.uuid4().hex}.png"


class CoHost(models.Model):
    """A partner who co-hosts a desk's events (a CPTS, an intercommunality…): its name, logo
    and signature go on letters and badges beside the desk's."""

    desk = models.ForeignKey(
        Desk, verbose_name=_("guichet"), on_delete=models.CASCADE, related_name="event_cohosts"
    )
    name = models.CharField(_("nom"), max_length=200)
    logo = models.ImageField(
        _("logo"),
        upload_to=cohost_logo_path,
        blank=True,
        help_text=_("PNG ou JPEG, 1 Mo au plus ; enregistré en PNG sans ses métadonnées."),
    )
    signatory_name = models.CharField(_("signataire"), max_length=150, blank=True)
    signatory_title = models.CharField(_("qualité du signataire"), max_length=150, blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    objects = DeskScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-organisateur")
        verbose_name_plural = _("co-organisateurs")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["desk", "name"], name="cohost_unique_name_per_desk"),
        ]

    def __str__(self):
        return self.name


class EventLogKind(models.TextChoices):
    MOVED_UP = "moved_up", _("avancé·e dans la liste d'attente")
    PROMOTED = "promoted", _("place attribuée depuis la liste d'attente")
    SURPLUS = "surplus", _("remis·e en liste d'attente (places réduites)")
    REMOVED = "removed", _("retiré·e de la liste des invités")
    WALK_IN = "walk_in", _("ajouté·e à l'accueil")
    LETTERS = "letters", _("lettres marquées envoyées")
    CALLED = "called", _("appelé·e")
    CAPACITY = "capacity", _("nombre de places modifié")


class EventLog(models.Model):
    """What happened to an event's guest list by hand or by rule, with who did it: the
    coordinator's record (moves in the queue, removals, walk-ins, letters, calls)."""

    event = models.ForeignKey(
        Event, verbose_name=_("évènement"), on_delete=models.CASCADE, related_name="log"
    )
    invitation = models.ForeignKey(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="log",
    )
    guest_name = models.CharField(_("invité·e"), max_length=210, blank=True)
    kind = models.CharField(_("quoi"), max_length=12, choices=EventLogKind.choices)
    detail = models.CharField(_("détail"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("le"), default=timezone.now)

    objects = EventPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal de l'évènement")
        verbose_name_plural = _("journal de l'évènement")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["event", "-at"], name="eventlog_event_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.guest_name}"


class SurveyAnswer(models.Model):
    """A guest's answer to the satisfaction survey after the event (no account: the
    invitation's token is the key; one answer per invitation, changeable)."""

    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.CASCADE,
        related_name="survey_answer",
    )
    event = models.ForeignKey(
        Event, verbose_name=_("évènement"), on_delete=models.CASCADE, related_name="survey_answers"
    )
    # 1 (pas du tout) to 5 (tout à fait).
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction d'ensemble"))
    usefulness = models.PositiveSmallIntegerField(_("utile pour votre installation"))
    comment = models.TextField(_("ce qui manquait, ce qu'il faudrait garder"), blank=True)
    answered_at = models.DateTimeField(_("répondu le"), default=timezone.now)

    objects = EventPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("réponse au questionnaire de satisfaction")
        verbose_name_plural = _("réponses au questionnaire de satisfaction")
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5)
                & Q(usefulness__gte=1, usefulness__lte=5),
                name="survey_scores_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.event} — {self.satisfaction}/5"
