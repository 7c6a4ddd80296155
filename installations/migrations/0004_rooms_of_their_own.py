"""Housing, ambassadors and the hotline log move to rooms of their own (students, ambassadors,
hotline). Their tables keep their names and rows: only the migration state moves."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("installations", "0003_students_network"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="introduction",
                    name="ambassador",
                ),
                migrations.RemoveField(
                    model_name="hotlinerecord",
                    name="case",
                ),
                migrations.RemoveField(
                    model_name="hotlinerecord",
                    name="desk",
                ),
                migrations.RemoveField(
                    model_name="hotlinerecord",
                    name="profession",
                ),
                migrations.RemoveField(
                    model_name="hotlinerecord",
                    name="recorded_by",
                ),
                migrations.RemoveField(
                    model_name="housingallocation",
                    name="allocated_by",
                ),
                migrations.RemoveField(
                    model_name="housingallocation",
                    name="period",
                ),
                migrations.RemoveField(
                    model_name="housingallocation",
                    name="request",
                ),
                migrations.RemoveField(
                    model_name="housingoffer",
                    name="commune",
                ),
                migrations.RemoveField(
                    model_name="housingoffer",
                    name="structure",
                ),
                migrations.RemoveField(
                    model_name="housingperiod",
                    name="offer",
                ),
                migrations.RemoveField(
                    model_name="housingrequest",
                    name="wished_offer",
                ),
                migrations.RemoveField(
                    model_name="housingrequest",
                    name="case",
                ),
                migrations.RemoveField(
                    model_name="introduction",
                    name="case",
                ),
                migrations.RemoveField(
                    model_name="introduction",
                    name="proposed_by",
                ),
                migrations.DeleteModel(
                    name="Ambassador",
                ),
                migrations.DeleteModel(
                    name="HotlineRecord",
                ),
                migrations.DeleteModel(
                    name="HousingAllocation",
                ),
                migrations.DeleteModel(
                    name="HousingPeriod",
                ),
                migrations.DeleteModel(
                    name="HousingOffer",
                ),
                migrations.DeleteModel(
                    name="HousingRequest",
                ),
                migrations.DeleteModel(
                    name="Introduction",
                ),
            ],
        ),
    ]
