from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from aids.enums import (
    REGION_NAMES,
    REGIONS,
    ZONE_VALUES,
    AidCategory,
    AmountPeriod,
    CareerStage,
    Discipline,
    Funder,
    SchemeKind,
    Sector,
    TenYearFrom,
    TerritoryLevel,
    ZoningKind,
)
from portal.roles import SUPERUSER, Role, role_of
from structures.models import PracticeMode
from territories.models import Department, Desk

# Slugs that would shadow a page of the aids section.
RESERVED_SLUGS = {"simulateur"}


@deconstructible
class ChoiceListValidator:
    """A JSON list whose items all belong to ``choices`` (a ``TextChoices`` class path)."""

    def __init__(self, choices_path):
        self.choices_path = choices_path

    def __call__(self, value):
        allowed = {choice.value for choice in import_string(self.choices_path)}
        if not isinstance(value, list) or any(item not in allowed for item in value):
            raise ValidationError(
                _("Valeurs attendues parmi : %(values)s."),
                params={"values": ", ".join(sorted(allowed))},
            )

    def __eq__(self, other):
        return isinstance(other, ChoiceListValidator) and other.choices_path == self.choices_path


validate_career_stages = ChoiceListValidator("aids.enums.CareerStage")
validate_practice_modes = ChoiceListValidator("structures.models.PracticeMode")
validate_funders = ChoiceListValidator("aids.enums.Funder")
validate_sectors = ChoiceListValidator("aids.enums.Sector")
validate_disciplines = ChoiceListValidator("aids.enums.Discipline")


def validate_cycles(value):
    if not isinstance(value, list) or any(item not in (2, 3) for item in value):
        raise ValidationError(_("Cycles attendus parmi : 2, 3."))


def validate_zone_values(value):
    allowed = {value for values in ZONE_VALUES.values() for value in values}
    if not isinstance(value, list) or any(item not in allowed for item in value):
        raise ValidationError(
            _("Valeurs attendues parmi : %(values)s."),
            params={"values": ", ".join(sorted(allowed))},
        )


@deconstructible
class DictListValidator:
    """A JSON list of objects with the ``required`` keys and no others than ``optional``."""

    def __init__(self, required, optional=()):
        self.required = list(required)
        self.optional = list(optional)

    def __call__(self, value):
        allowed = set(self.required) | set(self.optional)
        if not isinstance(value, list) or any(
            not isinstance(item, dict)
            or not set(self.required) <= set(item)
            or not set(item) <= allowed
            for item in value
        ):
            raise ValidationError(
                _("Une liste d'objets avec les clés : %(keys)s."),
                params={"keys": ", ".join([*self.required, *self.optional])},
            )

    def __eq__(self, other):
        return (
            isinstance(other, DictListValidator)
            and other.required == self.required
            and other.optional == self.optional
        )


validate_amounts = DictListValidator(["text"], ["zone", "value", "cycle"])
validate_sources = DictListValidator(["title"], ["url", "date"])
validate_to_confirm = DictListValidator(["what", "reason"])


@dataclass(frozen=True)
class SchemeAmount:
    """One amount of a scheme: for a zone class (``zone``) or for all (``zone`` empty)."""

    zone: str
    value: Decimal | None
    text: str
    cycle: int | None = None  # an amount for students of that cycle only (2: externs, 3: interns)

    @property
    def label(self):
        return f"{self.text} en {self.zone}" if self.zone else self.text


@dataclass(frozen=True)
class SchemeSource:
    title: str
    url: str
    date: date | None


class SchemeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def in_force(self, today=None):
        """Started (or no start date) and not yet ended."""
        today = today or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        )

    def covering(self, commune):
        """Schemes whose territory contains ``commune`` (no query of its own: the commune's
        region is read through a subquery)."""
        region = Department.objects.filter(code=commune.department_id).values("region_code")
        scope = (
            Q(territory_level=TerritoryLevel.NATIONAL)
            | Q(territory_level=TerritoryLevel.REGION, region_code=Subquery(region[:1]))
            | Q(territory_level=TerritoryLevel.DEPARTMENT, department_id=commune.department_id)
        )
        if commune.epci_id:
            scope |= Q(territory_level=TerritoryLevel.EPCI, epci_id=commune.epci_id)
        return self.filter(scope)

    def in_department(self, department):
        """Schemes that apply somewhere in ``department`` (catalogue filter)."""
        return self.filter(
            Q(territory_level=TerritoryLevel.NATIONAL)
            | Q(territory_level=TerritoryLevel.REGION, region_code=department.region_code)
            | Q(territory_level=TerritoryLevel.DEPARTMENT, department=department)
            | Q(territory_level=TerritoryLevel.EPCI, epci__seat_department=department)
        )

    def for_profession(self, profession):
        """Open to ``profession``: no restriction, the profession itself or its parent."""
        codes = [profession.code]
        if profession.parent_id:
            codes.append(profession.parent.code)
        matching = Scheme.professions.through.objects.filter(profession__code__in=codes)
        return self.filter(
            Q(professions__isnull=True) | Q(pk__in=matching.values("scheme_id"))
        ).distinct()

    def funded_by(self, funder):
        return self.filter(Q(funder=funder) | Q(cofunders__icontains=f'"{funder}"'))

    def with_zoning(self, value):
        """Schemes that ask for a commune classed ``value`` (« ZIP », « ZAC », « FRR »…)."""
        return self.exclude(zoning_kind="").filter(zoning_values__icontains=f'"{value}"')

    def visible_to(self, user):
        """Admin scope: all for a superuser; for desk staff, the schemes their desk keeps
        and those whose territory lies within the desk's; nothing for anyone else."""
        role = role_of(user)
        if role == SUPERUSER:
            return self
        if role != Role.STAFF:
            return self.none()
        desk = Desk.objects.of_user(user).first()
        if desk is None:
            return self.none()
        departments = desk.departments.all()
        return self.filter(
            Q(desk=desk)
            | Q(territory_level=TerritoryLevel.DEPARTMENT, department__in=departments)
            | Q(territory_level=TerritoryLevel.EPCI, epci__in=desk.epcis.all())
            | Q(territory_level=TerritoryLevel.EPCI, epci__seat_department__in=departments)
        ).distinct()


class Scheme(models.Model):
    """A « dispositif d'aide », with its eligibility criteria stored as data."""

    # --- What it is ---
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("nom court"), max_length=60, blank=True)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=80, unique=True)
    code = models.SlugField(
        _("code stable"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "Ne change jamais : l'API et le catalogue de départ s'y réfèrent. Vide : "
            "l'identifiant dans l'adresse."
        ),
    )
    funder = models.CharField(
        _("financeur principal"), max_length=20, choices=Funder.choices, db_index=True
    )
    cofunders = models.JSONField(
        _("autres financeurs"), default=list, blank=True, validators=[validate_funders]
    )
    kind = models.CharField(_("type d'aide"), max_length=20, choices=SchemeKind.choices)
    summary = models.TextField(_("résumé"))
    amount_text = models.CharField(
        _("montant"),
        max_length=250,
        blank=True,
        help_text=_("Tel que la source le donne. Vide : « montant à vérifier »."),
    )
    amount_max = models.DecimalField(
        _("montant maximal (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    amount_period = models.CharField(
        _("périodicité du montant"), max_length=10, choices=AmountPeriod.choices, blank=True
    )
    duration = models.CharField(_("durée"), max_length=200, blank=True)
    commitments = models.TextField(_("engagements du bénéficiaire"), blank=True)
    how_to_apply = models.TextField(_("comment en bénéficier"), blank=True)
    official_url = models.URLField(_("lien officiel"), blank=True)
    contact = models.CharField(_("contact"), max_length=250, blank=True)
    source = models.CharField(
        _("source"),
        max_length=250,
        help_text=_("D'où viennent les informations de la fiche (document, site)."),
    )
    source_url = models.URLField(_("adresse de la source"), blank=True)

    # --- Where and when ---
    territory_level = models.CharField(
        _("territoire"),
        max_length=12,
        choices=TerritoryLevel.choices,
        default=TerritoryLevel.NATIONAL,
        db_index=True,
    )
    region_code = models.CharField(
        _("région"), max_length=3, choices=REGIONS, blank=True, db_index=True
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid_schemes",
    )
    epci = models.ForeignKey(
        "territories.Epci",
        verbose_name=_("intercommunalité"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid_schemes",
    )
    valid_from = models.DateField(_("en vigueur depuis"), null=True, blank=True)
    valid_until = models.DateField(_("en vigueur jusqu'au"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("remplacé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
    )
    last_verified = models.DateField(
        _("vérifié le"),
        null=True,
        blank=True,
        help_text=_("Vide : la fiche s'affiche « à vérifier »."),
    )
    published = models.BooleanField(_("publié"), default=False, db_index=True)
    desk = models.ForeignKey(
        Desk,
        verbose_name=_("guichet qui tient la fiche"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aid_schemes",
    )

    # --- Eligibility criteria ---
    professions = models.ManyToManyField(
        "structures.Profession",
        verbose_name=_("professions concernées"),
        blank=True,
        related_name="aid_schemes",
        help_text=_("Aucune : toutes les professions. Une profession couvre ses spécialités."),
    )
    career_stages = models.JSONField(
        _("situations concernées"),
        default=list,
        blank=True,
        validators=[validate_career_stages],
        help_text=_("Aucune : toutes les situations."),
    )
    max_years_installed = models.PositiveSmallIntegerField(
        _("installé depuis moins de (années)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Pour la situation « installé·e » : vide, quelle que soit l'ancienneté."),
    )
    practice_modes = models.JSONField(
        _("modes d'exercice"),
        default=list,
        blank=True,
        validators=[validate_practice_modes],
        help_text=_("Aucun : tous les modes d'exercice."),
    )
    zoning_kind = models.CharField(
        _("zonage requis sur la commune"),
        max_length=4,
        choices=ZoningKind.choices,
        blank=True,
        db_index=True,
        help_text=_("ARS : le zonage de la profession de la personne ; FRR : la couche rurale."),
    )
    zoning_values = models.JSONField(
        _("classes de zonage acceptées"),
        default=list,
        blank=True,
        validators=[validate_zone_values],
        help_text=_('Par exemple ["ZIP", "ZAC"] ou ["FRR", "FRR+"].'),
    )
    first_installation = models.BooleanField(
        _("première installation en libéral conventionné"),
        null=True,
        blank=True,
        help_text=_("Oui : réservé à une première installation. Vide : sans condition."),
    )
    sectors = models.JSONField(
        _("secteurs conventionnels"),
        default=list,
        blank=True,
        validators=[validate_sectors],
        help_text=_("Aucun : tous les secteurs."),
    )
    disciplines = models.JSONField(
        _("filières d'études"),
        default=list,
        blank=True,
        validators=[validate_disciplines],
        help_text=_("Aucune : toutes les filières."),
    )
    cycles = models.JSONField(
        _("cycles d'études"),
        default=list,
        blank=True,
        validators=[validate_cycles],
        help_text=_("Par exemple [2, 3]. Aucun : tous les cycles."),
    )
    internship_far = models.BooleanField(
        _("stage à plus de 15 km de la faculté et du domicile"),
        null=True,
        blank=True,
        help_text=_("Oui : réservé à ces stages. Vide : sans condition."),
    )
    category = models.CharField(
        _("catégorie (règle des dix ans)"),
        max_length=20,
        choices=AidCategory.choices,
        blank=True,
    )
    ten_year_counted_from = models.CharField(
        _("délai de dix ans compté depuis"),
        max_length=12,
        choices=TenYearFrom.choices,
        blank=True,
        help_text=_("Vide : pas de règle des dix ans pour ce dispositif."),
    )
    no_other_aid_years = models.PositiveSmallIntegerField(
        _("pas d'autre aide de la même catégorie depuis (années)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    other_conditions = models.TextField(
        _("autres conditions"),
        blank=True,
        help_text=_("Texte libre : toute condition ici rend la réponse « à vérifier »."),
    )
    to_confirm = models.JSONField(
        _("à confirmer"),
        default=list,
        blank=True,
        validators=[validate_to_confirm],
        help_text=_(
            'Ce qu\'aucune source ne confirme : [{"what": …, "reason": …}]. Chaque point '
            "rend la réponse « à vérifier »."
        ),
    )

    # --- Amounts and sources, each dated ---
    amounts = models.JSONField(
        _("montants par zone"),
        default=list,
        blank=True,
        validators=[validate_amounts],
        help_text=_(
            '[{"zone": "ZIP", "value": 10000, "text": "10 000 €"}] ; '
            "zone vide : quel que soit le zonage."
        ),
    )
    sources = models.JSONField(
        _("sources datées"),
        default=list,
        blank=True,
        validators=[validate_sources],
        help_text=_('[{"title": …, "url": …, "date": "AAAA-MM-JJ"}]'),
    )

    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispositif d'aide")
        verbose_name_plural = _("dispositifs d'aide")
        ordering = ["name"]
        indexes = [
            models.Index(
                fields=["published", "valid_from", "valid_until"], name="scheme_public_idx"
            ),
            models.Index(fields=["kind", "published"], name="scheme_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="scheme_validity_ordered",
                violation_error_message=_("La fin de validité précède son début."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(territory_level=TerritoryLevel.NATIONAL)
                    | (Q(territory_level=TerritoryLevel.REGION) & ~Q(region_code=""))
                    | Q(territory_level=TerritoryLevel.DEPARTMENT, department__isnull=False)
                    | Q(territory_level=TerritoryLevel.EPCI, epci__isnull=False)
                ),
                name="scheme_territory_complete",
                violation_error_message=_(
                    "Précisez la région, le département ou l'intercommunalité du dispositif."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_max__isnull=True) | Q(amount_max__gte=0),
                name="scheme_amount_positive",
                violation_error_message=_("Le montant ne peut être négatif."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = self.slug
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("aids:scheme", kwargs={"slug": self.slug})

    def clean(self):
        if not self.code:
            self.code = self.slug
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Cet identifiant est réservé.")})
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("Un dispositif ne se remplace pas lui-même.")})

    @property
    def display_name(self):
        return self.short_name or self.name

    def is_in_force(self, today=None):
        today = today or timezone.localdate()
        started = self.valid_from is None or self.valid_from <= today
        return started and (self.valid_until is None or self.valid_until >= today)

    def is_closed(self, today=None):
        today = today or timezone.localdate()
        return self.valid_until is not None and self.valid_until < today

    def is_future(self, today=None):
        today = today or timezone.localdate()
        return self.valid_from is not None and self.valid_from > today

    @property
    def verified_on(self):
        """The date the desk last checked the scheme against its sources (contract (B))."""
        return self.last_verified

    @property
    def amount_list(self) -> list[SchemeAmount]:
        amounts = []
        for item in self.amounts or []:
            try:
                value = None if item.get("value") is None else Decimal(str(item["value"]))
            except InvalidOperation:
                value = None
            cycle = item.get("cycle")
            amounts.append(
                SchemeAmount(
                    item.get("zone") or "",
                    value,
                    item.get("text", ""),
                    cycle if isinstance(cycle, int) else None,
                )
            )
        return amounts

    @property
    def amounts_label(self) -> str:
        """« 10 000 € en ZIP, 5 000 € en ZAC », else the free text, else empty."""
        amounts = self.amount_list
        if amounts:
            return ", ".join(amount.label for amount in amounts)
        return self.amount_text

    def amount_for(self, zone: str | None, cycle: int | None = None) -> SchemeAmount | None:
        """The amount for zone class ``zone``, else the one for any zone; None if none. Amounts
        that depend on the student's ``cycle`` (150 € externs, 300 € interns) pick theirs."""
        amounts = self.amount_list
        if cycle is not None:
            for amount in amounts:
                if amount.cycle == cycle and (not amount.zone or amount.zone == zone):
                    return amount
        if zone:
            for amount in amounts:
                if amount.zone == zone:
                    return amount
        general = [amount for amount in amounts if not amount.zone]
        if len(general) == 1:
            return general[0]
        if general:  # several amounts by situation (year, cycle…): all of them apply
            return SchemeAmount("", None, " ; ".join(amount.text for amount in general))
        if not amounts and self.amount_text:
            return SchemeAmount("", self.amount_max, self.amount_text)
        return None

    @property
    def source_list(self) -> list[SchemeSource]:
        sources = []
        for item in self.sources or []:
            when = item.get("date")
            if isinstance(when, str) and when:
                try:
                    when = date.fromisoformat(when)
                except ValueError:
                    when = None
            sources.append(SchemeSource(item.get("title", ""), item.get("url", ""), when or None))
        if not sources and self.source:
            sources.append(SchemeSource(self.source, self.source_url, None))
        return sources

    @property
    def zoning_label(self) -> str:
        if not self.zoning_kind:
            return str(ZoningKind.NONE.label)
        values = " ou ".join(self.zoning_values or [])
        if self.zoning_kind == ZoningKind.ARS:
            return _("%(values)s dans le zonage ARS de votre profession") % {"values": values}
        return _("%(values)s (France Ruralités Revitalisation)") % {"values": values}

    @property
    def territory_label(self):
        """Needs ``department`` and ``epci`` selected (they are, wherever schemes are listed)."""
        if self.territory_level == TerritoryLevel.DEPARTMENT and self.department_id:
            return self.department.name
        if self.territory_level == TerritoryLevel.EPCI and self.epci_id:
            return self.epci.name
        if self.territory_level == TerritoryLevel.REGION:
            return REGION_NAMES.get(self.region_code, self.region_code)
        return TerritoryLevel.NATIONAL.label

    @property
    def funder_labels(self):
        labels = [Funder(self.funder).label]
        labels += [Funder(code).label for code in self.cofunders if code != self.funder]
        return labels

    @property
    def career_stage_labels(self):
        return [CareerStage(stage).label for stage in self.career_stages]

    @property
    def practice_mode_labels(self):
        return [PracticeMode(mode).label for mode in self.practice_modes]

    @property
    def sector_labels(self):
        return [Sector(sector).label for sector in self.sectors]

    @property
    def discipline_labels(self):
        return [Discipline(discipline).label for discipline in self.disciplines]

    @property
    def needs_verification(self):
        return self.last_verified is None
