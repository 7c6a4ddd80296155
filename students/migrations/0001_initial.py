"""The models of this app, created in the migration state only: their tables were created by
installations 0003 and keep their names (``Meta.db_table``)."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ["housingoffer", "housingperiod", "housingrequest", "housingallocation"]


def move_content_types(apps, schema_editor, source="installations", target="students"):
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
    move_content_types(apps, schema_editor, source="students", target="installations")


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
                    name="HousingOffer",
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
                        ("name", models.CharField(max_length=200, verbose_name="nom")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("interns_house", "maison des internes"),
                                    ("hospital", "chambres à l'hôpital"),
                                    ("commune", "logement offert par une commune"),
                                    ("other", "autre"),
                                ],
                                max_length=14,
                                verbose_name="type",
                            ),
                        ),
                        (
                            "address",
                            models.CharField(blank=True, max_length=250, verbose_name="adresse"),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "contact",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="contact sur place"
                            ),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                        (
                            "commune",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="housing_offers",
                                to="territories.commune",
                                verbose_name="commune",
                            ),
                        ),
                        (
                            "structure",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="housing_offers",
                                to="structures.structure",
                                verbose_name="structure (hôpital…)",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "offre de logement",
                        "verbose_name_plural": "offres de logement",
                        "db_table": "installations_housingoffer",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="HousingPeriod",
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
                            "label",
                            models.CharField(
                                help_text="Ex. « Hiver 2026-2027 ».",
                                max_length=100,
                                verbose_name="période",
                            ),
                        ),
                        ("starts_on", models.DateField(verbose_name="du")),
                        ("ends_on", models.DateField(verbose_name="au")),
                        ("capacity", models.PositiveSmallIntegerField(verbose_name="places")),
                        (
                            "monthly_price",
                            models.DecimalField(
                                decimal_places=2,
                                default=0,
                                help_text="0 : gratuit.",
                                max_digits=7,
                                verbose_name="loyer mensuel (€)",
                            ),
                        ),
                        (
                            "offer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="periods",
                                to="students.housingoffer",
                                verbose_name="offre",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "période de logement",
                        "verbose_name_plural": "périodes de logement",
                        "db_table": "installations_housingperiod",
                        "ordering": ["starts_on", "offer__name"],
                    },
                ),
                migrations.CreateModel(
                    name="HousingRequest",
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
                        ("starts_on", models.DateField(verbose_name="du")),
                        ("ends_on", models.DateField(verbose_name="au")),
                        (
                            "notes",
                            models.TextField(
                                blank=True,
                                validators=[django.core.validators.MaxLengthValidator(5000)],
                                verbose_name="précisions",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "en attente"),
                                    ("allocated", "logement attribué"),
                                    ("declined", "sans solution"),
                                    ("cancelled", "annulée"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="statut",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="demandée le"
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="housing_requests",
                                to="installations.case",
                                verbose_name="dossier",
                            ),
                        ),
                        (
                            "wished_offer",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="requests",
                                to="students.housingoffer",
                                verbose_name="logement souhaité",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "demande de logement",
                        "verbose_name_plural": "demandes de logement",
                        "db_table": "installations_housingrequest",
                        "ordering": ["starts_on", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HousingAllocation",
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
                        ("place", models.PositiveSmallIntegerField(verbose_name="place n°")),
                        (
                            "allocated_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="attribué le"
                            ),
                        ),
                        (
                            "allocated_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="attribué par",
                            ),
                        ),
                        (
                            "period",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="allocations",
                                to="students.housingperiod",
                                verbose_name="période",
                            ),
                        ),
                        (
                            "request",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="allocation",
                                to="students.housingrequest",
                                verbose_name="demande",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "attribution de logement",
                        "verbose_name_plural": "attributions de logement",
                        "db_table": "installations_housingallocation",
                        "ordering": ["period", "place"],
                    },
                ),
                migrations.AddIndex(
                    model_name="housingoffer",
                    index=models.Index(
                        fields=["commune", "is_active"], name="housing_offer_commune_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="housingperiod",
                    index=models.Index(
                        fields=["starts_on", "ends_on"], name="housing_period_dates_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="housingperiod",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                        name="housing_period_dates_ordered",
                        violation_error_message="La fin de la période précède son début.",
                    ),
                ),
                migrations.AddIndex(
                    model_name="housingrequest",
                    index=models.Index(
                        fields=["status", "starts_on"], name="housing_request_status_idx"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="housingrequest",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                        name="housing_request_dates_ordered",
                        violation_error_message="La date de fin précède la date de début.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="housingallocation",
                    constraint=models.UniqueConstraint(
                        fields=("period", "place"),
                        name="housing_no_double_booking",
                        violation_error_message="Cette place est déjà attribuée pour cette période.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="housingallocation",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("place__gte", 1)), name="housing_place_positive"
                    ),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
