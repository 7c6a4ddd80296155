"""Training sites (« terrains de stage »): a structure or a supervising practitioner that
welcomes medical students and interns, listed publicly with the directory's filters and map.

The model is imported at the end of ``structures.models`` so that it belongs to the app.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.phones import PhoneNumberField
from structures.models.offer import PlaceQuerySet
from territories.text import fold


class PlacementLevel(models.TextChoices):
    EXTERN = "externe", _("externe (2e cycle)")
    INTERN = "interne", _("interne (3e cycle)")
    JUNIOR = "docteur_junior", _("docteur junior")


LEVEL_FIELDS = {
    PlacementLevel.EXTERN: "accepts_externs",
    PlacementLevel.INTERN: "accepts_interns",
    PlacementLevel.JUNIOR: "accepts_junior_doctors",
}


class Semester(models.TextChoices):
    WINTER = "hiver", _("semestre d'hiver (novembre à avril)")
    SUMMER = "ete", _("semestre d'été (mai à octobre)")


class PlacementQuerySet(PlaceQuerySet):
    def for_level(self, level):
        field = LEVEL_FIELDS.get(level)
        return self.filter(**{field: True}) if field else self

    def for_profession(self, profession):
        return self.filter(Q(profession=profession) | Q(profession__parent=profession))

    def for_list(self):
        return self.select_related("commune", "structure", "profession")


class Placement(models.Model):
    """A training site offering placements to students and interns."""

    name = models.CharField(
        _("intitulé"),
        max_length=200,
        help_text=_("Ex. « Stage de médecine générale — MSP de Labastide-Murat »."),
    )
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure d'accueil"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="placements",
    )
    supervisor = models.ForeignKey(
        "structures.Professional",
        verbose_name=_("praticien maître de stage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
    )
    supervisor_name = models.CharField(
        _("maître de stage (affiché)"),
        max_length=150,
        blank=True,
        help_text=_("Nom affiché publiquement, avec l'accord du praticien."),
    )
    profession = models.ForeignKey(
        "structures.Profession",
        verbose_name=_("discipline"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="placements",
        blank=True,
        help_text=_("Vide : celle de la structure ou du maître de stage."),
    )
    latitude = models.FloatField(_("latitude"), blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), blank=True, editable=False)
    accepts_externs = models.BooleanField(_("agréé pour les externes"), default=False)
    accepts_interns = models.BooleanField(_("agréé pour les internes"), default=True)
    accepts_junior_doctors = models.BooleanField(
        _("agréé pour les docteurs juniors"), default=False
    )
    winter_semester = models.BooleanField(_("semestre d'hiver"), default=True)
    summer_semester = models.BooleanField(_("semestre d'été"), default=True)
    places_per_semester = models.PositiveSmallIntegerField(_("places par semestre"), default=1)
    offers_housing = models.BooleanField(_("logement proposé"), default=False, db_index=True)
    transport_help = models.BooleanField(_("aide au transport"), default=False)
    offer_details = models.TextField(
        _("ce qui est proposé"),
        blank=True,
        help_text=_("Logement, indemnités de transport, repas, véhicule…"),
    )
    description = models.TextField(_("présentation du stage"), blank=True)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = PhoneNumberField(_("téléphone de contact"), blank=True)
    published = models.BooleanField(_("publié"), default=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        app_label = "structures"
        verbose_name = _("terrain de stage")
        verbose_name_plural = _("terrains de stage")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["published", "commune"], name="placement_pub_commune_idx"),
            models.Index(fields=["latitude", "longitude"], name="placement_coords_idx"),
            models.Index(fields=["profession", "published"], name="placement_prof_idx"),
            models.Index(
                fields=["accepts_interns", "accepts_externs", "accepts_junior_doctors"],
                name="placement_levels_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(structure__isnull=False) | Q(supervisor__isnull=False),
                name="placement_has_host",
                violation_error_message=_(
                    "Indiquez la structure d'accueil ou le praticien maître de stage."
                ),
            ),
            models.CheckConstraint(
                condition=Q(accepts_externs=True)
                | Q(accepts_interns=True)
                | Q(accepts_junior_doctors=True),
                name="placement_has_level",
                violation_error_message=_("Cochez au moins un niveau d'agrément."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        if not self.commune_id:
            host = self.structure or self.supervisor
            self.commune_id = getattr(host, "commune_id", None)
        if self.structure_id and self.structure.commune_id == self.commune_id:
            self.latitude, self.longitude = self.structure.latitude, self.structure.longitude
        else:
            self.latitude, self.longitude = self.commune.latitude, self.commune.longitude
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("structures:placement", kwargs={"pk": self.pk})

    @property
    def levels(self):
        return [level for level, field in LEVEL_FIELDS.items() if getattr(self, field)]

    @property
    def level_labels(self):
        return [PlacementLevel(level).label for level in self.levels]

    @property
    def semester_labels(self):
        labels = []
        if self.winter_semester:
            labels.append(Semester.WINTER.label)
        if self.summer_semester:
            labels.append(Semester.SUMMER.label)
        return labels

    @property
    def host_name(self):
        if self.structure_id:
            return self.structure.name
        if self.supervisor_name:
            return self.supervisor_name
        if self.supervisor_id and self.supervisor.public_listing:
            return self.supervisor.full_name
        return _("cabinet d'un maître de stage")
