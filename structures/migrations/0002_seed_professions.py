from django.db import migrations


def seed_professions(apps, schema_editor):
    from structures.professions import seed

    seed(apps.get_model("structures", "Profession"))


class Migration(migrations.Migration):
    dependencies = [("structures", "0001_initial")]

    operations = [migrations.RunPython(seed_professions, migrations.RunPython.noop)]
