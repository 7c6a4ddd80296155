"""The desk's yearly report: every figure computed from the data, never typed.

``compute(desk, start, end)`` gathers exact figures with a fixed number of queries; ``present``
turns them into what a reader may see (counts from 1 to 4 read « moins de 5 » outside the
desk's staff, as on the observatory), and ``csv_rows`` gives the same figures as a table.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import CharField, Count, F, Func, IntegerField, Q, Subquery, Value
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
from portal.formatting import date_fr, ngettext_fr, number_fr
from reporting import partner_figures
from reporting.charts import bar_chart
from reporting.observatory import MASK_BELOW, is_masked, sees_exact_figures
from structures.models import OpportunityKind, Vacancy, VacancyStatus
from students.models import HousingAllocation
from territories.models import Commune, Desk

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
class PartnerFigures:
    """One partner of the guichet unique over the period (``reporting.partner_figures``)."""

    name: str
    requests: int  # requests it received
    to_answer: Median  # from the request to its first answer
    steps_done: int  # checklist steps it completed, by its link or at a single appointment
    sessions_held: int  # single appointments held that it attended
    newcomers_met: int  # distinct cases present at those appointments


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
    # The guichet unique's partners (``partners.Partner``), by name: [PartnerFigures].
    partner_figures: list = field(default_factory=list)

    @property
    def events_held(self):
        return len(self.events)

    @property
    def attendance(self):
        return sum(row[2] for row in self.events)

    @property
    def hotline_records(self):
        return sum(count for _label, count in self.hotline_by_channel)


def _label(value, labels=None) -> str:
    label = labels.get(value, value) if labels else value
    return str(label) if label not in (None, "") else _("non précisé")


def _breakdowns(*parts) -> dict:
    """Several breakdowns in one query (a UNION ALL of their GROUP BYs): for each ``(name,
    queryset, key)``, ``[(value of key, count)]``, most frequent first, then by value."""
    queries = [
        queryset.order_by()
        .values(value=F(key))
        .annotate(n=Count("pk"), part=Value(name, CharField()))
        .values_list("part", "value", "n")
        for name, queryset, key in parts
    ]
    found = {name: [] for name, _queryset, _key in parts}
    for name, value, count in queries[0].union(*queries[1:], all=True).order_by("-n", "value"):
        found[name].append((value, count))
    return found


def _labelled(rows, labels=None) -> list:
    return [(_label(value, labels), count) for value, count in rows]


def _median(pairs) -> Median:
    durations = [(end - start).total_seconds() / 86400 for start, end in pairs if start and end]
    if not durations:
        return Median(None, 0)
    return Median(round(statistics.median(durations), 1), len(durations))


def compute(desk, start: date, end: date) -> Report:
    begin, finish = _bounds(start, end)
    report = Report(desk=desk, start=start, end=end)
    cases = Case.objects.filter(desk=desk)
    submitted = Q(submitted_at__range=(begin, finish)) & ~Q(status=CaseStatus.DRAFT)
    requests = cases.filter(submitted)
    contacted = Q(first_contact_at__range=(begin, finish))
    installed_in_period = Q(installed_at__range=(begin, finish))
    installed = cases.filter(installed_in_period)
    placed = cases.filter(
        kind=CaseKind.PLACEMENT, placement_site__isnull=False, placement_start__lte=end
    ).filter(
        Q(placement_end__gte=start) | Q(placement_end__isnull=True, placement_start__gte=start)
    )
    hotline = HotlineRecord.objects.filter(desk=desk, received_at__range=(begin, finish))
    offers_published, successions_found = _offers(desk, start, end, begin, finish)
    groups = _breakdowns(
        ("kind", requests, "kind"),
        ("profession", requests, "profession__label"),
        ("origin", requests, "origin"),
        ("status", requests, "status"),
        ("installed_commune", installed, "installed_commune__name"),
        ("installed_profession", installed, "profession__label"),
        ("placement_site", placed, "placement_site__name"),
        ("channel", hotline, "channel"),
        ("offer_kind", offers_published, "kind"),
    )
    # Every row falls in one value of a breakdown: the totals are their sums.
    report.requests = sum(count for _kind, count in groups["kind"])
    report.placement_requests = sum(
        count for kind, count in groups["kind"] if kind == CaseKind.PLACEMENT
    )
    report.installations = sum(count for _commune, count in groups["installed_commune"])
    report.students_placed = sum(count for _site, count in groups["placement_site"])
    report.successions_prepared = sum(
        count for kind, count in groups["offer_kind"] if kind == OpportunityKind.SUCCESSION
    )
    report.by_kind = _labelled(groups["kind"], dict(CaseKind.choices))
    report.by_profession = _labelled(groups["profession"])
    report.by_origin = _labelled(groups["origin"], dict(CaseOrigin.choices))
    report.by_status = _labelled(groups["status"], dict(CaseStatus.choices))
    report.installations_by_commune = _labelled(groups["installed_commune"])
    report.installations_by_profession = _labelled(groups["installed_profession"])
    report.placements_by_site = _labelled(groups["placement_site"])
    report.hotline_by_channel = _labelled(groups["channel"], dict(Channel.choices))
    report.offers_by_kind = _labelled(groups["offer_kind"], dict(OpportunityKind.choices))

    # Both medians from one read: the cases contacted or installed in the period.
    dates = list(
        cases.filter(contacted | installed_in_period)
        .order_by()
        .values_list("submitted_at", "first_contact_at", "installed_at")
    )
    report.to_first_contact = _median(
        (sent, contact) for sent, contact, _i in dates if _within(contact, begin, finish)
    )
    report.to_installation = _median(
        (sent, installed) for sent, _c, installed in dates if _within(installed, begin, finish)
    )

    _elsewhere(report, desk, start, end, begin, finish, successions_found)
    _events(report, desk, begin, finish)
    _partners(report, desk, installed, placed, begin, finish)
    report.partner_figures = [
        PartnerFigures(
            name=row.name,
            requests=row.requests,
            to_answer=_median(row.answers),
            steps_done=row.steps_done,
            sessions_held=row.sessions_held,
            newcomers_met=row.newcomers_met,
        )
        for row in partner_figures.gather(desk, begin, finish)
    ]
    return report


def _within(moment, begin, finish) -> bool:
    return moment is not None and begin <= moment <= finish


def _count_of(queryset, expression="pk", *, distinct=False):
    """``queryset``'s count as a subquery (``COUNT`` without ``GROUP BY``: one row), so that
    counts over several tables make one query."""
    counted = Func(
        F(expression),
        template="COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)",
        output_field=IntegerField(),
    )
    return Subquery(queryset.order_by().annotate(counted=counted).values("counted"))


def _elsewhere(report, desk, start, end, begin, finish, successions_found):
    """The single counts read from other tables than the cases, in one query."""
    figures = (
        Desk.objects.filter(pk=desk.pk)
        .annotate(
            students_housed=_count_of(
                HousingAllocation.objects.filter(
                    request__case__desk=desk,
                    period__starts_on__lte=end,
                    period__ends_on__gte=start,
                ),
                "request__case",
                distinct=True,
            ),
            ambassadors=_count_of(Ambassador.objects.available().of_desk(desk)),
            introductions=_count_of(
                Introduction.objects.filter(case__desk=desk, introduced_at__range=(begin, finish))
            ),
            offer_introductions=_count_of(
                Match.objects.filter(case__desk=desk, introduced_at__range=(begin, finish))
            ),
            successions_found=_count_of(successions_found),
            referents=_count_of(_referents(desk)),
        )
        .values(
            "students_housed",
            "ambassadors",
            "introductions",
            "offer_introductions",
            "successions_found",
            "referents",
        )
        .get()
    )
    for name, value in figures.items():
        setattr(report, name, value)


def _offers(desk, start, end, begin, finish):
    """Offers of the desk's territory (``Vacancy.commune``): ``(published, found)``.
    Published in the period: by ``published_on`` (the day the desk validated it), whatever
    became of it since, neither waiting nor refused. Successions prepared: the succession
    offers published in the period; found: those marked filled in the period (no date records
    it: a filled offer's last change, ``updated_at``, is when it was marked filled)."""
    offers = Vacancy.objects.filter(commune__in=Commune.objects.covered_by(desk))
    published = offers.filter(published_on__range=(start, end)).exclude(
        status__in=[VacancyStatus.PENDING, VacancyStatus.REFUSED]
    )
    found = offers.filter(
        kind=OpportunityKind.SUCCESSION,
        status=VacancyStatus.FILLED,
        updated_at__range=(begin, finish),
    )
    return published, found


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
    """Partner structures (and why), EPCIs and the referents' organisations, in one query (a
    UNION of the installations', placements', held events' and referents' names)."""
    reasons = {
        "installation": _("installation"),
        "placement": _("terrain de stage"),
        "event": _("évènement"),
    }

    def named(queryset, name_field, reason):
        return queryset.order_by().values_list(name_field, Value(reason, CharField()))

    held = _held_events(desk, begin, finish)
    names = named(
        installed.exclude(installed_structure=None), "installed_structure__name", "installation"
    ).union(
        named(placed, "placement_site__structure__name", "placement"),
        named(held, "partner_structures__name", "event"),
        named(held, "partner_epcis__name", "epci"),
        named(_referents(desk), "organisation", "referent"),
    )
    structures, epcis, organisations = {}, set(), set()
    for name, reason in names:
        if not name:
            continue
        if reason == "epci":
            epcis.add(name)
        elif reason == "referent":
            organisations.add(name)
        else:
            structures.setdefault(name, set()).add(reasons[reason])
    report.partner_epcis = sorted(epcis)
    report.partner_structures = sorted(
        (name, ", ".join(sorted(str(r) for r in why))) for name, why in structures.items()
    )
    report.referent_organisations = sorted(organisations)


def _referents(desk):
    return Referent.objects.of_desk(desk).filter(user__is_active=True)


# --- What a reader may see -----------------------------------------------------------------
def shown(count, exact):
    """A count as displayed: « moins de 5 » for 1 to 4 outside the desk's staff."""
    return _("moins de 5") if is_masked(count, exact) else count


def _chart_value(count, exact):
    return None if is_masked(count, exact) else count


def _days(median: Median, exact, *, of_answers=False):
    """« 6,0 jours (5 dossiers) »; not given over fewer than 5 cases outside the desk's staff.
    ``of_answers``: a partner's answers, counted in answers."""
    if median.days is None:
        return _("pas de réponse") if of_answers else _("pas de dossier")
    if not exact and median.sample < MASK_BELOW:
        return _("moins de 5 réponses") if of_answers else _("moins de 5 dossiers")
    if of_answers:
        template = ngettext_fr(
            "%(days)s jours (%(n)s réponse)", "%(days)s jours (%(n)s réponses)", median.sample
        )
    else:
        template = ngettext_fr(
            "%(days)s jours (%(n)s dossier)", "%(days)s jours (%(n)s dossiers)", median.sample
        )
    return template % {"days": str(median.days).replace(".", ","), "n": median.sample}


def _partner_section(report: Report, exact) -> dict:
    """« Partenaires du guichet unique »: one row per partner; in the CSV, one line per
    figure."""
    headers = [
        _("Partenaire"),
        _("Demandes reçues"),
        _("Délai médian de réponse"),
        _("Démarches faites par le partenaire"),
        _("Rendez-vous uniques tenus"),
        _("Nouveaux arrivants reçus"),
    ]
    rows = [
        [
            partner.name,
            shown(partner.requests, exact),
            _days(partner.to_answer, exact, of_answers=True),
            shown(partner.steps_done, exact),
            shown(partner.sessions_held, exact),
            shown(partner.newcomers_met, exact),
        ]
        for partner in report.partner_figures
    ]
    return {
        "id": "partenaires-guichet",
        "title": _("Partenaires du guichet unique"),
        "chart": bar_chart(
            _("Demandes reçues par partenaire"),
            [(p.name, _chart_value(p.requests, exact)) for p in report.partner_figures],
            chart_id="graphique-partenaires-guichet",
        ),
        "caption": _("Demandes, réponses, démarches et rendez-vous uniques par partenaire"),
        "headers": headers,
        "rows": rows,
        "csv_rows": [
            [row[0], header, value]
            for row in rows
            for header, value in zip(headers[1:], row[1:], strict=True)
        ],
        "empty": _("Aucun partenaire enregistré pour ce guichet."),
        "note": _(
            "Du %(start)s au %(end)s : demandes envoyées au partenaire depuis un dossier, délai "
            "entre l'envoi et sa première réponse, démarches qu'il a marquées faites par son "
            "lien ou après un rendez-vous unique, rendez-vous uniques tenus où il était "
            "présent et personnes venues. Source : les demandes et rendez-vous du portail."
        )
        % {"start": date_fr(report.start), "end": date_fr(report.end)},
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
        _partner_section(report, exact),
    ]


def csv_rows(report: Report, *, exact: bool):
    """``(rubrique, libellé, valeur)`` rows: the same figures as the page."""
    yield [_("rubrique"), _("libellé"), _("valeur")]
    yield [_("période"), _("du"), report.start.strftime("%d/%m/%Y")]
    yield [_("période"), _("au"), report.end.strftime("%d/%m/%Y")]
    for section in present(report, exact=exact):
        for row in section.get("csv_rows", section["rows"]):
            yield [section["title"], " — ".join(str(c) for c in row[:-1]), row[-1]]
