"""The welcome pack and the desks' practical guide move to a room of their own (welcome).
Their tables keep their names and rows: only the migration state moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("installations", "0004_rooms_of_their_own"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="welcomepack",
                    name="case",
                ),
                migrations.DeleteModel(
                    name="PracticalResource",
                ),
                migrations.DeleteModel(
                    name="WelcomePack",
                ),
            ],
        ),
    ]
