"""Factories of placement cases and housing."""

from datetime import date

import factory

from installations.kinds import CaseKind
from students.models import HousingKind, HousingOffer, HousingPeriod, HousingRequest
from tests.installations.factories import CaseFactory


class PlacementCaseFactory(CaseFactory):
    kind = CaseKind.PLACEMENT
    situation = "intern"
    placement_level = "interne"
    faculty = "Université de Toulouse"
    placement_start = date(2026, 11, 2)
    placement_end = date(2027, 4, 30)


class HousingOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingOffer

    name = factory.Sequence(lambda n: f"Maison des internes n° {n}")
    kind = HousingKind.INTERNS_HOUSE


class HousingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingPeriod

    offer = factory.SubFactory(HousingOfferFactory)
    label = "Hiver 2026-2027"
    starts_on = date(2026, 11, 1)
    ends_on = date(2027, 4, 30)
    capacity = 1
    monthly_price = 150


class HousingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HousingRequest

    starts_on = date(2026, 11, 2)
    ends_on = date(2027, 4, 30)
