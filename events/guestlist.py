"""Building a guest list: who matches the coordinator's filters, names typed in, and adding
them without ever inviting the same person twice to one event.

The filters read ``structures.Professional`` (an installed case creates one, with
``source = "case"``), so this app never needs the installations app."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from events.models import Event, Invitation
from structures.models import (
    Membership,
    Profession,
    Professional,
    ProfessionalSource,
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

    @property
    def empty(self):
        return not any(
            [self.installed_since, self.interns, self.profession, self.structure, self.cpts]
        )


def territory_communes(event: Event) -> QuerySet:
    return Commune.objects.covered_by(event.desk)


def candidates(event: Event, criteria: Criteria) -> QuerySet:
    """Active professionals of the desk's territory matching every filled criterion, each
    marked ``already_invited``. No criterion: nobody (a list is built on purpose)."""
    if criteria.empty:
        return Professional.objects.none()
    queryset = Professional.objects.filter(
        status=ProfessionalStatus.ACTIVE, commune__in=territory_communes(event)
    )
    if criteria.installed_since:
        queryset = queryset.filter(
            source=ProfessionalSource.CASE, practice_start__gte=criteria.installed_since
        )
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
        queryset = queryset.filter(
            Exists(
                Membership.objects.filter(professional=OuterRef("pk")).filter(
                    Q(structure=criteria.cpts) | Q(structure__cpts=criteria.cpts)
                )
            )
        )
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
    first_name: str
    last_name: str
    email: str = ""


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


def _structure_label(professional) -> str:
    memberships = list(professional.memberships.all())
    return memberships[0].structure.name if memberships else ""


@dataclass
class AddResult:
    added: int = 0
    skipped: int = 0


def add_guests(event: Event, *, professionals=(), typed: list[TypedGuest] = ()) -> AddResult:
    """Add professionals (from ``candidates``) and typed-in people; anyone already invited
    (same professional record, account or e-mail) is skipped. A typed address that belongs
    to an account links the invitation to it, so it shows in that person's space."""
    result = AddResult()
    with transaction.atomic():
        Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
        existing = event.invitations.values_list("professional_id", "user_id", "email")
        seen_professionals = {row[0] for row in existing if row[0]}
        seen_users = {row[1] for row in existing if row[1]}
        seen_emails = {row[2].lower() for row in existing if row[2]}
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
            if (guest.email and guest.email in seen_emails) or (user and user.pk in seen_users):
                result.skipped += 1
                continue
            if not guest.email and any(
                row.professional_id is None
                and row.email == ""
                and (row.first_name, row.last_name) == (guest.first_name, guest.last_name)
                for row in rows
            ):
                result.skipped += 1
                continue
            if guest.email:
                seen_emails.add(guest.email)
            if user:
                seen_users.add(user.pk)
            rows.append(
                Invitation(
                    event=event,
                    user=user,
                    first_name=guest.first_name,
                    last_name=guest.last_name,
                    email=guest.email,
                )
            )
        for row in rows:
            row.search_name = fold(f"{row.first_name} {row.last_name}")
        Invitation.objects.bulk_create(rows, batch_size=500)
        result.added = len(rows)
    return result
