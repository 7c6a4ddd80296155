"""Import the zoning of communes from a CSV file ``insee_code;zoning``.

``zoning`` holds one or more of ``ZIP``, ``ZAC``, ``ZRR``, ``FRR`` joined by ``+`` or ``,``
(``ZIP+FRR``), or ``aucun`` / empty for a commune in neither zone. The file says which layer
it covers: a layer (doctors: ZIP/ZAC, rural: ZRR/FRR) named anywhere in the file, or with
``--layer``, is replaced on every listed commune. Every listed commune records ``--source``
and ``--date``. Importing a real file first clears the demonstration zoning everywhere, so
that no commune mixes demonstration data with real data.

One transaction: a malformed line stops everything with its number and nothing changes.
Unknown INSEE codes are reported and skipped.
"""

import csv
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portal import pagecache
from territories.models import DEMO_ZONING_SOURCE, Commune, DoctorZoning, RuralZoning

DOCTORS, RURAL = "medecins", "rural"
LAYER_FIELDS = {DOCTORS: "doctor_zoning", RURAL: "rural_zoning"}
VALUES = {
    "zip": (DOCTORS, DoctorZoning.ZIP),
    "zac": (DOCTORS, DoctorZoning.ZAC),
    "zrr": (RURAL, RuralZoning.ZRR),
    "frr": (RURAL, RuralZoning.FRR),
}
NONE_WORDS = {"", "aucun", "aucune", "hors zone", "hz", "non"}


def parse_zoning(text, line):
    """``"ZIP+FRR"`` → ``{"medecins": "zip", "rural": "frr"}``; ``"aucun"`` → ``{}``."""
    zoning = {}
    for part in text.replace(",", "+").split("+"):
        word = part.strip().lower()
        if word in NONE_WORDS:
            continue
        if word not in VALUES:
            raise CommandError(
                f"ligne {line} : zonage inconnu « {part.strip()} » "
                "(attendu : ZIP, ZAC, ZRR, FRR ou aucun)."
            )
        layer, value = VALUES[word]
        if layer in zoning and zoning[layer] != value:
            raise CommandError(f"ligne {line} : deux zonages « {layer} » pour la même commune.")
        zoning[layer] = value
    return zoning


def read_file(path):
    """Rows ``(line, insee_code, zoning)``; a header line ``insee_code;zoning`` is skipped."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CommandError(f"{path.name} : lecture impossible ({exc.strerror}).") from None
    rows = []
    with handle:
        reader = csv.reader(handle, delimiter=";")
        try:
            for cells in reader:
                rows.append(_parse_line(reader.line_num, cells))
        except UnicodeDecodeError:
            raise CommandError(f"{path.name} : le fichier doit être encodé en UTF-8.") from None
    return [row for row in rows if row is not None]


def _parse_line(line, cells):
    """One line → ``(line, insee_code, zoning)``, or ``None`` for a blank or header line."""
    if not "".join(cells).strip():
        return None
    if len(cells) != 2:
        raise CommandError(
            f"ligne {line} : deux colonnes attendues (insee_code;zoning), {len(cells)} lue(s)."
        )
    code = cells[0].strip()
    if line == 1 and code.lower() == "insee_code":
        return None
    if code.isdigit() and len(code) == 4:
        code = "0" + code  # a spreadsheet dropped the leading zero
    if len(code) != 5 or not code.isalnum():
        raise CommandError(f"ligne {line} : code INSEE invalide « {code} ».")
    return (line, code.upper(), parse_zoning(cells[1], line))


def import_zoning(rows, *, source, on, layers=None):
    """Apply parsed rows; returns ``(updated, unknown_codes, demo_cleared)``."""
    layers = set(layers or ())
    for _line, _code, zoning in rows:
        layers.update(zoning)
    if not layers:
        raise CommandError("Le fichier ne nomme aucun zonage : précisez --layer.")
    fields = [LAYER_FIELDS[layer] for layer in sorted(layers)]
    with transaction.atomic():
        demo_cleared = Commune.objects.filter(zoning_source=DEMO_ZONING_SOURCE).update(
            doctor_zoning="", rural_zoning="", zoning_source="", zoning_date=None
        )
        communes = Commune.objects.in_bulk([code for _line, code, _zoning in rows])
        unknown, changed = [], []
        for _line, code, zoning in rows:
            commune = communes.get(code)
            if commune is None:
                unknown.append(code)
                continue
            for layer in layers:
                setattr(commune, LAYER_FIELDS[layer], zoning.get(layer, ""))
            commune.zoning_source, commune.zoning_date = source, on
            changed.append(commune)
        Commune.objects.bulk_update(
            changed, [*fields, "zoning_source", "zoning_date"], batch_size=500
        )
        pagecache.bump("territories")  # bulk_update() sends no signal
    return len(changed), unknown, demo_cleared


class Command(BaseCommand):
    help = "Importe le zonage des communes (ZIP/ZAC, ZRR/FRR) depuis un CSV « insee_code;zoning »."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Fichier CSV séparé par « ; ».")
        parser.add_argument(
            "--source",
            required=True,
            help="D'où vient le zonage, affiché sur le site (ex. « Arrêté ARS Occitanie du … »).",
        )
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            default=None,
            help="Date du zonage (AAAA-MM-JJ) ; par défaut aujourd'hui.",
        )
        parser.add_argument(
            "--layer",
            action="append",
            choices=[DOCTORS, RURAL],
            help="Couche remplacée même si le fichier ne la nomme pas (répétable).",
        )

    def handle(self, *args, file, source, date, layer, **options):
        source = source.strip()
        if not source or source == DEMO_ZONING_SOURCE:
            raise CommandError("--source doit nommer la source réelle du zonage.")
        rows = read_file(file)
        updated, unknown, demo_cleared = import_zoning(
            rows, source=source, on=date or timezone.localdate(), layers=layer
        )
        if demo_cleared:
            self.stdout.write(f"Zonage de démonstration effacé sur {demo_cleared} commune(s).")
        self.stdout.write(f"Zonage importé pour {updated} commune(s).")
        if unknown:
            self.stderr.write(
                f"{len(unknown)} code(s) INSEE inconnu(s), ignoré(s) : {', '.join(unknown)}"
            )
