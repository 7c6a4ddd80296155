"""Indexes for the admin's prefix search of the cases (installations/admin/case_list.py).

Django writes ``last_name__istartswith="mart"`` as ``UPPER("last_name"::text) LIKE
UPPER('mart%')`` on PostgreSQL: an index on that very expression with ``text_pattern_ops``
serves it whatever the database's collation. PostgreSQL only (an expression with an operator
class is no SQLite index; SQLite, used for development and tests, scans as before). The
applicant's e-mail is searched in the users' table, so its index is there too: it exists for
this search, and is created and dropped with it.
"""

from django.conf import settings
from django.db import migrations

# (index name, model, column)
INDEXES = [
    ("case_reference_prefix_idx", "installations.Case", "reference"),
    ("case_last_name_prefix_idx", "installations.Case", "last_name"),
    ("case_first_name_prefix_idx", "installations.Case", "first_name"),
    ("user_email_prefix_idx", settings.AUTH_USER_MODEL, "email"),
]


def _table(apps, label):
    return apps.get_model(label)._meta.db_table


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for name, label, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(_table(apps, label))} "
            f"(UPPER({quote(column)}::text) text_pattern_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _label, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("installations", "0009_workspace_order_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
