"""The desk's yearly report: every figure computed from the data, never typed.

``compute(desk, start, end)`` gathers exact figures with a fixed number of queries; ``present``
turns them into what a reader may see (counts from 1 to 4 read « moins de 5 » outside the
desk's staff, as on the observatory), and ``csv_rows`` gives the same figures as a table.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassadors.models import Ambassador, Introduction
from events import survey as event_surveys
from events.enums import EventStatus, InvitationStatus
from events.models import Event
from hotline.models import Channel, HotlineRecord
from installations.enums import CaseStatus
from installations.kinds import CaseKind, CaseOrigin
from installations.models import Case, Referent
from opportunities.models import Match
from portal.formatting import number_fr
from reporting.charts import bar_chart
from reporting.observatory import MASK_BELOW, is_masked, sees_exact_figures
from structures.models import OpportunityKind, Vacancy, VacancyStatus
from students.models import HousingAllocation
from territories.models import Commune

__all__ = ["Report", "compute", "csv_rows", "present", "sees_exact_figures"]


def _bounds(start: date, end: date):
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end, time.max), tz),
    )


@dataclass
class Median:
    days: float | None
    sample: int


@dataclass
class Report:
    desk: object
    start: date
    end: date
    requests: int = 0
    by_kind: list = field(default_factory=list)  # [(label, count)]
    by_profession: list = field(default_factory=list)
    by_origin: list = field(default_factory=list)
    by_status: list = field(default_factory=list)
    to_first_contact: Median = field(default_factory=lambda: Median(None, 0))
    to_installation: Median = field(default_factory=lambda: Median(None, 0))
    installations: int = 0
    installations_by_commune: list = field(default_factory=list)
    installations_by_profession: list = field(default_factory=list)
    placement_requests: int = 0
    students_placed: int = 0
    students_housed: int = 0
    placements_by_site: list = field(default_factory=list)
    events: list = field(default_factory=list)  # [(title, date, attendance)]
    survey_answers: int = 0  # satisfaction survey of the events held
    survey_satisfaction: float | None = None  # its average, 1 to 5
    hotline_by_channel: list = field(default_factory=list)
    partner_structures: list = field(default_factory=list)  # [(name, reasons)]
    partner_epcis: list = field(default_factory=list)
    referents: int = 0
    referent_organisations: list = field(default_factory=list)
    ambassadors: int = 0
    introductions: int = 0
    successions_prepared: int = 0  # succession offers published (validated) in the period
    successions_found: int = 0  # succession offers marked filled in the period
    offer_introductions: int = 0  # the desk introduced a newcomer to an offer (Match)
    offers_by_kind: list = field(default_factory=list)  # offers published, [(kind, count)]

    @property
    def events_held(self):
        return len(self.events)

    @property
    def attendance(self):
        return sum(row[2] for row in self.events)

    @property
    def hotline_records(self):
        return sum(count for _label, count in self.hotline_by_channel)


def _counts(queryset, key, labels=None):
    rows = queryset.order_by().values(key).annotate(n=Count("pk")).order_by("-n", key)
    result = []
    for row in rows:
        value = row[key]
        label = labels.get(value, value) if labels else value
        result.append((str(label) if label not in (None, "") else _("non précisé"), row["n"]))
    return result


def _median(pairs) -> Median:
    durations = [(end - start).total_seconds() / 86400 for start, end in pairs if start and end]
    if not durations:
        return Median(None, 0)
    return Median(round(statistics.median(durations), 1), len(durations))


def compute(desk, start: date, end: date) -> Report:
    begin, finish = _bounds(start, end)
    report = Report(desk=desk, start=start, end=end)
    cases = Case.objects.filter(desk=desk)
    requests = cases.filter(submitted_at__range=(begin, finish)).exclude(status=CaseStatus.DRAFT)
    report.requests = requests.count()
    report.by_kind = _counts(requests, "kind", dict(CaseKind.choices))
    report.by_profession = _counts(requests, "profession__label")
    report.by_origin = _counts(requests, "origin", dict(CaseOrigin.choices))
    report.by_status = _counts(requests, "status", dict(CaseStatus.choices))

    report.to_first_contact = _median(
        cases.filter(first_contact_at__range=(begin, finish)).values_list(
            "submitted_at", "first_contact_at"
        )
    )
    installed = cases.filter(installed_at__range=(begin, finish))
    report.to_installation = _median(installed.values_list("submitted_at", "installed_at"))
    report.installations = installed.count()
    report.installations_by_commune = _counts(installed, "installed_commune__name")
    report.installations_by_profession = _counts(installed, "profession__label")

    placement_cases = requests.filter(kind=CaseKind.PLACEMENT)
    report.placement_requests = placement_cases.count()
    placed = cases.filter(
        kind=CaseKind.PLACEMENT,
        placement_site__isnull=False,
        placement_start__lte=end,
    ).filter(
        Q(placement_end__gte=start) | Q(placement_end__isnull=True, placement_start__gte=start)
    )
    report.students_placed = placed.count()
    report.placements_by_site = _counts(placed, "placement_site__name")
    report.students_housed = (
        HousingAllocation.objects.filter(
            request__case__desk=desk, period__starts_on__lte=end, period__ends_on__gte=start
        )
        .values("request__case")
        .distinct()
        .count()
    )

    hotline = HotlineRecord.objects.filter(desk=desk, received_at__range=(begin, finish))
    report.hotline_by_channel = _counts(hotline, "channel", dict(Channel.choices))

    _events(report, desk, begin, finish)
    _partners(report, desk, installed, placed, begin, finish)
    _offers(report, desk, start, end, begin, finish)
    return report


def _offers(report, desk, start, end, begin, finish):
    """Offers of the desk's territory (``Vacancy.commune``). Published in the period: by
    ``published_on`` (the day the desk validated it), whatever became of it since, neither
    waiting nor refused. Successions prepared: the succession offers published in the period;
    found: those marked filled in the period (no date records it: a filled offer's last
    change, ``updated_at``, is when it was marked filled). Introductions: the desk put a
    newcomer in touch with an offer's offerer (``Match.introduced_at``), whatever its kind."""
    offers = Vacancy.objects.filter(commune__in=Commune.objects.covered_by(desk))
    published = Q(published_on__range=(start, end)) & ~Q(
        status__in=[VacancyStatus.PENDING, VacancyStatus.REFUSED]
    )
    report.offers_by_kind = _counts(offers.filter(published), "kind", dict(OpportunityKind.choices))
    figures = offers.filter(kind=OpportunityKind.SUCCESSION).aggregate(
        prepared=Count("pk", filter=published),
        found=Count("pk", filter=Q(status=VacancyStatus.FILLED, updated_at__range=(begin, finish))),
    )
    report.successions_prepared = figures["prepared"]
    report.successions_found = figures["found"]
    report.offer_introductions = Match.objects.filter(
        case__desk=desk, introduced_at__range=(begin, finish)
    ).count()


def _held_events(desk, begin, finish):
    """Events the desk held in the period: begun by now, neither drafts nor cancelled."""
    return Event.objects.filter(
        desk=desk, starts_at__range=(begin, min(finish, timezone.now()))
    ).exclude(status__in=[EventStatus.CANCELLED, EventStatus.DRAFT])


def _events(report, desk, begin, finish):
    """Events held and how many attended (guests checked in)."""
    attended = Q(invitations__status=InvitationStatus.ATTENDED)
    rows = (
        _held_events(desk, begin, finish)
        .annotate(attended=Count("invitations", filter=attended))
        .order_by("starts_at")
        .values_list("title", "starts_at", "attended")
    )
    report.events = [(title, timezone.localdate(at), n) for title, at, n in rows]
    survey = event_surveys.year_figures(_held_events(desk, begin, finish))
    report.survey_answers = survey["answers"]
    report.survey_satisfaction = survey["average_satisfaction"]


def _partners(report, desk, installed, placed, begin, finish):
    reasons = {}

    def add(name, reason):
        if name:
            reasons.setdefault(name, set()).add(reason)

    for name in installed.exclude(installed_structure=None).values_list(
        "installed_structure__name", flat=True
    ):
        add(name, _("installation"))
    for name in placed.values_list("placement_site__structure__name", flat=True):
        add(name, _("terrain de stage"))
    held = _held_events(desk, begin, finish)
    for name in held.values_list("partner_structures__name", flat=True).distinct():
        add(name, _("évènement"))
    report.partner_epcis = sorted(
        {name for name in held.values_list("partner_epcis__name", flat=True).distinct() if name}
    )
    report.partner_structures = sorted(
        (name, ", ".join(sorted(str(r) for r in why))) for name, why in reasons.items()
    )
    referents = Referent.objects.of_desk(desk).filter(user__is_active=True)
    report.referents = referents.count()
    report.referent_organisations = sorted(
        {o for o in referents.values_list("organisation", flat=True) if o}
    )
    report.ambassadors = Ambassador.objects.available().of_desk(desk).count()
    report.introductions = Introduction.objects.filter(
        case__desk=desk, introduced_at__range=(begin, finish)
    ).count()


# --- What a reader may see -----------------------------------------------------------------
def shown(count, exact):
    """A count as displayed: « moins de 5 » for 1 to 4 outside the desk's staff."""
    return _("moins de 5") if is_masked(count, exact) else count


def _chart_value(count, exact):
    return None if is_masked(count, exact) else count


def _days(median: Median, exact):
    if median.days is None:
        return _("pas de dossier")
    if not exact and median.sample < MASK_BELOW:
        return _("moins de 5 dossiers")
    return _("%(days)s jours (%(n)s dossiers)") % {
        "days": str(median.days).replace(".", ","),
        "n": median.sample,
    }


def _satisfaction(report: Report, exact):
    """« 4,3 / 5 »; not shown for fewer than 5 answers outside the desk's staff (a small
    group's average tells who said what)."""
    if report.survey_satisfaction is None:
        return _("pas de réponse")
    if is_masked(report.survey_answers, exact):
        return _("moins de 5 réponses")
    return f"{number_fr(report.survey_satisfaction, 1)} / 5"


def present(report: Report, *, exact: bool) -> list[dict]:
    """Sections: each a chart (server-side SVG) and the same numbers in a table."""

    def counted(section_id, title, rows, header, empty):
        return {
            "id": section_id,
            "title": title,
            "chart": bar_chart(
                title,
                [(label, _chart_value(n, exact)) for label, n in rows],
                chart_id=f"graphique-{section_id}",
            ),
            "caption": title,
            "headers": [header, _("Nombre")],
            "rows": [[label, shown(n, exact)] for label, n in rows],
            "empty": empty,
        }

    no_request = _("Aucune demande sur la période.")
    no_install = _("Aucune installation sur la période.")
    summary = [
        [_("Demandes reçues"), shown(report.requests, exact)],
        [_("Délai médian jusqu'au premier contact"), _days(report.to_first_contact, exact)],
        [_("Délai médian jusqu'à l'installation"), _days(report.to_installation, exact)],
        [_("Installations"), shown(report.installations, exact)],
        [_("Demandes de stage"), shown(report.placement_requests, exact)],
        [_("Étudiants et internes placés"), shown(report.students_placed, exact)],
        [_("Étudiants et internes logés"), shown(report.students_housed, exact)],
        [_("Appels et messages à la permanence"), shown(report.hotline_records, exact)],
        [_("Mises en relation avec un ambassadeur"), shown(report.introductions, exact)],
        [_("Évènements organisés"), report.events_held],
        [_("Participants présents"), shown(report.attendance, exact)],
        [_("Réponses à l'enquête de satisfaction"), shown(report.survey_answers, exact)],
        [_("Satisfaction moyenne (sur 5)"), _satisfaction(report, exact)],
        [
            _("Successions préparées (offres de succession publiées)"),
            shown(report.successions_prepared, exact),
        ],
        [
            _("Successions trouvées (offres de succession pourvues)"),
            shown(report.successions_found, exact),
        ],
        [_("Mises en relation sur une offre"), shown(report.offer_introductions, exact)],
    ]
    return [
        {
            "id": "synthese",
            "title": _("En bref"),
            "caption": _("Synthèse de la période"),
            "headers": [_("Indicateur"), _("Valeur")],
            "rows": summary,
        },
        counted("nature", _("Demandes par nature"), report.by_kind, _("Nature"), no_request),
        counted(
            "profession",
            _("Demandes par profession"),
            report.by_profession,
            _("Profession"),
            no_request,
        ),
        counted("origine", _("Demandes par origine"), report.by_origin, _("Origine"), no_request),
        counted(
            "statut", _("Demandes par statut actuel"), report.by_status, _("Statut"), no_request
        ),
        counted(
            "installations-communes",
            _("Installations par commune"),
            report.installations_by_commune,
            _("Commune"),
            no_install,
        ),
        counted(
            "installations-professions",
            _("Installations par profession"),
            report.installations_by_profession,
            _("Profession"),
            no_install,
        ),
        counted(
            "stages",
            _("Étudiants et internes placés, par terrain de stage"),
            report.placements_by_site,
            _("Terrain de stage"),
            _("Aucun étudiant placé sur la période."),
        ),
        counted(
            "permanence",
            _("Permanence : appels et messages par canal"),
            report.hotline_by_channel,
            _("Canal"),
            _("Aucun appel enregistré sur la période."),
        ),
        counted(
            "offres",
            _("Offres publiées par type"),
            report.offers_by_kind,
            _("Type d'offre"),
            _("Aucune offre publiée sur la période."),
        ),
        {
            "id": "evenements",
            "title": _("Évènements organisés et participation"),
            "chart": bar_chart(
                _("Participants présents par évènement"),
                [(title, _chart_value(n, exact)) for title, _d, n in report.events],
                chart_id="graphique-evenements",
            ),
            "caption": _("Évènements organisés et participants présents"),
            "headers": [_("Évènement"), _("Date"), _("Présents")],
            "rows": [
                [title, day.strftime("%d/%m/%Y"), shown(n, exact)]
                for title, day, n in report.events
            ],
            "empty": _("Aucun évènement organisé sur la période."),
        },
        {
            "id": "partenaires",
            "title": _("Partenaires"),
            "caption": _("Structures partenaires et leur rôle sur la période"),
            "headers": [_("Partenaire"), _("Rôle")],
            "rows": [[name, why] for name, why in report.partner_structures]
            + [
                [name, _("intercommunalité partenaire d'un évènement")]
                for name in report.partner_epcis
            ]
            + [
                [name, _("structure d'un référent accueil")]
                for name in report.referent_organisations
            ]
            + [
                [_("Référents accueil"), report.referents],
                [_("Ambassadeurs bénévoles"), report.ambassadors],
            ],
        },
    ]


def csv_rows(report: Report, *, exact: bool):
    """``(rubrique, libellé, valeur)`` rows: the same figures as the page."""
    yield [_("rubrique"), _("libellé"), _("valeur")]
    yield [_("période"), _("du"), report.start.strftime("%d/%m/%Y")]
    yield [_("période"), _("au"), report.end.strftime("%d/%m/%Y")]
    for section in present(report, exact=exact):
        for row in section["rows"]:
            yield [section["title"], " — ".join(str(c) for c in row[:-1]), row[-1]]
