"""Writes on cases that are not status changes: drafts, messages, notes, steps, installation.

Every change leaves a ``CaseEvent``; status changes go through ``installations.workflow``.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from installations import notifications, timeline
from installations.enums import OPEN_STATES, CaseStatus, EventKind
from installations.models import Case, Step, StepTemplate
from installations.workdays import add_months
from portal.formatting import date_fr
from structures.models import Membership, Professional, ProfessionalSource, Vacancy
from territories.models import Commune, Epci

FOLLOW_UP_MONTHS = (6, 12)


class CaseError(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


def open_case_for(user, profession):
    if profession is None:
        return None
    return Case.objects.filter(
        applicant=user, profession=profession, status__in=OPEN_STATES
    ).first()


def start_draft(*, applicant) -> Case:
    """A new draft, pre-filled with what the account knows."""
    with transaction.atomic():
        case = Case.objects.create(
            applicant=applicant,
            first_name=applicant.first_name,
            last_name=applicant.last_name,
            phone=applicant.phone,
        )
        timeline.record(
            case, EventKind.CREATED, actor=applicant, is_public=True, body=_("Brouillon créé.")
        )
    return case


def save_draft(case, *, by, fields: dict, communes=None, epcis=None) -> Case:
    """Write the draft's answers. Refuses a second open case for the same profession."""
    if case.status != CaseStatus.DRAFT:
        raise CaseError(_("Cette demande est déjà envoyée : elle ne se modifie plus ici."))
    profession = fields.get("profession", case.profession)
    if profession is not None and profession != case.profession:
        other = open_case_for(case.applicant, profession)
        if other is not None and other.pk != case.pk:
            raise CaseError(
                _(
                    "Vous avez déjà un dossier en cours pour la profession « %(profession)s » "
                    "(%(reference)s). Un seul dossier ouvert par profession : complétez celui-ci "
                    "ou retirez-le d'abord."
                )
                % {"profession": profession, "reference": other.reference or _("brouillon")}
            )
    for name, value in fields.items():
        setattr(case, name, value)
    case.last_activity_at = timezone.now()
    try:
        with transaction.atomic():
            case.save()
            if communes is not None:
                case.wished_communes.set(communes)
            if epcis is not None:
                case.wished_epcis.set(epcis)
    except IntegrityError:
        raise CaseError(_("Vous avez déjà un dossier en cours pour cette profession.")) from None
    return case


def create_steps(case):
    """The case's checklist, from the templates of its profession (and its parent's) and the
    templates for every profession, that serve its practice mode (``StepTemplate.serves``).
    Idempotent: existing steps are kept."""
    professions = [
        p for p in (case.profession_id, case.profession.parent_id if case.profession else None) if p
    ]
    templates = StepTemplate.objects.filter(
        # None at all when the case has its steps already: one query, not two.
        ~Exists(Step.objects.filter(case_id=case.pk)),
        Q(profession__isnull=True) | Q(profession__in=professions),
        Q(case_kind="") | Q(case_kind=case.kind),
        is_active=True,
    )
    Step.objects.bulk_create(
        Step(case=case, template=t, title=t.title, description=t.description, position=t.position)
        for t in templates
        if t.serves(case.practice_mode)
    )


def record_installation(case, details):
    """Installation effect: dates, place, the ``Professional`` record and follow-up steps."""
    commune = details["commune"]
    structure = details.get("structure")
    mode = details.get("mode") or ""
    case.installed_on = details["installed_on"]
    case.installed_at = timezone.now()
    case.installed_commune = commune
    case.installed_structure = structure
    case.installed_mode = mode
    professional = (
        case.professional
        or Professional.objects.filter(user=case.applicant, profession=case.profession).first()
    )
    if professional is None:
        professional = Professional(user=case.applicant, source=ProfessionalSource.CASE)
    professional.first_name = case.first_name
    professional.last_name = case.last_name
    professional.profession = case.profession
    professional.commune = commune
    professional.practice_start = case.installed_on
    professional.email = case.applicant.email
    if (
        case.rpps
        and not Professional.objects.filter(rpps=case.rpps).exclude(pk=professional.pk).exists()
    ):
        professional.rpps = case.rpps
    professional.save()
    if structure is not None:
        Membership.objects.get_or_create(professional=professional, structure=structure)
    case.professional = professional
    last = case.steps.order_by("-position").values_list("position", flat=True).first() or 0
    Step.objects.bulk_create(
        Step(
            case=case,
            title=_("Point de suivi à %(months)d mois") % {"months": months},
            description=_("Comment se passe votre installation ?"),
            position=last + index + 1,
            due_on=add_months(case.installed_on, months),
        )
        for index, months in enumerate(FOLLOW_UP_MONTHS)
    )


def touch(case, *, bump_version: bool, save: bool = True) -> None:
    """Record activity on ``case`` (``last_activity_at``: the idle reminder and the lists read
    it), on the row and on the object.

    ``bump_version=True`` for any change a concurrent editor must not overwrite: a field of the
    case or a list that describes the request (wished places, vacancies, training site, housing
    need). A form opened before it (a transition, whose ``expected_version`` it checks) then
    says « modifié entre-temps » instead of deciding on what it did not see. ``False`` for what
    only adds beside the case (a message, a note, a step ticked, a housing decision): nothing
    someone else typed can be lost. ``transition()`` always bumps.

    ``save=False`` for a caller that holds the row's lock and saves the object right after
    (``transition()``): the change is made on the object only and goes out with that save."""
    now = timezone.now()
    if save:
        changes = {"last_activity_at": now}
        if bump_version:
            changes["version"] = F("version") + 1
        Case.objects.filter(pk=case.pk).update(**changes)
    case.last_activity_at = now
    if bump_version:
        case.version += 1


def post_message(case, *, by, body):
    """A message between the newcomer and their referent, visible to both; mail to the other."""
    if case.status == CaseStatus.DRAFT:
        raise CaseError(_("Envoyez d'abord votre demande pour écrire au guichet."))
    with transaction.atomic():
        event = timeline.record(case, EventKind.MESSAGE, actor=by, body=body, is_public=True)
        touch(case, bump_version=False)
        notifications.new_message(case, event)
    return event


def add_note(case, *, by, body):
    with transaction.atomic():
        event = timeline.record(case, EventKind.NOTE, actor=by, body=body)
        touch(case, bump_version=False)
    return event


def set_next_action(case, *, by, on):
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(next_action_on=on)
        touch(case, bump_version=True)
        text = (
            _("Prochaine action prévue le %(date)s.") % {"date": date_fr(on)}
            if on
            else _("Prochaine action retirée.")
        )
        timeline.record(case, EventKind.NEXT_ACTION, actor=by, body=text)
    case.next_action_on = on


def set_step_done(case, step, *, by, done: bool):
    with transaction.atomic():
        updated = Step.objects.filter(pk=step.pk, case=case, done_at__isnull=done).update(
            done_at=timezone.now() if done else None, done_by=by if done else None
        )
        if not updated:
            return False
        text = (_("Démarche faite : %(title)s") if done else _("Démarche rouverte : %(title)s")) % {
            "title": step.title
        }
        timeline.record(case, EventKind.STEP, actor=by, body=text, is_public=True)
        touch(case, bump_version=False)
    return True


def express_interest(*, user, vacancy):
    """« Ce poste m'intéresse »: add the vacancy to the newcomer's open case. Returns the case.

    Only an open vacancy takes interest: a filled or closed one raises ``ValidationError``."""
    if not Vacancy.objects.open().filter(pk=vacancy.pk).exists():
        raise ValidationError(
            _("Ce poste est déjà pourvu ou n'est plus proposé : vous ne pouvez plus le signaler.")
        )
    cases = Case.objects.filter(applicant=user, status__in=OPEN_STATES)
    same_profession = (
        cases.filter(profession=vacancy.profession).first() if vacancy.profession_id else None
    )
    case = same_profession or cases.order_by("-created_at").first()
    if case is None:
        return None
    with transaction.atomic():
        if not case.interested_vacancies.filter(pk=vacancy.pk).exists():
            case.interested_vacancies.add(vacancy)
            timeline.record(
                case,
                EventKind.VACANCY,
                actor=user,
                is_public=True,
                body=_("Intéressé·e par le poste : %(vacancy)s") % {"vacancy": vacancy},
            )
            touch(case, bump_version=True)
    return case


def covered_epcis():
    return Epci.objects.filter(communes__in=Commune.objects.covered()).distinct().order_by("name")
