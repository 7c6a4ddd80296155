import pytest

from tests.installations.factories import CaseFactory, ReferentFactory, StepTemplateFactory


@pytest.fixture
def step_templates(db, gp):
    return [
        StepTemplateFactory(title="Inscription au tableau de l'Ordre", profession=None),
        StepTemplateFactory(title="Conventionnement avec la CPAM", profession=None),
        StepTemplateFactory(title="Rencontre avec la CPTS", profession=gp),
    ]


@pytest.fixture
def referent_profile(referent, figeac):
    return ReferentFactory(user=referent, communes=[figeac])


@pytest.fixture
def submitted_case(newcomer, desk, gp, figeac):
    return CaseFactory(applicant=newcomer, desk=desk, profession=gp, communes=[figeac])


@pytest.fixture
def assigned_case(newcomer, desk, gp, figeac, referent):
    return CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        assigned=True,
        referent=referent,
    )


@pytest.fixture
def in_progress_case(newcomer, desk, gp, figeac, referent):
    return CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
    )
