"""The demo shows the retention job: a draft the dry run would delete, a case it would
anonymise; the real run does it without changing the desk's yearly figures."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from installations.models import Case
from reporting.report import compute
from territories.models import Desk
from tests.demo.conftest import demo_data, demo_media  # noqa: F401 (the demo, loaded once)

pytestmark = pytest.mark.django_db


def retention_output(*args):
    output = StringIO()
    call_command("apply_retention", *args, stdout=output)
    return output.getvalue()


def test_the_demo_dry_run_lists_a_draft_to_delete_and_a_case_to_anonymise(demo_data):  # noqa: F811
    draft = Case.objects.get(applicant__email="g.morin@demo.example")
    closed = Case.objects.get(applicant__email="j.roussel@demo.example")

    out = retention_output("--dry-run")

    assert "Brouillons inactifs seraient supprimés : 1" in out
    assert f"sans guichet : 1 (brouillon n° {draft.pk})" in out
    assert "Dossiers terminés seraient anonymisés : 1" in out
    assert f"Guichet installation santé du Lot (démonstration) : 1 ({closed.reference})" in out
    assert Case.objects.filter(pk=draft.pk).exists()


def test_the_demo_real_run_keeps_the_yearly_figures(demo_data):  # noqa: F811
    lot = Desk.objects.get(slug="lot")
    start, end = date(2000, 1, 1), timezone.localdate()
    before = compute(lot, start, end)

    out = retention_output()

    assert "Brouillons inactifs supprimés : 1" in out
    assert "Dossiers terminés anonymisés : 1" in out
    assert not Case.objects.filter(applicant__email="g.morin@demo.example").exists()
    assert compute(lot, start, end) == before
    assert "Rien à faire aujourd'hui." in retention_output()
