from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from portal.phones import PhoneNumberField
from portal.roles import SUPERUSER, role_of
from territories.text import fold

DEFAULT_DESK_CACHE_KEY = "territories:default-desk"
# The header's desk identity (territories.context_processors) is kept this long in the cache.
SITE_DESK_TIMEOUT = 300


def member_desk_cache_key(user_id) -> str:
    """The cache key of the desk a member's pages show in their header."""
    return f"territories:member-desk:{user_id}"


class GeographyQuerySet(models.QuerySet):
    """Departments and EPCIs: reference geography that everyone reads."""

    def visible_to(self, user):
        return self.all()


class DepartmentQuerySet(GeographyQuerySet):
    def manageable_by(self, user):
        """The departments a user's desk covers (all for a superuser): where what they
        manage may apply."""
        if role_of(user) == SUPERUSER:
            return self.all()
        return self.filter(desks__in=Desk.objects.of_user(user))


class Department(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region_code = models.CharField(_("code région"), max_length=3)
    region_name = models.CharField(_("région"), max_length=100)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class EpciQuerySet(GeographyQuerySet):
    def manageable_by(self, user):
        """The EPCIs a user's desk covers, by name or through its departments (all for a
        superuser)."""
        if role_of(user) == SUPERUSER:
            return self.all()
        desks = Desk.objects.of_user(user)
        return self.filter(Q(desks__in=desks) | Q(seat_department__desks__in=desks)).distinct()


class Epci(models.Model):
    """Établissement public de coopération intercommunale à fiscalité propre."""

    siren = models.CharField(_("SIREN"), max_length=9, primary_key=True)
    name = models.CharField(_("nom"), max_length=200)
    nature = models.CharField(_("nature"), max_length=10)
    financing_mode = models.CharField(_("mode de financement"), max_length=10)
    seat_department = models.ForeignKey(
        Department, verbose_name=_("département du siège"), on_delete=models.PROTECT
    )
    member_count = models.PositiveIntegerField(_("nombre de communes membres"))
    population = models.PositiveIntegerField(_("population municipale (DGCL)"))

    objects = EpciQuerySet.as_manager()

    class Meta:
        verbose_name = _("intercommunalité (EPCI)")
        verbose_name_plural = _("intercommunalités (EPCI)")
        ordering = ["name"]

    def __str__(self):
        return self.name


# The source of the demo loader's layers (``demo.aids.demo_zoning``): what they say is made up.
DEMO_ZONING_SOURCE = "Données de démonstration"


class CommuneQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reference geography: everyone reads it."""
        return self.all()

    def manageable_by(self, user):
        """The communes of the user's desk (all for a superuser): the zoning they edit, the
        places where what they manage may be."""
        communes = desk_communes_of(user)
        return self if communes is None else self.filter(pk__in=communes.values("pk"))

    def covered_by(self, desk):
        return self.filter(Q(department__in=desk.departments.all()) | Q(epci__in=desk.epcis.all()))

    def covered(self):
        """Communes that an active desk serves."""
        active = Desk.objects.filter(is_active=True)
        return self.filter(Q(department__desks__in=active) | Q(epci__desks__in=active)).distinct()

    def search(self, text):
        """Accent- and case-insensitive match on the name, or a postal/INSEE code prefix."""
        text = (text or "").strip()
        if not text:
            return self.none()
        if text.isdigit():
            return self.filter(Q(insee_code__startswith=text) | Q(postal_codes__contains=text))
        return self.filter(search_name__contains=fold(text))


class Commune(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    search_name = models.CharField(max_length=100, editable=False, db_index=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="communes",
    )
    epci = models.ForeignKey(
        Epci,
        verbose_name=_("intercommunalité"),
        on_delete=models.PROTECT,
        related_name="communes",
        null=True,
        blank=True,
    )
    postal_codes = models.CharField(
        _("codes postaux"), max_length=60, help_text=_("Séparés par « ; ».")
    )
    population = models.PositiveIntegerField(_("population municipale 2023"))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="commune_coords_idx")]

    def __str__(self):
        return f"{self.name} ({self.department_id})"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def postal_code_list(self):
        return [code for code in self.postal_codes.split(";") if code]


class ZoningKind(models.TextChoices):
    ARS = "ars", _("zonage ARS d'une profession")
    FRR = "frr", _("France Ruralités Revitalisation")


# The classes a layer of each kind may give; « ZRR » only in the closed historical rural layer
# (the zones de revitalisation rurale ended for new installations on 30 June 2024).
ZONE_VALUES = {
    # Doctors: ZIP, ZAC, ZAR. The other professions' ARS zonings have their own categories
    # (review of the domain, § 4: nurses five levels, physiotherapists « très sous-dotée /
    # sous-dotée / intermédiaire / non prioritaire » since avenant 7, dentists and midwives
    # « très sous-dotées / sous-dotées »…): TSD, SD, INT, TD, SURD, NP.
    ZoningKind.ARS: ("ZIP", "ZAC", "ZAR", "TSD", "SD", "INT", "TD", "SURD", "NP", "hors"),
    ZoningKind.FRR: ("FRR", "FRR+", "hors", "ZRR"),
}
DOCTOR_CLASSES = ("ZIP", "ZAC", "ZAR", "hors")
OTHER_CLASSES = ("TSD", "SD", "INT", "TD", "SURD", "NP", "hors")
ZONE_LABELS = {
    (ZoningKind.ARS, "ZIP"): _("ZIP (zone d'intervention prioritaire)"),
    (ZoningKind.ARS, "ZAC"): _("ZAC (zone d'action complémentaire)"),
    (ZoningKind.ARS, "ZAR"): _("ZAR (zone d'appui régional)"),
    (ZoningKind.ARS, "TSD"): _("zone très sous-dotée"),
    (ZoningKind.ARS, "SD"): _("zone sous-dotée"),
    (ZoningKind.ARS, "INT"): _("zone intermédiaire"),
    (ZoningKind.ARS, "TD"): _("zone très dotée"),
    (ZoningKind.ARS, "SURD"): _("zone sur-dotée"),
    (ZoningKind.ARS, "NP"): _("zone non prioritaire"),
    (ZoningKind.ARS, "hors"): _("hors zonage ARS"),
    (ZoningKind.FRR, "FRR"): _("FRR (France Ruralités Revitalisation)"),
    (ZoningKind.FRR, "FRR+"): _("FRR+ (France Ruralités Revitalisation plus)"),
    (ZoningKind.FRR, "hors"): _("hors FRR"),
    (ZoningKind.FRR, "ZRR"): _("ZRR (zone de revitalisation rurale, close le 30 juin 2024)"),
}


class ProfessionGroup(models.TextChoices):
    """Whom an ARS zoning serves: each profession has its own (doctors: ZIP/ZAC/ZAR…)."""

    MEDECINS = "medecins", _("médecins")
    INFIRMIERS = "infirmiers", _("infirmiers")
    KINES = "masseurs-kinesitherapeutes", _("masseurs-kinésithérapeutes")
    DENTISTES = "chirurgiens-dentistes", _("chirurgiens-dentistes")
    SAGES_FEMMES = "sages-femmes", _("sages-femmes")
    ORTHOPHONISTES = "orthophonistes", _("orthophonistes")


# ``structures.Profession`` codes (``structures/professions.py``; territories may not import
# structures) → the group whose ARS zoning serves them. The doctors' zoning serves general
# practitioners and every specialty (children of « medecin-specialiste »): a test checks this
# table against the professions seeded.
PROFESSION_GROUP_OF = {
    "medecin-generaliste": ProfessionGroup.MEDECINS,
    "medecin-specialiste": ProfessionGroup.MEDECINS,
    **dict.fromkeys(
        [
            "angiologie",
            "cardiologie",
            "dermatologie",
            "gynecologie",
            "neurologie",
            "ophtalmologie",
            "pediatrie",
            "psychiatrie",
            "rhumatologie",
            "geriatrie",
            "radiologie",
            "medecine-urgence",
        ],
        ProfessionGroup.MEDECINS,
    ),
    "infirmier": ProfessionGroup.INFIRMIERS,
    "masseur-kinesitherapeute": ProfessionGroup.KINES,
    "chirurgien-dentiste": ProfessionGroup.DENTISTES,
    "sage-femme": ProfessionGroup.SAGES_FEMMES,
    "orthophoniste": ProfessionGroup.ORTHOPHONISTES,
}


def zone_classes(kind, group="") -> tuple[str, ...]:
    """The classes a layer may give: the doctors' zoning ZIP/ZAC/ZAR, the other professions'
    their categories (très sous-dotée…), the rural layer FRR/FRR+."""
    if kind == ZoningKind.ARS:
        return DOCTOR_CLASSES if group == ProfessionGroup.MEDECINS else OTHER_CLASSES
    return ZONE_VALUES[ZoningKind(kind)]


class ZoningLayerQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def serving(self, kind, profession):
        """Layers of ``kind`` that serve ``profession`` (a profession code; the rural layer
        serves every profession, an ARS layer only its group's)."""
        if kind == ZoningKind.FRR:
            return self.filter(kind=kind)
        group = PROFESSION_GROUP_OF.get(profession or "")
        return self.filter(kind=kind, profession_group=group) if group else self.none()


class ZoningLayer(models.Model):
    """One version of one zoning: a profession's ARS arrêté, or the FRR list, as imported
    (``manage.py import_zoning``), with its source and the dates it is valid between. A later
    version closes the previous one (``valid_until``), which stays for dates in the past."""

    kind = models.CharField(_("genre"), max_length=3, choices=ZoningKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    profession_group = models.CharField(
        _("professions servies"),
        max_length=30,
        choices=ProfessionGroup.choices,
        blank=True,
        help_text=_("Vide pour le zonage France Ruralités Revitalisation (toutes professions)."),
    )
    source = models.CharField(
        _("source"), max_length=250, help_text=_("Arrêté ou fichier d'où vient le zonage.")
    )
    decided_on = models.DateField(_("date de la décision"), null=True, blank=True)
    valid_from = models.DateField(_("en vigueur du"))
    valid_until = models.DateField(
        _("en vigueur jusqu'au"), null=True, blank=True, help_text=_("Vide : en vigueur.")
    )
    is_demo = models.BooleanField(_("données de démonstration"), default=False)
    created_at = models.DateTimeField(_("importé le"), auto_now_add=True)

    objects = ZoningLayerQuerySet.as_manager()

    class Meta:
        verbose_name = _("couche de zonage")
        verbose_name_plural = _("couches de zonage")
        ordering = ["kind", "profession_group", "-valid_from", "-pk"]
        indexes = [
            models.Index(fields=["kind", "profession_group", "valid_from"], name="zoninglayer_idx")
        ]

    def __str__(self):
        return self.name

    @property
    def professions(self):
        """The profession codes this layer serves (every one for the rural layer: ``[]``)."""
        if not self.profession_group:
            return []
        return [
            code for code, group in PROFESSION_GROUP_OF.items() if group == self.profession_group
        ]

    def serves(self, profession):
        if self.kind == ZoningKind.FRR:
            return True
        return PROFESSION_GROUP_OF.get(profession or "") == self.profession_group


class CommuneZoningQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all()

    def manageable_by(self, user):
        """The classes of the communes of the user's desk (all for a superuser)."""
        communes = desk_communes_of(user)
        return self if communes is None else self.filter(commune__in=communes.values("pk"))


class CommuneZoning(models.Model):
    """The class a layer gives a commune (« ZIP », « FRR+ », « hors »…)."""

    layer = models.ForeignKey(
        ZoningLayer, verbose_name=_("couche"), on_delete=models.CASCADE, related_name="classes"
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="zonings"
    )
    value = models.CharField(_("classe"), max_length=5)

    objects = CommuneZoningQuerySet.as_manager()

    class Meta:
        verbose_name = _("zonage d'une commune")
        verbose_name_plural = _("zonages des communes")
        ordering = ["layer", "commune"]
        constraints = [
            models.UniqueConstraint(fields=["layer", "commune"], name="communezoning_unique")
        ]
        indexes = [models.Index(fields=["commune", "layer"], name="communezoning_commune_idx")]

    def __str__(self):
        return f"{self.commune_id} : {self.label}"

    @property
    def label(self):
        return ZONE_LABELS.get((self.layer.kind, self.value), self.value)


class DeskQuerySet(models.QuerySet):
    def covering(self, commune):
        """Active desks serving ``commune``: the one covering its EPCI first, then its
        department's."""
        return (
            self.filter(is_active=True)
            .filter(Q(epcis=commune.epci_id) | Q(departments=commune.department_id))
            .annotate(
                specificity=Case(
                    When(epcis=commune.epci_id, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("specificity", "pk")
            .distinct()
        )

    def for_commune(self, commune):
        return self.covering(commune).first()

    def of_user(self, user):
        """The desk a staff member, referent or coordinator belongs to (none for others)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(members__user=user)

    def visible_to(self, user):
        """Every desk for a superuser, their own desk for its members, none for others."""
        return self.all() if role_of(user) == SUPERUSER else self.of_user(user)


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Couleur attendue au format #RRGGBB."))


class Desk(models.Model):
    """A guichet: the team that welcomes newcomers on a territory."""

    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("identifiant"), unique=True)
    tagline = models.CharField(_("accroche"), max_length=250, blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("départements couverts"), blank=True, related_name="desks"
    )
    epcis = models.ManyToManyField(
        Epci, verbose_name=_("intercommunalités couvertes"), blank=True, related_name="desks"
    )
    phone = PhoneNumberField(_("téléphone de la permanence"))
    email = models.EmailField(_("e-mail de contact"))
    opening_hours = models.CharField(_("horaires"), max_length=250, blank=True)
    address = models.TextField(_("adresse postale"), blank=True)
    colour = models.CharField(
        _("couleur"), max_length=7, default="#1f5f8b", validators=[hex_colour]
    )
    logo = models.ImageField(_("logo"), upload_to="desks/", blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    retention_years = models.PositiveSmallIntegerField(
        _("conservation des dossiers terminés (années)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "Un dossier clos, décliné ou retiré est anonymisé ce nombre d'années après sa fin."
        ),
    )

    objects = DeskQuerySet.as_manager()

    class Meta:
        verbose_name = _("guichet")
        verbose_name_plural = _("guichets")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        # The header of its members' pages shows it too (a new desk has none yet).
        members = [] if adding else self.members.values_list("user_id", flat=True)
        cache.delete_many([DEFAULT_DESK_CACHE_KEY, *map(member_desk_cache_key, members)])


class DeskMember(models.Model):
    """Staff, referents and coordinators each belong to one desk."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="desk_membership",
    )
    desk = models.ForeignKey(
        Desk, verbose_name=_("guichet"), on_delete=models.CASCADE, related_name="members"
    )

    class Meta:
        verbose_name = _("membre d'un guichet")
        verbose_name_plural = _("membres des guichets")

    def __str__(self):
        return f"{self.user} — {self.desk}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(member_desk_cache_key(self.user_id))

    def delete(self, *args, **kwargs):
        cache.delete(member_desk_cache_key(self.user_id))
        return super().delete(*args, **kwargs)


def desk_communes_of(user):
    """The communes of the user's desk, the one answer every scope by commune asks:
    ``None`` (all) for a superuser, their desk's for its members (staff, coordinators,
    referents), none for anyone else."""
    if role_of(user) == SUPERUSER:
        return None
    desk = Desk.objects.of_user(user).first()
    if desk is None:
        return Commune.objects.none()
    return Commune.objects.covered_by(desk)
