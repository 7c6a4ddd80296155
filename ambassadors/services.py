"""Ambassadors: registration, a referent's proposal, both parties' answers by link, and the
introduction mail, sent only once both have accepted and written on the case's timeline.

What an ambassador learns of a case is ``ambassador_view(introduction)``: the newcomer's first
name, profession and the topics chosen; nothing else is ever put in their mails or pages.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassadors.models import TOPIC_LABELS, Ambassador, Answer, Introduction
from installations import timeline
from installations.enums import OPEN_STATES, CaseStatus, EventKind
from portal.mail import send_templated

ANSWER_DAYS = 30
NEWCOMER, AMBASSADOR = "newcomer", "ambassador"


class AmbassadorError(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


def register(*, consent: bool, topics, **fields) -> Ambassador:
    """A volunteer signs up; the desk validates before anyone is proposed to them."""
    if not consent:
        raise AmbassadorError(_("Votre accord pour être contacté·e est nécessaire."))
    topics = [t for t in topics if t in TOPIC_LABELS]
    if not topics:
        raise AmbassadorError(_("Choisissez au moins un sujet."))
    return Ambassador.objects.create(topics=topics, consent_at=timezone.now(), **fields)


def proposable_for(case):
    """Approved ambassadors of the case's desk not yet proposed on this case."""
    if case.desk_id is None:
        return Ambassador.objects.none()
    return (
        Ambassador.objects.available()
        .of_desk(case.desk)
        .exclude(introductions__case=case)
        .select_related("commune", "profession")
        .order_by("commune__name", "last_name")
    )


def ambassador_view(introduction) -> dict:
    """All an ambassador may know of the case."""
    case = introduction.case
    return {
        "first_name": case.first_name,
        "profession": case.profession.label if case.profession_id else "",
        "topics": introduction.topic_labels,
    }


def _desk_context(case):
    desk = case.desk
    return {
        "desk": desk,
        "desk_name": desk.name if desk else "",
        "desk_email": desk.email if desk else "",
    }


def propose(case, *, ambassador, topics, by) -> Introduction:
    if case.status not in OPEN_STATES - {CaseStatus.DRAFT} and case.status != CaseStatus.INSTALLED:
        raise AmbassadorError(_("On ne propose un ambassadeur que sur un dossier en cours."))
    if not proposable_for(case).filter(pk=ambassador.pk).exists():
        raise AmbassadorError(_("Cet ambassadeur ne peut pas être proposé sur ce dossier."))
    topics = [t for t in topics if t in TOPIC_LABELS]
    if not topics:
        raise AmbassadorError(_("Choisissez au moins un sujet."))
    with transaction.atomic():
        introduction = Introduction.objects.create(
            case=case, ambassador=ambassador, topics=topics, proposed_by=by
        )
        timeline.record(
            case,
            EventKind.UPDATE,
            actor=by,
            is_public=True,
            body=_(
                "Mise en relation proposée avec %(name)s, ambassadeur à %(commune)s (%(topics)s)."
            )
            % {
                "name": ambassador.first_name,
                "commune": ambassador.commune.name,
                "topics": ", ".join(introduction.topic_labels),
            },
            details={"introduction": introduction.pk},
        )
        send_templated(
            to=case.applicant.email,
            template="ambassadors_proposal_newcomer",
            context={
                "first_name": case.first_name,
                "ambassador": public_ambassador(ambassador),
                "topics": introduction.topic_labels,
                "url": introduction.answer_url(NEWCOMER),
                "days": ANSWER_DAYS,
                **_desk_context(case),
            },
            dedup_key=f"ambassador-proposal-{introduction.pk}-newcomer",
        )
        send_templated(
            to=ambassador.email,
            template="ambassadors_proposal_ambassador",
            context={
                "ambassador_first_name": ambassador.first_name,
                "newcomer": ambassador_view(introduction),
                "url": introduction.answer_url(AMBASSADOR),
                "days": ANSWER_DAYS,
                **_desk_context(case),
            },
            dedup_key=f"ambassador-proposal-{introduction.pk}-ambassador",
        )
    return introduction


def public_ambassador(ambassador) -> dict:
    """What a newcomer sees of an ambassador before both accept (no contact details)."""
    return {
        "first_name": ambassador.first_name,
        "commune": ambassador.commune.name,
        "kind": ambassador.get_kind_display(),
        "profession": ambassador.profession.label if ambassador.profession_id else "",
        "presentation": ambassador.presentation,
    }


def find(token):
    """``(introduction, party)`` for a link's token, or ``(None, None)``."""
    if not token or len(token) > 64:
        return None, None
    introduction = (
        Introduction.objects.select_related(
            "case", "case__profession", "case__desk", "ambassador", "ambassador__commune"
        )
        .filter(newcomer_token=token)
        .first()
    )
    if introduction is not None:
        return introduction, NEWCOMER
    introduction = (
        Introduction.objects.select_related(
            "case", "case__profession", "case__desk", "ambassador", "ambassador__commune"
        )
        .filter(ambassador_token=token)
        .first()
    )
    return (introduction, AMBASSADOR) if introduction is not None else (None, None)


def is_expired(introduction, now=None) -> bool:
    now = now or timezone.now()
    return introduction.introduced_at is None and now > introduction.proposed_at + timedelta(
        days=ANSWER_DAYS
    )


def answer(introduction, party, *, accept: bool) -> Introduction:
    """Record one party's answer (once); when both have accepted, introduce them."""
    field = "newcomer_answer" if party == NEWCOMER else "ambassador_answer"
    with transaction.atomic():
        locked = (
            Introduction.objects.select_for_update(of=("self",))
            .select_related("case", "case__applicant", "case__profession", "case__desk")
            .select_related("ambassador", "ambassador__commune", "ambassador__profession")
            .get(pk=introduction.pk)
        )
        if getattr(locked, field) != Answer.PENDING:
            raise AmbassadorError(_("Votre réponse est déjà enregistrée. Merci !"))
        if is_expired(locked):
            raise AmbassadorError(_("Cette proposition a expiré : le guichet peut la renouveler."))
        setattr(locked, field, Answer.ACCEPTED if accept else Answer.DECLINED)
        setattr(locked, f"{party}_answered_at", timezone.now())
        locked.save(update_fields=[field, f"{party}_answered_at"])
        who = _("le nouvel arrivant") if party == NEWCOMER else _("l'ambassadeur")
        timeline.record(
            locked.case,
            EventKind.NOTE,
            body=(_("Mise en relation avec %(name)s : %(who)s a %(answer)s."))
            % {
                "name": locked.ambassador.first_name,
                "who": who,
                "answer": _("accepté") if accept else _("décliné"),
            },
            details={"introduction": locked.pk},
        )
        if locked.newcomer_answer == locked.ambassador_answer == Answer.ACCEPTED:
            _introduce(locked)
    return locked


def _introduce(introduction):
    """Both accepted: send the introduction, once, and write it on the timeline."""
    introduction.introduced_at = timezone.now()
    introduction.save(update_fields=["introduced_at"])
    case, ambassador = introduction.case, introduction.ambassador
    context = {**_desk_context(case), "site_url": settings.SITE_URL}
    send_templated(
        to=case.applicant.email,
        template="ambassadors_intro_newcomer",
        context={
            **context,
            "first_name": case.first_name,
            "ambassador": {
                **public_ambassador(ambassador),
                "last_name": ambassador.last_name,
                "email": ambassador.email,
                "phone": ambassador.phone,
            },
            "topics": introduction.topic_labels,
        },
        dedup_key=f"ambassador-intro-{introduction.pk}-newcomer",
    )
    send_templated(
        to=ambassador.email,
        template="ambassadors_intro_ambassador",
        context={
            **context,
            "ambassador_first_name": ambassador.first_name,
            "newcomer": ambassador_view(introduction),
        },
        dedup_key=f"ambassador-intro-{introduction.pk}-ambassador",
    )
    timeline.record(
        case,
        EventKind.MAIL,
        is_public=True,
        body=_(
            "Mise en relation faite : les coordonnées de %(name)s, ambassadeur à %(commune)s, "
            "vous ont été envoyées par e-mail (%(topics)s)."
        )
        % {
            "name": ambassador.first_name,
            "commune": ambassador.commune.name,
            "topics": ", ".join(introduction.topic_labels),
        },
        details={"introduction": introduction.pk, "template": "ambassadors_intro"},
    )
