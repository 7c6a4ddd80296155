"""The access log: desk-side reads of a case, welcome pack downloads and CSV exports are
traced (who, what, when), shown to superusers only, and kept a year."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from installations.models import Case
from portal import access_log
from portal.models import AccessAction, AccessLog
from tests.installations.factories import CaseFactory

pytestmark = pytest.mark.django_db

ADMIN_LIST = reverse("admin:portal_accesslog_changelist")


def only_row():
    (row,) = AccessLog.objects.all()
    return row


# --- Reads of a case ------------------------------------------------------------------------
def test_the_referents_read_of_a_case_is_traced(client, referent, in_progress_case):
    client.force_login(referent)
    url = reverse("installations:referent_case", kwargs={"pk": in_progress_case.pk})
    assert client.get(url).status_code == 200

    row = only_row()
    assert row.user == referent
    assert row.action == AccessAction.CASE_READ
    assert (row.object_type, row.object_id) == ("installations.case", str(in_progress_case.pk))
    assert row.label == in_progress_case.reference
    assert row.desk_id == in_progress_case.desk_id
    assert timezone.now() - row.at < timedelta(minutes=1)


def test_the_staffs_read_of_a_case_in_the_admin_is_traced(client, staff, submitted_case):
    client.force_login(staff)
    url = reverse("admin:installations_case_change", args=[submitted_case.pk])
    assert client.get(url).status_code == 200

    row = only_row()
    assert (row.user, row.action, row.object_id) == (
        staff,
        AccessAction.CASE_READ,
        str(submitted_case.pk),
    )
    assert row.desk_id == submitted_case.desk_id


def test_the_applicant_reading_their_own_case_is_not_traced(client, newcomer, submitted_case):
    client.force_login(newcomer)
    assert client.get(submitted_case.get_absolute_url()).status_code == 200
    assert not AccessLog.objects.exists()


# --- Welcome pack ---------------------------------------------------------------------------
@pytest.fixture
def pack(in_progress_case):
    from welcome.models import WelcomePack

    return WelcomePack.objects.create(
        case=in_progress_case,
        content_hash="0" * 64,
        file=ContentFile(b"%PDF-1.4 livret", name="livret.pdf"),
    )


def test_a_referents_welcome_pack_download_is_traced(client, referent, pack):
    client.force_login(referent)
    response = client.get(reverse("welcome:download", kwargs={"pk": pack.case_id}))
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    row = only_row()
    assert (row.user, row.action) == (referent, AccessAction.WELCOME_PACK)
    assert row.label == f"livret-accueil-{pack.case.reference}.pdf"
    assert (row.object_id, row.desk_id) == (str(pack.case_id), pack.case.desk_id)


def test_the_applicants_own_download_is_not_traced(client, newcomer, pack):
    client.force_login(newcomer)
    response = client.get(reverse("welcome:download", kwargs={"pk": pack.case_id}))
    assert response.status_code == 200
    assert not AccessLog.objects.exists()


# --- CSV exports ----------------------------------------------------------------------------
def test_a_csv_export_from_the_admin_is_traced(client, staff, desk, gp, figeac):
    CaseFactory(desk=desk, profession=gp, communes=[figeac])
    client.force_login(staff)
    response = client.post(
        reverse("admin:installations_case_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Case.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"

    row = only_row()
    assert (row.user, row.action) == (staff, AccessAction.CSV_EXPORT)
    assert row.label.startswith("dossiers.csv")


def test_a_desk_members_download_of_the_exact_observatory_is_traced(client, staff, desk):
    client.force_login(staff)
    url = reverse("reporting:observatory_csv", args=[desk.slug])
    assert client.get(url).status_code == 200

    row = only_row()
    assert (row.user, row.action) == (staff, AccessAction.CSV_EXPORT)
    assert row.label == f"observatoire-{desk.slug}.csv ({url})"


def test_public_downloads_of_open_data_are_not_traced(client, desk):
    assert client.get(reverse("reporting:observatory_csv", args=[desk.slug])).status_code == 200
    assert not AccessLog.objects.exists()


# --- Who sees the log -----------------------------------------------------------------------
def test_superusers_read_the_log_in_the_admin_filtered_by_action(
    client, rf, superuser, referent, in_progress_case
):
    client.force_login(referent)
    client.get(reverse("installations:referent_case", kwargs={"pk": in_progress_case.pk}))
    export = rf.get("/")
    export.user = referent
    access_log.record(export, AccessAction.CSV_EXPORT, label="export.csv")
    client.force_login(superuser)

    html = client.get(ADMIN_LIST).content.decode()
    assert "Lecture d&#x27;un dossier" in html or "lecture d&#x27;un dossier" in html
    assert in_progress_case.reference in html and "export.csv" in html

    filtered = client.get(ADMIN_LIST, {"action__exact": AccessAction.CSV_EXPORT})
    assert [row.label for row in filtered.context["cl"].result_list] == ["export.csv"]
    row = AccessLog.objects.get(action=AccessAction.CASE_READ)
    change = client.get(reverse("admin:portal_accesslog_change", args=[row.pk]))
    assert change.status_code == 200
    assert "Enregistrer" not in change.content.decode()  # read-only


@pytest.mark.parametrize("persona", ["staff", "coordinator", "referent"])
def test_nobody_else_reaches_the_log(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(ADMIN_LIST).status_code in {302, 403}
    if persona == "staff":
        index = client.get(reverse("admin:index")).content.decode()
        assert "journal des consultations" not in index.lower()


# --- Kept a year ----------------------------------------------------------------------------
def test_the_daily_purge_deletes_what_is_older_than_a_year(staff, django_assert_num_queries):
    from portal.tasks import purge_access_log

    now = timezone.now()
    for days in (400, 366, 364, 1):
        AccessLog.objects.create(
            user=staff,
            action=AccessAction.CSV_EXPORT,
            label=f"il y a {days} jours",
            at=now - timedelta(days=days),
        )
    with django_assert_num_queries(1):  # one statement, whatever the number of rows
        assert purge_access_log() == 2
    assert sorted(AccessLog.objects.values_list("label", flat=True)) == [
        "il y a 1 jours",
        "il y a 364 jours",
    ]


def test_the_purge_runs_every_day(settings):
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if "purge_access_log" in e["task"]]
    assert [e["task"] for e in entries] == ["portal.tasks.purge_access_log"]
    assert entries[0]["schedule"].hour == {4}


def test_recording_is_one_insert(rf, referent, in_progress_case, django_assert_num_queries):
    request = rf.get("/")
    request.user = referent
    with django_assert_num_queries(1):
        access_log.record(
            request, AccessAction.CASE_READ, in_progress_case, desk_id=in_progress_case.desk_id
        )
