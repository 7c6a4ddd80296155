"""The models of this app, created in the migration state only: their tables were created by
installations 0003 and keep their names (``Meta.db_table``)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import ambassadors.models

MODELS = ["ambassador", "introduction"]


def move_content_types(apps, schema_editor, source="installations", target="ambassadors"):
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
    move_content_types(apps, schema_editor, source="ambassadors", target="installations")


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
                    name="Ambassador",
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
                        ("first_name", models.CharField(max_length=100, verbose_name="prénom")),
                        ("last_name", models.CharField(max_length=100, verbose_name="nom")),
                        ("email", models.EmailField(max_length=254, verbose_name="e-mail")),
                        (
                            "phone",
                            models.CharField(blank=True, max_length=30, verbose_name="téléphone"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("professional", "professionnel·le de santé installé·e"),
                                    ("resident", "habitant·e"),
                                ],
                                max_length=12,
                                verbose_name="je suis",
                            ),
                        ),
                        ("topics", models.JSONField(default=list, verbose_name="sujets")),
                        (
                            "presentation",
                            models.TextField(
                                blank=True,
                                max_length=1000,
                                verbose_name="quelques mots de présentation",
                            ),
                        ),
                        (
                            "consent_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="accord pour être contacté·e le"
                            ),
                        ),
                        (
                            "approved",
                            models.BooleanField(
                                default=False,
                                help_text="Seuls les ambassadeurs validés peuvent être proposés.",
                                verbose_name="validé par le guichet",
                            ),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="actif")),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="inscrit·e le"
                            ),
                        ),
                        (
                            "commune",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="ambassadors",
                                to="territories.commune",
                                verbose_name="commune",
                            ),
                        ),
                        (
                            "profession",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="ambassadors",
                                to="structures.profession",
                                verbose_name="profession",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="ambassador_profiles",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="compte",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ambassadeur",
                        "verbose_name_plural": "ambassadeurs",
                        "db_table": "installations_ambassador",
                        "ordering": ["last_name", "first_name"],
                    },
                ),
                migrations.CreateModel(
                    name="Introduction",
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
                        ("topics", models.JSONField(default=list, verbose_name="sujets")),
                        (
                            "proposed_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="proposé le"
                            ),
                        ),
                        (
                            "newcomer_token",
                            models.CharField(
                                default=ambassadors.models.new_token, max_length=64, unique=True
                            ),
                        ),
                        (
                            "ambassador_token",
                            models.CharField(
                                default=ambassadors.models.new_token, max_length=64, unique=True
                            ),
                        ),
                        (
                            "newcomer_answer",
                            models.CharField(
                                choices=[
                                    ("pending", "sans réponse"),
                                    ("accepted", "accepté"),
                                    ("declined", "décliné"),
                                ],
                                default="pending",
                                max_length=8,
                                verbose_name="réponse du nouvel arrivant",
                            ),
                        ),
                        ("newcomer_answered_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "ambassador_answer",
                            models.CharField(
                                choices=[
                                    ("pending", "sans réponse"),
                                    ("accepted", "accepté"),
                                    ("declined", "décliné"),
                                ],
                                default="pending",
                                max_length=8,
                                verbose_name="réponse de l'ambassadeur",
                            ),
                        ),
                        ("ambassador_answered_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "introduced_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="mise en relation le"
                            ),
                        ),
                        (
                            "ambassador",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="introductions",
                                to="ambassadors.ambassador",
                                verbose_name="ambassadeur",
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="introductions",
                                to="installations.case",
                                verbose_name="dossier",
                            ),
                        ),
                        (
                            "proposed_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="proposé par",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "mise en relation avec un ambassadeur",
                        "verbose_name_plural": "mises en relation avec des ambassadeurs",
                        "db_table": "installations_introduction",
                        "ordering": ["-proposed_at"],
                    },
                ),
                migrations.AddIndex(
                    model_name="ambassador",
                    index=models.Index(
                        fields=["commune", "approved", "is_active"], name="ambassador_commune_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="introduction",
                    constraint=models.UniqueConstraint(
                        fields=("case", "ambassador"),
                        name="introduction_once_per_case",
                        violation_error_message="Cet ambassadeur a déjà été proposé pour ce dossier.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="introduction",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("introduced_at__isnull", True),
                            models.Q(
                                ("ambassador_answer", "accepted"), ("newcomer_answer", "accepted")
                            ),
                            _connector="OR",
                        ),
                        name="introduction_only_when_both_accept",
                    ),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
