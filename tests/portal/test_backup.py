"""Backup and restore (``manage.py backup`` / ``restore``): a backup restored into a new
database holds the same cases, timelines and outbox rows, and the same media files.

PostgreSQL only (pg_dump/pg_restore): skipped on SQLite, run in CI's second pass."""

import os
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from psycopg import sql

from installations import services, workflow
from installations.enums import CaseStatus
from installations.models import Case, CaseEvent
from portal import backup
from portal.models import OutgoingMail
from tests.installations.factories import CaseFactory

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="DATABASE_URL n'est pas PostgreSQL : pg_dump/pg_restore ne s'appliquent pas.",
    ),
    pytest.mark.django_db(transaction=True),
]

LOGO = b"\x89PNG\r\n\x1a\n" + os.urandom(256)


@pytest.fixture
def restored_url():
    """A database name of the test's own, dropped at the end whatever happens."""
    source = backup.url_from_settings(connection.settings_dict)
    name = f"{connection.settings_dict['NAME']}_restore_{os.getpid()}"[:63]
    url = source.rsplit("/", 1)[0] + "/" + name
    pg_env, _ = backup.parse_url(url)
    yield url
    with backup._connect(pg_env, "postgres") as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def rows(url, query):
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        return conn.execute(query).fetchall()


def test_a_backup_restored_into_a_new_database_has_the_same_cases_timelines_outbox_and_media(
    tmp_path, restored_url, desk, gp, figeac
):
    drafts = [
        CaseFactory(draft=True, profession=gp, communes=[figeac], consent_at=timezone.now())
        for _ in range(3)
    ]
    for draft in drafts:
        case = workflow.transition(draft, CaseStatus.SUBMITTED, by=draft.applicant)
        services.post_message(case, by=draft.applicant, body=f"Bonjour, dossier {case.pk} !")
    default_storage.save("desks/logo-lot.png", ContentFile(LOGO))

    cases = list(Case.objects.order_by("pk").values_list("pk", "reference", "status", "desk_id"))
    timeline = list(
        CaseEvent.objects.order_by("pk").values_list("pk", "case_id", "kind", "to_status", "body")
    )
    outbox = list(
        OutgoingMail.objects.order_by("pk").values_list("pk", "to", "topic", "dedup_key", "status")
    )
    assert len(cases) == 3 and len(timeline) >= 6 and len(outbox) >= 6

    archive = tmp_path / "sauvegarde"
    call_command("backup", output=str(archive))
    assert {p.name for p in archive.iterdir()} == {"database.dump", "media.tar.gz", "manifest.json"}

    media = tmp_path / "media-restauree"
    call_command("restore", input=str(archive), database_url=restored_url, media_root=str(media))

    table = {m: m._meta.db_table for m in (Case, CaseEvent, OutgoingMail)}
    assert (
        rows(
            restored_url,
            f"SELECT id, reference, status, desk_id FROM {table[Case]} ORDER BY id",  # noqa: S608
        )
        == cases
    )
    assert (
        rows(
            restored_url,
            f"SELECT id, case_id, kind, to_status, body FROM {table[CaseEvent]} ORDER BY id",  # noqa: S608
        )
        == timeline
    )
    assert (
        rows(
            restored_url,
            f'SELECT id, "to", topic, dedup_key, status FROM {table[OutgoingMail]} ORDER BY id',  # noqa: S608
        )
        == outbox
    )
    assert (media / "desks" / "logo-lot.png").read_bytes() == LOGO

    # A second restore onto the now filled database is refused without --force…
    with pytest.raises(CommandError, match="contient déjà"):
        call_command(
            "restore",
            input=str(archive),
            database_url=restored_url,
            media_root=str(tmp_path / "ailleurs"),
        )
    # …and accepted with it, with the same rows.
    call_command(
        "restore", input=str(archive), database_url=restored_url, media_root=str(media), force=True
    )
    assert rows(restored_url, f"SELECT count(*) FROM {table[CaseEvent]}") == [(len(timeline),)]  # noqa: S608


def test_backup_refuses_a_non_postgres_url(tmp_path):
    with pytest.raises(CommandError, match="La sauvegarde demande PostgreSQL"):
        call_command("backup", output=str(tmp_path / "x"), database_url="sqlite:///tmp/db.sqlite3")


def test_restore_refuses_a_directory_that_is_not_a_backup(tmp_path, restored_url):
    Path(tmp_path / "vide").mkdir()
    with pytest.raises(CommandError, match="n'est pas une sauvegarde"):
        call_command(
            "restore",
            input=str(tmp_path / "vide"),
            database_url=restored_url,
            media_root=str(tmp_path / "m"),
        )
