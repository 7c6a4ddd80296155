"""The observatory of local medical demography (one desk's territory at a time)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.csv import csv_response
from portal.formatting import de
from reporting import observatory
from reporting.charts import bar_chart, line_chart
from reporting.views.desks import chosen_desk_redirect, desk_and_choices


def _fmt(value):
    return str(value).replace(".", ",") if isinstance(value, float) else value


def _sections(figures, data):
    """Each figure: a chart, and the same numbers in a table (with caption and headers)."""
    gps, density = _("Médecins généralistes"), _("Pour 10 000 habitants")
    population = _("Population")
    area_rows = [
        [row["name"], row["population"], row["gps"], _fmt(row["density"])] for row in data["epcis"]
    ]
    return [
        {
            "id": "synthese",
            "title": _("En bref"),
            "caption": _("Synthèse du territoire %(of_desk)s") % {"of_desk": de(figures.desk.name)},
            "headers": [_("Indicateur"), _("Valeur")],
            "rows": [[label, _fmt(value)] for label, value in data["summary"]],
        },
        {
            "id": "epci",
            "title": _("Médecins généralistes par intercommunalité"),
            "chart": bar_chart(
                _("Médecins généralistes pour 10 000 habitants, par intercommunalité"),
                [(row["name"], row["chart"]) for row in data["epcis"]],
                chart_id="graphique-epci",
            ),
            "caption": _("Médecins généralistes pour 10 000 habitants, par intercommunalité"),
            "headers": [_("Intercommunalité"), population, gps, density],
            "rows": area_rows,
            "empty": _("Aucune intercommunalité sur ce territoire."),
        },
        {
            "id": "communes",
            "title": _("Médecins généralistes par commune"),
            "caption": _("Communes où exerce au moins un médecin généraliste"),
            "headers": [_("Commune"), population, gps, density],
            "rows": [
                [row["name"], row["population"], row["gps"], _fmt(row["density"])]
                for row in data["communes"]
            ],
            "empty": _("Aucun médecin généraliste recensé."),
            "note": _("Communes sans médecin généraliste : %(n)s.")
            % {"n": figures.communes_without_gp},
        },
        {
            "id": "evolution",
            "title": _("Évolution"),
            "chart": line_chart(
                _("Médecins généralistes pour 10 000 habitants, par année"),
                [(str(row["year"]), row["chart"]) for row in data["trend"]],
                chart_id="graphique-evolution",
            ),
            "caption": _("Médecins généralistes en activité et densité, par année"),
            "headers": [_("Année"), gps, density],
            "rows": [[row["year"], row["gps"], _fmt(row["density"])] for row in data["trend"]],
        },
        {
            "id": "arrivees",
            "title": _("Arrivées par année"),
            "chart": bar_chart(
                _("Arrivées par année (dossiers installés)"),
                [(str(row["year"]), row["chart"]) for row in data["arrivals"]],
                chart_id="graphique-arrivees",
            ),
            "caption": _("Professionnels installés via un dossier du guichet, par année"),
            "headers": [_("Année"), _("Arrivées")],
            "rows": [[row["year"], row["count"]] for row in data["arrivals"]],
        },
        {
            "id": "postes",
            "title": _("Postes ouverts par profession"),
            "chart": bar_chart(
                _("Postes ouverts par profession"),
                [(row["label"], row["chart"]) for row in data["vacancies"]],
                chart_id="graphique-postes",
            ),
            "caption": _("Postes ouverts par profession"),
            "headers": [_("Profession"), _("Postes ouverts")],
            "rows": [[row["label"], row["count"]] for row in data["vacancies"]],
            "empty": _("Aucun poste ouvert."),
        },
    ]


def observatory_page(request, slug=None):
    if slug is None and (chosen := chosen_desk_redirect(request, "reporting:observatory_desk")):
        return chosen
    desk, desks = desk_and_choices(request, slug)
    exact = observatory.sees_exact_figures(request.user, desk)
    figures = observatory.compute(desk)
    data = observatory.present(figures, exact=exact)
    sections = _sections(figures, data)
    return render(
        request,
        "reporting/observatory.html",
        {
            "desk": desk,
            "desks": desks,
            "figures": figures,
            "sections": sections,
            "exact": exact,
            "demo_data": observatory.demo_data_loaded(),
        },
    )


def observatory_csv(request, slug):
    desk, _desks = desk_and_choices(request, slug)
    exact = observatory.sees_exact_figures(request.user, desk)
    figures = observatory.compute(desk)
    rows = ([_fmt(value) for value in row] for row in observatory.csv_rows(figures, exact=exact))
    return csv_response(rows, filename=f"observatoire-{desk.slug}.csv")
