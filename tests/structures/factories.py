import factory

from structures.models import (
    GENERAL_PRACTITIONER,
    Membership,
    Placement,
    Profession,
    Professional,
    Structure,
    StructureKind,
    Vacancy,
)
from tests.territories.factories import CommuneFactory


def profession(code):
    return Profession.objects.get(code=code)


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"Maison de santé n° {n}")
    kind = StructureKind.MSP
    commune = factory.SubFactory(CommuneFactory)
    latitude = None
    longitude = None
    email = factory.Sequence(lambda n: f"structure{n}@exemple.test")
    published = True


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Professional

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    profession = factory.LazyFunction(lambda: profession(GENERAL_PRACTITIONER))
    commune = factory.SubFactory(CommuneFactory)
    birth_year = 1980


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    professional = factory.SubFactory(ProfessionalFactory)
    structure = factory.SubFactory(StructureFactory)


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    structure = factory.SubFactory(StructureFactory)
    profession = factory.LazyFunction(lambda: profession(GENERAL_PRACTITIONER))
    practice_mode = "liberal"


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    name = factory.Sequence(lambda n: f"Stage de médecine générale n° {n}")
    structure = factory.SubFactory(StructureFactory)
    commune = factory.SelfAttribute("structure.commune")
    profession = factory.LazyFunction(lambda: profession(GENERAL_PRACTITIONER))
    accepts_interns = True
    places_per_semester = 2
    published = True
