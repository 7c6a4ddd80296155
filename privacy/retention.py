"""Retention: how long the portal keeps a case, and the daily job that applies it.

- A draft untouched for ``PRIVACY_DRAFT_RETENTION_MONTHS`` months is deleted, but only once its
  owner was warned ``PRIVACY_DRAFT_WARNING_DAYS`` days before (one warning per idle spell: the
  outbox's dedup key holds the draft and its last activity).
- A closed, declined or withdrawn case is anonymised ``Desk.retention_years`` years after it
  ended (``privacy.anonymise``).
- The IP addresses of the partners' link openings (``PartnerAccess``, ``SessionAccess``) are
  cleared after the access log's period (``portal.access_log.RETENTION``, a year); the rows
  stay, with their date and action, for accountability and the steering committee's figures.
- The outbox keeps a row per mail, but the body (text, HTML, attachment reference) of a mail
  sent or given up more than ``OUTBOX_BODY_RETENTION_DAYS`` days ago is replaced by
  ``ERASED_BODY``: recipient, subject, topic, status and dedup key stay (the dedup keys keep a
  mail from going twice, nothing reads an old body again).

Each rule is a selection (a queryset built in a fixed number of queries) and an action on the
whole set; ``apply_retention`` runs them all, or only says what it would do (``dry_run``).
A second run the same day finds nothing new.
"""

import calendar
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from installations.enums import ENDED_STATES, CaseStatus
from installations.models import Case
from partners.models import PartnerAccess, SessionAccess
from portal.access_log import RETENTION as ACCESS_LOG_RETENTION
from portal.mail import send_templated_many
from portal.models import MailStatus, OutgoingMail
from privacy.anonymise import anonymise_cases
from territories.models import Desk

WARNING_TEMPLATE = "privacy_draft_warning"
WARNING_KEY_PREFIX = "privacy-draft-warning:"
DEFAULT_RETENTION_YEARS = Desk._meta.get_field("retention_years").default
NO_DESK = "sans guichet"
# Long enough to answer « je n'ai pas reçu le mail » (what went, when, with which text) for a
# few months; past it, a mail to a partner or a referent would still carry the question, the
# answers and the newcomer's name long after the case is anonymised.
OUTBOX_BODY_RETENTION_DAYS = 180
ERASED_BODY = f"(contenu effacé après {OUTBOX_BODY_RETENTION_DAYS} jours)"


def months_before(moment, months: int):
    """The same day and time ``months`` months earlier (the last day of a shorter month)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def years_before(moment, years: int):
    return months_before(moment, 12 * years)


def draft_limits(now):
    """(deleted when untouched before, warned when untouched before)."""
    delete_before = months_before(now, settings.PRIVACY_DRAFT_RETENTION_MONTHS)
    warn_before = delete_before + timedelta(days=settings.PRIVACY_DRAFT_WARNING_DAYS)
    return delete_before, warn_before


def _warnings_since_last_activity():
    return OutgoingMail.objects.filter(
        topic=WARNING_TEMPLATE,
        dedup_key__startswith=Concat(
            Value(WARNING_KEY_PREFIX),
            Cast(OuterRef("pk"), CharField()),
            Value(":"),
            output_field=CharField(),
        ),
        created_at__gte=OuterRef("last_activity_at"),
    )


def drafts_to_warn(now=None):
    """Drafts that will be deleted in ``PRIVACY_DRAFT_WARNING_DAYS`` days, owner not yet warned."""
    now = now or timezone.now()
    _delete_before, warn_before = draft_limits(now)
    return Case.objects.filter(status=CaseStatus.DRAFT, last_activity_at__lt=warn_before).exclude(
        Exists(_warnings_since_last_activity())
    )


def drafts_to_delete(now=None):
    """Drafts untouched for the retention delay whose owner was warned long enough ago."""
    now = now or timezone.now()
    delete_before, _warn_before = draft_limits(now)
    warned_long_ago = _warnings_since_last_activity().filter(
        created_at__lte=now - timedelta(days=settings.PRIVACY_DRAFT_WARNING_DAYS)
    )
    return Case.objects.filter(status=CaseStatus.DRAFT, last_activity_at__lt=delete_before).filter(
        Exists(warned_long_ago)
    )


def cases_to_anonymise(now=None):
    """Finished cases past their desk's retention period, not yet anonymised. One query reads
    the desks' periods; the dates are compared in SQL."""
    now = now or timezone.now()
    periods = dict(Desk.objects.values_list("pk", "retention_years"))
    ended = Q()
    for desk_id, years in periods.items():
        ended |= Q(desk_id=desk_id, ended_at__lt=years_before(now, years))
    default_limit = years_before(now, DEFAULT_RETENTION_YEARS)
    ended |= Q(desk_id__isnull=True, ended_at__lt=default_limit)
    return (
        Case.objects.filter(status__in=ENDED_STATES, anonymised_at__isnull=True)
        .annotate(ended_at=Coalesce("closed_at", "last_activity_at"))
        .filter(ended)
    )


def partner_accesses_to_clear(now=None) -> list:
    """The partners' link openings older than the access log's period that still hold an IP
    address: one queryset per table."""
    before = (now or timezone.now()) - ACCESS_LOG_RETENTION
    return [
        model.objects.filter(at__lt=before, ip__isnull=False)
        for model in (PartnerAccess, SessionAccess)
    ]


def mail_bodies_to_erase(now=None):
    """Mails sent (or given up) more than ``OUTBOX_BODY_RETENTION_DAYS`` days ago whose body
    is still there. Pending and sending mails are never selected: they still have to go."""
    before = (now or timezone.now()) - timedelta(days=OUTBOX_BODY_RETENTION_DAYS)
    return (
        OutgoingMail.objects.filter(status__in=(MailStatus.SENT, MailStatus.FAILED))
        .filter(Q(sent_at__lt=before) | Q(sent_at__isnull=True, created_at__lt=before))
        .exclude(body_text=ERASED_BODY, body_html="", attachment="")
    )


@dataclass(frozen=True)
class Policy:
    """What the privacy page says: the very values the job reads."""

    draft_months: int
    warning_days: int
    default_years: int
    desks: list  # [(desk name, years)] of the active desks
    mail_days: int = OUTBOX_BODY_RETENTION_DAYS  # the text of mails sent, kept this long


def policy() -> Policy:
    return Policy(
        draft_months=settings.PRIVACY_DRAFT_RETENTION_MONTHS,
        warning_days=settings.PRIVACY_DRAFT_WARNING_DAYS,
        default_years=DEFAULT_RETENTION_YEARS,
        desks=list(
            Desk.objects.filter(is_active=True)
            .order_by("name")
            .values_list("name", "retention_years")
        ),
    )


@dataclass
class Item:
    pk: int
    label: str  # the reference, or « brouillon n° 12 »
    desk: str
    email: str = ""
    last_activity_at: object = None


@dataclass
class Outcome:
    dry_run: bool
    warned: list = field(default_factory=list)
    deleted: list = field(default_factory=list)
    anonymised: list = field(default_factory=list)
    ips_cleared: int = 0  # partners' link openings whose IP address went
    mail_bodies_erased: int = 0  # old outbox rows whose body went

    @staticmethod
    def by_desk(items):
        counts = {}
        for item in items:
            counts.setdefault(item.desk, []).append(item.label)
        return sorted(counts.items())

    @property
    def nothing(self):
        return not (
            self.warned
            or self.deleted
            or self.anonymised
            or self.ips_cleared
            or self.mail_bodies_erased
        )


def _items(queryset):
    rows = queryset.order_by("pk").values_list(
        "pk", "reference", "desk__name", "applicant__email", "last_activity_at"
    )
    return [
        Item(
            pk=pk,
            label=reference or f"brouillon n° {pk}",
            desk=desk or NO_DESK,
            email=email,
            last_activity_at=last,
        )
        for pk, reference, desk, email, last in rows
    ]


def _warn(items, now):
    delete_before, _warn_before = draft_limits(now)
    deletion_delay = now - delete_before
    messages = []
    for item in items:
        # Never sooner than the warning delay, even for a draft idle long before this job ran.
        deletion_on = max(
            timezone.localdate(item.last_activity_at + deletion_delay),
            timezone.localdate(now) + timedelta(days=settings.PRIVACY_DRAFT_WARNING_DAYS),
        )
        messages.append(
            {
                "to": item.email,
                "template": WARNING_TEMPLATE,
                "context": {
                    "draft_url": settings.SITE_URL + Case(pk=item.pk).get_absolute_url(),
                    "deletion_on": deletion_on,
                    "months": settings.PRIVACY_DRAFT_RETENTION_MONTHS,
                },
                "dedup_key": (
                    f"{WARNING_KEY_PREFIX}{item.pk}:{item.last_activity_at:%Y%m%d%H%M%S%f}"
                ),
            }
        )
    send_templated_many(messages)


def warn_drafts(drafts, *, now=None) -> list:
    """Warn the owners of ``drafts`` (once per idle spell); returns the items warned."""
    now = now or timezone.now()
    items = _items(drafts)
    if items:
        _warn(items, now)
    return items


def apply_retention(*, dry_run: bool = False, now=None) -> Outcome:
    """Warn, delete and anonymise what the rules select; with ``dry_run``, only say it."""
    now = now or timezone.now()
    outcome = Outcome(dry_run=dry_run)
    with transaction.atomic():
        outcome.deleted = _items(drafts_to_delete(now))
        outcome.anonymised = _items(cases_to_anonymise(now))
        outcome.warned = _items(drafts_to_warn(now))
        accesses = partner_accesses_to_clear(now)
        mails = mail_bodies_to_erase(now)
        if dry_run:
            outcome.ips_cleared = sum(queryset.count() for queryset in accesses)
            outcome.mail_bodies_erased = mails.count()
            return outcome
        outcome.ips_cleared = sum(queryset.update(ip=None) for queryset in accesses)
        # The attachment is a welcome pack's file: it belongs to the pack (deleted with it on
        # anonymisation), only the outbox's reference to it goes.
        outcome.mail_bodies_erased = mails.update(
            body_text=ERASED_BODY, body_html="", attachment=""
        )
        if outcome.deleted:
            Case.objects.filter(pk__in=[item.pk for item in outcome.deleted]).delete()
        if outcome.anonymised:
            anonymise_cases(
                Case.objects.filter(pk__in=[item.pk for item in outcome.anonymised]), now=now
            )
        if outcome.warned:
            _warn(outcome.warned, now)
    return outcome


def describe(outcome: Outcome) -> list[str]:
    """The outcome in French, one line each: counts per desk and references."""
    if outcome.dry_run:
        verbs = ("seraient supprimés", "seraient anonymisés", "recevraient un avertissement")
        ips = "Accès des partenaires de plus d'un an dont l'adresse IP serait effacée"
        bodies = (
            f"E-mails envoyés ou en échec depuis plus de {OUTBOX_BODY_RETENTION_DAYS} jours "
            "dont le contenu serait effacé"
        )
        lines = ["Simulation : rien n'est modifié."]
    else:
        verbs = ("supprimés", "anonymisés", "avertis")
        ips = "Accès des partenaires de plus d'un an dont l'adresse IP est effacée"
        bodies = (
            f"E-mails envoyés ou en échec depuis plus de {OUTBOX_BODY_RETENTION_DAYS} jours "
            "dont le contenu est effacé"
        )
        lines = []
    sections = (
        (f"Brouillons inactifs {verbs[0]}", outcome.deleted),
        (f"Dossiers terminés {verbs[1]}", outcome.anonymised),
        (f"Propriétaires de brouillons {verbs[2]}", outcome.warned),
    )
    for title, items in sections:
        lines.append(f"{title} : {len(items)}")
        for desk, labels in Outcome.by_desk(items):
            lines.append(f"  {desk} : {len(labels)} ({', '.join(labels)})")
    lines.append(f"{ips} : {outcome.ips_cleared}")
    lines.append(f"{bodies} : {outcome.mail_bodies_erased}")
    if outcome.nothing:
        lines.append("Rien à faire aujourd'hui.")
    return lines
