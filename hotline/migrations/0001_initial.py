"""The models of this app, created in the migration state only: their tables were created by
installations 0003 and keep their names (``Meta.db_table``)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ["hotlinerecord"]


def move_content_types(apps, schema_editor, source="installations", target="hotline"):
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
    move_content_types(apps, schema_editor, source="hotline", target="installations")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("installations", "0004_rooms_of_their_own"),
        ("structures", "0004_placement"),
        ("territories", "0002_commune_zoning"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HotlineRecord",
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
                            "received_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="reçu le"
                            ),
                        ),
                        (
                            "channel",
                            models.CharField(
                                choices=[
                                    ("phone", "téléphone"),
                                    ("email", "e-mail"),
                                    ("visit", "visite au guichet"),
                                    ("other", "autre"),
                                ],
                                default="phone",
                                max_length=6,
                                verbose_name="canal",
                            ),
                        ),
                        (
                            "caller_first_name",
                            models.CharField(blank=True, max_length=100, verbose_name="prénom"),
                        ),
                        (
                            "caller_last_name",
                            models.CharField(blank=True, max_length=100, verbose_name="nom"),
                        ),
                        (
                            "caller_email",
                            models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
                        ),
                        (
                            "caller_phone",
                            models.CharField(blank=True, max_length=30, verbose_name="téléphone"),
                        ),
                        (
                            "request_kind",
                            models.CharField(
                                choices=[
                                    ("installation", "installation"),
                                    ("placement", "stage (étudiant·e, interne)"),
                                    ("information", "demande d'information"),
                                ],
                                default="information",
                                max_length=12,
                                verbose_name="nature",
                            ),
                        ),
                        ("subject", models.CharField(max_length=250, verbose_name="objet")),
                        (
                            "answer",
                            models.TextField(
                                blank=True, max_length=5000, verbose_name="réponse apportée"
                            ),
                        ),
                        (
                            "follow_up_needed",
                            models.BooleanField(default=False, verbose_name="suite à donner"),
                        ),
                        (
                            "follow_up_done",
                            models.BooleanField(default=False, verbose_name="suite donnée"),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="hotline_records",
                                to="installations.case",
                                verbose_name="dossier lié",
                            ),
                        ),
                        (
                            "desk",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="hotline_records",
                                to="territories.desk",
                                verbose_name="guichet",
                            ),
                        ),
                        (
                            "profession",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="hotline_records",
                                to="structures.profession",
                                verbose_name="profession",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="saisi par",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "appel ou message reçu",
                        "verbose_name_plural": "permanence : appels et messages",
                        "db_table": "installations_hotlinerecord",
                        "ordering": ["-received_at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["desk", "received_at"], name="hotline_desk_received_idx"
                            ),
                            models.Index(
                                fields=["desk", "follow_up_needed"], name="hotline_follow_up_idx"
                            ),
                            models.Index(fields=["channel"], name="hotline_channel_idx"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
