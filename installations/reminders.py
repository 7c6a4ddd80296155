"""The daily sweep: what is due, found with set-based queries, sent as one digest per person.

Each rule selects its cases in one query, never one per case; what is late comes from
``Case.objects.late_q`` (each desk's ``ServiceLevel``), the definition the « en retard » flag
of the desk's list uses too. A ``Reminder`` row per case, rule and period (unique
in the database) records what was sent; a second sweep the same day finds those rows and
sends nothing new, and each digest's ``dedup_key`` makes a second mail impossible anyway.
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from installations.enums import OPEN_STATES, CaseStatus, EventKind
from installations.models import Case, CaseEvent, Reminder, ReminderRule, ServiceLevel, Step
from installations.workdays import add_months
from portal.mail import send_templated_many
from portal.roles import Role
from territories.models import Desk, DeskMember

FOLLOWED = OPEN_STATES - {CaseStatus.DRAFT}


@dataclass(frozen=True)
class Item:
    case: Case
    rule: str
    period: str
    recipient: object  # a User
    detail: str = ""


@dataclass
class SweepResult:
    items: int = 0
    mails: int = 0
    seconds: float = 0.0
    by_rule: dict = field(default_factory=dict)


def _months(text):
    return sorted({int(part) for part in text.replace(" ", "").split(",") if part.isdigit()})


def _not_yet(queryset, rule, period):
    return queryset.exclude(
        pk__in=Reminder.objects.filter(rule=rule, period=period).values("case_id")
    )


def _sent_pairs(rule, cases):
    """(case_id, period) already sent for ``rule`` among ``cases`` (a queryset: one query)."""
    return set(Reminder.objects.filter(rule=rule, case__in=cases).values_list("case_id", "period"))


def find_due(today=None):
    """Every reminder item due today and not sent yet."""
    today = today or timezone.localdate()
    now = timezone.now()
    week = "{}-W{:02d}".format(*today.isocalendar()[:2])
    cases = Case.objects.select_related(
        "applicant", "referent", "desk", "profession", "installed_commune"
    )
    desk_ids = list(Desk.objects.filter(is_active=True).values_list("pk", flat=True))
    levels = ServiceLevel.objects.for_desks(desk_ids)
    staff = defaultdict(list)
    for member in DeskMember.objects.filter(
        user__role=Role.STAFF, user__is_active=True, desk_id__in=desk_ids
    ).select_related("user"):
        staff[member.desk_id].append(member.user)

    items = []

    def to_referent_or_staff(case, rule, period, detail=""):
        recipients = [case.referent] if case.referent_id else staff[case.desk_id]
        items.extend(Item(case, rule, period, user, detail) for user in recipients)

    # Late cases: one definition, shared with the « en retard » flag (each desk's service level).
    late = Case.objects.late_q(today)
    of_active_desks = cases.filter(desk_id__in=desk_ids)
    for case in _not_yet(
        of_active_desks.filter(late[ReminderRule.TRIAGE]), ReminderRule.TRIAGE, today.isoformat()
    ):
        items.extend(
            Item(case, ReminderRule.TRIAGE, today.isoformat(), user) for user in staff[case.desk_id]
        )

    for case in _not_yet(
        of_active_desks.filter(late[ReminderRule.FIRST_CONTACT]),
        ReminderRule.FIRST_CONTACT,
        today.isoformat(),
    ):
        items.append(Item(case, ReminderRule.FIRST_CONTACT, today.isoformat(), case.referent))

    for case in _not_yet(of_active_desks.filter(late[ReminderRule.IDLE]), ReminderRule.IDLE, week):
        to_referent_or_staff(case, ReminderRule.IDLE, week)

    for desk_id, level in levels.items():
        for months in _months(level.follow_up_months):
            period = f"{months}"
            limit = add_months(today, -months)
            for case in _not_yet(
                cases.filter(desk_id=desk_id, status=CaseStatus.INSTALLED, installed_on__lte=limit),
                ReminderRule.FOLLOW_UP,
                period,
            ):
                items.append(
                    Item(
                        case,
                        ReminderRule.FOLLOW_UP,
                        period,
                        case.applicant,
                        _("%(months)d mois") % {"months": months},
                    )
                )
                if case.referent_id:
                    items.append(
                        Item(
                            case,
                            ReminderRule.FOLLOW_UP,
                            period,
                            case.referent,
                            _("%(months)d mois") % {"months": months},
                        )
                    )

    # Rules whose period comes from the case itself: one candidate query, one query for what
    # was already sent.
    waking = cases.filter(late[ReminderRule.WAKE])
    sent = _sent_pairs(ReminderRule.WAKE, waking)
    for case in waking:
        if (case.pk, case.resume_on.isoformat()) not in sent:
            to_referent_or_staff(case, ReminderRule.WAKE, case.resume_on.isoformat())

    acting = cases.filter(status__in=FOLLOWED, next_action_on__lte=today)
    sent = _sent_pairs(ReminderRule.NEXT_ACTION, acting)
    for case in acting:
        if (case.pk, case.next_action_on.isoformat()) not in sent:
            to_referent_or_staff(case, ReminderRule.NEXT_ACTION, case.next_action_on.isoformat())

    steps = Step.objects.filter(
        done_at__isnull=True,
        due_on__lte=today,
        case__status__in=FOLLOWED | {CaseStatus.INSTALLED},
    ).select_related(
        "case__applicant",
        "case__referent",
        "case__desk",
        "case__profession",
        "case__installed_commune",
    )
    sent = _sent_pairs(ReminderRule.STEP_DUE, Case.objects.filter(steps__in=steps))
    for step in steps:
        period = f"{step.pk}:{step.due_on.isoformat()}"
        if (step.case_id, period) not in sent:
            to_referent_or_staff(step.case, ReminderRule.STEP_DUE, period, step.title)

    # Drafts have no desk yet: the default service level applies.
    defaults = ServiceLevel()
    for days in sorted({defaults.draft_first_reminder_days, defaults.draft_second_reminder_days}):
        for case in _not_yet(
            cases.filter(
                status=CaseStatus.DRAFT,
                created_at__lt=now - timedelta(days=days),
                last_activity_at__lt=now - timedelta(days=days),
            ),
            ReminderRule.DRAFT,
            str(days),
        ):
            items.append(Item(case, ReminderRule.DRAFT, str(days), case.applicant))
    return items


def _case_url(case, recipient):
    if recipient.pk == case.applicant_id:
        return settings.SITE_URL + reverse("installations:case", kwargs={"pk": case.pk})
    if case.referent_id == recipient.pk:
        return settings.SITE_URL + reverse("installations:referent_case", kwargs={"pk": case.pk})
    return settings.SITE_URL + reverse("admin:installations_case_change", args=[case.pk])


def send_due(today=None) -> SweepResult:
    """Find what is due and send it: one digest per desk member, one mail per newcomer item."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    items = find_due(today)
    result = SweepResult(items=len(items))
    by_recipient = defaultdict(list)
    for item in items:
        by_recipient[item.recipient].append(item)
        result.by_rule[item.rule] = result.by_rule.get(item.rule, 0) + 1

    messages = []
    for recipient, own in by_recipient.items():
        messages.extend(_messages(recipient, own, today))
    with transaction.atomic():
        mails = send_templated_many(messages)
        result.mails = len(messages)
        rows = {}
        for recipient, own in by_recipient.items():
            for item in own:
                rows.setdefault(
                    (item.case.pk, item.rule, item.period),
                    Reminder(
                        case=item.case,
                        rule=item.rule,
                        period=item.period,
                        recipient=recipient,
                        mail=mails.get(_dedup_key(recipient, item, today)),
                    ),
                )
        Reminder.objects.bulk_create(rows.values(), ignore_conflicts=True, batch_size=1000)
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    case=item.case,
                    kind=EventKind.REMINDER,
                    body=_("Relance « %(rule)s » envoyée à %(name)s.")
                    % {
                        "rule": ReminderRule(item.rule).label,
                        "name": item.recipient.get_full_name() or item.recipient.email,
                    },
                    details={"rule": item.rule, "period": item.period},
                )
                for item in items
            ],
            batch_size=1000,
        )
    result.seconds = time.perf_counter() - started
    return result


def _dedup_key(recipient, item, today):
    if recipient.role == Role.NEWCOMER:
        return f"reminder:{item.case.pk}:{item.rule}:{item.period}"
    return f"digest:{recipient.pk}:{today.isoformat()}"


def _messages(recipient, items, today):
    """A newcomer gets one mail per item; a desk member one digest a day for all theirs."""
    if recipient.role == Role.NEWCOMER:
        return [
            {
                "to": recipient.email,
                "template": "installations_draft_reminder"
                if item.rule == ReminderRule.DRAFT
                else "installations_follow_up",
                "context": {
                    "case": item.case,
                    "item": item,
                    "url": _case_url(item.case, recipient),
                },
                "dedup_key": _dedup_key(recipient, item, today),
            }
            for item in items
        ]
    groups = defaultdict(list)
    for item in items:
        groups[ReminderRule(item.rule).label].append(
            {"case": item.case, "detail": item.detail, "url": _case_url(item.case, recipient)}
        )
    return [
        {
            "to": recipient.email,
            "template": "installations_digest",
            "context": {
                "recipient": recipient,
                # The digest speaks for the desk of the cases it lists (its sender and signature).
                "desk": items[0].case.desk,
                "groups": dict(groups),
                "count": len(items),
                "today": today,
            },
            "dedup_key": _dedup_key(recipient, items[0], today),
        }
    ]
