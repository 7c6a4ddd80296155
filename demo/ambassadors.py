"""Demo ambassadors (one still waiting for the desk's approval) and two introductions on
Camille's case, with the timeline lines the ambassadors' services write.
Fictitious contacts only: 01 99 … numbers, ``.example`` addresses."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from ambassadors.models import Ambassador, Introduction
from demo.history import ascii_name, event
from installations.enums import EventKind
from installations.models import Case
from structures.models import Profession
from territories.models import Commune

AMBASSADORS = [
    # (first, last, kind, profession, INSEE, topics, approved)
    (
        "Élise",
        "Marty",
        "professional",
        "medecin-generaliste",
        "46042",
        ["profession", "housing"],
        True,
    ),
    ("Bruno", "Vayssières", "resident", None, "46102", ["schooling", "leisure"], True),
    ("Nadia", "Cabrol", "professional", "infirmier", "46127", ["spouse_job", "profession"], True),
    ("Paul", "Lacoste", "resident", None, "46128", ["leisure", "housing"], True),
    ("Inès", "Fabre", "professional", "masseur-kinesitherapeute", "46309", ["schooling"], True),
    ("Luc", "Delpech", "resident", None, "46102", ["spouse_job"], False),
]


def _ambassadors():
    professions = {p.code: p for p in Profession.objects.all()}
    made = []
    for index, (first, last, kind, code, insee, topics, approved) in enumerate(AMBASSADORS):
        commune = Commune.objects.filter(insee_code=insee).first()
        if commune is None:
            continue
        ambassador, _created = Ambassador.objects.update_or_create(
            email=f"{ascii_name(first)}.{ascii_name(last)}@ambassadeurs.example",
            defaults={
                "first_name": first,
                "last_name": last,
                "kind": kind,
                "profession": professions.get(code) if code else None,
                "commune": commune,
                "topics": topics,
                "phone": f"01 99 00 47 {20 + index:02d}",
                "presentation": "Installé·e dans le Lot depuis plusieurs années, "
                "je partage volontiers mes adresses.",
                "consent_at": timezone.now() - timedelta(days=90 + index),
                "approved": approved,
            },
        )
        made.append(ambassador)
    return made


def _introduction(case, ambassador, topics, proposed_at, newcomer_at, ambassador_at=None):
    """One introduction proposed by the case's referent, answered by the newcomer and, when
    ``ambassador_at`` is given, by the ambassador too (then both are introduced)."""
    introduction, created = Introduction.objects.get_or_create(
        case=case,
        ambassador=ambassador,
        defaults={
            "topics": topics,
            "proposed_by": case.referent,
            "proposed_at": proposed_at,
            "newcomer_answer": "accepted",
            "newcomer_answered_at": newcomer_at,
            "ambassador_answer": "accepted" if ambassador_at else "pending",
            "ambassador_answered_at": ambassador_at,
            "introduced_at": ambassador_at,
        },
    )
    if not created:
        return
    about = {
        "name": ambassador.first_name,
        "commune": ambassador.commune.name,
        "topics": ", ".join(introduction.topic_labels),
    }
    link = {"introduction": introduction.pk}
    event(
        case,
        EventKind.UPDATE,
        proposed_at,
        case.referent,
        _("Mise en relation proposée avec %(name)s, ambassadeur à %(commune)s (%(topics)s).")
        % about,
        True,
        details=link,
    )
    answers = [(newcomer_at, _("le nouvel arrivant")), (ambassador_at, _("l'ambassadeur"))]
    for at, who in answers:
        if at is not None:
            body = _("Mise en relation avec %(name)s : %(who)s a %(answer)s.") % {
                "name": ambassador.first_name,
                "who": who,
                "answer": _("accepté"),
            }
            event(case, EventKind.NOTE, at, body=body, details=link)
    if ambassador_at is not None:
        event(
            case,
            EventKind.MAIL,
            ambassador_at,
            body=_(
                "Mise en relation faite : les coordonnées de %(name)s, ambassadeur à "
                "%(commune)s, vous ont été envoyées par e-mail (%(topics)s)."
            )
            % about,
            public=True,
            details={**link, "template": "ambassadors_intro"},
        )


def _introductions(ambassadors, now):
    """Camille's case: one introduction made, one waiting for the ambassador's answer."""
    case = Case.objects.filter(applicant__email="nouvelle.arrivante@demo.example").first()
    by_first = {a.first_name: a for a in ambassadors}
    if case is None or case.referent is None or not {"Bruno", "Élise"} <= set(by_first):
        return 0
    _introduction(
        case,
        by_first["Bruno"],
        ["schooling", "leisure"],
        proposed_at=now - timedelta(days=12),
        newcomer_at=now - timedelta(days=11),
        ambassador_at=now - timedelta(days=10),
    )
    _introduction(
        case,
        by_first["Élise"],
        ["profession"],
        proposed_at=now - timedelta(days=2),
        newcomer_at=now - timedelta(days=1),
    )
    return Introduction.objects.filter(case=case).count()


def load(report):
    ambassadors = _ambassadors()
    introductions = _introductions(ambassadors, timezone.now())
    report.line(
        f"Ambassadeurs : {len(ambassadors)} ambassadeurs, {introductions} mises en relation."
    )
