"""Housing for students and interns on placement: offers (an interns' house, rooms at a
hospital, a flat lent by a commune), their periods with a capacity and a price, the requests
attached to placement cases and the desk's allocations.

No double booking is a database rule: an allocation takes one numbered place of one period,
and ``(period, place)`` is unique; a request holds at most one allocation.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from installations.models.case import TEXT_LIMIT, Case
from portal.formatting import date_fr
from portal.roles import SUPERUSER, Role, role_of
from territories.models import desk_communes_of


class HousingKind(models.TextChoices):
    INTERNS_HOUSE = "interns_house", _("maison des internes")
    HOSPITAL_ROOMS = "hospital", _("chambres à l'hôpital")
    COMMUNE = "commune", _("logement offert par une commune")
    OTHER = "other", _("autre")


class HousingRequestStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    ALLOCATED = "allocated", _("logement attribué")
    DECLINED = "declined", _("sans solution")
    CANCELLED = "cancelled", _("annulée")


class HousingOfferQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Admin scope: the offers in the communes of the user's desk."""
        communes = desk_communes_of(user)
        return self if communes is None else self.filter(commune__in=communes)

    def active(self):
        return self.filter(is_active=True)


class HousingOffer(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=14, choices=HousingKind.choices)
    commune = models.ForeignKey(
        "territories.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="housing_offers",
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure (hôpital…)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="housing_offers",
    )
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    contact = models.CharField(_("contact sur place"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = HousingOfferQuerySet.as_manager()

    class Meta:
        db_table = "installations_housingoffer"
        verbose_name = _("offre de logement")
        verbose_name_plural = _("offres de logement")
        ordering = ["name"]
        indexes = [models.Index(fields=["commune", "is_active"], name="housing_offer_commune_idx")]

    def __str__(self):
        return f"{self.name} ({self.commune.name})"


class HousingPeriodQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(offer__in=HousingOffer.objects.visible_to(user))

    def overlapping(self, starts_on, ends_on):
        return self.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)

    def with_taken(self):
        return self.annotate(taken=models.Count("allocations"))


class HousingPeriod(models.Model):
    """One period of an offer (usually a semester) with its places and price."""

    offer = models.ForeignKey(
        HousingOffer,
        verbose_name=_("offre"),
        on_delete=models.CASCADE,
        related_name="periods",
    )
    label = models.CharField(_("période"), max_length=100, help_text=_("Ex. « Hiver 2026-2027 »."))
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    monthly_price = models.DecimalField(
        _("loyer mensuel (€)"),
        max_digits=7,
        decimal_places=2,
        default=0,
        help_text=_("0 : gratuit."),
    )

    objects = HousingPeriodQuerySet.as_manager()

    class Meta:
        db_table = "installations_housingperiod"
        verbose_name = _("période de logement")
        verbose_name_plural = _("périodes de logement")
        ordering = ["starts_on", "offer__name"]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="housing_period_dates_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="housing_period_dates_ordered",
                violation_error_message=_("La fin de la période précède son début."),
            ),
        ]

    def __str__(self):
        return f"{self.offer.name} — {self.label}"


class HousingRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Through the case: its applicant, its referent, its desk's staff."""
        role = role_of(user)
        if role == SUPERUSER:
            return self
        if role in {Role.NEWCOMER, Role.REFERENT, Role.STAFF}:
            return self.filter(case__in=Case.objects.visible_to(user))
        return self.none()

    def pending(self):
        return self.filter(status=HousingRequestStatus.PENDING)


class HousingRequest(models.Model):
    case = models.ForeignKey(
        Case,
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="housing_requests",
    )
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    wished_offer = models.ForeignKey(
        HousingOffer,
        verbose_name=_("logement souhaité"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
    )
    notes = models.TextField(
        _("précisions"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=HousingRequestStatus.choices,
        default=HousingRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)

    objects = HousingRequestQuerySet.as_manager()

    class Meta:
        db_table = "installations_housingrequest"
        verbose_name = _("demande de logement")
        verbose_name_plural = _("demandes de logement")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["status", "starts_on"], name="housing_request_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="housing_request_dates_ordered",
                violation_error_message=_("La date de fin précède la date de début."),
            ),
        ]

    def __str__(self):
        return _("Logement du %(start)s au %(end)s — %(case)s") % {
            "start": date_fr(self.starts_on),
            "end": date_fr(self.ends_on),
            "case": self.case,
        }


class HousingAllocationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Through the request, hence the case."""
        return self.filter(request__in=HousingRequest.objects.visible_to(user))


class HousingAllocation(models.Model):
    """One place of one period given to one request. The unique constraints are the rule."""

    request = models.OneToOneField(
        HousingRequest,
        verbose_name=_("demande"),
        on_delete=models.CASCADE,
        related_name="allocation",
    )
    period = models.ForeignKey(
        HousingPeriod,
        verbose_name=_("période"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    place = models.PositiveSmallIntegerField(_("place n°"))
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attribué par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    allocated_at = models.DateTimeField(_("attribué le"), default=timezone.now)

    objects = HousingAllocationQuerySet.as_manager()

    class Meta:
        db_table = "installations_housingallocation"
        verbose_name = _("attribution de logement")
        verbose_name_plural = _("attributions de logement")
        ordering = ["period", "place"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "place"],
                name="housing_no_double_booking",
                violation_error_message=_("Cette place est déjà attribuée pour cette période."),
            ),
            models.CheckConstraint(condition=Q(place__gte=1), name="housing_place_positive"),
        ]

    def __str__(self):
        return f"{self.period} — {self.place}"
