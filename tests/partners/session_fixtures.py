"""What the single appointment's tests share: a desk's partners with the steps they handle, a
case with those steps, sessions to come and past, and helpers to book."""

from datetime import timedelta

import pytest
from django.utils import timezone

from installations.models import Step
from partners import sessions
from partners.models import AppointmentSession, PartnerKind
from tests.installations.factories import CaseFactory, StepTemplateFactory
from tests.partners.factories import PartnerContactFactory, PartnerFactory

CODES = {"ordre": "inscription-ordre-test", "cpam": "convention-cpam-test", "cpts": "cpts-test"}


def make_session(desk, partners, *, starts_in=timedelta(days=7), minutes=30, count=4, **fields):
    starts = (timezone.now() + starts_in).replace(second=0, microsecond=0)
    session = AppointmentSession.objects.create(
        desk=desk,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes * count),
        place=fields.pop("place", "Maison des services, Cahors"),
        slot_minutes=minutes,
        published=fields.pop("published", True),
        **fields,
    )
    session.partners.set(partners)
    sessions.generate_slots(session)
    return session


def case_with_steps(templates, **fields):
    case = CaseFactory(**fields)
    for position, template in enumerate(templates):
        Step.objects.create(case=case, template=template, title=template.title, position=position)
    return case


@pytest.fixture
def templates(db):
    return {
        "ordre": StepTemplateFactory(
            title="Inscription au tableau de l'Ordre", code=CODES["ordre"]
        ),
        "cpam": StepTemplateFactory(title="Conventionnement avec la CPAM", code=CODES["cpam"]),
        "cpts": StepTemplateFactory(title="Rencontre avec la CPTS", code=CODES["cpts"]),
    }


@pytest.fixture
def cpam(desk):
    partner = PartnerFactory(
        desk=desk, name="CPAM du Lot", kind=PartnerKind.CPAM, step_codes=[CODES["cpam"]]
    )
    PartnerContactFactory(partner=partner, name="Sophie Marty", email="sophie@cpam.test")
    return partner


@pytest.fixture
def ordre(desk):
    partner = PartnerFactory(
        desk=desk,
        name="Ordre des médecins du Lot",
        kind=PartnerKind.ORDRE,
        step_codes=[CODES["ordre"]],
    )
    PartnerContactFactory(partner=partner, name="Jean Bouyssou", email="jean@ordre.test")
    return partner


@pytest.fixture
def session(desk, cpam, ordre):
    return make_session(desk, [cpam, ordre])


@pytest.fixture
def case(newcomer, desk, gp, figeac, templates):
    return case_with_steps(
        templates.values(),
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        first_name="Camille",
        last_name="Durand",
        assigned=True,
    )
