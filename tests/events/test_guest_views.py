"""The guest-list page as a coordinator uses it: criteria by area, a tick per person, the
CSV of a partner's list, and taking a guest off the list."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.enums import InvitationStatus
from events.guest_forms import sign_rows
from events.models import EventLog, EventLogKind, Invitation
from portal.models import OutgoingMail
from structures.models import ProfessionalSource
from tests.events.factories import (
    InvitationFactory,
    ProfessionalFactory,
    StructureFactory,
)
from tests.events.utils import text
from tests.territories.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(event):
    return reverse("events:guests", kwargs={"pk": event.pk})


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def _checkbox(professional, checked=True):
    tick = f'name="selected" value="{professional.pk}" id="pro-{professional.pk}"'
    return f"{tick} checked>" if checked else tick


def _ticks(page):
    return page.count('name="selected"')


# --- Criteria, preview and ticks ------------------------------------------------------------
def test_the_preview_ticks_those_not_yet_invited_and_counts_both(signed_in, url, event, figeac):
    new = ProfessionalFactory.create_batch(2, commune=figeac)
    invited = ProfessionalFactory(commune=figeac)
    InvitationFactory(event=event, professional=invited, email=invited.email)
    page = text(signed_in.get(url, {"communes": "Figeac"}))
    assert "3 personnes trouvées, 1 déjà invitée" in page
    for professional in new:
        assert _checkbox(professional) in page
    assert f'name="selected" value="{invited.pk}"' not in page  # already invited: no tick
    assert _ticks(page) == 2
    assert "Ajouter les personnes cochées" in page


def test_only_the_ticked_people_who_match_are_added(signed_in, url, event, figeac, auch):
    ticked, _unticked = ProfessionalFactory.create_batch(2, commune=figeac)
    elsewhere = ProfessionalFactory(commune=auch)  # another desk's territory
    cahors_pro = ProfessionalFactory(commune=CommuneFactory(insee_code="46042", name="Cahors"))
    response = signed_in.post(
        f"{url}?communes=Figeac",
        {
            "action": "add",
            "selected": [ticked.pk, elsewhere.pk, cahors_pro.pk, "abc", "1;DROP", "-3", "9" * 18],
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "1 personne ajoutée à la liste." in text(response)
    assert list(event.invitations.values_list("professional", flat=True)) == [ticked.pk]


def test_adding_with_nothing_ticked_says_so(signed_in, url, event, figeac):
    ProfessionalFactory(commune=figeac)
    response = signed_in.post(f"{url}?communes=Figeac", {"action": "add"}, follow=True)
    assert "Cochez au moins une personne à ajouter." in text(response)
    assert response.redirect_chain[-1][0].endswith("?communes=Figeac")
    assert not event.invitations.exists()
    # No criteria at all: ticks of any id add nobody.
    pro = ProfessionalFactory(commune=figeac)
    signed_in.post(url, {"action": "add", "selected": [pro.pk]})
    assert not event.invitations.exists()


def test_a_long_preview_is_bounded_and_says_so(signed_in, url, figeac, monkeypatch):
    monkeypatch.setattr("events.views.guests.PREVIEW_LIMIT", 2)
    ProfessionalFactory.create_batch(3, commune=figeac)
    page = text(signed_in.get(url, {"communes": "Figeac"}))
    assert "3 personnes trouvées, 0 déjà invitée" in page
    assert "Seules les 2 premières personnes" in page
    assert _ticks(page) == 2


def test_empty_states(signed_in, url, figeac, professions):
    assert "Remplissez au moins un critère" in text(signed_in.get(url))
    page = text(
        signed_in.get(url, {"communes": "Figeac", "profession": professions["sage-femme"].pk})
    )
    assert "0 personne trouvée" in page
    assert "Personne ne correspond à ces critères sur le territoire du guichet." in page


def test_within_n_km_from_the_page(signed_in, url, event, figeac, lot):
    alvignac = CommuneFactory(
        insee_code="46003", name="Alvignac", department=lot, latitude=44.826, longitude=1.697
    )
    near = ProfessionalFactory(commune=alvignac, last_name="Causse")
    far = ProfessionalFactory(
        commune=CommuneFactory(insee_code="46042", name="Cahors", department=lot),
        last_name="Quercy",
    )
    page = text(signed_in.get(url, {"near": "Figeac", "km": "40"}))
    assert "1 personne trouvée" in page and near.last_name.upper() in page
    assert far.last_name.upper() not in page


@pytest.mark.parametrize(
    "query, message",
    [
        ({"near": "Figeac", "km": "0"}, "Indiquez une distance entre 1 et 100 km."),
        ({"near": "Figeac", "km": "101"}, "Indiquez une distance entre 1 et 100 km."),
        ({"near": "Figeac", "km": "beaucoup"}, "Indiquez une distance entre 1 et 100 km."),
        ({"near": "Figeac"}, "Indiquez la distance autour de la commune choisie."),
        ({"km": "20"}, "Indiquez la commune autour de laquelle chercher."),
        ({"communes": "Auch"}, "Commune inconnue ou hors du territoire couvert : « Auch »."),
    ],
)
def test_bad_area_criteria_are_form_errors(signed_in, url, figeac, auch, query, message):
    response = signed_in.get(url, query)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert "Corrigez les critères ci-dessus" in page


def test_intercommunalities_offered_are_the_desks(signed_in, url, figeac, auch, grand_figeac):
    gers_epci = auch.epci
    page = text(signed_in.get(url))
    assert "CC Grand-Figeac" in page and gers_epci.name not in page
    ProfessionalFactory(commune=figeac, last_name="Figeacois")
    page = text(signed_in.get(url, {"epcis": [grand_figeac.pk]}))
    assert "1 personne trouvée" in page and "FIGEACOIS" in page
    page = text(signed_in.get(url, {"epcis": [gers_epci.pk]}))
    assert "Sélectionnez un choix valide" in page


def test_installed_since_finds_the_directorys_professionals(signed_in, url, figeac):
    ProfessionalFactory(
        commune=figeac,
        source=ProfessionalSource.IMPORTED,
        practice_start=date(2024, 6, 1),
        last_name="Annuaire",
    )
    ProfessionalFactory(commune=figeac, practice_start=date(2020, 6, 1), last_name="Ancien")
    page = text(signed_in.get(url, {"installed_since": "2024-01-01"}))
    assert "1 personne trouvée" in page and "ANNUAIRE" in page and "ANCIEN" not in page


def test_the_page_query_budget(
    signed_in, url, event, figeac, grand_figeac, professions, django_assert_max_num_queries
):
    msp = StructureFactory(commune=figeac)
    for _index in range(30):
        ProfessionalFactory(commune=figeac, structures=[msp], practice_start=date(2024, 3, 1))
    query = {
        "communes": "Figeac",
        "epcis": [grand_figeac.pk],
        "profession": professions["medecin-generaliste"].pk,
        "installed_since": "2024-01-01",
        "near": "Figeac",
        "km": "20",
    }
    signed_in.get(url, query)  # warms the site-desk cache
    with django_assert_max_num_queries(12):
        response = signed_in.get(url, query)
    assert "30 personnes trouvées" in text(response)


# --- Removing a guest -----------------------------------------------------------------------
def _remove_url(invitation, event=None):
    event = event or invitation.event
    return reverse("events:guest_remove", kwargs={"pk": event.pk, "invitation_pk": invitation.pk})


def test_removing_a_guest_asks_first_then_mails_them_once(signed_in, event, coordinator):
    invitation = InvitationFactory(event=event, first_name="Léa", last_name="Martin")
    page = text(signed_in.get(_remove_url(invitation)))
    assert "Retirer Léa Martin de la liste des invités" in page
    assert f"Un e-mail lui dira qu'elle ou il est retiré·e de la liste ({invitation.email})" in page
    assert Invitation.objects.filter(pk=invitation.pk).exists()  # a GET changes nothing
    response = signed_in.post(_remove_url(invitation), follow=True)
    assert "Léa Martin a été retiré·e de la liste des invités. Un e-mail l'en a prévenu·e." in (
        text(response)
    )
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert OutgoingMail.objects.filter(topic="events_removed", to=invitation.email).count() == 1
    assert EventLog.objects.get(event=event).kind == EventLogKind.REMOVED
    assert signed_in.post(_remove_url(invitation)).status_code == 404  # gone: once only
    assert OutgoingMail.objects.filter(topic="events_removed").count() == 1


def test_removing_a_guest_not_emailed_sends_nothing(signed_in, event):
    invitation = InvitationFactory(event=event, sent_at=None)
    assert "Aucun e-mail ne partira." in text(signed_in.get(_remove_url(invitation)))
    signed_in.post(_remove_url(invitation))
    assert not event.invitations.exists() and not OutgoingMail.objects.exists()


def test_removing_a_seated_guest_moves_the_queue(signed_in, event):
    event.capacity = 1
    event.save()
    holder = InvitationFactory(event=event, accepted=True)
    waiting = InvitationFactory(event=event, waiting=True)
    page = text(signed_in.get(_remove_url(holder)))
    assert "Ses places iront aux premières personnes de la liste d'attente." in page
    response = signed_in.post(_remove_url(holder), follow=True)
    assert "1 personne de la liste d'attente a obtenu une place." in text(response)
    waiting.refresh_from_db()
    assert waiting.status == InvitationStatus.ACCEPTED


def test_removal_is_for_the_events_own_managers(client, request, event, other_event):
    own = InvitationFactory(event=event)
    theirs = InvitationFactory(event=other_event)
    client.force_login(request.getfixturevalue("coordinator"))
    assert client.get(_remove_url(theirs, event=event)).status_code == 404  # another event's
    assert client.post(_remove_url(theirs, event=event)).status_code == 404
    assert client.post(_remove_url(theirs)).status_code == 404  # another desk's
    for persona in ("referent", "other_staff", "newcomer"):
        client.force_login(request.getfixturevalue(persona))
        assert client.post(_remove_url(own)).status_code == 404, persona
    assert Invitation.objects.count() == 2


# --- A partner's CSV ------------------------------------------------------------------------
PARTNER_CSV = (
    "Prénom;Nom;E-mail;Téléphone;Adresse;Complément;Code postal;Commune;Profession;Structure\n"
    "Léa;Martin;lea.martin@exemple.test;06 12 34 56 78;2 rue du Four;;46500;Alvignac;"
    "Infirmière;Cabinet du Causse\n"
    "Paul;Roux;;;12 avenue de la Gare;Bât. B;46100;Figeac;Kinésithérapeute;\n"
    ";;sans.nom@exemple.test;;;;;;;\n"
)


def _upload(client, url, data: bytes, name="partenaire.csv"):
    upload = SimpleUploadedFile(name, data, "text/csv")
    return client.post(url, {"action": "csv", "csv-file": upload})


def _signed_rows(response):
    return response.context["csv_preview"]["confirm"]["rows"].value()


def test_a_partners_csv_is_previewed_then_added(signed_in, url, event):
    response = _upload(signed_in, url, PARTNER_CSV.encode("cp1252"))
    page = text(response)
    assert "2 personnes à ajouter, 1 ligne en erreur" in page
    assert "Ligne 4 : le nom manque." in page
    assert "MARTIN Léa" in page and "06 12 34 56 78" in page and "46100 Figeac" in page
    assert not event.invitations.exists()  # nothing until confirmed
    response = signed_in.post(
        url, {"action": "csv_confirm", "csv-rows": _signed_rows(response)}, follow=True
    )
    assert "2 personnes ajoutées à la liste." in text(response)
    lea = event.invitations.get(last_name="Martin")
    assert (lea.email, lea.phone, lea.address_line, lea.postal_code, lea.city) == (
        "lea.martin@exemple.test",
        "+33612345678",
        "2 rue du Four",
        "46500",
        "Alvignac",
    )
    assert event.invitations.get(last_name="Roux").address_extra == "Bât. B"
    # The same file again: nobody twice.
    response = _upload(signed_in, url, PARTNER_CSV.encode("utf-8-sig"))
    response = signed_in.post(
        url, {"action": "csv_confirm", "csv-rows": _signed_rows(response)}, follow=True
    )
    assert "0 personne ajoutée à la liste. 2 déjà invitées, non ajoutées." in text(response)
    assert event.invitations.count() == 2


@pytest.mark.parametrize(
    "data, message",
    [
        ("Nom;Prénom\nÉmile;Zola\n".encode("utf-16"), "n'est pas un CSV lisible"),
        (b"Prenom;Ville\nMarie;Figeac\n", "La colonne « Nom » manque"),
        (b"", "Le fichier soumis est vide."),
        (b"Nom\n" + b"Dupont\n" * 2001, "Le fichier a plus de 2000 lignes."),
        (b"Nom\n" + b"x" * (1024 * 1024), "Ce fichier est trop gros : 1 Mo au plus"),
    ],
    ids=["utf-16", "no name column", "empty", "too many rows", "too big"],
)
def test_a_bad_file_is_a_form_error(signed_in, url, event, data, message):
    response = _upload(signed_in, url, data)
    assert response.status_code == 200
    assert message in text(response)
    assert response.context["csv_preview"] is None and not event.invitations.exists()


def test_rows_not_signed_here_are_refused(signed_in, url, event, other_event):
    rows = [{"first_name": "Intrus", "last_name": "Forgé", "email": "x@exemple.test"}]
    for forged in ("pas-signé", sign_rows(other_event, rows)):
        response = signed_in.post(url, {"action": "csv_confirm", "csv-rows": forged})
        assert response.status_code == 200
        assert "ne viennent pas d'un fichier chargé ici" in text(response)
    assert not event.invitations.exists()
