"""Factories for training sites, housing, ambassadors and hotline records (issue 9)."""

from datetime import date

import factory
from django.utils import timezone

from installations.kinds import CaseKind
from installations.models import (
    Ambassador,
    HotlineRecord,
    HousingOffer,
    HousingPeriod,
    HousingRequest,
)
from installations.models.housing import HousingKind
from structures.models import GENERAL_PRACTITIONER, Placement
from tests.installations.factories import CaseFactory
from tests.structures.factories import StructureFactory, profession


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


class AmbassadorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ambassador

    first_name = "Bruno"
    last_name = factory.Sequence(lambda n: f"Vayssières{n}")
    email = factory.Sequence(lambda n: f"ambassadeur{n}@exemple.test")
    phone = "01 99 00 47 20"
    kind = "resident"
    topics = factory.LazyFunction(lambda: ["schooling", "leisure"])
    consent_at = factory.LazyFunction(timezone.now)
    approved = True


class HotlineRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HotlineRecord

    caller_first_name = "Sophie"
    caller_last_name = "Arnal"
    caller_email = factory.Sequence(lambda n: f"appelant{n}@exemple.test")
    caller_phone = "01 99 00 49 10"
    subject = "Recherche d'un terrain de stage"
    request_kind = CaseKind.PLACEMENT
