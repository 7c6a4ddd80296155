"""Load departments, EPCIs and communes from the CSV files shipped in ``territories/data``.

Idempotent (rows are matched on their code and only changed fields are written) and atomic:
a malformed file stops the command with its line number and leaves the database unchanged.
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.formatting import count_fr
from territories.models import Commune, Department, Epci
from territories.text import fold

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


class RowError(Exception):
    pass


def _int(value, column):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise RowError(f"« {column} » doit être un entier (lu : « {value} »)") from None
    if number < 0:
        raise RowError(f"« {column} » ne peut pas être négatif")
    return number


def _float(value, column, low, high):
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RowError(f"« {column} » doit être un nombre (lu : « {value} »)") from None
    if not low <= number <= high:
        raise RowError(f"« {column} » hors bornes ({low} à {high}) : {number}")
    return number


def _code(value, column, length):
    value = (value or "").strip()
    if len(value) != length or not value.isalnum():
        raise RowError(f"« {column} » doit compter {length} caractères (lu : « {value} »)")
    return value


def _department_code(value):
    value = (value or "").strip()
    if not (2 <= len(value) <= 3 and value.isalnum()):
        raise RowError(f"« code » de département invalide (lu : « {value} »)")
    return value


def _text(value, column):
    value = (value or "").strip()
    if not value:
        raise RowError(f"« {column} » est vide")
    return value


def read_rows(path, required_columns, parse):
    """Parse every row of ``path`` with ``parse``; errors name the file and line."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise CommandError(f"{path.name} : lecture impossible ({exc.strerror}).") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = set(required_columns) - set(reader.fieldnames or [])
        if missing:
            raise CommandError(
                f"{path.name}, ligne 1 : colonnes manquantes : {', '.join(sorted(missing))}."
            )
        rows = []
        for row in reader:
            if None in row or None in row.values():
                raise CommandError(
                    f"{path.name}, ligne {reader.line_num} : nombre de colonnes incorrect."
                )
            try:
                rows.append(parse(row))
            except RowError as exc:
                raise CommandError(f"{path.name}, ligne {reader.line_num} : {exc}.") from None
        return rows


def upsert(model, rows, fields):
    """Create missing rows and update changed ones; returns (created, updated)."""
    existing = model.objects.in_bulk([row.pk for row in rows])
    to_create, to_update = [], []
    for row in rows:
        current = existing.get(row.pk)
        if current is None:
            to_create.append(row)
        elif any(getattr(current, field) != getattr(row, field) for field in fields):
            to_update.append(row)
    model.objects.bulk_create(to_create, batch_size=500)
    model.objects.bulk_update(to_update, fields, batch_size=500)
    return len(to_create), len(to_update)


class Command(BaseCommand):
    help = "Charge départements, intercommunalités et communes depuis les fichiers CSV."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=DATA_DIR, help="Dossier des fichiers CSV.")

    def handle(self, *args, dir, **options):
        departments = read_rows(
            dir / "departments.csv",
            ["code", "name", "region_code", "region_name"],
            lambda row: Department(
                code=_department_code(row["code"]),
                name=_text(row["name"], "name"),
                region_code=_text(row["region_code"], "region_code"),
                region_name=_text(row["region_name"], "region_name"),
            ),
        )
        department_codes = {department.code for department in departments}

        def department(code, column):
            code = (code or "").strip()
            if code not in department_codes:
                raise RowError(f"département inconnu dans « {column} » : « {code} »")
            return code

        epcis = read_rows(
            dir / "epci.csv",
            [
                "siren",
                "name",
                "nature",
                "financing_mode",
                "seat_department_code",
                "member_count",
                "population_municipale_dgcl",
            ],
            lambda row: Epci(
                siren=_code(row["siren"], "siren", 9),
                name=_text(row["name"], "name"),
                nature=_text(row["nature"], "nature"),
                financing_mode=_text(row["financing_mode"], "financing_mode"),
                seat_department_id=department(row["seat_department_code"], "seat_department_code"),
                member_count=_int(row["member_count"], "member_count"),
                population=_int(row["population_municipale_dgcl"], "population_municipale_dgcl"),
            ),
        )
        epci_sirens = {epci.siren for epci in epcis}

        def epci(siren):
            siren = (siren or "").strip()
            if siren and siren not in epci_sirens:
                raise RowError(f"EPCI inconnu : « {siren} »")
            return siren or None

        def commune(row):
            name = _text(row["name"], "name")
            return Commune(
                insee_code=_code(row["insee_code"], "insee_code", 5),
                name=name,
                search_name=fold(name),
                department_id=department(row["department_code"], "department_code"),
                epci_id=epci(row["epci_siren"]),
                postal_codes=";".join(
                    _code(code, "postal_codes", 5)
                    for code in _text(row["postal_codes"], "postal_codes").split(";")
                ),
                population=_int(row["population_municipale_2023"], "population_municipale_2023"),
                latitude=_float(row["latitude"], "latitude", -90, 90),
                longitude=_float(row["longitude"], "longitude", -180, 180),
                note=(row.get("note") or "").strip(),
            )

        communes = read_rows(
            dir / "communes.csv",
            [
                "insee_code",
                "name",
                "department_code",
                "epci_siren",
                "postal_codes",
                "population_municipale_2023",
                "latitude",
                "longitude",
            ],
            commune,
        )

        with transaction.atomic():
            counts = {
                "départements": upsert(
                    Department, departments, ["name", "region_code", "region_name"]
                ),
                "intercommunalités": upsert(
                    Epci,
                    epcis,
                    [
                        "name",
                        "nature",
                        "financing_mode",
                        "seat_department_id",
                        "member_count",
                        "population",
                    ],
                ),
                "communes": upsert(
                    Commune,
                    communes,
                    [
                        "name",
                        "search_name",
                        "department_id",
                        "epci_id",
                        "postal_codes",
                        "population",
                        "latitude",
                        "longitude",
                        "note",
                    ],
                ),
            }
        for label, (created, updated) in counts.items():
            added = count_fr(created, "ajout", "ajouts")
            changed = count_fr(updated, "mise à jour", "mises à jour")
            self.stdout.write(f"{label} : {added}, {changed}.")
