"""Import one zoning layer from a CSV file ``code_insee;zonage`` (with its header line).

``--layer ars --profession CODE``: a profession's ARS zoning: for doctors ``ZIP``, ``ZAC``,
``ZAR`` or ``hors`` (the doctors' zoning serves every medical specialty); for the other
professions their categories ``TSD`` (très sous-dotée), ``SD``, ``INT``, ``TD``, ``SURD``, ``NP``
(non prioritaire) or ``hors``. ``--layer frr``: the France
Ruralités Revitalisation list, values ``FRR``, ``FRR+`` or ``hors``. Case does not matter.

The file becomes a new version of that layer, with ``--source`` and ``--date`` (the decision),
in force from ``--valid-from`` (``--date`` by default): the version in force until then is
closed the day before, and kept for the dates in the past. Re-importing with the same start
of validity corrects that version. Importing a layer never changes another one; the
demonstration layer of the same zoning is removed.

Every line is checked first: an unknown INSEE code or value stops everything, with the line
numbers, and nothing is imported.
"""

import csv
from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal import pagecache
from portal.formatting import count_fr, date_fr
from territories.models import (
    DEMO_ZONING_SOURCE,
    PROFESSION_GROUP_OF,
    Commune,
    CommuneZoning,
    ProfessionGroup,
    ZoningKind,
    ZoningLayer,
    zone_classes,
)

HEADER = ("code_insee", "insee_code")
LAYER_NAMES = {
    ZoningKind.FRR: "France Ruralités Revitalisation",
    **{group: f"Zonage ARS : {group.label}" for group in ProfessionGroup},
}


def import_values(kind, group=""):
    """``{"zip": "ZIP", "frr+": "FRR+", "hors": "hors"…}``: what a file may say for ``kind``
    and the profession group (the historical « ZRR » is not imported: it closed on 30 June
    2024)."""
    return {value.lower(): value for value in zone_classes(kind, group) if value != "ZRR"}


def read_file(path, kind, group=""):
    """``{insee_code: value}`` for every line, or every error with its line number."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CommandError(f"{path.name} : lecture impossible ({exc.strerror}).") from None
    values = import_values(kind, group)
    classes, errors, lines = {}, [], {}
    with handle:
        reader = csv.reader(handle, delimiter=";")
        try:
            for cells in reader:
                line = reader.line_num
                if not "".join(cells).strip():
                    continue
                if len(cells) != 2:
                    errors.append(
                        f"ligne {line} : deux colonnes attendues (code_insee;zonage), "
                        f"{len(cells)} lue(s)."
                    )
                    continue
                code, value = cells[0].strip(), cells[1].strip()
                if line == 1 and code.lower() in HEADER:
                    continue
                if code.isdigit() and len(code) == 4:
                    code = "0" + code  # a spreadsheet dropped the leading zero
                code = code.upper()
                if value.lower() not in values:
                    expected = ", ".join(values.values())
                    errors.append(
                        f"ligne {line} : zonage inconnu « {value} » (attendu : {expected})."
                    )
                elif code in lines:
                    errors.append(f"ligne {line} : commune {code} déjà lue ligne {lines[code]}.")
                else:
                    classes[code], lines[code] = values[value.lower()], line
        except UnicodeDecodeError:
            raise CommandError(f"{path.name} : le fichier doit être encodé en UTF-8.") from None
    known = set(Commune.objects.filter(insee_code__in=classes).values_list("pk", flat=True))
    errors += [
        f"ligne {lines[code]} : code INSEE inconnu « {code} »."
        for code in classes
        if code not in known
    ]
    errors.sort(key=lambda error: int(error.split()[1]))
    return classes, errors


@transaction.atomic
def import_layer(classes, *, kind, group, source, decided_on, valid_from):
    """Write ``classes`` as the new version of the layer; returns ``(layer, closed, demo)``:
    the layer, the versions it closed and the demonstration layers it removed."""
    same = ZoningLayer.objects.filter(kind=kind, profession_group=group)
    demo = same.filter(is_demo=True).delete()[1].get("territories.ZoningLayer", 0)
    real = same.filter(is_demo=False)
    if real.filter(valid_from__gt=valid_from).exists():
        raise CommandError(
            "Une version de cette couche en vigueur après le "
            f"{date_fr(valid_from)} existe déjà : rien n'est importé."
        )
    layer = real.filter(valid_from=valid_from).first()
    if layer is None:
        layer = ZoningLayer(kind=kind, profession_group=group, valid_from=valid_from)
    layer.name = LAYER_NAMES[group or kind]
    layer.source, layer.decided_on, layer.is_demo = source, decided_on, False
    layer.save()
    closed = (
        real.filter(valid_from__lt=valid_from)
        .filter(valid_until__isnull=True)
        .update(valid_until=valid_from - timedelta(days=1))
    )
    layer.classes.all().delete()
    CommuneZoning.objects.bulk_create(
        [
            CommuneZoning(layer=layer, commune_id=code, value=value)
            for code, value in classes.items()
        ],
        batch_size=1000,
    )
    pagecache.bump("territories")  # bulk_create() sends no signal
    return layer, closed, demo


class Command(BaseCommand):
    help = "Importe une couche de zonage (ARS ou FRR) d'un CSV « code_insee;zonage »."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Fichier CSV séparé par « ; ».")
        parser.add_argument("--layer", required=True, choices=["ars", "frr"], help="ars ou frr.")
        parser.add_argument(
            "--profession",
            help="Code de la profession dont c'est le zonage ARS (ex. medecin-generaliste).",
        )
        parser.add_argument(
            "--source",
            required=True,
            help="D'où vient le zonage, affiché sur le site (ex. « Arrêté ARS Occitanie du … »).",
        )
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            required=True,
            help="Date de la décision (AAAA-MM-JJ).",
        )
        parser.add_argument(
            "--valid-from",
            type=date.fromisoformat,
            default=None,
            help="En vigueur à partir du (AAAA-MM-JJ) ; par défaut --date.",
        )

    def handle(self, *args, file, layer, profession, source, date, valid_from, **options):
        source = source.strip()
        if not source or source == DEMO_ZONING_SOURCE:
            raise CommandError("--source doit nommer la source réelle du zonage.")
        kind, group = ZoningKind(layer), ""
        if kind == ZoningKind.ARS:
            group = PROFESSION_GROUP_OF.get(profession or "")
            if group is None:
                known = ", ".join(sorted(PROFESSION_GROUP_OF))
                raise CommandError(
                    f"--profession : « {profession or ''} » n'a pas de zonage ARS connu "
                    f"(attendu : {known})."
                )
        elif profession:
            raise CommandError("--profession ne sert qu'avec --layer ars.")
        classes, errors = read_file(file, kind, group)
        if errors:
            raise CommandError(
                f"{count_fr(len(errors), 'erreur', 'erreurs')}, rien n'est importé :\n"
                + "\n".join(errors)
            )
        if not classes:
            raise CommandError("Le fichier ne contient aucune commune : rien n'est importé.")
        saved, closed, demo = import_layer(
            classes,
            kind=kind,
            group=group,
            source=source,
            decided_on=date,
            valid_from=valid_from or date,
        )
        if demo:
            self.stdout.write("Zonage de démonstration de cette couche effacé.")
        if closed:
            self.stdout.write(
                f"Version précédente close le {date_fr(saved.valid_from - timedelta(days=1))}."
            )
        self.stdout.write(
            f"Couche « {saved.name} » : {count_fr(len(classes), 'commune', 'communes')}, "
            f"en vigueur depuis le {date_fr(saved.valid_from)}."
        )
