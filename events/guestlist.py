"""Building a guest list: who matches the coordinator's filters, names typed in, and adding
them without ever inviting the same person twice to one event.

The filters read ``structures.Professional``, the professionals' directory (an installed case
creates a row there too), so this app never needs the installations app. The area (communes,
intercommunalities, « à moins de N km de ») is one set of communes, always within the desk's
territory; every other filled criterion narrows it.

Also here: a CSV of names and postal addresses from a partner's list, and removing a guest."""

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import SEATED_STATES, EventStatus
from events.models import Event, EventLogKind, Invitation
from events.services import _log, fill_seats, mail_guest
from portal import phones
from structures.geo import bounding_box, distance_km_expression
from structures.models import (
    Membership,
    Profession,
    Professional,
    ProfessionalStatus,
    Structure,
)
from territories.models import Commune
from territories.text import fold

INTERN_CODES = ("interne",)


@dataclass
class Criteria:
    installed_since: date | None = None
    interns: bool = False
    profession: Profession | None = None
    structure: Structure | None = None
    cpts: Structure | None = None
    # The area: these communes, the communes of these EPCIs, and those within ``km`` of
    # ``near`` (any of them).
    communes: list = field(default_factory=list)
    epcis: list = field(default_factory=list)
    near: Commune | None = None
    km: int | None = None

    @property
    def has_area(self):
        return bool(self.communes or self.epcis or (self.near and self.km))

    @property
    def empty(self):
        return not (
            self.has_area
            or any([self.installed_since, self.interns, self.profession, self.structure, self.cpts])
        )


def territory_communes(event: Event) -> QuerySet:
    return Commune.objects.covered_by(event.desk)


def communes_within(commune: Commune, km: float) -> QuerySet:
    """Communes whose point lies within ``km`` (great circle) of ``commune``'s: the indexed
    bounding box first, then the exact distance, in SQL (a subquery, no list in Python)."""
    return (
        Commune.objects.filter(**bounding_box(commune.latitude, commune.longitude, km))
        .annotate(distance_km=distance_km_expression(commune.latitude, commune.longitude))
        .filter(distance_km__lte=km)
    )


def area_communes(criteria: Criteria) -> QuerySet:
    """The communes of the area criteria, united (a commune typed, an EPCI, a radius)."""
    area = Q(pk__in=[commune.pk for commune in criteria.communes])
    if criteria.epcis:
        area |= Q(epci__in=[epci.pk for epci in criteria.epcis])
    if criteria.near and criteria.km:
        area |= Q(pk__in=communes_within(criteria.near, criteria.km).values("pk"))
    return Commune.objects.filter(area)


def candidates(event: Event, criteria: Criteria) -> QuerySet:
    """Active professionals of the desk's territory matching every filled criterion, each
    marked ``already_invited``. No criterion: nobody (a list is built on purpose)."""
    if criteria.empty:
        return Professional.objects.none()
    queryset = Professional.objects.filter(
        status=ProfessionalStatus.ACTIVE, commune__in=territory_communes(event)
    )
    if criteria.has_area:
        queryset = queryset.filter(commune__in=area_communes(criteria).values("pk"))
    if criteria.installed_since:
        # The directory's start of practice, whatever the record's source (entered by the
        # desk, imported, or created by an installed case).
        queryset = queryset.filter(practice_start__gte=criteria.installed_since)
    if criteria.interns:
        queryset = queryset.filter(profession__code__in=INTERN_CODES)
    if criteria.profession:
        queryset = queryset.filter(
            Q(profession=criteria.profession) | Q(profession__parent=criteria.profession)
        )
    if criteria.structure:
        queryset = queryset.filter(
            Exists(
                Membership.objects.filter(professional=OuterRef("pk"), structure=criteria.structure)
            )
        )
    if criteria.cpts:
        # Members directly or through a structure attached to the CPTS, and the
        # professionals attached to no structure who practise in the CPTS's communes.
        member = Exists(
            Membership.objects.filter(professional=OuterRef("pk")).filter(
                Q(structure=criteria.cpts) | Q(structure__cpts=criteria.cpts)
            )
        )
        unattached = ~Exists(Membership.objects.filter(professional=OuterRef("pk"))) & Q(
            commune__in=Commune.objects.filter(cpts_territories=criteria.cpts).values("pk")
        )
        queryset = queryset.filter(member | unattached)
    already = Invitation.objects.filter(event=event).filter(
        Q(professional=OuterRef("pk"))
        | (Q(email__iexact=OuterRef("email")) & ~Q(email=""))
        | (Q(user=OuterRef("user")) & Q(user__isnull=False))
    )
    return (
        queryset.annotate(already_invited=Exists(already))
        .select_related("profession", "commune")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("structure").order_by("pk"),
            )
        )
        .order_by("last_name", "first_name", "pk")
    )


@dataclass
class TypedGuest:
    """Someone typed in or read from a partner's CSV (no directory record)."""

    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""
    address_line: str = ""
    address_extra: str = ""
    postal_code: str = ""
    city: str = ""
    profession_label: str = ""
    structure_label: str = ""


@dataclass
class TypedList:
    guests: list = field(default_factory=list)
    errors: list = field(default_factory=list)


_ANGLE = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^>]+)>\s*$")


def parse_typed(text: str) -> TypedList:
    """One person a line: « Prénom Nom <adresse> », « Prénom Nom, adresse » (or with « ; »
    or a tab), or just « Prénom Nom ». Returns the guests and, for bad lines, messages."""
    result = TypedList()
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if match := _ANGLE.match(line):
            name, email = match["name"], match["email"]
        else:
            parts = re.split(r"[,;\t]", line, maxsplit=1)
            name, email = parts[0], parts[1] if len(parts) > 1 else ""
        name, email = " ".join(name.split()).strip(" ,;"), email.strip().lower()
        if not name:
            result.errors.append(_("Ligne %(number)d : le nom manque.") % {"number": number})
            continue
        if email:
            try:
                validate_email(email)
            except ValidationError:
                result.errors.append(
                    _("Ligne %(number)d : adresse e-mail invalide (%(email)s).")
                    % {"number": number, "email": email}
                )
                continue
        first, _sep, last = name.partition(" ")
        if not last:
            first, last = "", first
        result.guests.append(TypedGuest(first_name=first[:100], last_name=last[:100], email=email))
    return result


# --- A partner's CSV ---------------------------------------------------------------------
CSV_MAX_ROWS = 2000
# Headers as people write them, folded (``territories.text.fold``: no accents, no case,
# hyphens and apostrophes as spaces), to the guest's fields.
CSV_COLUMNS = {
    "prenom": "first_name",
    "nom": "last_name",
    "nom de famille": "last_name",
    "e mail": "email",
    "email": "email",
    "mail": "email",
    "courriel": "email",
    "adresse e mail": "email",
    "adresse mail": "email",
    "telephone": "phone",
    "tel": "phone",
    "tel.": "phone",
    "portable": "phone",
    "adresse": "address_line",
    "complement": "address_extra",
    "complement d adresse": "address_extra",
    "code postal": "postal_code",
    "cp": "postal_code",
    "commune": "city",
    "ville": "city",
    "profession": "profession_label",
    "structure": "structure_label",
}
FIELD_LENGTHS = {
    "first_name": 100,
    "last_name": 100,
    "address_line": 250,
    "address_extra": 250,
    "city": 100,
    "profession_label": 120,
    "structure_label": 200,
}
_POSTAL_CODE = re.compile(r"^\d{5}$")


@dataclass
class CsvGuests:
    """What a partner's file gives: the guests of the good lines, a message per bad line,
    and the columns recognised (header → field)."""

    guests: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    columns: dict = field(default_factory=dict)
    lines: int = 0


def read_guest_csv(header: list[str], rows: list[list[str]]) -> CsvGuests:
    """Guests from the rows of ``portal.csv.read_csv``: columns found by their header (in
    any order; unknown ones ignored), « Nom » required. Line numbers are the file's (the
    header is line 1)."""
    result = CsvGuests()
    positions = {}
    for position, title in enumerate(header):
        name = CSV_COLUMNS.get(fold(title).strip(" :"))
        if name and name not in positions:
            positions[name] = position
            result.columns[title] = name
    if "last_name" not in positions:
        result.errors.append(_("La colonne « Nom » manque (première ligne du fichier)."))
        return result
    for number, row in enumerate(rows, start=2):
        if not row:
            continue
        result.lines += 1
        values = {name: " ".join(row[position].split()) for name, position in positions.items()}
        values = {name: value[: FIELD_LENGTHS.get(name, 250)] for name, value in values.items()}
        problems = []
        if not values["last_name"]:
            problems.append(_("le nom manque"))
        email = values.get("email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("adresse e-mail invalide (%(email)s)") % {"email": email})
        values["email"] = email
        phone = values.get("phone", "")
        if phone:
            if phones.parse(phone) is None:
                problems.append(_("numéro de téléphone invalide (%(phone)s)") % {"phone": phone})
            values["phone"] = phones.normalise(phone)
        postal_code = values.get("postal_code", "").replace(" ", "")
        if postal_code and not _POSTAL_CODE.match(postal_code):
            problems.append(_("code postal invalide (%(code)s)") % {"code": postal_code})
        values["postal_code"] = postal_code
        if problems:
            result.errors.append(
                _("Ligne %(number)d : %(problems)s.")
                % {"number": number, "problems": ", ".join(problems)}
            )
            continue
        result.guests.append(TypedGuest(**values))
    return result


def guests_to_data(guests: list[TypedGuest]) -> list[dict]:
    """Plain data (to sign and carry between the preview and the confirmation)."""
    return [asdict(guest) for guest in guests]


def guests_from_data(data) -> list[TypedGuest]:
    names = set(TypedGuest.__dataclass_fields__)
    return [
        TypedGuest(**{key: str(value) for key, value in row.items() if key in names})
        for row in data
        if isinstance(row, dict) and row.get("last_name")
    ]


# --- Adding ------------------------------------------------------------------------------
def _structure_label(professional) -> str:
    memberships = list(professional.memberships.all())
    return memberships[0].structure.name if memberships else ""


@dataclass
class AddResult:
    added: int = 0
    skipped: int = 0


def _postal_key(first_name, last_name, postal_code):
    """Who a guest without e-mail is: the same name at the same postal code."""
    return (fold(f"{first_name} {last_name}"), postal_code)


def add_guests(event: Event, *, professionals=(), typed: list[TypedGuest] = ()) -> AddResult:
    """Add professionals (from ``candidates``) and typed-in or imported people; anyone
    already invited (same professional record, account or e-mail; without e-mail, the same
    name and postal code) is skipped. A typed address that belongs to an account links the
    invitation to it, so it shows in that person's space."""
    result = AddResult()
    with transaction.atomic():
        Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
        existing = event.invitations.values_list(
            "professional_id", "user_id", "email", "first_name", "last_name", "postal_code"
        )
        seen_professionals, seen_users, seen_emails, seen_postal = set(), set(), set(), set()
        for professional_id, user_id, email, first, last, postal_code in existing:
            if professional_id:
                seen_professionals.add(professional_id)
            if user_id:
                seen_users.add(user_id)
            if email:
                seen_emails.add(email.lower())
            elif not professional_id:
                seen_postal.add(_postal_key(first, last, postal_code))
        typed_emails = [guest.email for guest in typed if guest.email]
        users_by_email = {
            user.email.lower(): user
            for user in get_user_model().objects.filter(email__in=typed_emails)
        }
        rows = []
        for professional in professionals:
            email = (professional.email or "").lower()
            if (
                professional.pk in seen_professionals
                or (email and email in seen_emails)
                or (professional.user_id and professional.user_id in seen_users)
            ):
                result.skipped += 1
                continue
            seen_professionals.add(professional.pk)
            if email:
                seen_emails.add(email)
            if professional.user_id:
                seen_users.add(professional.user_id)
            rows.append(
                Invitation(
                    event=event,
                    professional=professional,
                    user_id=professional.user_id,
                    first_name=professional.first_name,
                    last_name=professional.last_name or str(professional),
                    email=email,
                    profession_label=professional.profession.label,
                    structure_label=_structure_label(professional),
                )
            )
        for guest in typed:
            user = users_by_email.get(guest.email)
            postal = _postal_key(guest.first_name, guest.last_name, guest.postal_code)
            if (
                (guest.email and guest.email in seen_emails)
                or (user and user.pk in seen_users)
                or (not guest.email and postal in seen_postal)
            ):
                result.skipped += 1
                continue
            if guest.email:
                seen_emails.add(guest.email)
            else:
                seen_postal.add(postal)
            if user:
                seen_users.add(user.pk)
            rows.append(Invitation(event=event, user=user, **asdict(guest)))
        for row in rows:
            row.search_name = fold(f"{row.first_name} {row.last_name}")
        Invitation.objects.bulk_create(rows, batch_size=500)
        result.added = len(rows)
    return result


# --- Removing ----------------------------------------------------------------------------
@dataclass
class RemoveResult:
    mailed: bool = False
    promoted: list = field(default_factory=list)


# No mail to say one is off the list of an event that is over or cancelled.
_CLOSED = (EventStatus.CANCELLED, EventStatus.DONE)


def removal_mail_due(invitation: Invitation) -> bool:
    """A guest taken off the list is told when their invitation was e-mailed to them."""
    return bool(invitation.sent_at and invitation.email and invitation.event.status not in _CLOSED)


def remove_guest(invitation: Invitation, *, by, now=None) -> RemoveResult:
    """Take a guest off the list: logged (with who did it); told by mail if their
    invitation had been e-mailed; the seats they held go to the waiting list."""
    now = now or timezone.now()
    result = RemoveResult()
    with transaction.atomic():
        event = (
            Event.objects.select_for_update(of=("self",))
            .select_related("desk", "commune")
            .get(pk=invitation.event_id)
        )
        invitation = Invitation.objects.select_for_update(of=("self",)).get(
            pk=invitation.pk, event=event
        )
        invitation.event = event
        held_seats = invitation.status in SEATED_STATES
        _log(
            event,
            invitation,
            EventLogKind.REMOVED,
            by=by,
            at=now,
            detail=invitation.get_status_display(),
        )
        if removal_mail_due(invitation):
            # Rendered now (the row is about to go); the outbox row outlives it.
            result.mailed = bool(
                mail_guest(invitation, "events_removed", f"events:removed:{invitation.pk}")
            )
        invitation.delete()
        if held_seats:
            result.promoted = fill_seats(event, now=now, by=by)
    return result
