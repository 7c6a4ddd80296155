"""The demo tells the facts of its public sources (/work/shared/domain/sources, review of
issue 13 §5): the right name on the right desk, the right year and equipment on the right
structure, the vacancies where the source puts them, the events as they happened, and
nothing that looks like a real person's telephone."""

import re
from datetime import date

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from events.enums import EventKind, EventStatus, InvitationStatus
from events.models import Event
from portal.models import User
from structures.models import Structure, Vacancy, VacancyStatus
from territories.models import Desk

pytestmark = pytest.mark.django_db

LABASTIDE = "Maison de santé pluriprofessionnelle de Labastide-Murat"
SIMONE_VEIL = "Maison de santé pluriprofessionnelle Simone Veil de Figeac"
LECTOURE_MSP = "Maison de santé pluriprofessionnelle du bassin lectourois"
SIMONE_VEIL_RECRUITS = {
    "medecin-generaliste",
    "angiologie",
    "dermatologie",
    "ophtalmologie",
    "neurologie",
    "pediatrie",
}
# A French number written or stored (« 01 99 00 46 46 », « +33199004646 »).
PHONE = re.compile(r"(?<![\w+])(?:\+33|0)\s?[1-9](?:[\s.]?\d{2}){4}(?!\w)")


def test_bienvenue_docteur_is_the_lot_et_garonne_desk(demo_data):
    assert Desk.objects.get(departments="47").name == "Bienvenue Docteur !"
    lot = Desk.objects.get(departments="46")
    assert "Bienvenue Docteur" not in lot.name and "démonstration" in lot.name
    assert lot.slug == "lot"


def test_labastide_murat_opened_in_2015_with_its_own_pool(demo_data):
    labastide = Structure.objects.get(name=LABASTIDE)
    assert labastide.opening_year == 2015
    assert "bassin aquatique" in labastide.services
    assert "inaugurée en 2015" in labastide.description
    others = Structure.objects.exclude(pk=labastide.pk)
    assert not [s.name for s in others if "bassin aquatique" in s.services]


def test_the_figeac_vacancies_are_at_msp_simone_veil_liberal_with_offices(demo_data):
    vacancies = Vacancy.objects.filter(
        structure__name=SIMONE_VEIL, status=VacancyStatus.OPEN
    ).select_related("profession")
    assert {v.profession.code for v in vacancies} == SIMONE_VEIL_RECRUITS
    for vacancy in vacancies:
        assert vacancy.practice_mode == "liberal" and vacancy.office_available
        assert vacancy.working_time == "one_day"
    at_the_hospital = Vacancy.objects.filter(
        structure__name="Centre hospitalier de Figeac", profession__code__in=SIMONE_VEIL_RECRUITS
    )
    assert not at_the_hospital.exists()


def test_salviac_health_centre_has_its_full_name_and_no_invented_year(demo_data):
    salviac = Structure.objects.get(commune__insee_code="46297")
    assert salviac.name == "Centre intercommunal de santé de Salviac"
    assert salviac.opening_year is None


def test_opening_years_are_only_those_a_source_gives(demo_data, client):
    dated = Structure.objects.exclude(opening_year=None)
    assert [(s.name, s.opening_year) for s in dated] == [(LABASTIDE, 2015)]
    martel = Structure.objects.get(name="Maison de santé de Martel")
    assert "Exemple (démonstration)" in client.get(martel.get_absolute_url()).content.decode()


def test_the_alvignac_welcome_evening_is_past_with_about_forty_present(demo_data):
    evening = Event.objects.get(kind=EventKind.WELCOME_EVENING)
    assert evening.desk.slug == "lot"
    assert evening.venue_name == "Espace Samayou"
    assert evening.commune.name == "Alvignac"
    assert timezone.localtime(evening.starts_at).date() == date(2025, 11, 20)
    assert evening.is_past() and evening.status == EventStatus.DONE
    assert "CPTS Nord du Lot" in evening.description
    invitations = list(evening.invitations.all())
    assert all(i.status != InvitationStatus.INVITED for i in invitations)
    present = [i for i in invitations if i.status == InvitationStatus.ATTENDED]
    assert 35 <= len(present) <= 45
    assert all(i.checked_in_at is not None for i in present)
    assert all(i.email.endswith("@demo.example") for i in invitations if i.email)


def test_the_thursday_trainings_are_the_gers_msp_ones(demo_data):
    trainings = Event.objects.filter(kind=EventKind.TRAINING)
    assert trainings.exists()
    for training in trainings:
        assert training.desk.slug == "gers"
        assert training.commune.name == "Castelnau-d'Arbieu"
        assert timezone.localtime(training.starts_at).isoweekday() == 4
        assert [s.name for s in training.partner_structures.all()] == [LECTOURE_MSP]
        assert "2023" in training.description
    assert Structure.objects.get(name=LECTOURE_MSP).commune.department_id == "32"


def _phones_in_the_base():
    skipped = {"password", "token", "key", "session_key", "session_data"}
    for model in apps.get_models():
        if model._meta.app_label in {"contenttypes", "auth", "sessions", "admin"}:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and f.name not in skipped
        ]
        if not fields or (model._meta.app_label == "territories" and model.__name__ != "Desk"):
            continue
        for values in model.objects.values_list(*fields):
            for value in values:
                for phone in PHONE.findall(value or ""):
                    yield model.__name__, phone


def test_every_demo_phone_is_in_the_fiction_block(demo_data):
    phones = list(_phones_in_the_base())
    assert len(phones) > 50  # the scan reads the demo's desks, structures, people…
    outside = []
    for model, phone in phones:
        digits = re.sub(r"\D", "", phone)
        digits = "0" + digits[2:] if digits.startswith("33") else digits
        if not digits.startswith("019900"):
            outside.append((model, phone))
    assert outside == []


def test_observatory_and_report_say_the_figures_are_demonstration_data(demo_data, client):
    page = client.get(reverse("reporting:observatory_desk", args=["lot"]))
    assert "Données de démonstration." in page.content.decode()
    client.force_login(User.objects.get(email="equipe.lot@demo.example"))
    report = client.get(reverse("reporting:report_desk", args=["lot"]))
    assert "Données de démonstration." in report.content.decode()
