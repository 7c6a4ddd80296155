from io import StringIO

import pytest
from django.core.management import call_command

from portal.models import User
from territories.models import Commune, Desk

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_twice_safely(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo")
    second = capsys.readouterr().out

    assert Desk.objects.count() == 3
    assert Commune.objects.count() == 1089
    assert User.objects.filter(email="nouvelle.arrivante@demo.example").count() == 1
    for role in [
        "Nouvel arrivant",
        "Référent accueil",
        "Équipe du guichet",
        "Coordinateur d'évènements",
        "superutilisateur",
    ]:
        assert role in first
    assert first.splitlines()[-10:] == second.splitlines()[-10:]
    # Fictitious contacts only.
    for desk in Desk.objects.all():
        assert desk.phone.startswith("01 99") and desk.email.endswith(".example")


def test_demo_accounts_can_sign_in(client):
    call_command("load_demo", stdout=StringIO())
    response = client.post(
        "/comptes/login/",
        {"login": "referent.lot@demo.example", "password": "demo-portail-2026"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_demo_refuses_to_load_in_production(settings):
    from django.core.management import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()
