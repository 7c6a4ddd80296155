import factory
from django.utils import timezone

from installations.enums import CaseStatus
from installations.models import Case, Referent, StepTemplate
from tests.portal.factories import UserFactory


class CaseFactory(factory.django.DjangoModelFactory):
    """A case in any status, with consistent dates. Built as data (like the demo); tests of
    status changes go through ``installations.workflow``."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    applicant = factory.SubFactory(UserFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    phone = "06 12 34 56 78"
    situation = "practising"
    practice_mode = "liberal"
    status = CaseStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    consent_at = factory.LazyFunction(timezone.now)
    reference = factory.Sequence(lambda n: f"INS-2026-{n + 1:05d}")

    class Params:
        draft = factory.Trait(
            status=CaseStatus.DRAFT, submitted_at=None, consent_at=None, reference=None, desk=None
        )
        assigned = factory.Trait(
            status=CaseStatus.ASSIGNED, assigned_at=factory.LazyFunction(timezone.now)
        )
        in_progress = factory.Trait(
            status=CaseStatus.IN_PROGRESS,
            assigned_at=factory.LazyFunction(timezone.now),
            first_contact_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def communes(case, create, extracted, **kwargs):
        if create and extracted:
            case.wished_communes.set(extracted)


class ReferentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referent
        skip_postgeneration_save = True

    capacity = 10

    @factory.post_generation
    def communes(profile, create, extracted, **kwargs):
        if create and extracted:
            profile.communes.set(extracted)

    @factory.post_generation
    def epcis(profile, create, extracted, **kwargs):
        if create and extracted:
            profile.epcis.set(extracted)


class StepTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepTemplate

    title = factory.Sequence(lambda n: f"Démarche {n}")
    position = factory.Sequence(lambda n: n)
