from datetime import timedelta

import factory
from django.utils import timezone

from partners.models import Partner, PartnerContact, PartnerKind, PartnerRequest
from tests.installations.factories import CaseFactory
from tests.territories.factories import DeskFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    desk = factory.SubFactory(DeskFactory)
    name = factory.Sequence(lambda n: f"CPAM de l'Exemple {n}")
    kind = PartnerKind.CPAM


class PartnerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerContact

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    role = "Conseillère installation"
    email = factory.Sequence(lambda n: f"contact{n}@partenaire.test")
    is_primary = True


class PartnerRequestFactory(factory.django.DjangoModelFactory):
    """A request as ``partners.requests.ask`` writes it (without its mail and timeline)."""

    class Meta:
        model = PartnerRequest

    case = factory.SubFactory(CaseFactory)
    contact = factory.SubFactory(PartnerContactFactory)
    partner = factory.LazyAttribute(lambda request: request.contact.partner)
    need = "housing"
    question = "Un logement est-il disponible près de Figeac ?"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
