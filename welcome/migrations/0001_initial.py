"""The models of this app, created in the migration state only: their tables were created by
installations 0002 and keep their names (``Meta.db_table``)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

MODELS = ["practicalresource", "welcomepack"]


def move_content_types(apps, schema_editor, source="installations", target="welcome"):
    """Permissions and admin history follow the models: their content types change app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    taken = set(
        content_type.objects.filter(app_label=target, model__in=MODELS).values_list(
            "model", flat=True
        )
    )
    content_type.objects.filter(app_label=source, model__in=MODELS).exclude(model__in=taken).update(
        app_label=target
    )


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="welcome", target="installations")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("installations", "0005_welcome_pack_room"),
        ("territories", "0002_commune_zoning"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PracticalResource",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("contact", "contacts utiles"),
                                    ("housing", "logement"),
                                    ("schooling", "scolarité et garde d'enfants"),
                                    ("spouse_job", "emploi du conjoint ou de la conjointe"),
                                    ("leisure", "loisirs et vie locale"),
                                ],
                                max_length=12,
                                verbose_name="rubrique",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="titre")),
                        ("text", models.TextField(blank=True, verbose_name="texte")),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=30, verbose_name="téléphone"),
                        ),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
                        ),
                        ("website", models.URLField(blank=True, verbose_name="site web")),
                        (
                            "position",
                            models.PositiveSmallIntegerField(default=0, verbose_name="ordre"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="modifiée le"),
                        ),
                        (
                            "desk",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="practical_resources",
                                to="territories.desk",
                                verbose_name="guichet",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ressource pratique",
                        "verbose_name_plural": "ressources pratiques",
                        "db_table": "installations_practicalresource",
                        "ordering": ["category", "position", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="WelcomePack",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "content_hash",
                            models.CharField(max_length=64, verbose_name="empreinte du contenu"),
                        ),
                        ("file", models.FileField(upload_to="livrets/", verbose_name="fichier")),
                        (
                            "size",
                            models.PositiveIntegerField(default=0, verbose_name="taille (octets)"),
                        ),
                        (
                            "render_ms",
                            models.PositiveIntegerField(
                                default=0, verbose_name="durée de rendu (ms)"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="créé le"
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="welcome_packs",
                                to="installations.case",
                                verbose_name="dossier",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "livret d'accueil",
                        "verbose_name_plural": "livrets d'accueil",
                        "db_table": "installations_welcomepack",
                        "ordering": ["-created_at", "-pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("case", "content_hash"), name="pack_once_per_content"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
