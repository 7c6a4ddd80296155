"""Every demo case tells a story the portal could have written: its status lines replay
through the workflow's transition table from the draft to the case's status, forward in time,
each fired by someone allowed to, and the case's dates, referent, steps, introductions and
housing agree with its timeline. Installation and placement (student) cases alike."""

import pytest
from django.utils import timezone

from ambassadors.models import Introduction
from installations.enums import REFERENT_LOAD_STATES, CaseStatus, EventKind
from installations.kinds import CaseKind
from installations.models import Case, Step
from installations.workflow import BY_NAME, TRANSITIONS
from portal.roles import Role, role_of
from students.models import HousingAllocation, HousingRequest
from territories.models import Desk

pytestmark = pytest.mark.django_db

FOLLOWED = REFERENT_LOAD_STATES | {CaseStatus.INSTALLED, CaseStatus.CLOSED}
# Status field set by each transition's effect, with the date of its status line.
STAMPED_BY = {
    "submitted_at": {"submit", "reopen"},
    "assigned_at": {"assign", "reassign"},
    "first_contact_at": {"start"},
    "installed_at": {"install"},
    "closed_at": {"close"},
}
MILESTONES = ["created_at", "submitted_at", "assigned_at", "first_contact_at", "installed_at"]


@pytest.fixture
def cases(demo_data):
    return list(
        Case.objects.select_related("applicant", "referent", "desk")
        .prefetch_related("events__actor")
        .order_by("pk")
    )


def status_lines(case):
    """The status lines in the order they were written."""
    return sorted((e for e in case.events.all() if e.kind == EventKind.STATUS), key=lambda e: e.pk)


def rule_of(line):
    """The transition a status line records: named in its details, as the workflow writes
    it, else the one that leads from its old to its new status (``None`` when none does)."""
    name = (line.details or {}).get("transition")
    if name:
        return BY_NAME.get(name)
    return next(
        (
            rule
            for rule in TRANSITIONS
            if line.from_status in rule.sources and line.to_status == rule.target
        ),
        None,
    )


def report(problems):
    return "\n".join(problems)


def test_the_demo_has_every_status_for_both_kinds_of_case(cases):
    assert {case.status for case in cases} == set(CaseStatus.values)
    assert {case.kind for case in cases} >= {CaseKind.INSTALLATION, CaseKind.PLACEMENT}
    placements = [case for case in cases if case.kind == CaseKind.PLACEMENT]
    assert len(placements) == 6


def test_every_timeline_replays_through_the_transition_table_to_the_case_status(cases):
    problems = []
    for case in cases:
        status = CaseStatus.DRAFT
        for line in status_lines(case):
            rule = rule_of(line)
            if line.from_status != status:
                problems.append(f"{case} : ligne « {line.from_status} » après « {status} »")
            if rule is None:
                problems.append(
                    f"{case} : aucune transition de « {line.from_status} » à « {line.to_status} »"
                )
            elif line.from_status not in rule.sources or line.to_status != rule.target:
                problems.append(
                    f"{case} : « {rule.name} » ne mène pas de {line.from_status} à {line.to_status}"
                )
            status = line.to_status
        if status != case.status:
            problems.append(
                f"{case} : l'historique finit « {status} », le dossier « {case.status} »"
            )
    assert not problems, report(problems)


def test_status_lines_name_their_transition_as_the_workflow_writes_them(cases):
    unnamed = [
        f"{case} : {line.from_status} → {line.to_status}"
        for case in cases
        for line in status_lines(case)
        if not (line.details or {}).get("transition")
    ]
    assert not unnamed, report(unnamed)


def test_each_transition_was_fired_by_someone_allowed_to(cases):
    problems = []
    for case in cases:
        for line in status_lines(case):
            rule, actor = rule_of(line), line.actor
            if rule is None or actor is None:
                problems.append(f"{case} : « {line.to_status} » sans transition ou sans auteur")
                continue
            role = role_of(actor)
            allowed = role in rule.actors and {
                Role.NEWCOMER: actor == case.applicant,
                Role.REFERENT: actor == case.referent,
                Role.STAFF: Desk.objects.of_user(actor).filter(pk=case.desk_id).exists(),
            }.get(role, True)
            if not allowed:
                problems.append(f"{case} : « {rule.name} » par {actor} ({role})")
    assert not problems, report(problems)


def test_timelines_never_go_back_in_time(cases):
    now = timezone.now()
    problems = []
    for case in cases:
        lines = sorted(case.events.all(), key=lambda e: e.pk)
        created = [line for line in lines if line.kind == EventKind.CREATED]
        if len(created) != 1 or created[0] != lines[0] or created[0].created_at != case.created_at:
            problems.append(f"{case} : la création n'ouvre pas l'historique")
        if any(line.created_at < case.created_at or line.created_at > now for line in lines):
            problems.append(f"{case} : une ligne avant la création ou dans le futur")
        dates = [line.created_at for line in status_lines(case)]
        if dates != sorted(dates):
            problems.append(f"{case} : changements de statut dans le désordre {dates}")
        milestones = [getattr(case, name) for name in MILESTONES if getattr(case, name)]
        if case.closed_at:
            milestones.append(case.closed_at)
        if milestones != sorted(milestones) or milestones[-1] > now:
            problems.append(f"{case} : dates du dossier dans le désordre")
        if dates and not dates[-1] <= case.last_activity_at <= now:
            problems.append(f"{case} : dernière activité avant le dernier changement de statut")
    assert not problems, report(problems)


def test_case_dates_and_version_are_those_of_their_status_lines(cases):
    problems = []
    for case in cases:
        lines = status_lines(case)
        for field, names in STAMPED_BY.items():
            stamps = [
                line.created_at for line in lines if rule_of(line) and rule_of(line).name in names
            ]
            expected = stamps[-1] if stamps else None
            if field == "closed_at" and case.status != CaseStatus.CLOSED:
                expected = None
            if getattr(case, field) != expected:
                problems.append(f"{case} : {field} = {getattr(case, field)}, historique {expected}")
        if case.version < 1 + len(lines):
            problems.append(f"{case} : version {case.version} pour {len(lines)} transitions")
        if case.status != CaseStatus.DRAFT and not (case.desk_id and case.reference):
            problems.append(f"{case} : envoyé sans guichet ni référence")
    assert not problems, report(problems)


def test_a_case_has_a_referent_exactly_when_its_timeline_assigned_one(cases):
    problems = []
    for case in cases:
        names = [rule_of(line).name for line in status_lines(case) if rule_of(line)]
        since_reopening = (
            names[len(names) - names[::-1].index("reopen") :] if "reopen" in names else names
        )
        assigned = bool({"assign", "reassign"} & set(since_reopening))
        if bool(case.referent_id) != assigned:
            problems.append(f"{case} : référent {case.referent}, attribution {assigned}")
        if case.status in FOLLOWED and role_of(case.referent) != Role.REFERENT:
            problems.append(f"{case} : « {case.status} » sans référent")
    assert not problems, report(problems)


def test_transitions_carry_what_their_form_asks_for(cases):
    today = timezone.localdate()
    problems = []
    for case in cases:
        events = sorted(case.events.all(), key=lambda e: e.pk)
        for index, line in enumerate(events):
            rule = rule_of(line) if line.kind == EventKind.STATUS else None
            if rule is None:
                continue
            if rule.name in {"decline", "hold"} and not line.body.strip():
                problems.append(f"{case} : « {rule.name} » sans motif")
            if rule.name in {"start", "reopen"}:
                following = events[index + 1] if index + 1 < len(events) else None
                if not (
                    following
                    and following.kind == EventKind.NOTE
                    and following.actor == line.actor
                    and following.created_at == line.created_at
                    and following.body.strip()
                ):
                    problems.append(f"{case} : « {rule.name} » sans la note qui l'accompagne")
        if case.status == CaseStatus.ON_HOLD and not (case.resume_on and case.resume_on > today):
            problems.append(f"{case} : en pause sans date de reprise à venir")
        if case.installed_at and not (
            case.installed_on
            and case.installed_commune_id
            and (case.installed_structure_id or case.installed_mode)
            and case.professional_id
        ):
            problems.append(f"{case} : installation sans date, lieu ou mode d'exercice")
    assert not problems, report(problems)


def lines_about(case, key, pk):
    return [e for e in case.events.all() if (e.details or {}).get(key) == pk]


def test_steps_introductions_and_housing_are_on_their_timeline(cases):
    by_pk = {case.pk: case for case in cases}
    problems = []
    for step in Step.objects.filter(done_at__isnull=False).select_related("done_by"):
        case = by_pk[step.case_id]
        if not any(
            e.kind == EventKind.STEP
            and e.created_at == step.done_at
            and e.actor == step.done_by
            and step.title in e.body
            for e in case.events.all()
        ):
            problems.append(f"{case} : démarche « {step.title} » faite sans ligne d'historique")
    for introduction in Introduction.objects.all():
        case = by_pk[introduction.case_id]
        proposals = lines_about(case, "introduction", introduction.pk)
        if not (case.assigned_at and case.assigned_at <= introduction.proposed_at):
            problems.append(f"{case} : mise en relation proposée avant l'attribution")
        if introduction.proposed_by != case.referent:
            problems.append(f"{case} : mise en relation proposée par {introduction.proposed_by}")
        if not any(e.created_at == introduction.proposed_at for e in proposals):
            problems.append(f"{case} : mise en relation sans ligne d'historique")
        answers = [
            at
            for at in (introduction.newcomer_answered_at, introduction.ambassador_answered_at)
            if at
        ]
        if any(at < introduction.proposed_at for at in answers):
            problems.append(f"{case} : réponse avant la proposition")
        if introduction.introduced_at and (
            len(answers) < 2 or introduction.introduced_at < max(answers)
        ):
            problems.append(f"{case} : mise en relation faite avant les deux réponses")
    for request in HousingRequest.objects.all():
        case = by_pk[request.case_id]
        if not (case.submitted_at and case.submitted_at <= request.created_at):
            problems.append(f"{case} : logement demandé avant l'envoi du dossier")
        if not any(
            e.created_at == request.created_at
            for e in lines_about(case, "housing_request", request.pk)
        ):
            problems.append(f"{case} : demande de logement sans ligne d'historique")
    for allocation in HousingAllocation.objects.select_related("request", "period"):
        request, period = allocation.request, allocation.period
        case = by_pk[request.case_id]
        if allocation.allocated_at < request.created_at:
            problems.append(f"{case} : logement attribué avant d'être demandé")
        if period.starts_on > request.ends_on or period.ends_on < request.starts_on:
            problems.append(f"{case} : période de logement hors des dates demandées")
        if not any(
            e.created_at == allocation.allocated_at
            for e in lines_about(case, "housing_allocation", allocation.pk)
        ):
            problems.append(f"{case} : attribution de logement sans ligne d'historique")
    assert not problems, report(problems)
