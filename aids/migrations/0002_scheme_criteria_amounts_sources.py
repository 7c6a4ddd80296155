"""Schemes that can say when and for whom (issue 13): a stable code, structured criteria,
amounts per zone class, dated sources and the points still « à confirmer ».

Forward-safe on existing rows: ``code`` is filled from ``slug`` before it becomes unique and
required; the old ``zoning_required`` is copied to ``zoning_kind`` + ``zoning_values`` before
it is removed.
"""

from django.db import migrations, models

import aids.models

OLD_ZONING = {
    "zip": ("ars", ["ZIP"]),
    "zac": ("ars", ["ZAC"]),
    "zip_zac": ("ars", ["ZIP", "ZAC"]),
    "zrr_frr": ("frr", ["FRR", "FRR+"]),
}


def forwards(apps, schema_editor):
    Scheme = apps.get_model("aids", "Scheme")
    for scheme in Scheme.objects.all().only("pk", "slug", "zoning_required"):
        scheme.code = scheme.slug
        scheme.zoning_kind, scheme.zoning_values = OLD_ZONING.get(scheme.zoning_required, ("", []))
        scheme.save(update_fields=["code", "zoning_kind", "zoning_values"])


def backwards(apps, schema_editor):
    Scheme = apps.get_model("aids", "Scheme")
    reverse = {(kind, tuple(values)): old for old, (kind, values) in OLD_ZONING.items()}
    for scheme in Scheme.objects.all().only("pk", "zoning_kind", "zoning_values"):
        scheme.zoning_required = reverse.get(
            (scheme.zoning_kind, tuple(scheme.zoning_values or [])), ""
        )
        scheme.save(update_fields=["zoning_required"])


class Migration(migrations.Migration):
    dependencies = [("aids", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="scheme",
            name="code",
            # No index yet: the unique constraint below brings it (PostgreSQL would otherwise
            # create the « _like » index twice).
            field=models.SlugField(
                max_length=80, null=True, db_index=False, verbose_name="code stable"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="zoning_kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "aucun zonage requis"),
                    ("ars", "zonage ARS de la profession"),
                    ("frr", "France Ruralités Revitalisation"),
                ],
                db_index=True,
                help_text=(
                    "ARS : le zonage de la profession de la personne ; FRR : la couche rurale."
                ),
                max_length=4,
                verbose_name="zonage requis sur la commune",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="zoning_values",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text='Par exemple ["ZIP", "ZAC"] ou ["FRR", "FRR+"].',
                validators=[aids.models.validate_zone_values],
                verbose_name="classes de zonage acceptées",
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.AlterField(
            model_name="scheme",
            name="code",
            field=models.SlugField(
                help_text="Ne change jamais : l'API et le catalogue de départ s'y réfèrent.",
                max_length=80,
                unique=True,
                verbose_name="code stable",
            ),
        ),
        migrations.RemoveField(model_name="scheme", name="zoning_required"),
        migrations.AddField(
            model_name="scheme",
            name="amounts",
            field=models.JSONField(
                blank=True,
                default=list,
                validators=[aids.models.validate_amounts],
                verbose_name="montants par zone",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="category",
            field=models.CharField(
                blank=True,
                choices=[
                    ("assurance_maladie", "aide de l'Assurance Maladie"),
                    ("collectivite", "aide d'une collectivité"),
                    ("etat", "aide de l'État"),
                    ("fiscal", "avantage fiscal"),
                    ("etudes", "aide aux études"),
                ],
                max_length=20,
                verbose_name="catégorie (règle des dix ans)",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="cycles",
            field=models.JSONField(
                blank=True,
                default=list,
                validators=[aids.models.validate_cycles],
                verbose_name="cycles d'études",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="disciplines",
            field=models.JSONField(
                blank=True,
                default=list,
                validators=[aids.models.ChoiceListValidator("aids.enums.Discipline")],
                verbose_name="filières d'études",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="first_installation",
            field=models.BooleanField(
                blank=True, null=True, verbose_name="première installation en libéral conventionné"
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="internship_far",
            field=models.BooleanField(
                blank=True,
                null=True,
                verbose_name="stage à plus de 15 km de la faculté et du domicile",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="sectors",
            field=models.JSONField(
                blank=True,
                default=list,
                validators=[aids.models.ChoiceListValidator("aids.enums.Sector")],
                verbose_name="secteurs conventionnels",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="sources",
            field=models.JSONField(
                blank=True,
                default=list,
                validators=[aids.models.validate_sources],
                verbose_name="sources datées",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="ten_year_counted_from",
            field=models.CharField(
                blank=True,
                choices=[
                    ("decision", "date de la décision d'attribution"),
                    ("convention", "date de la dernière convention"),
                ],
                max_length=12,
                verbose_name="délai de dix ans compté depuis",
            ),
        ),
        migrations.AddField(
            model_name="scheme",
            name="to_confirm",
            field=models.JSONField(
                blank=True,
                default=list,
                validators=[aids.models.validate_to_confirm],
                verbose_name="à confirmer",
            ),
        ),
    ]
