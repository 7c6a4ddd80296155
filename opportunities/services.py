"""Writes of the matching: the ``Match`` rows of an offer or a case, the daily mail that tells
newcomers, and the desk's introduction (the one moment contacts are revealed).

Every function here is set-based (a fixed number of queries whatever the number of rows) and
may run again without effect."""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from installations import timeline
from installations.enums import EventKind
from installations.services import touch
from opportunities.matching import FOLLOWED_STATES, cases_for, offers_for
from opportunities.models import Match
from portal.mail import send_templated, send_templated_many
from portal.models import OutgoingMail
from structures.models import Vacancy


class IntroductionError(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


def _keep(fits, *, stale, other):
    """Write ``fits`` as Match rows (new ones found now, known ones with their new score and
    reasons), then drop the rows of ``stale`` that no longer fit (``other``: the side that
    varies, ``"case_id"`` or ``"vacancy_id"``), unless the desk introduced them (an
    introduction is history). Two statements."""
    now = timezone.now()
    rows = [
        Match(
            case_id=fit.case.pk,
            vacancy_id=fit.vacancy.pk,
            score=fit.score,
            reasons=fit.reasons,
            found_at=now,
        )
        for fit in fits
    ]
    with transaction.atomic():
        if rows:
            Match.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["case", "vacancy"],
                update_fields=["score", "reasons"],
            )
        kept = [getattr(row, other) for row in rows]
        stale.filter(introduced_at__isnull=True).exclude(**{f"{other}__in": kept}).delete()
    return len(rows)


def match_offer(vacancy: Vacancy) -> int:
    """The Match rows of ``vacancy``: the followed cases it fits now (none once it is no longer
    published). Returns how many fit."""
    published = Vacancy.objects.published().filter(pk=vacancy.pk).exists()
    fits = cases_for(vacancy) if published else []
    return _keep(fits, stale=Match.objects.filter(vacancy_id=vacancy.pk), other="case_id")


def match_case(case) -> int:
    """The Match rows of ``case``: the published offers it fits now (none once it is ended)."""
    fits = offers_for(case)
    return _keep(fits, stale=Match.objects.filter(case_id=case.pk), other="vacancy_id")


def _digest_key(user_id, day):
    return f"opportunities-matches-{user_id}-{day.isoformat()}"


def notify_matches(*, now: datetime | None = None) -> int:
    """One mail a day at most to each newcomer with matches not told yet, listing them; the
    rows are then marked told. A newcomer already written to today keeps their new matches for
    tomorrow's mail. Five queries whatever the number of newcomers. Returns mails queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    pending = list(
        Match.objects.filter(
            notified_at__isnull=True,
            case__status__in=FOLLOWED_STATES,
            case__applicant__is_active=True,
            vacancy__in=Vacancy.objects.published(),
        )
        .select_related(
            "case__applicant",
            "case__desk",
            "vacancy__commune",
            "vacancy__profession",
            "vacancy__structure",
        )
        .order_by("case__applicant_id", "-score", "pk")
    )
    by_user = {}
    for match in pending:
        by_user.setdefault(match.case.applicant_id, []).append(match)
    keys = {user_id: _digest_key(user_id, today) for user_id in by_user}
    already = set(
        OutgoingMail.objects.filter(dedup_key__in=keys.values()).values_list("dedup_key", flat=True)
    )
    messages, told = [], []
    for user_id, matches in by_user.items():
        if keys[user_id] in already:
            continue
        first = matches[0]
        messages.append(
            {
                "to": first.case.applicant.email,
                "template": "opportunities_matches",
                "context": {
                    "user": first.case.applicant,
                    "case": first.case,
                    "matches": matches,
                    "case_path": first.case.get_absolute_url(),
                },
                "dedup_key": keys[user_id],
            }
        )
        told.extend(match.pk for match in matches)
    if not messages:
        return 0
    with transaction.atomic():
        send_templated_many(messages)
        Match.objects.filter(pk__in=told).update(notified_at=now)
    return len(messages)


def introduce(match: Match, by) -> Match:
    """The desk introduces the newcomer and the offerer: each gets the other's contact by mail,
    the case's timeline says so. Done once: a second call changes nothing."""
    with transaction.atomic():
        locked = (
            Match.objects.select_for_update(of=("self",))
            .select_related(
                "case__applicant",
                "case__desk",
                "case__profession",
                "vacancy__commune",
                "vacancy__structure",
                "vacancy__profession",
            )
            .get(pk=match.pk)
        )
        if locked.introduced_at is not None:
            return locked
        if locked.case.status not in FOLLOWED_STATES:
            raise IntroductionError(
                _("Ce dossier n'est plus suivi : la mise en relation n'est plus possible.")
            )
        locked.introduced_at = timezone.now()
        locked.introduced_by = by
        locked.save(update_fields=["introduced_at", "introduced_by"])
        case, vacancy = locked.case, locked.vacancy
        timeline.record(
            case,
            EventKind.VACANCY,
            actor=by,
            is_public=True,
            body=_("Mise en relation avec %(offerer)s pour l'offre : %(vacancy)s")
            % {"offerer": vacancy.contact_name or vacancy.offered_by, "vacancy": vacancy},
            details={"vacancy": vacancy.pk, "match": locked.pk},
        )
        touch(case, bump_version=False)
        context = {"match": locked, "case": case, "vacancy": vacancy}
        send_templated(
            to=case.applicant.email,
            template="opportunities_intro_newcomer",
            context={**context, "case_path": case.get_absolute_url()},
            dedup_key=f"opportunities-intro-{locked.pk}-newcomer",
        )
        if vacancy.contact_email:
            send_templated(
                to=vacancy.contact_email,
                template="opportunities_intro_offerer",
                context={
                    **context,
                    "newcomer_email": case.applicant.email,
                    "vacancy_path": reverse("structures:vacancy", kwargs={"pk": vacancy.pk}),
                },
                dedup_key=f"opportunities-intro-{locked.pk}-offerer",
            )
    return locked
