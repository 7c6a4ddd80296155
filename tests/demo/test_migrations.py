"""Housing, ambassadors, the hotline log and the welcome pack moved from ``installations`` to
rooms of their own (installations 0004 and 0005, then students, ambassadors, hotline and welcome
0001) without touching their tables: a database holding the demo goes back to the previous
schema and forward again with every row, and the content types (permissions, admin history)
follow the models."""

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ambassadors.models import Ambassador, Introduction
from hotline.models import HotlineRecord
from installations.models import Case, CaseEvent
from students.models import HousingAllocation, HousingOffer, HousingPeriod, HousingRequest
from tests.demo.conftest import FAST_HASHER, seed_professions
from welcome.models import PracticalResource, WelcomePack

PREVIOUS = ("installations", "0003_students_network")
# The models that moved, with the app they moved to; their tables keep the old names.
MOVED = {
    HousingOffer: "students",
    HousingPeriod: "students",
    HousingRequest: "students",
    HousingAllocation: "students",
    Ambassador: "ambassadors",
    Introduction: "ambassadors",
    HotlineRecord: "hotline",
    PracticalResource: "welcome",
    WelcomePack: "welcome",
}
ROOMS = ("students", "ambassadors", "hotline", "welcome")
TABLES = [model._meta.db_table for model in MOVED] + [
    Case._meta.db_table,
    CaseEvent._meta.db_table,
]


def migrate(*args):
    call_command("migrate", *args, verbosity=0, stdout=StringIO())


def row_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def content_type_apps():
    ContentType.objects.clear_cache()
    names = [model._meta.model_name for model in MOVED]
    return dict(
        ContentType.objects.filter(model__in=names)
        .exclude(app_label__in=["auth", "contenttypes"])
        .values_list("model", "app_label")
    )


def applied(app):
    return sorted(
        name
        for label, name in MigrationExecutor(connection).recorder.applied_migrations()
        if label == app
    )


@pytest.mark.django_db(transaction=True)
def test_the_demo_survives_a_migration_back_to_the_previous_schema_and_forward(settings):
    settings.PASSWORD_HASHERS = FAST_HASHER
    seed_professions()
    call_command("load_demo", stdout=StringIO())
    counts = row_counts()
    # The demo renders no welcome pack (a task does, on assignment): one row stands for them.
    case = Case.objects.exclude(referent=None).first()
    WelcomePack.objects.create(case=case, content_hash="0" * 64, size=1, render_ms=1)
    counts = row_counts()
    assert all(counts.values()), counts
    assert set(content_type_apps().values()) == set(ROOMS)

    try:
        for app in ROOMS:
            migrate(app, "zero")
        migrate(*PREVIOUS)

        assert applied("installations")[-1] == PREVIOUS[1]
        assert not any(applied(app) for app in ROOMS)
        assert row_counts() == counts
        assert set(content_type_apps().values()) == {"installations"}
        # The previous schema's models read the same rows.
        before = MigrationExecutor(connection).loader.project_state(PREVIOUS).apps
        for model in MOVED:
            old = before.get_model("installations", model.__name__)
            assert old._meta.db_table == model._meta.db_table
            assert old.objects.count() == counts[model._meta.db_table]
    finally:
        migrate()  # every app back to its latest migration, for the tests that follow

    executor = MigrationExecutor(connection)
    assert not executor.migration_plan(executor.loader.graph.leaf_nodes())
    assert row_counts() == counts
    for model, app in MOVED.items():
        assert model._meta.app_label == app
        assert model.objects.count() == counts[model._meta.db_table]
        assert ContentType.objects.get_for_model(model).app_label == app
    assert content_type_apps() == {model._meta.model_name: app for model, app in MOVED.items()}
    # Permissions hang on the content types: they followed, none was duplicated.
    for model, app in MOVED.items():
        codename = f"view_{model._meta.model_name}"
        assert [p.content_type.app_label for p in Permission.objects.filter(codename=codename)] == [
            app
        ]
    assert Ambassador.objects.filter(introductions__isnull=False).exists()
    assert (
        HousingAllocation.objects.filter(request__case__kind="placement").count()
        == counts[HousingAllocation._meta.db_table]
    )
