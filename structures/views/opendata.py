"""Open data: the directory and the published offers as CSV and JSON (no personal data)."""

from django.http import JsonResponse

from portal import phones
from portal.csv import csv_response
from structures.models import Structure, Vacancy

STRUCTURE_FIELDS = [
    ("id", "pk"),
    ("nom", "name"),
    ("type", "kind"),
    ("adresse", "address"),
    ("code_insee", "commune_id"),
    ("commune", "commune__name"),
    ("latitude", "latitude"),
    ("longitude", "longitude"),
    ("telephone", "phone"),
    ("email", "email"),
    ("site_web", "website"),
    ("annee_ouverture", "opening_year"),
    ("services", "services"),
    ("cpts_id", "cpts_id"),
]
# Every offer's public facts; never a contact (name, e-mail, phone), public or not, nor the
# offerer's name (a practitioner's own name): the desk introduces people.
VACANCY_FIELDS = [
    ("id", "pk"),
    ("type_offre", "kind"),
    ("intitule", "title"),
    ("propose_par", "offerer_kind"),
    ("structure_id", "structure_id"),
    ("structure", "structure__name"),
    ("code_insee", "commune_id"),
    ("commune", "commune__name"),
    ("profession", "profession__code"),
    ("profession_libelle", "profession__label"),
    ("mode_exercice", "practice_mode"),
    ("temps_travail", "working_time"),
    ("cabinet_disponible", "office_available"),
    ("date_prise_de_poste", "start_date"),
    ("date_fin", "end_date"),
    ("remplacement_regulier", "replacement_regular"),
    ("loyer_mensuel", "rent_monthly"),
    ("prix", "price"),
    ("secretariat", "secretariat"),
    ("logiciel", "software"),
    ("publie_le", "published_on"),
    ("confirme_le", "confirmed_on"),
]


def _rows(queryset, fields):
    return queryset.values_list(*(lookup for _name, lookup in fields)).iterator(chunk_size=2000)


def _cell(value):
    return "; ".join(value) if isinstance(value, list) else value


# A spreadsheet shows a number as people write it (« 05 65 34 00 00 »); the JSON keeps E.164.
CSV_DISPLAY = {"telephone": phones.display}


def _csv_response(filename, queryset, fields):
    shown = [CSV_DISPLAY.get(name, _cell) for name, _lookup in fields]

    def rows():
        yield [name for name, _lookup in fields]
        for row in _rows(queryset, fields):
            yield [show(value) for show, value in zip(shown, row, strict=True)]

    return csv_response(rows(), filename=filename, streaming=True)


def _json_response(key, queryset, fields):
    names = [name for name, _lookup in fields]
    data = [dict(zip(names, row, strict=True)) for row in _rows(queryset, fields)]
    response = JsonResponse({key: data, "licence": "Licence Ouverte / Etalab 2.0"})
    response["Content-Disposition"] = f'inline; filename="{key}.json"'
    return response


def _structures():
    return Structure.objects.published().order_by("pk")


def _vacancies():
    return Vacancy.objects.published().order_by("pk")


def structures_csv(request):
    return _csv_response("structures.csv", _structures(), STRUCTURE_FIELDS)


def structures_json(request):
    return _json_response("structures", _structures(), STRUCTURE_FIELDS)


def vacancies_csv(request):
    return _csv_response("postes-a-pourvoir.csv", _vacancies(), VACANCY_FIELDS)


def vacancies_json(request):
    return _json_response("postes", _vacancies(), VACANCY_FIELDS)
