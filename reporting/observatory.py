"""The observatory of local medical demography, for one desk's territory.

``compute`` gathers exact figures with a fixed number of queries; ``present`` turns them into
what a reader may see: on public pages every count from 1 to 4 (and any rate or share built
on it) reads « moins de 5 », so that no person can be singled out; staff see exact figures.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.roles import SUPERUSER, Role, role_of
from structures.models import Professional, ProfessionalSource, Vacancy
from territories.models import Commune, Desk

MASK_BELOW = 5

# Who is « senior » (60 or more) and who is an expected departure (62 or more, 67 within 5
# years) is said once, by ProfessionalQuerySet.with_demography: the desk's « départs à
# anticiper » list shares it.
TREND_YEARS = 10
PER_INHABITANTS = 10_000


# The demo loader (demo/structures.py) gives its synthetic professionals addresses on this
# domain: while any is in the base, the figures shown are not a territory's real ones.
DEMO_PROFESSIONAL_DOMAIN = "@demo-sante.example"


def demo_data_loaded() -> bool:
    return Professional.objects.filter(email__endswith=DEMO_PROFESSIONAL_DOMAIN).exists()


def sees_exact_figures(user, desk) -> bool:
    """Superusers, and the staff of the desk whose territory it is."""
    role = role_of(user)
    if role == SUPERUSER:
        return True
    return role == Role.STAFF and Desk.objects.of_user(user).filter(pk=desk.pk).exists()


def is_masked(count: int | None, exact: bool) -> bool:
    return not exact and count is not None and 0 < count < MASK_BELOW


@dataclass
class Area:
    code: str
    name: str
    population: int
    gps: int = 0

    @property
    def density(self) -> float | None:
        if not self.population:
            return None
        return round(self.gps * PER_INHABITANTS / self.population, 1)


@dataclass
class Observatory:
    desk: Desk
    year: int
    population: int = 0
    gps: int = 0
    gps_age_known: int = 0
    gps_senior: int = 0
    departures: int = 0
    epcis: list = field(default_factory=list)
    communes: list = field(default_factory=list)
    communes_without_gp: int = 0
    arrivals: list = field(default_factory=list)  # [(year, count)]
    vacancies: list = field(default_factory=list)  # [(profession label, count)]
    trend: list = field(default_factory=list)  # [(year, gps, density)]

    @property
    def density(self):
        return Area("", "", self.population, self.gps).density

    @property
    def senior_share(self) -> float | None:
        if not self.gps_age_known:
            return None
        return round(100 * self.gps_senior / self.gps_age_known, 1)


def _active_at(professional, day: date) -> bool:
    if professional["practice_start"] and professional["practice_start"] > day:
        return False
    if professional["status"] == "active":
        return True
    changed = professional["status_changed_on"]
    return changed is not None and changed > day


def compute(desk: Desk, *, today: date | None = None) -> Observatory:
    """Exact figures for ``desk``'s territory, in a constant number of queries."""
    today = today or timezone.localdate()
    obs = Observatory(desk=desk, year=today.year)
    communes = Commune.objects.covered_by(desk)
    commune_rows = list(
        communes.values("insee_code", "name", "population", "epci_id", "epci__name").order_by(
            "name"
        )
    )
    obs.population = sum(row["population"] for row in commune_rows)
    by_commune = {
        row["insee_code"]: Area(row["insee_code"], row["name"], row["population"])
        for row in commune_rows
    }
    by_epci = {}
    for row in commune_rows:
        if row["epci_id"]:
            area = by_epci.setdefault(row["epci_id"], Area(row["epci_id"], row["epci__name"], 0))
            area.population += row["population"]
    commune_epci = {row["insee_code"]: row["epci_id"] for row in commune_rows}

    gps = list(
        Professional.objects.general_practitioners()
        .filter(commune__in=communes)
        .with_demography(today)
        .values(
            "commune_id",
            "birth_year",
            "status",
            "status_changed_on",
            "practice_start",
            "is_senior",
            "departure_expected",
        )
    )
    for gp in gps:
        if gp["status"] != "active":
            continue
        obs.gps += 1
        by_commune[gp["commune_id"]].gps += 1
        if commune_epci.get(gp["commune_id"]):
            by_epci[commune_epci[gp["commune_id"]]].gps += 1
        if gp["birth_year"]:
            obs.gps_age_known += 1
            obs.gps_senior += bool(gp["is_senior"])
            obs.departures += bool(gp["departure_expected"])

    obs.epcis = sorted(by_epci.values(), key=lambda area: area.name)
    obs.communes = [area for area in by_commune.values() if area.gps]
    obs.communes_without_gp = sum(1 for area in by_commune.values() if not area.gps)

    first_year = today.year - TREND_YEARS + 1
    arrivals = Counter(
        start.year
        for start in Professional.objects.filter(
            source=ProfessionalSource.CASE,
            commune__in=communes,
            practice_start__year__gte=first_year,
            practice_start__lte=today,
        ).values_list("practice_start", flat=True)
    )
    obs.arrivals = [(year, arrivals.get(year, 0)) for year in range(first_year, today.year + 1)]

    vacancy_counts = (
        Vacancy.objects.published()
        .filter(commune__in=communes)
        .values("profession__label")
        .annotate(count=Count("pk"))
        .order_by("-count", "profession__label")
    )
    # Premises and housing offered to every profession count under « toutes professions ».
    obs.vacancies = [
        (row["profession__label"] or _("toutes professions"), row["count"])
        for row in vacancy_counts
    ]

    for year in range(first_year, today.year + 1):
        day = today if year == today.year else date(year, 12, 31)
        count = sum(1 for gp in gps if _active_at(gp, day))
        obs.trend.append((year, count, Area("", "", obs.population, count).density))
    return obs


# --- Presentation ---------------------------------------------------------------------------
def show_count(count: int, exact: bool):
    return _("moins de 5") if is_masked(count, exact) else count


def show_rate(count: int, rate, exact: bool):
    """A rate built on ``count`` is masked whenever the count is."""
    if is_masked(count, exact):
        return _("moins de 5")
    return "—" if rate is None else rate


def chart_value(count: int, rate, exact: bool):
    """What a chart may draw: nothing for a masked value."""
    return None if is_masked(count, exact) else rate


def present(obs: Observatory, *, exact: bool) -> dict:
    """Every figure as rows of display values (the tables, the charts and the CSV)."""
    summary = [
        (_("Population municipale"), obs.population),
        (_("Médecins généralistes en activité"), show_count(obs.gps, exact)),
        (
            _("Médecins généralistes pour 10 000 habitants"),
            show_rate(obs.gps, obs.density, exact),
        ),
        (
            _("Part des médecins généralistes de 60 ans ou plus (%)"),
            show_rate(obs.gps_senior, obs.senior_share, exact),
        ),
        (_("Médecins généralistes de 60 ans ou plus"), show_count(obs.gps_senior, exact)),
        (
            _("Départs attendus d'ici 5 ans (62 ans ou plus)"),
            show_count(obs.departures, exact),
        ),
        (_("Communes sans médecin généraliste"), obs.communes_without_gp),
    ]

    def area_rows(areas):
        return [
            {
                "name": area.name,
                "population": area.population,
                "gps": show_count(area.gps, exact),
                "density": show_rate(area.gps, area.density, exact),
                "chart": chart_value(area.gps, area.density, exact),
            }
            for area in areas
        ]

    return {
        "summary": summary,
        "epcis": area_rows(obs.epcis),
        "communes": area_rows(obs.communes),
        "arrivals": [
            {"year": year, "count": show_count(n, exact), "chart": chart_value(n, n, exact)}
            for year, n in obs.arrivals
        ],
        "vacancies": [
            {"label": label, "count": show_count(n, exact), "chart": chart_value(n, n, exact)}
            for label, n in obs.vacancies
        ],
        "trend": [
            {
                "year": year,
                "gps": show_count(n, exact),
                "density": show_rate(n, density, exact),
                "chart": chart_value(n, density, exact),
            }
            for year, n, density in obs.trend
        ],
    }


def csv_rows(obs: Observatory, *, exact: bool):
    """(indicateur, territoire, valeur) rows, masked like the page."""
    data = present(obs, exact=exact)
    yield (_("indicateur"), _("territoire"), _("année"), _("valeur"))
    for label, value in data["summary"]:
        yield (label, obs.desk.name, obs.year, value)
    for kind, rows in ((_("EPCI"), data["epcis"]), (_("commune"), data["communes"])):
        for row in rows:
            yield (
                _("médecins généralistes (%(kind)s)") % {"kind": kind},
                row["name"],
                obs.year,
                row["gps"],
            )
            yield (
                _("médecins généralistes pour 10 000 habitants (%(kind)s)") % {"kind": kind},
                row["name"],
                obs.year,
                row["density"],
            )
    for row in data["arrivals"]:
        yield (_("arrivées (dossiers installés)"), obs.desk.name, row["year"], row["count"])
    for row in data["vacancies"]:
        yield (
            _("postes ouverts : %(label)s") % {"label": row["label"]},
            obs.desk.name,
            obs.year,
            row["count"],
        )
    for row in data["trend"]:
        yield (_("médecins généralistes en activité"), obs.desk.name, row["year"], row["gps"])
        yield (
            _("médecins généralistes pour 10 000 habitants"),
            obs.desk.name,
            row["year"],
            row["density"],
        )


__all__ = ["compute", "csv_rows", "present", "sees_exact_figures"]
