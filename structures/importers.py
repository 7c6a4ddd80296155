"""Imports: the national health directory's practitioner activity extract (« Annuaire Santé »,
``PS_LibreAcces_Personne_activite``) into ``Professional``, and structures from CSV.

Columns are matched by header name (accents, case and punctuation ignored), unknown columns are
ignored, and every skipped row is reported with its line number and why. Running an import
again updates what it finds instead of duplicating it.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction

from portal import phones
from portal.csv import restore
from structures.models import (
    Profession,
    Professional,
    ProfessionalSource,
    ProfessionalStatus,
    Structure,
    StructureKind,
)
from territories.models import Commune
from territories.text import fold


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list = field(default_factory=list)  # [(line number, reason)]
    ignored_columns: list = field(default_factory=list)

    @property
    def skip_reasons(self):
        return Counter(reason for _line, reason in self.skipped)

    def skip(self, line, reason):
        self.skipped.append((line, reason))


def _header_key(name: str) -> str:
    return "".join(char for char in fold(name) if char.isalnum())


# --- Annuaire Santé ---------------------------------------------------------------------------
# our name → header names seen in the extract (folded and stripped of punctuation)
ANNUAIRE_COLUMNS = {
    "rpps": ["Identifiant PP", "Identification nationale PP"],
    "last_name": ["Nom d'exercice"],
    "first_name": ["Prénom d'exercice"],
    "profession_code": ["Code profession"],
    "profession_label": ["Libellé profession"],
    "specialty_label": ["Libellé savoir-faire"],
    "commune_code": ["Code commune (coord. structure)", "Code commune"],
    "postal_code": ["Code postal (coord. structure)", "Code postal"],
    "email": ["Adresse e-mail (coord. structure)"],
}
REQUIRED = ("rpps", "profession_code", "commune_code")

# « Code profession » of the extract → our profession code
PROFESSION_CODES = {
    "10": "medecin-generaliste",  # médecin: refined by the specialty below
    "21": "pharmacien",
    "40": "chirurgien-dentiste",
    "50": "sage-femme",
    "60": "infirmier",
    "70": "masseur-kinesitherapeute",
    "80": "pedicure-podologue",
    "91": "orthophoniste",
    "92": "orthoptiste",
    "86": "dieteticien",
    "93": "psychologue",
    "94": "osteopathe",
}
# words of the « Libellé savoir-faire » of a médecin → our specialty code
SPECIALTY_WORDS = [
    ("medecine generale", "medecin-generaliste"),
    ("angiologie", "angiologie"),
    ("medecine vasculaire", "angiologie"),
    ("cardiologie", "cardiologie"),
    ("dermatologie", "dermatologie"),
    ("gynecologie", "gynecologie"),
    ("neurologie", "neurologie"),
    ("ophtalmologie", "ophtalmologie"),
    ("pediatrie", "pediatrie"),
    ("psychiatrie", "psychiatrie"),
    ("rhumatologie", "rhumatologie"),
    ("geriatrie", "geriatrie"),
    ("radiologie", "radiologie"),
    ("radiodiagnostic", "radiologie"),
    ("medecine d urgence", "medecine-urgence"),
]


def _map_header(header, columns):
    wanted = {_header_key(alias): name for name, aliases in columns.items() for alias in aliases}
    mapping, ignored = {}, []
    for index, title in enumerate(header):
        name = wanted.get(_header_key(title))
        if name and name not in mapping:
            mapping[name] = index
        elif title.strip():
            ignored.append(title.strip())
    return mapping, ignored


def _profession_for(code, specialty, professions):
    our_code = PROFESSION_CODES.get(code.strip())
    if our_code is None:
        return None
    if code.strip() == "10" and specialty:
        folded = fold(specialty)
        for words, specialty_code in SPECIALTY_WORDS:
            if words in folded:
                return professions.get(specialty_code)
        return professions.get("medecin-specialiste")
    return professions.get(our_code)


def import_annuaire_sante(stream, *, departments=None) -> ImportReport:
    """Read a pipe-separated extract with a header row into ``Professional`` (by RPPS).

    ``departments``: keep only practitioners whose commune is in these department codes.
    A practitioner appears once per activity: the first activity in the file wins.
    """
    report = ImportReport()
    reader = csv.reader(stream, delimiter="|", quotechar='"')
    try:
        header = next(reader)
    except StopIteration:
        report.skip(1, "fichier vide")
        return report
    mapping, report.ignored_columns = _map_header(header, ANNUAIRE_COLUMNS)
    missing = [name for name in REQUIRED if name not in mapping]
    if missing:
        columns = ", ".join(ANNUAIRE_COLUMNS[name][0] for name in missing)
        raise ValueError(f"Colonnes obligatoires absentes de l'en-tête : {columns}.")

    professions = {profession.code: profession for profession in Profession.objects.all()}
    communes = {}
    rows = []
    for line, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        row = {
            name: (values[index].strip() if index < len(values) else "")
            for name, index in mapping.items()
        }
        rows.append((line, row))
    codes = {row["commune_code"] for _line, row in rows if row["commune_code"]}
    commune_query = Commune.objects.filter(insee_code__in=codes)
    if departments:
        commune_query = commune_query.filter(department__in=departments)
    communes = {commune.insee_code: commune for commune in commune_query}
    rpps_seen = set()
    existing = {
        professional.rpps: professional
        for professional in Professional.objects.filter(
            rpps__in=[row["rpps"] for _line, row in rows if row["rpps"]]
        )
    }

    with transaction.atomic():
        for line, row in rows:
            rpps = row["rpps"]
            if not rpps:
                report.skip(line, "identifiant RPPS manquant")
                continue
            if len(rpps) > 11:
                rpps = rpps[-11:]  # « Identification nationale PP » is 8 + RPPS
            if rpps in rpps_seen:
                report.skip(line, "activité secondaire (praticien déjà lu)")
                continue
            profession = _profession_for(
                row["profession_code"], row.get("specialty_label", ""), professions
            )
            if profession is None:
                report.skip(line, f"profession non suivie ({row['profession_code'] or 'vide'})")
                continue
            commune = communes.get(row["commune_code"])
            if commune is None:
                if not row["commune_code"]:
                    report.skip(line, "commune d'exercice manquante")
                else:
                    report.skip(line, "commune hors du territoire ou inconnue")
                continue
            rpps_seen.add(rpps)
            values = {
                "first_name": row.get("first_name", "").title(),
                "last_name": row.get("last_name", "").upper(),
                "profession": profession,
                "commune": commune,
            }
            if row.get("email"):
                values["email"] = row["email"]
            professional = existing.get(rpps)
            if professional is None:
                Professional.objects.create(
                    rpps=rpps,
                    source=ProfessionalSource.IMPORTED,
                    status=ProfessionalStatus.ACTIVE,
                    **values,
                )
                report.created += 1
                continue
            changed = [
                name for name, value in values.items() if getattr(professional, name) != value
            ]
            if changed:
                for name in changed:
                    setattr(professional, name, values[name])
                professional.save(update_fields=changed)
                report.updated += 1
            else:
                report.unchanged += 1
    return report


# --- Structures CSV ---------------------------------------------------------------------------
STRUCTURE_CSV_FIELDS = [
    "id",
    "nom",
    "type",
    "adresse",
    "code_insee",
    "latitude",
    "longitude",
    "telephone",
    "email",
    "site_web",
    "services",
    "annee_ouverture",
    "publiee",
    "description",
]


def structure_csv_row(structure) -> list:
    return [
        structure.pk,
        structure.name,
        structure.kind,
        structure.address,
        structure.commune_id,
        "" if structure.location_is_approximate else structure.latitude,
        "" if structure.location_is_approximate else structure.longitude,
        phones.display(structure.phone),
        structure.email,
        structure.website,
        "; ".join(structure.services or []),
        structure.opening_year or "",
        "oui" if structure.published else "non",
        structure.description,
    ]


def _float_or_none(text):
    text = (text or "").strip().replace(",", ".")
    return float(text) if text else None


def _as_typed(row: dict) -> dict:
    """Cells the export prefixed with « ' » (text a spreadsheet would run) as typed."""
    return {key: restore(value) if isinstance(value, str) else value for key, value in row.items()}


def import_structures_csv(text: str, *, allowed_communes=None) -> ImportReport:
    """Create or update structures from the CSV the admin exports (matched by name and
    commune). ``allowed_communes``: a queryset of communes the importer may write in.
    Raises ``csv.Error`` for a text that is no CSV (NUL characters, a broken quote…)."""
    report = ImportReport()
    if "\x00" in text:  # a binary file, or a spreadsheet saved as UTF-16
        raise csv.Error("il contient des caractères NUL")
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    # newline=None: lines ending in \r\n, \n or a lone \r (old spreadsheets) all read.
    reader = csv.DictReader(io.StringIO(text, newline=None), delimiter=delimiter)
    kinds = {value for value, _label in StructureKind.choices}
    rows = [(line, _as_typed(row)) for line, row in enumerate(reader, start=2)]
    codes = {(row.get("code_insee") or "").strip() for _line, row in rows}
    communes = Commune.objects.filter(insee_code__in=codes)
    if allowed_communes is not None:
        communes = communes.filter(pk__in=allowed_communes.values("pk"))
    communes = {commune.insee_code: commune for commune in communes}
    with transaction.atomic():
        for line, row in rows:
            name = (row.get("nom") or "").strip()
            if not name:
                report.skip(line, "nom manquant")
                continue
            kind = (row.get("type") or "").strip() or StructureKind.OTHER
            if kind not in kinds:
                report.skip(line, f"type inconnu ({kind})")
                continue
            commune = communes.get((row.get("code_insee") or "").strip())
            if commune is None:
                report.skip(line, "commune inconnue ou hors de votre territoire")
                continue
            try:
                latitude = _float_or_none(row.get("latitude"))
                longitude = _float_or_none(row.get("longitude"))
                year_text = (row.get("annee_ouverture") or "").strip()
                opening_year = int(year_text) if year_text else None
            except ValueError:
                report.skip(line, "nombre illisible (coordonnées ou année)")
                continue
            values = {
                "kind": kind,
                "address": (row.get("adresse") or "").strip(),
                "latitude": latitude,
                "longitude": longitude,
                "phone": phones.normalise(row.get("telephone") or ""),
                "email": (row.get("email") or "").strip(),
                "website": (row.get("site_web") or "").strip(),
                "services": [
                    s.strip() for s in (row.get("services") or "").split(";") if s.strip()
                ],
                "opening_year": opening_year,
                "published": (row.get("publiee") or "oui").strip().lower()
                not in {"non", "0", "false"},
                "description": (row.get("description") or "").strip(),
            }
            problem = _invalid_contact(values)
            if problem:
                report.skip(line, problem)
                continue
            structure = Structure.objects.filter(name=name, commune=commune).first()
            if structure is None:
                Structure.objects.create(name=name, commune=commune, **values)
                report.created += 1
            else:
                for key, value in values.items():
                    setattr(structure, key, value)
                structure.location_is_approximate = False
                structure.save()
                report.updated += 1
    return report


_WEBSITE = URLValidator(schemes=["http", "https"])


def _invalid_contact(values):
    """A reason to skip the row when its e-mail or website is not one (a ``javascript:``
    link would otherwise reach a public page)."""
    try:
        if values["email"]:
            validate_email(values["email"])
    except ValidationError:
        return "adresse e-mail invalide"
    try:
        if values["website"]:
            _WEBSITE(values["website"])
    except ValidationError:
        return "site web invalide (http:// ou https:// attendu)"
    return ""
