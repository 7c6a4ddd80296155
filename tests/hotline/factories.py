"""Factories of hotline records."""

import factory

from hotline.models import HotlineRecord
from installations.kinds import CaseKind


class HotlineRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HotlineRecord

    caller_first_name = "Sophie"
    caller_last_name = "Arnal"
    caller_email = factory.Sequence(lambda n: f"appelant{n}@exemple.test")
    caller_phone = "01 99 00 49 10"
    subject = "Recherche d'un terrain de stage"
    request_kind = CaseKind.PLACEMENT
