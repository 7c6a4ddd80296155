from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.phones import PhoneNumberField
from portal.roles import ADMIN_ROLES, SUPERUSER, Role, role_of


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The accounts a user may read: all for a superuser; their own and, for a desk's
        members, their colleagues' (``territories.DeskMember``, reached by its related name:
        the frame imports no app). Anyone else's account is out of reach."""
        if role_of(user) == SUPERUSER:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            models.Q(pk=user.pk) | models.Q(desk_membership__desk__members__user=user)
        )


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_superuser"] = True
        extra_fields["is_staff"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account; the e-mail address is the login."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    role = models.CharField(
        _("rôle"), max_length=20, choices=Role.choices, default=Role.NEWCOMER, db_index=True
    )
    phone = PhoneNumberField(_("téléphone"), blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        # Admin access follows the role: only staff and coordinators (and superusers) get in.
        self.is_staff = self.is_superuser or self.role in ADMIN_ROLES
        super().save(*args, **kwargs)


class MailStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    SENDING = "sending", _("en cours d'envoi")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("échec")


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Pending mail whose next attempt has come, and claims left behind by a dead worker."""
        now = now or timezone.now()
        stale = now - timezone.timedelta(minutes=15)
        return self.filter(
            models.Q(status=MailStatus.PENDING, next_attempt_at__lte=now)
            | models.Q(status=MailStatus.SENDING, claimed_at__lt=stale)
        )


class OutgoingMail(models.Model):
    """The outbox: every outgoing e-mail is a row written in the transaction that caused it."""

    to = models.EmailField(_("destinataire"))
    from_email = models.CharField(
        _("expéditeur"),
        max_length=255,
        blank=True,
        # HTML, as every help text in Django: the admin shows it unescaped.
        help_text=_("« Guichet &lt;adresse&gt; » ; vide : l'expéditeur par défaut du portail."),
    )
    subject = models.CharField(_("objet"), max_length=255)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    topic = models.CharField(_("sujet"), max_length=100, blank=True, db_index=True)
    attachment = models.CharField(
        _("pièce jointe"),
        max_length=255,
        blank=True,
        help_text=_("Chemin d'un fichier du stockage des médias, joint à l'envoi."),
    )
    dedup_key = models.CharField(
        _("clé d'unicité"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Deux messages de même clé ne sont jamais envoyés deux fois."),
    )
    status = models.CharField(
        _("état"), max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, db_index=True)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("message sortant")
        verbose_name_plural = _("messages sortants")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return f"{self.subject} → {self.to}"


class AccessAction(models.TextChoices):
    CASE_READ = "case_read", _("lecture d'un dossier")
    WELCOME_PACK = "welcome_pack", _("téléchargement d'un livret d'accueil")
    CSV_EXPORT = "csv_export", _("export CSV")


class AccessLogQuerySet(models.QuerySet):
    def older_than(self, moment):
        return self.filter(at__lt=moment)


class AccessLog(models.Model):
    """Who read which case, downloaded which welcome pack or exported which CSV, and when
    (``portal.access_log.record``). Kept a year, read by superusers only.

    The frame imports no app: the desk is its id, the object its model's label and its id."""

    user = models.ForeignKey(
        User,
        verbose_name=_("qui"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    label = models.CharField(_("quoi"), max_length=255, blank=True)
    # The model's label (``installations.case``) rather than a ContentType: writing a row is
    # one INSERT, never a content-type lookup first.
    object_type = models.CharField(_("type d'objet"), max_length=100, blank=True)
    object_id = models.CharField(_("identifiant de l'objet"), max_length=64, blank=True)
    desk_id = models.PositiveIntegerField(_("guichet (identifiant)"), null=True, db_index=True)
    at = models.DateTimeField(_("quand"), default=timezone.now, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation tracée")
        verbose_name_plural = _("journal des consultations")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_action_display()} : {self.label}"
