"""Guest-list filters over ``structures.Professional`` and typed names."""

from datetime import date

import pytest

from events.enums import InvitationStatus
from events.guestlist import (
    Criteria,
    TypedGuest,
    add_guests,
    candidates,
    communes_within,
    parse_typed,
    read_guest_csv,
    remove_guest,
)
from events.models import EventLog, EventLogKind
from portal.csv import CsvReadError, read_csv
from portal.models import OutgoingMail
from structures.models import ProfessionalSource, ProfessionalStatus, StructureKind
from tests.events.factories import InvitationFactory, ProfessionalFactory, StructureFactory
from tests.territories.factories import CommuneFactory, EpciFactory

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


# --- The area: communes, intercommunalities, a radius -------------------------------------
@pytest.fixture
def capdenac(lot, grand_figeac):
    """Capdenac, 5 km from Figeac, in the same intercommunality."""
    return CommuneFactory(
        insee_code="46055",
        name="Capdenac",
        department=lot,
        epci=grand_figeac,
        postal_codes="46100",
        latitude=44.575,
        longitude=2.077,
    )


@pytest.fixture
def alvignac(lot):
    """Alvignac, about 30 km from Figeac, in another intercommunality (Cauvaldor)."""
    return CommuneFactory(
        insee_code="46003",
        name="Alvignac",
        department=lot,
        epci=EpciFactory(siren="200066223", name="CC Cauvaldor", seat_department=lot),
        postal_codes="46500",
        latitude=44.826,
        longitude=1.697,
    )


@pytest.fixture
def people(figeac, capdenac, cahors, alvignac, auch):
    return {
        commune.name: ProfessionalFactory(commune=commune, last_name=f"Pro-{commune.name}")
        for commune in (figeac, capdenac, cahors, alvignac, auch)
    }


def _found(event, **criteria):
    return {professional.last_name for professional in candidates(event, Criteria(**criteria))}


def test_communes_typed_are_the_area(event, people, figeac, cahors):
    assert _found(event, communes=[figeac]) == {"Pro-Figeac"}
    assert _found(event, communes=[figeac, cahors]) == {"Pro-Figeac", "Pro-Cahors"}


def test_an_intercommunality_brings_all_its_communes(event, people, grand_figeac):
    assert _found(event, epcis=[grand_figeac]) == {"Pro-Figeac", "Pro-Capdenac"}


def test_within_n_km_of_a_commune(event, people, figeac):
    assert communes_within(figeac, 10).filter(pk="46055").exists()
    assert _found(event, near=figeac, km=10) == {"Pro-Figeac", "Pro-Capdenac"}
    assert _found(event, near=figeac, km=40) == {"Pro-Figeac", "Pro-Capdenac", "Pro-Alvignac"}
    assert _found(event, near=figeac, km=60) == {
        "Pro-Figeac",
        "Pro-Capdenac",
        "Pro-Alvignac",
        "Pro-Cahors",
    }


def test_a_radius_never_leaves_the_desks_territory(event, people, cahors):
    # Auch (Gers) is 100 km from Cahors or so: even within the radius it is another desk's.
    assert "Pro-Auch" not in _found(event, near=cahors, km=100)
    assert _found(event, communes=[], near=None, km=30) == set()  # a distance alone: nothing


def test_area_parts_add_up_and_other_criteria_narrow(
    event, people, figeac, cahors, alvignac, grand_figeac, professions
):
    assert _found(event, communes=[cahors], epcis=[grand_figeac]) == {
        "Pro-Figeac",
        "Pro-Capdenac",
        "Pro-Cahors",
    }
    nurse = ProfessionalFactory(commune=alvignac, profession=professions["infirmier"])
    assert _found(event, near=figeac, km=40, profession=professions["infirmier"]) == {
        nurse.last_name
    }
    assert _found(event, communes=[cahors], profession=professions["infirmier"]) == set()


def test_installed_since_reads_the_whole_directory(event, figeac, cahors):
    entered = ProfessionalFactory(
        commune=figeac, source=ProfessionalSource.ENTERED, practice_start=date(2024, 9, 1)
    )
    imported = ProfessionalFactory(
        commune=cahors, source=ProfessionalSource.IMPORTED, practice_start=date(2025, 1, 6)
    )
    by_case = ProfessionalFactory(commune=figeac, installed=True, practice_start=date(2024, 2, 1))
    ProfessionalFactory(commune=figeac, source=ProfessionalSource.IMPORTED, practice_start=None)
    ProfessionalFactory(commune=figeac, practice_start=date(2019, 5, 1))
    found = set(candidates(event, Criteria(installed_since=date(2024, 1, 1))))
    assert found == {entered, imported, by_case}
    assert set(
        candidates(event, Criteria(installed_since=date(2024, 1, 1), communes=[cahors]))
    ) == {imported}


def test_cpts_members_include_professionals_without_structure_in_its_communes(
    event, figeac, cahors, alvignac
):
    cpts = StructureFactory(commune=figeac, kind=StructureKind.CPTS, name="CPTS Nord du Lot")
    cpts.territory_communes.set([figeac, alvignac])
    msp_elsewhere = StructureFactory(commune=cahors, name="MSP de Cahors")
    direct = ProfessionalFactory(commune=cahors, structures=[cpts], last_name="Direct")
    alone_in_territory = ProfessionalFactory(commune=alvignac, last_name="Seul")
    ProfessionalFactory(commune=cahors, last_name="Hors-territoire")  # no structure, elsewhere
    # In the territory but working in a structure that is not the CPTS's: not a member.
    ProfessionalFactory(commune=figeac, structures=[msp_elsewhere], last_name="Ailleurs")
    ProfessionalFactory(commune=alvignac, status=ProfessionalStatus.RETIRED, last_name="Retraite")
    assert set(candidates(event, Criteria(cpts=cpts))) == {direct, alone_in_territory}


# --- A partner's CSV ------------------------------------------------------------------------
PARTNER_CSV = (
    "Prénom;Nom;E-mail;Téléphone;Adresse;Complément;Code postal;Commune;Profession;Structure\n"
    "Léa;Martin;LEA.MARTIN@exemple.test;06 12 34 56 78;2 rue du Four;;46500;Alvignac;"
    "Infirmière;Cabinet du Causse\n"
    "Paul;Roux;;;12 avenue de la Gare;Bât. B;46100;Figeac;Kinésithérapeute;\n"
)


def test_a_partners_csv_gives_guests_with_postal_addresses():
    header, rows = read_csv(PARTNER_CSV.encode("utf-8"))
    parsed = read_guest_csv(header, rows)
    assert parsed.errors == []
    lea, paul = parsed.guests
    assert (lea.first_name, lea.last_name, lea.email, lea.phone) == (
        "Léa",
        "Martin",
        "lea.martin@exemple.test",
        "+33612345678",
    )
    assert (paul.address_line, paul.address_extra, paul.postal_code, paul.city) == (
        "12 avenue de la Gare",
        "Bât. B",
        "46100",
        "Figeac",
    )
    assert (lea.profession_label, lea.structure_label) == ("Infirmière", "Cabinet du Causse")


@pytest.mark.parametrize(
    "data",
    [
        PARTNER_CSV.encode("utf-8-sig"),
        PARTNER_CSV.replace(";", ",").encode("utf-8"),
        PARTNER_CSV.encode("cp1252"),
    ],
    ids=["utf-8 with BOM", "commas", "cp1252"],
)
def test_the_csv_reader_takes_bom_commas_and_cp1252(data):
    header, rows = read_csv(data)
    assert header[0] == "Prénom"
    assert [guest.first_name for guest in read_guest_csv(header, rows).guests] == ["Léa", "Paul"]


def test_bad_csv_lines_are_reported_by_their_line_number():
    data = (
        "Nom;Prénom;Courriel;Tél;CP\n"
        "Dupont;Marie;marie@exemple.test;;46100\n"
        "\n"
        ";Sans-Nom;;;\n"
        "Durand;Jean;pas-une-adresse;12;4610\n"
    )
    parsed = read_guest_csv(*read_csv(data.encode()))
    assert [guest.last_name for guest in parsed.guests] == ["Dupont"]
    assert parsed.errors == [
        "Ligne 4 : le nom manque.",
        "Ligne 5 : adresse e-mail invalide (pas-une-adresse), numéro de téléphone invalide "
        "(12), code postal invalide (4610).",
    ]


def test_a_csv_without_a_name_column_is_refused():
    parsed = read_guest_csv(*read_csv(b"Prenom;Ville\nMarie;Figeac\n"))
    assert parsed.guests == []
    assert parsed.errors == ["La colonne « Nom » manque (première ligne du fichier)."]


@pytest.mark.parametrize(
    "data, message",
    [
        ("Nom\nÉmile\n".encode("utf-16"), "n'est pas un CSV lisible"),
        (b"Nom\n\x81\x8d\n", "n'est pas un CSV lisible"),
        (b"", "Le fichier est vide"),
        (b"Nom\n" + b"X\n" * 3, "plus de 2 lignes"),
    ],
)
def test_unreadable_csv_files_say_why(data, message):
    with pytest.raises(CsvReadError, match=message):
        read_csv(data, max_rows=2)


def test_imported_guests_are_added_once_with_their_address(event):
    guests = read_guest_csv(*read_csv(PARTNER_CSV.encode())).guests
    assert (add_guests(event, typed=guests).added, add_guests(event, typed=guests).added) == (2, 0)
    paul = event.invitations.get(last_name="Roux")
    assert (paul.email, paul.address_line, paul.postal_code, paul.city) == (
        "",
        "12 avenue de la Gare",
        "46100",
        "Figeac",
    )
    assert paul.profession_label == "Kinésithérapeute" and paul.search_name == "paul roux"
    # A namesake elsewhere is another person.
    other = TypedGuest(first_name="Paul", last_name="Roux", postal_code="46500")
    assert add_guests(event, typed=[other]).added == 1


# --- Removing a guest -----------------------------------------------------------------------
def test_removing_an_emailed_guest_tells_them_once_and_logs_it(event, coordinator):
    invitation = InvitationFactory(event=event, first_name="Léa", last_name="Martin")
    result = remove_guest(invitation, by=coordinator)
    assert result.mailed and not event.invitations.exists()
    mail = OutgoingMail.objects.get(topic="events_removed")
    assert mail.to == invitation.email and "Léa Martin" in mail.body_text
    assert "retiré·e de la liste des invités" in mail.body_text
    log = EventLog.objects.get(event=event)
    assert (log.kind, log.guest_name, log.by, log.invitation) == (
        EventLogKind.REMOVED,
        "Léa Martin",
        coordinator,
        None,
    )


@pytest.mark.parametrize(
    "fields",
    [{"sent_at": None}, {"email": ""}],
    ids=["not yet sent", "postal only"],
)
def test_removing_a_guest_never_emailed_sends_nothing(event, coordinator, fields):
    invitation = InvitationFactory(event=event, **fields)
    assert not remove_guest(invitation, by=coordinator).mailed
    assert not OutgoingMail.objects.exists()
    assert EventLog.objects.filter(kind=EventLogKind.REMOVED).count() == 1


def test_removing_a_seated_guest_gives_the_seats_to_the_waiting_list(event, coordinator):
    event.capacity = 2
    event.save()
    holder = InvitationFactory(event=event, accepted=True, guests=1)
    waiting = InvitationFactory(event=event, waiting=True)
    result = remove_guest(holder, by=coordinator)
    waiting.refresh_from_db()
    assert result.promoted == [waiting] and waiting.status == InvitationStatus.ACCEPTED
    assert OutgoingMail.objects.filter(topic="events_promoted", to=waiting.email).count() == 1
