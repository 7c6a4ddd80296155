"""Guest-list filters over ``structures.Professional`` and typed names."""

from datetime import date

import pytest

from events.guestlist import Criteria, add_guests, candidates, parse_typed
from structures.models import ProfessionalStatus, StructureKind
from tests.events.factories import ProfessionalFactory, StructureFactory

pytestmark = pytest.mark.django_db


def test_filters_combine_and_stay_in_the_desks_territory(event, figeac, cahors, auch, professions):
    msp = StructureFactory(commune=figeac, name="MSP de Figeac")
    cpts = StructureFactory(commune=figeac, kind=StructureKind.CPTS, name="CPTS Grand-Figeac")
    msp.cpts = cpts
    msp.save()
    intern = ProfessionalFactory(commune=figeac, profession=professions["interne"])
    nurse = ProfessionalFactory(
        commune=cahors, profession=professions["infirmier"], structures=[msp]
    )
    cardio = ProfessionalFactory(commune=figeac, profession=professions["cardiologie"])
    coordinator = ProfessionalFactory(commune=figeac, structures=[cpts])
    recent = ProfessionalFactory(commune=figeac, installed=True, practice_start=date(2024, 3, 1))
    ProfessionalFactory(commune=figeac, installed=True, practice_start=date(2023, 3, 1))
    ProfessionalFactory(commune=auch, profession=professions["interne"])  # Gers
    ProfessionalFactory(
        commune=figeac, profession=professions["interne"], status=ProfessionalStatus.LEFT
    )

    def found(**criteria):
        return set(candidates(event, Criteria(**criteria)))

    assert found() == set()
    assert found(interns=True) == {intern}
    assert found(profession=professions["infirmier"]) == {nurse}
    assert found(profession=professions["medecin-specialiste"]) == {cardio}  # specialties
    assert found(structure=msp) == {nurse}
    assert found(cpts=cpts) == {nurse, coordinator}
    assert found(installed_since=date(2024, 1, 1)) == {recent}
    assert found(installed_since=date(2024, 1, 1), profession=professions["infirmier"]) == set()


def test_already_invited_is_marked_and_never_added_twice(event, figeac, professions):
    first = ProfessionalFactory(commune=figeac, profession=professions["interne"])
    same_address = ProfessionalFactory(
        commune=figeac, profession=professions["interne"], email="doublon@exemple.test"
    )
    add_guests(event, professionals=[first])
    add_guests(event, typed=parse_typed("Dou Blon, DOUBLON@exemple.test").guests)
    marks = {p.pk: p.already_invited for p in candidates(event, Criteria(interns=True))}
    assert marks == {first.pk: True, same_address.pk: True}
    result = add_guests(event, professionals=candidates(event, Criteria(interns=True)))
    assert (result.added, result.skipped) == (0, 2)
    assert event.invitations.count() == 2


def test_snapshot_of_profession_and_structure(event, figeac, professions):
    msp = StructureFactory(commune=figeac, name="MSP du Causse")
    professional = ProfessionalFactory(
        commune=figeac,
        profession=professions["sage-femme"],
        structures=[msp],
        first_name="Inès",
        last_name="Roux",
    )
    add_guests(event, professionals=candidates(event, Criteria(structure=msp)))
    invitation = event.invitations.get()
    assert invitation.professional == professional
    assert (invitation.profession_label, invitation.structure_label) == (
        "Sage-femme",
        "MSP du Causse",
    )
    assert invitation.search_name == "ines roux"


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Marie Dupont <Marie@Exemple.test>", ("Marie", "Dupont", "marie@exemple.test")),
        ("Jean-Paul de La Tour, jp@exemple.test", ("Jean-Paul", "de La Tour", "jp@exemple.test")),
        ("Anne Roux;anne@exemple.test", ("Anne", "Roux", "anne@exemple.test")),
        ("Martin", ("", "Martin", "")),
    ],
)
def test_parse_typed_lines(line, expected):
    parsed = parse_typed(line)
    assert parsed.errors == []
    guest = parsed.guests[0]
    assert (guest.first_name, guest.last_name, guest.email) == expected


def test_parse_typed_reports_bad_lines():
    parsed = parse_typed("\nA B, pas-une-adresse\n , x@exemple.test")
    assert parsed.errors == [
        "Ligne 2 : adresse e-mail invalide (pas-une-adresse).",
        "Ligne 3 : le nom manque.",
    ]
