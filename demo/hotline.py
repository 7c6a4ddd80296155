"""A month of demo calls to the Lot desk's hotline; reloading replaces them.
Fictitious callers only: 01 99 … numbers, ``.example`` addresses."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from demo.history import ascii_name
from hotline.models import Channel, HotlineRecord
from installations.kinds import CaseKind
from portal.roles import Role
from structures.models import Profession
from territories.models import Desk

HOTLINE_SUBJECTS = [
    ("Aides à l'installation en zone sous-dotée", CaseKind.INFORMATION, "medecin-generaliste"),
    (
        "Recherche d'un terrain de stage pour le semestre d'été",
        CaseKind.PLACEMENT,
        "medecin-generaliste",
    ),
    ("Locaux disponibles en maison de santé", CaseKind.INSTALLATION, "masseur-kinesitherapeute"),
    ("Logement pour un interne à Cahors", CaseKind.PLACEMENT, "medecin-generaliste"),
    ("Emploi pour un conjoint enseignant", CaseKind.INSTALLATION, "infirmier"),
    ("Remplacements possibles l'été", CaseKind.INFORMATION, "medecin-generaliste"),
    (
        "Conditions du contrat d'engagement de service public",
        CaseKind.INFORMATION,
        "medecin-generaliste",
    ),
    (
        "Cabinet à reprendre après un départ en retraite",
        CaseKind.INSTALLATION,
        "chirurgien-dentiste",
    ),
]
CALLERS = [
    ("Sophie", "Arnal"),
    ("Karim", "Benali"),
    ("Julie", "Castagné"),
    ("Marc", "Dufour"),
    ("Anaïs", "Estève"),
    ("Thomas", "Fournier"),
    ("Laura", "Gaillard"),
    ("Nicolas", "Héral"),
]


def _hotline(desk, staff, rng, now):
    """The last 30 days of calls; reloading replaces the demo callers' records."""
    professions = {p.code: p for p in Profession.objects.all()}
    HotlineRecord.objects.filter(desk=desk, caller_email__endswith="@appelants.example").delete()
    records = []
    for day in range(30):
        for slot in range(rng.randint(1, 3) if day % 7 not in (5, 6) else 0):
            first, last = CALLERS[(day + slot) % len(CALLERS)]
            subject, kind, code = HOTLINE_SUBJECTS[(day * 3 + slot) % len(HOTLINE_SUBJECTS)]
            at = (now - timedelta(days=30 - day)).replace(hour=9 + 2 * slot, minute=15 * slot)
            records.append(
                HotlineRecord(
                    desk=desk,
                    subject=subject,
                    caller_last_name=last,
                    caller_first_name=first,
                    received_at=at,
                    channel=[Channel.PHONE, Channel.PHONE, Channel.EMAIL, Channel.VISIT][
                        (day + slot) % 4
                    ],
                    caller_email=f"{ascii_name(first)}.{ascii_name(last)}@appelants.example",
                    caller_phone=f"01 99 00 49 {(day * 3 + slot) % 90 + 10:02d}",
                    profession=professions.get(code),
                    request_kind=kind,
                    answer="Informations données ; documentation envoyée par e-mail.",
                    follow_up_needed=(day + slot) % 4 == 0,
                    follow_up_done=(day + slot) % 8 == 0,
                    recorded_by=staff,
                )
            )
    HotlineRecord.objects.bulk_create(records)
    return len(records)


def load(report):
    desk = Desk.objects.filter(slug="lot").first()
    if desk is None:
        report.line("Permanence : guichet du Lot absent, rien chargé.")
        return
    staff = get_user_model().objects.filter(role=Role.STAFF, desk_membership__desk=desk).first()
    calls = _hotline(desk, staff, random.Random(4646), timezone.now())
    report.line(f"Permanence : {calls} appels à la permanence du guichet du Lot.")
