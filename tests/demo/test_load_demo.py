"""``load_demo`` on an empty database: every loader of ``LOADERS`` reports, a second run adds
nothing, and production refuses it."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from demo.management.commands.load_demo import LOADERS
from portal.models import User
from territories.models import Commune, Desk

pytestmark = pytest.mark.django_db

PROJECT_APPS = [
    "portal",
    "territories",
    "structures",
    "aids",
    "events",
    "installations",
    "students",
    "ambassadors",
    "hotline",
    "opportunities",
    "partners",
]


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    }


def test_the_demo_loads_in_order_and_a_second_run_adds_nothing(professions, capsys):
    assert LOADERS == [
        "demo.territories",
        "demo.structures",
        "demo.placements",
        "demo.aids",
        "demo.events",
        "demo.cases",
        "demo.students",
        "demo.ambassadors",
        "demo.hotline",
        "demo.opportunities",
        "demo.partners",
        "demo.partner_sessions",
    ]
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = row_counts()
    call_command("load_demo")
    second = capsys.readouterr().out

    assert row_counts() == counts
    assert counts["installations.Case"] == 36 and counts["installations.CaseEvent"] > 200
    for line in [
        "3 guichets de démonstration.",
        "36 dossiers de démonstration (0 nouveaux).",
        "Étudiants : 6 dossiers de stage (0 nouveaux), 3 offres de logement, "
        "4 logements attribués.",
        "Ambassadeurs : 6 ambassadeurs, 2 mises en relation.",
    ]:
        assert line in second.splitlines()
    assert "30 dossiers de démonstration (30 nouveaux)." in first
    assert "Étudiants : 6 dossiers de stage (6 nouveaux)" in first
    assert "Permanence : " in first and "appels à la permanence du guichet du Lot." in first
    for role in [
        "Nouvel arrivant",
        "Référent accueil",
        "Équipe du guichet",
        "Coordinateur d'évènements",
        "superutilisateur",
    ]:
        assert role in first
    assert first.splitlines()[-10:] == second.splitlines()[-10:]
    assert Desk.objects.count() == 3
    assert Commune.objects.count() == 1089
    assert User.objects.filter(email="nouvelle.arrivante@demo.example").count() == 1


def test_demo_refuses_to_load_in_production(settings):
    before = row_counts()
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=StringIO())
    assert row_counts() == before
