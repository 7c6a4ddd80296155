import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal.phones import PhoneNumberField
from structures.geo import bounding_box, distance_km_expression
from territories.models import desk_communes_of
from territories.text import fold

# A vacancy not confirmed for this long is shown « à confirmer ».
CONFIRMATION_DAYS = 60


def new_secret() -> str:
    """A fresh secret for an offer's personal links (changing it revokes the old ones)."""
    return secrets.token_hex(16)


class ProfessionKind(models.TextChoices):
    MEDICAL = "medical", _("profession médicale")
    PARAMEDICAL = "paramedical", _("profession paramédicale")
    OTHER = "other", _("autre")


GENERAL_PRACTITIONER = "medecin-generaliste"


class ProfessionQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def general_practitioners(self):
        return self.filter(code=GENERAL_PRACTITIONER)


class Profession(models.Model):
    """A profession, or a specialty (a child of « Médecin spécialiste »)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("libellé"), max_length=120)
    kind = models.CharField(_("type"), max_length=12, choices=ProfessionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("profession parente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="specialties",
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = ProfessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("profession")
        verbose_name_plural = _("professions")
        ordering = ["position", "label"]

    def __str__(self):
        return self.label


class StructureKind(models.TextChoices):
    MSP = "msp", _("maison de santé pluriprofessionnelle")
    HEALTH_CENTRE = "centre_sante", _("centre de santé")
    HOSPITAL = "centre_hospitalier", _("centre hospitalier")
    LOCAL_HOSPITAL = "hopital_proximite", _("hôpital de proximité")
    EHPAD = "ehpad", _("EHPAD")
    CPTS = "cpts", _("CPTS")
    SOLIDARITY_HOUSE = "maison_solidarites", _("maison des solidarités départementale")
    ELDERLY_SPACE = "espace_personnes_agees", _("espace personnes âgées")
    GROUP_PRACTICE = "cabinet_groupe", _("cabinet de groupe")
    OTHER = "autre", _("autre")


class PlaceQuerySet(models.QuerySet):
    """Read rules of every place with a name, a commune and coordinates (structures, training
    sites): published, reach of a desk member, text search and distance."""

    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        """What an admin user may see and edit: the rows of their desk's communes."""
        communes = desk_communes_of(user)
        return self if communes is None else self.filter(commune__in=communes)

    def search(self, text):
        """Accent- and case-insensitive match on the name or the commune's name."""
        folded = fold(text or "")
        if not folded:
            return self
        return self.filter(
            Q(search_name__contains=folded) | Q(commune__search_name__contains=folded)
        )

    def near(self, latitude, longitude, km):
        """Within ``km`` (great circle) of a point, nearest first, with ``distance_km``."""
        return (
            self.filter(**bounding_box(latitude, longitude, km))
            .annotate(distance_km=distance_km_expression(latitude, longitude))
            .filter(distance_km__lte=km)
            .order_by("distance_km", "name")
        )


class StructureQuerySet(PlaceQuerySet):
    def with_profession(self, profession):
        """Structures where an active professional of this profession (or specialty) works."""
        # The profession and its specialties as a subquery, not an OR across a join: the
        # professionals are then found by ``professional_prof_idx`` instead of read one by one
        # (the count of a profession's structures: 15.9 → 2.9 ms at 20,000 professionals).
        pk = getattr(profession, "pk", profession)
        professions = Profession.objects.filter(Q(pk=pk) | Q(parent_id=pk))
        present = Membership.objects.filter(
            structure=OuterRef("pk"),
            professional__status=ProfessionalStatus.ACTIVE,
            professional__profession__in=professions.values("pk"),
        )
        return self.filter(Exists(present))

    def with_open_vacancies(self):
        return self.filter(
            Exists(Vacancy.objects.filter(structure=OuterRef("pk"), status=VacancyStatus.OPEN))
        )

    def with_open_vacancy_count(self):
        """``open_vacancy_count`` as a subquery: no GROUP BY over the structure's columns."""
        counts = (
            Vacancy.objects.filter(structure=OuterRef("pk"), status=VacancyStatus.OPEN)
            .order_by()
            .values("structure")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            open_vacancy_count=Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)
        )


class Structure(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("type"), max_length=30, choices=StructureKind.choices)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="structures",
    )
    latitude = models.FloatField(
        _("latitude"), blank=True, help_text=_("Vide : le point de la commune est utilisé.")
    )
    longitude = models.FloatField(_("longitude"), blank=True)
    location_is_approximate = models.BooleanField(
        _("position approximative (celle de la commune)"), default=False, editable=False
    )
    phone = PhoneNumberField(_("téléphone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("présentation"), blank=True)
    services = models.JSONField(
        _("services proposés"),
        default=list,
        blank=True,
        help_text=_("Étiquettes libres, par exemple « accueil de jour »."),
    )
    cpts = models.ForeignKey(
        "self",
        verbose_name=_("CPTS de rattachement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_structures",
        limit_choices_to={"kind": StructureKind.CPTS},
    )
    territory_communes = models.ManyToManyField(
        "territories.Commune",
        verbose_name=_("communes du territoire (CPTS)"),
        blank=True,
        related_name="cpts_territories",
        help_text=_(
            "Pour une CPTS : les communes qu'elle couvre. Ses membres sont alors aussi les "
            "professionnels de ces communes, même sans structure."
        ),
    )
    opening_year = models.PositiveSmallIntegerField(_("année d'ouverture"), null=True, blank=True)
    published = models.BooleanField(_("publiée"), default=True, db_index=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="structure_coords_idx"),
            models.Index(fields=["kind", "published"], name="structure_kind_idx"),
            # The directory's pages in its order (name, pk), filtered by kind or not: 20 rows
            # read in order instead of sorting every published structure (10,000: 8 → 0.2 ms;
            # the 3,000 MSP: 4.1 → 0.2 ms, EXPLAIN ANALYZE).
            models.Index(
                fields=["name", "id"], condition=Q(published=True), name="structure_listed_idx"
            ),
            models.Index(
                fields=["kind", "name", "id"],
                condition=Q(published=True),
                name="structure_kind_listed_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        if self.latitude is None or self.longitude is None:
            self.latitude, self.longitude = self.commune.latitude, self.commune.longitude
            self.location_is_approximate = True
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("structures:structure", kwargs={"pk": self.pk})


class ProfessionalStatus(models.TextChoices):
    ACTIVE = "active", _("en activité")
    RETIRED = "retired", _("retraité·e")
    LEFT = "left", _("parti·e du territoire")


class ProfessionalSource(models.TextChoices):
    ENTERED = "entered", _("saisi par le guichet")
    IMPORTED = "imported", _("importé (Annuaire Santé)")
    CASE = "case", _("installé via un dossier")


# The demography of the observatory and of the desk's « départs à anticiper »: a professional
# is « senior » from SENIOR_AGE; one within DEPARTURE_HORIZON_YEARS of RETIREMENT_AGE is an
# expected departure. An age is the year's difference (the directory gives a birth year only).
SENIOR_AGE = 60
RETIREMENT_AGE = 67
DEPARTURE_HORIZON_YEARS = 5


def aged_q(age: int, today) -> Q:
    """Born ``age`` years or more before ``today``'s year (an unknown birth year is not)."""
    return Q(birth_year__isnull=False, birth_year__lte=today.year - age)


def expected_departure_q(today) -> Q:
    """Active and within ``DEPARTURE_HORIZON_YEARS`` of ``RETIREMENT_AGE``, or a departure
    already recorded for a later day (status retired or left, changed on a day to come)."""
    announced = ~Q(status=ProfessionalStatus.ACTIVE) & Q(
        status_changed_on__gt=today,
        status_changed_on__lte=today + timedelta(days=round(365.25 * DEPARTURE_HORIZON_YEARS)),
    )
    aged_out = Q(status=ProfessionalStatus.ACTIVE) & aged_q(
        RETIREMENT_AGE - DEPARTURE_HORIZON_YEARS, today
    )
    return aged_out | announced


class ProfessionalQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ProfessionalStatus.ACTIVE)

    def aged(self, age: int, today=None):
        """``age`` years old or more this year (``SENIOR_AGE``: « 60 ans ou plus »)."""
        return self.filter(aged_q(age, today or timezone.localdate()))

    def expected_departures(self, today=None):
        """Active professionals expected to leave within ``DEPARTURE_HORIZON_YEARS``."""
        return self.filter(expected_departure_q(today or timezone.localdate()))

    def to_anticipate(self, today=None):
        """The desk's « départs à anticiper »: active and aged ``SENIOR_AGE`` or more, or an
        expected departure."""
        today = today or timezone.localdate()
        return self.filter(
            (Q(status=ProfessionalStatus.ACTIVE) & aged_q(SENIOR_AGE, today))
            | expected_departure_q(today)
        )

    def with_demography(self, today=None):
        """Annotated ``is_senior`` (aged ``SENIOR_AGE`` or more) and ``departure_expected``, so
        that a list or a count reads both in the query it already makes."""
        today = today or timezone.localdate()
        return self.annotate(
            is_senior=models.ExpressionWrapper(
                aged_q(SENIOR_AGE, today), output_field=models.BooleanField()
            ),
            departure_expected=models.ExpressionWrapper(
                expected_departure_q(today), output_field=models.BooleanField()
            ),
        )

    def general_practitioners(self):
        return self.filter(profession__code=GENERAL_PRACTITIONER)

    def visible_to(self, user):
        communes = desk_communes_of(user)
        return self if communes is None else self.filter(commune__in=communes)


class Professional(models.Model):
    """A health professional practising in the territory."""

    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    rpps = models.CharField(_("RPPS"), max_length=11, null=True, blank=True, unique=True)
    profession = models.ForeignKey(
        Profession,
        verbose_name=_("profession"),
        on_delete=models.PROTECT,
        related_name="professionals",
    )
    commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune d'exercice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="professionals",
    )
    structures = models.ManyToManyField(
        Structure,
        through="Membership",
        verbose_name=_("structures"),
        blank=True,
        related_name="professionals",
    )
    birth_year = models.PositiveSmallIntegerField(_("année de naissance"), null=True, blank=True)
    practice_start = models.DateField(_("début d'exercice"), null=True, blank=True)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=ProfessionalStatus.choices,
        default=ProfessionalStatus.ACTIVE,
        db_index=True,
    )
    status_changed_on = models.DateField(_("date du changement de statut"), null=True, blank=True)
    source = models.CharField(
        _("origine"),
        max_length=10,
        choices=ProfessionalSource.choices,
        default=ProfessionalSource.ENTERED,
    )
    public_listing = models.BooleanField(
        _("nom affiché publiquement"),
        default=False,
        help_text=_("Le nom n'apparaît sur les pages publiques qu'avec cet accord."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="professional_records",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    objects = ProfessionalQuerySet.as_manager()

    class Meta:
        verbose_name = _("professionnel de santé")
        verbose_name_plural = _("professionnels de santé")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["profession", "status"], name="professional_prof_idx"),
            models.Index(fields=["source", "practice_start"], name="professional_source_idx"),
        ]

    def __str__(self):
        name = f"{self.first_name} {self.last_name}".strip()
        return name or f"{self.profession} #{self.pk}"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


class Membership(models.Model):
    professional = models.ForeignKey(
        Professional,
        verbose_name=_("professionnel"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    structure = models.ForeignKey(
        Structure,
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=100, blank=True)
    time_share = models.PositiveSmallIntegerField(_("part du temps (%)"), null=True, blank=True)

    class Meta:
        verbose_name = _("appartenance à une structure")
        verbose_name_plural = _("appartenances aux structures")
        constraints = [
            models.UniqueConstraint(fields=["professional", "structure"], name="membership_unique"),
            models.CheckConstraint(
                condition=models.Q(time_share__isnull=True) | models.Q(time_share__lte=100),
                name="membership_time_share_max_100",
                violation_error_message=_("La part du temps ne peut dépasser 100 %."),
            ),
        ]

    def __str__(self):
        return f"{self.professional} — {self.structure}"


class PracticeMode(models.TextChoices):
    LIBERAL = "liberal", _("libéral")
    SALARIED = "salaried", _("salarié")
    MIXED = "mixed", _("mixte")


class WorkingTime(models.TextChoices):
    FULL = "full", _("temps plein")
    PART = "part", _("temps partiel")
    ONE_DAY = "one_day", _("un jour par semaine possible")


class VacancyStatus(models.TextChoices):
    PENDING = "pending", _("à valider")
    OPEN = "open", _("ouvert")
    FILLED = "filled", _("pourvu")
    CLOSED = "closed", _("fermé")
    REFUSED = "refused", _("refusé")


class OpportunityKind(models.TextChoices):
    """What an offer (``Vacancy``) proposes: a post, a practice to join or take over, premises."""

    SALARIED = "salaried", _("poste salarié")
    COLLABORATION = "collaboration", _("collaboration ou association")
    SUCCESSION = "succession", _("succession, cession de patientèle")
    REPLACEMENT = "replacement", _("remplacement")
    PREMISES_RENT = "premises_rent", _("local professionnel à louer")
    PREMISES_SALE = "premises_sale", _("local professionnel à vendre")
    HOUSING = "housing", _("logement pour professionnel")


# Kinds that are a place rather than a way of working: their profession may be left empty.
PLACE_KINDS = frozenset(
    {OpportunityKind.PREMISES_RENT, OpportunityKind.PREMISES_SALE, OpportunityKind.HOUSING}
)


# An offer's conditions, in the order every form and the admin show them.
CONDITION_FIELDS = (
    "practice_mode",
    "working_time",
    "office_available",
    "start_date",
    "end_date",
    "replacement_regular",
    "rent_monthly",
    "price",
    "equipment",
    "secretariat",
    "software",
)


class OffererKind(models.TextChoices):
    STRUCTURE = "structure", _("structure de santé")
    PRACTITIONER = "practitioner", _("professionnel·le de santé")
    COMMUNE = "commune", _("commune")
    EPCI = "epci", _("intercommunalité")


class VacancyQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=VacancyStatus.OPEN)

    def published(self):
        """What the public sees: open offers, of a published structure when a structure offers."""
        return self.open().filter(Q(structure__isnull=True) | Q(structure__published=True))

    def visible_to(self, user):
        communes = desk_communes_of(user)
        return self if communes is None else self.filter(commune__in=communes)

    def unconfirmed(self, today=None):
        """Open vacancies not confirmed for ``CONFIRMATION_DAYS`` days."""
        today = today or timezone.localdate()
        return self.open().filter(confirmed_on__lt=today - timedelta(days=CONFIRMATION_DAYS))

    def for_profession(self, profession):
        """Offers for ``profession`` or one of its specialities, or open to every profession."""
        return self.filter(
            Q(profession=profession) | Q(profession__parent=profession) | Q(profession__isnull=True)
        )


class Vacancy(models.Model):
    """An offer, the portal's « opportunité »: a salaried post, a practice to join or to take
    over, a replacement, premises or housing for a professional (``kind``). The model kept the
    name of its first kind, the « poste à pourvoir ».

    It is offered by a structure, a practitioner, a commune or an intercommunality
    (``offerer_kind``); ``commune`` is where it is, always set (from the structure when one
    offers). Its contact stays private until the desk introduces people, unless the offerer
    chose ``contact_public``. An offer made on the public form waits « à valider »
    (``PENDING``) until its e-mail is confirmed and the desk publishes it; its offerer edits it
    through a personal link signed with ``secret`` (a new secret revokes the old links)."""

    kind = models.CharField(
        _("type d'offre"),
        max_length=20,
        choices=OpportunityKind.choices,
        default=OpportunityKind.SALARIED,
    )
    title = models.CharField(_("intitulé"), max_length=160, blank=True)
    structure = models.ForeignKey(
        Structure,
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="vacancies",
        null=True,
        blank=True,
    )
    commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="vacancies",
        null=True,  # filled from the structure on save; required by every form
        blank=True,
    )
    profession = models.ForeignKey(
        Profession,
        verbose_name=_("profession ou spécialité"),
        on_delete=models.PROTECT,
        related_name="vacancies",
        null=True,
        blank=True,
        help_text=_("Vide : toutes professions (pour un local ou un logement)."),
    )
    offerer_kind = models.CharField(
        _("proposé par"),
        max_length=20,
        choices=OffererKind.choices,
        default=OffererKind.STRUCTURE,
    )
    offerer_name = models.CharField(
        _("nom de l'offreur"),
        max_length=200,
        blank=True,
        help_text=_("« Dr Martin », « Mairie de Cajarc »… Vide : le nom de la structure."),
    )
    contact_name = models.CharField(_("personne à contacter"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = PhoneNumberField(_("téléphone de contact"), blank=True)
    contact_public = models.BooleanField(
        _("coordonnées publiques"),
        default=False,
        help_text=_(
            "Sinon, le guichet transmet les coordonnées quand il met les personnes en relation."
        ),
    )
    practice_mode = models.CharField(
        _("mode d'exercice"), max_length=10, choices=PracticeMode.choices
    )
    working_time = models.CharField(
        _("temps de travail"),
        max_length=10,
        choices=WorkingTime.choices,
        default=WorkingTime.FULL,
    )
    office_available = models.BooleanField(_("cabinet disponible dès maintenant"), default=False)
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    end_date = models.DateField(
        _("date de fin"), null=True, blank=True, help_text=_("Pour un remplacement ponctuel.")
    )
    replacement_regular = models.BooleanField(
        _("remplacement régulier"),
        default=False,
        help_text=_("Par exemple un jour par semaine ; sinon, ponctuel entre deux dates."),
    )
    rent_monthly = models.DecimalField(
        _("loyer mensuel (€)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    price = models.DecimalField(
        _("prix (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    equipment = models.TextField(_("équipement"), blank=True)
    secretariat = models.BooleanField(_("secrétariat"), null=True, blank=True)
    software = models.CharField(_("logiciel métier"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=VacancyStatus.choices,
        default=VacancyStatus.OPEN,
    )
    published_on = models.DateField(_("publié le"), default=timezone.localdate)
    confirmed_on = models.DateField(_("confirmé le"), default=timezone.localdate)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    email_confirmed_at = models.DateTimeField(
        _("adresse confirmée le"),
        null=True,
        blank=True,
        help_text=_("Pour une offre déposée sur le formulaire public."),
    )
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    secret = models.CharField(max_length=32, default=new_secret, editable=False)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("offre")
        verbose_name_plural = _("offres")
        ordering = ["-published_on", "pk"]
        indexes = [
            models.Index(fields=["status", "profession"], name="vacancy_status_prof_idx"),
            models.Index(fields=["status", "confirmed_on"], name="vacancy_status_confirmed_idx"),
            models.Index(fields=["status", "kind"], name="vacancy_status_kind_idx"),
            models.Index(fields=["status", "commune"], name="vacancy_status_commune_idx"),
        ]

    def __str__(self):
        what = self.title or (
            self.profession.label if self.profession_id else self.get_kind_display()
        )
        return f"{what} — {self.offered_by}"

    def save(self, *args, **kwargs):
        if self.commune_id is None and self.structure_id is not None:
            self.commune_id = self.structure.commune_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("structures:vacancy", kwargs={"pk": self.pk})

    @property
    def label(self):
        """What the offer is, in a few words: its title, else its profession for a post, else
        its kind (with the profession when it has one)."""
        if self.title:
            return self.title
        if self.kind == OpportunityKind.SALARIED and self.profession_id:
            return self.profession.label
        kind = capfirst(self.get_kind_display())
        return f"{kind} — {self.profession.label}" if self.profession_id else kind

    @property
    def offered_by(self):
        """Who offers, as the public reads it."""
        if self.offerer_name:
            return self.offerer_name
        if self.structure_id:
            return self.structure.name
        return self.get_offerer_kind_display()

    @property
    def needs_confirmation(self):
        """Shown « à confirmer » once not confirmed for ``CONFIRMATION_DAYS`` days."""
        age = timezone.localdate() - self.confirmed_on
        return self.status == VacancyStatus.OPEN and age.days > CONFIRMATION_DAYS


def photo_path(photo, filename):
    return f"offres/{photo.vacancy_id}/{secrets.token_hex(8)}.png"


class VacancyPhoto(models.Model):
    """A photo of an offer (premises, a practice): checked and re-encoded by ``portal.images``
    (no metadata kept), a few per offer."""

    MAX_PER_OFFER = 4

    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("offre"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=photo_path)
    caption = models.CharField(_("légende"), max_length=160, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("photo d'une offre")
        verbose_name_plural = _("photos des offres")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.caption or f"Photo {self.position + 1}"


class VacancySubscription(models.Model):
    """« Prévenez-moi » : new vacancies for a profession on a territory, one mail a day at most."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="vacancy_subscriptions",
    )
    profession = models.ForeignKey(
        Profession,
        verbose_name=_("profession"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Vide : toutes les professions."),
    )
    department = models.ForeignKey(
        "territories.Department",
        verbose_name=_("département"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    epci = models.ForeignKey(
        "territories.Epci",
        verbose_name=_("intercommunalité"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    kind = models.CharField(
        _("type d'offre"),
        max_length=20,
        choices=OpportunityKind.choices,
        blank=True,
        help_text=_("Vide : tous les types d'offres."),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    checked_until = models.DateTimeField(
        _("postes vus jusqu'au"),
        default=timezone.now,
        help_text=_("Les postes publiés après cet instant seront annoncés."),
    )
    last_sent_on = models.DateField(_("dernier envoi le"), null=True, blank=True)

    class Meta:
        verbose_name = _("alerte postes à pourvoir")
        verbose_name_plural = _("alertes postes à pourvoir")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} — {self.describe()}"

    def describe(self):
        profession = self.profession.label if self.profession_id else _("toutes professions")
        where = self.epci or self.department or _("tout le territoire")
        if self.kind:
            return f"{capfirst(self.get_kind_display())}, {profession.lower()}, {where}"
        return f"{profession}, {where}"

    def matches(self, vacancy) -> bool:
        """An offer without a profession (premises, housing) fits every profession."""
        if self.kind and vacancy.kind != self.kind:
            return False
        if (
            self.profession_id
            and vacancy.profession_id
            and self.profession_id
            not in (
                vacancy.profession_id,
                vacancy.profession.parent_id,
            )
        ):
            return False
        commune = vacancy.commune
        if commune is None:
            return not (self.epci_id or self.department_id)
        if self.epci_id and commune.epci_id != self.epci_id:
            return False
        return not (self.department_id and commune.department_id != self.department_id)


# Training sites live in their own module; imported here so that they belong to the app.
