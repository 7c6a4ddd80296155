"""The index behind the events list's keyset (``starts_at``, ``id``): the events app declares
none on that order and may not depend on opendata, so the API creates the one it reads."""

from django.db import migrations

INDEX = "opendata_event_keyset_idx"


class Migration(migrations.Migration):
    dependencies = [("events", "0003_letters_for_and_check_in_undo")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON events_event (starts_at, id)",
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
            elidable=False,
        )
    ]
