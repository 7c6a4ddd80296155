import datetime

import factory

from territories.models import (
    Commune,
    CommuneZoning,
    Department,
    Desk,
    DeskMember,
    Epci,
    ZoningLayer,
)
from tests.portal.factories import UserFactory


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    code = "46"
    name = "Lot"
    region_code = "76"
    region_name = "Occitanie"


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci
        django_get_or_create = ["siren"]

    siren = factory.Sequence(lambda n: f"{200000000 + n}")
    name = factory.Sequence(lambda n: f"CC de l'Exemple {n}")
    nature = "CC"
    financing_mode = "FPU"
    seat_department = factory.SubFactory(DepartmentFactory)
    member_count = 10
    population = 10000


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["insee_code"]

    insee_code = factory.Sequence(lambda n: f"46{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    department = factory.SubFactory(DepartmentFactory)
    epci = factory.SubFactory(EpciFactory, seat_department=factory.SelfAttribute("..department"))
    postal_codes = "46000"
    population = 1000
    latitude = 44.45
    longitude = 1.44


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Guichet {n}")
    slug = factory.Sequence(lambda n: f"guichet-{n}")
    phone = "01 99 00 00 00"
    email = factory.Sequence(lambda n: f"guichet{n}@exemple.test")

    @factory.post_generation
    def departments(desk, create, extracted, **kwargs):
        if create and extracted:
            desk.departments.set(extracted)

    @factory.post_generation
    def epcis(desk, create, extracted, **kwargs):
        if create and extracted:
            desk.epcis.set(extracted)


class DeskMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeskMember

    user = factory.SubFactory(UserFactory)
    desk = factory.SubFactory(DeskFactory)


class ZoningLayerFactory(factory.django.DjangoModelFactory):
    """The doctors' ARS zoning by default; ``kind="frr", profession_group=""`` for FRR."""

    class Meta:
        model = ZoningLayer

    kind = "ars"
    profession_group = "medecins"
    name = "Zonage ARS : médecins"
    source = "Arrêté ARS Occitanie (test)"
    decided_on = datetime.date(2026, 3, 1)
    valid_from = datetime.date(2026, 3, 1)


class CommuneZoningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommuneZoning

    layer = factory.SubFactory(ZoningLayerFactory)
    commune = factory.SubFactory(CommuneFactory)
    value = "ZIP"
