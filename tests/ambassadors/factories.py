"""Factories of ambassadors."""

import factory
from django.utils import timezone

from ambassadors.models import Ambassador


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
