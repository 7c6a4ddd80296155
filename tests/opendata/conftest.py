"""One small world for the open-data API: published and unpublished rows of each list, and
an offer whose contact stays private, with markers no answer may ever contain."""

from datetime import timedelta

import pytest
from django.utils import timezone

from aids.enums import SchemeKind, TerritoryLevel
from events.enums import EventKind
from structures.models import OffererKind, OpportunityKind, StructureKind, VacancyStatus
from tests.aids.factories import SchemeFactory
from tests.events.factories import EventFactory, InvitationFactory
from tests.structures.factories import (
    MembershipFactory,
    ProfessionalFactory,
    StructureFactory,
    VacancyFactory,
)
from tests.territories.factories import CommuneFactory

# What a private contact is made of: none of it may appear in any answer.
PRIVATE_MARKERS = (
    "Secretissime-Contact",
    "prive.zebre@exemple.test",
    "+33565999871",
    "05 65 99 98 71",
    "Rivière-Pseudonyme",  # a professional's name
    "Invitee-Confidentielle",  # an event's guest
)


@pytest.fixture
def gramat_far(lot):
    """A Lot commune some 40 km from Figeac, outside its EPCI."""
    return CommuneFactory(
        insee_code="46127", name="Gramat", department=lot, latitude=44.781, longitude=1.726
    )


@pytest.fixture
def world(professions, figeac, cahors, auch, gramat_far, desk):
    gp, nurse = professions["medecin-generaliste"], professions["infirmier"]
    w = {}
    w["msp"] = msp = StructureFactory(
        name="MSP du Célé", commune=figeac, kind=StructureKind.MSP, website="https://msp.test"
    )
    w["centre"] = StructureFactory(
        name="Centre de santé de Cahors", commune=cahors, kind=StructureKind.HEALTH_CENTRE
    )
    w["gers"] = StructureFactory(name="Hôpital d'Auch", commune=auch, kind=StructureKind.HOSPITAL)
    w["hidden"] = StructureFactory(name="Structure masquée", commune=figeac, published=False)
    MembershipFactory(
        structure=msp,
        professional=ProfessionalFactory(
            profession=gp, commune=figeac, last_name="Rivière-Pseudonyme"
        ),
    )
    MembershipFactory(
        structure=msp, professional=ProfessionalFactory(profession=gp, commune=figeac)
    )
    MembershipFactory(
        structure=msp, professional=ProfessionalFactory(profession=nurse, commune=figeac)
    )

    w["post"] = VacancyFactory(structure=msp, profession=gp, title="Médecin à la MSP")
    w["private"] = VacancyFactory(
        structure=None,
        commune=gramat_far,
        kind=OpportunityKind.SUCCESSION,
        offerer_kind=OffererKind.PRACTITIONER,
        offerer_name="Un médecin de Gramat",
        profession=gp,
        title="Cession de patientèle",
        contact_name="Secretissime-Contact",
        contact_email="prive.zebre@exemple.test",
        contact_phone="+33565999871",
        contact_public=False,
    )
    w["public"] = VacancyFactory(
        structure=None,
        commune=cahors,
        kind=OpportunityKind.PREMISES_RENT,
        offerer_kind=OffererKind.COMMUNE,
        offerer_name="Mairie de Cahors",
        profession=None,
        title="Cabinet à louer",
        rent_monthly="250.00",
        contact_name="Accueil de la mairie",
        contact_email="mairie@cahors.test",
        contact_public=True,
        confirmed_on=timezone.localdate() - timedelta(days=90),
    )
    w["pending"] = VacancyFactory(
        structure=None, commune=figeac, status=VacancyStatus.PENDING, title="En attente"
    )
    w["of_hidden"] = VacancyFactory(structure=w["hidden"], title="D'une structure masquée")
    w["filled"] = VacancyFactory(structure=msp, status=VacancyStatus.FILLED, title="Pourvu")

    w["evening"] = EventFactory(desk=desk, commune=figeac, title="Soirée d'accueil à Figeac")
    InvitationFactory(event=w["evening"], last_name="Invitee-Confidentielle")
    w["training"] = EventFactory(
        desk=desk, commune=cahors, kind=EventKind.TRAINING, title="Formation à Cahors"
    )
    w["draft"] = EventFactory(desk=desk, commune=figeac, draft=True, title="Brouillon")
    w["past"] = EventFactory(desk=desk, commune=figeac, past=True, title="Passée")

    w["national"] = SchemeFactory(
        code="aide-nationale",
        slug="aide-nationale",
        name="Aide nationale",
        professions=[gp],
        sources=[{"title": "Texte", "url": "https://exemple.test/t", "date": "2025-12-01"}],
        to_confirm=[{"what": "Le montant", "reason": "Aucune source ne le donne."}],
    )
    w["gers_scheme"] = SchemeFactory(
        code="aide-gers",
        slug="aide-gers",
        name="Aide du Gers",
        kind=SchemeKind.IN_KIND,
        territory_level=TerritoryLevel.DEPARTMENT,
        department=auch.department,
    )
    w["unpublished_scheme"] = SchemeFactory(code="brouillon", slug="brouillon", published=False)
    return w
