"""The eligibility engine: which aid schemes fit a profile, and why, criterion by criterion.

``assess(profile)`` loads, in one query, every published scheme that covers the profile's
commune (all of them when the commune is not known yet), then ``evaluate`` judges each scheme
with pure Python (plus one zoning look-up per zoning kind, through ``territories.zoning``).
Each criterion answers *met*, *unknown* or *unmet* with one sentence in plain French and a
stable ``criterion`` code. A scheme closed on the planned installation date (``profile.on``,
today by default) is **closed** (« fermé »); otherwise it is **not eligible** as soon as one
criterion is unmet, **to check** when one is unknown or a point is still « à confirmer »,
**eligible** otherwise. So tightening a scheme (adding a requirement) can only move a verdict
down, never up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Aggregate, CharField
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aids.enums import (
    AidCategory,
    CareerStage,
    Discipline,
    Sector,
    TenYearFrom,
    TerritoryLevel,
    Verdict,
    ZoningKind,
)
from aids.models import Scheme
from portal.formatting import count_fr
from portal.templatetags.fr import date_fr
from structures.models import PracticeMode
from structures.professions import PROFESSIONS
from territories.communes import commune_reference
from territories.zoning import classifications, classify

MET, UNKNOWN, UNMET = "met", "unknown", "unmet"
VERDICT_ORDER = [Verdict.ELIGIBLE, Verdict.TO_CHECK, Verdict.NOT_ELIGIBLE, Verdict.CLOSED]
TEN_YEARS = 10

_PROFESSION_LABELS = {code: label for code, label, _kind, _parent in PROFESSIONS}
_PROFESSION_PARENTS = {code: parent for code, _label, _kind, parent in PROFESSIONS if parent}
# The studies a profession comes from, when the profession says it (students answer it).
_PROFESSION_DISCIPLINES = {
    "medecin-generaliste": Discipline.MEDICINE,
    "medecin-specialiste": Discipline.MEDICINE,
    "chirurgien-dentiste": Discipline.ODONTOLOGY,
    "pharmacien": Discipline.PHARMACY,
    "sage-femme": Discipline.MIDWIFERY,
}
_UNDECIDED_PROFESSIONS = {"etudiant-sante", "interne"}
# For a student, the ARS zoning that counts is the one of the profession studied.
_DISCIPLINE_PROFESSIONS = {
    Discipline.MEDICINE: "medecin-generaliste",
    Discipline.ODONTOLOGY: "chirurgien-dentiste",
    Discipline.MIDWIFERY: "sage-femme",
}


class ProfessionCodes(Aggregate):
    """The codes of a scheme's professions, comma-joined, in the same query as the scheme."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(distinct)s%(expressions)s)"
    allow_distinct = True
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(distinct)s%(expressions)s, ',')",
            **extra_context,
        )


@dataclass(frozen=True)
class Profile:
    """What the simulator (and the API) asks. Every field may be unknown (``None``): the
    criteria that need it then answer « à vérifier ».

    ``profession``: a ``structures.Profession`` or its code. ``career_stage``: a
    ``CareerStage`` value. ``practice_mode``: a ``structures.models.PracticeMode`` value.
    ``commune``: the target ``territories.Commune``. ``sector``: a ``Sector`` value.
    ``first_installation``: first liberal conventioned installation. ``on``: the planned
    installation date (today by default). ``cycle``: 2 or 3. ``discipline``: a ``Discipline``
    value. ``internship_far``: internship more than 15 km from faculty and home.
    ``previous_aids``: ``(category, date)`` pairs (the grant decision or the last convention),
    ``()`` for none, ``None`` when not asked.
    """

    profession: object = None
    career_stage: str | None = None
    years_since_installation: int | None = None
    practice_mode: str | None = None
    commune: object = None
    sector: str | None = None
    first_installation: bool | None = None
    on: date | None = None
    cycle: int | None = None
    discipline: str | None = None
    internship_far: bool | None = None
    previous_aids: tuple[tuple[str, date], ...] | None = None

    @property
    def profession_code(self) -> str | None:
        if self.profession is None or self.profession == "":
            return None
        return getattr(self.profession, "code", self.profession)

    @property
    def profession_label(self) -> str | None:
        code = self.profession_code
        if code is None:
            return None
        return getattr(self.profession, "label", None) or _PROFESSION_LABELS.get(code, code)

    @property
    def known_discipline(self) -> str | None:
        """The discipline answered, else the one the profession implies."""
        if self.discipline:
            return self.discipline
        code = self.profession_code
        if code is None or code in _UNDECIDED_PROFESSIONS:
            return None
        code = _PROFESSION_PARENTS.get(code, code)
        return _PROFESSION_DISCIPLINES.get(code, Discipline.OTHER)

    @property
    def zoning_profession(self) -> str | None:
        """The profession whose ARS zoning applies: the profession, or for a student or an
        intern without one, the profession of the discipline studied."""
        code = self.profession_code
        if code in _UNDECIDED_PROFESSIONS or (
            code is None and self.career_stage in (CareerStage.STUDENT, CareerStage.INTERN)
        ):
            return _DISCIPLINE_PROFESSIONS.get(self.discipline or "")
        return code

    @property
    def known_cycle(self) -> int | None:
        """The cycle answered; an intern is in the third cycle."""
        if self.cycle:
            return self.cycle
        return 3 if self.career_stage == CareerStage.INTERN else None


@dataclass(frozen=True)
class Amount:
    """The amount that applies to a profile: ``value`` (Decimal or None), ``text``, ``zone``."""

    value: Decimal | None
    text: str
    zone: str = ""


@dataclass(frozen=True)
class Reason:
    status: str  # MET, UNKNOWN or UNMET
    text: str
    criterion: str = ""
    amount: Amount | None = None

    @property
    def status_label(self):
        return {
            MET: _("Condition remplie"),
            UNKNOWN: _("À vérifier"),
            UNMET: _("Condition non remplie"),
        }[self.status]


@dataclass(frozen=True)
class SchemeAssessment:
    scheme: Scheme
    verdict: str
    reasons: list[Reason]
    amount: Amount | None = None
    zone: object = None  # the ZoneClass the zoning criterion read, if any

    @property
    def verdict_label(self):
        return Verdict(self.verdict).label

    @property
    def to_confirm(self):
        return [reason for reason in self.reasons if reason.criterion == "a_confirmer"]


@dataclass
class Assessment:
    profile: Profile
    results: list[SchemeAssessment]
    today: date
    zonings: list = field(default_factory=list)  # territories.zoning.ZoneClass, for display
    groups: list[tuple[str, str, list[SchemeAssessment]]] = field(init=False)

    def __post_init__(self):
        self.groups = [
            (verdict, Verdict(verdict).label, [r for r in self.results if r.verdict == verdict])
            for verdict in VERDICT_ORDER
        ]

    @property
    def on(self) -> date:
        return self.profile.on or self.today

    def of(self, verdict):
        return [result for result in self.results if result.verdict == verdict]

    @property
    def demo_zoning(self) -> bool:
        return any(zone.layer.is_demo for zone in self.zonings)

    @property
    def counts(self):
        return {verdict: len(results) for verdict, _label, results in self.groups}


# --- Criteria: each returns one Reason -----------------------------------------------------
def _labels(values, enum):
    return ", ".join(str(enum(value).label) for value in values)


def _scheme_profession_codes(scheme) -> list[str]:
    codes = getattr(scheme, "profession_codes", None)
    if codes is None:  # a scheme not loaded by ``assess``: read its professions
        return sorted(scheme.professions.values_list("code", flat=True)) if scheme.pk else []
    if isinstance(codes, str):
        return sorted({code for code in codes.split(",") if code})
    return sorted(codes)


def validity_reason(scheme, profile, on) -> Reason | None:
    if scheme.valid_until is not None and scheme.valid_until < on:
        successor = scheme.replaced_by if scheme.replaced_by_id else None
        text = _("Fermé le %(date)s") % {"date": date_fr(scheme.valid_until)}
        if successor is not None:
            text += _(" — remplacé par %(name)s") % {"name": successor.display_name}
        return Reason(UNMET, text + ".", "validite")
    if scheme.valid_from is not None and scheme.valid_from > on:
        return Reason(
            UNMET,
            _("En vigueur à partir du %(date)s, après la date d'installation prévue (%(on)s).")
            % {"date": date_fr(scheme.valid_from), "on": date_fr(on)},
            "validite",
        )
    if scheme.valid_until is not None:
        return Reason(
            MET,
            _("En vigueur jusqu'au %(date)s.") % {"date": date_fr(scheme.valid_until)},
            "validite",
        )
    return None


def profession_reason(scheme, profile) -> Reason:
    codes = _scheme_profession_codes(scheme)
    if not codes:
        return Reason(MET, _("Ouvert à toutes les professions de santé."), "profession")
    allowed = ", ".join(_PROFESSION_LABELS.get(code, code) for code in codes)
    code = profile.profession_code
    if code is None:
        return Reason(
            UNKNOWN,
            _("Réservé à : %(allowed)s. Précisez votre profession.") % {"allowed": allowed},
            "profession",
        )
    if code in codes or _PROFESSION_PARENTS.get(code) in codes:
        return Reason(
            MET,
            _("%(profession)s : profession concernée.") % {"profession": profile.profession_label},
            "profession",
        )
    return Reason(
        UNMET,
        _("Réservé à : %(allowed)s (vous : %(profession)s).")
        % {"allowed": allowed, "profession": profile.profession_label},
        "profession",
    )


def career_stage_reason(scheme, profile) -> Reason:
    reason = _career_stage_reason(scheme, profile)
    return Reason(reason.status, reason.text, "stage")


def _career_stage_reason(scheme, profile) -> Reason:
    stages = scheme.career_stages or []
    if not stages:
        return Reason(MET, _("Quelle que soit votre situation."))
    allowed = _labels(stages, CareerStage)
    limit = scheme.max_years_installed
    if CareerStage.INSTALLED in stages and limit:
        allowed = allowed.replace(
            str(CareerStage.INSTALLED.label),
            ngettext(
                "installé·e depuis moins de %(n)s an",
                "installé·e depuis moins de %(n)s ans",
                limit,
            )
            % {"n": limit},
        )
    stage = profile.career_stage
    if not stage:
        return Reason(
            UNKNOWN,
            _("Réservé aux situations : %(allowed)s. Précisez la vôtre.") % {"allowed": allowed},
        )
    yours = CareerStage(stage).label
    if stage not in stages:
        return Reason(
            UNMET,
            _("Réservé aux situations : %(allowed)s (vous : %(yours)s).")
            % {"allowed": allowed, "yours": yours},
        )
    if stage == CareerStage.INSTALLED and limit:
        years = profile.years_since_installation
        if years is None:
            return Reason(
                UNKNOWN,
                _(
                    "Réservé aux professionnels installés depuis moins de %(n)s : "
                    "précisez depuis quand vous l'êtes."
                )
                % {"n": count_fr(limit, "an", "ans")},
            )
        since = (
            _("depuis moins d'un an")
            if years == 0
            else ngettext("depuis %(y)s an", "depuis %(y)s ans", years) % {"y": years}
        )
        if years < limit:
            return Reason(
                MET,
                _("Installé·e %(since)s : moins de %(n)s, comme demandé.")
                % {"since": since, "n": count_fr(limit, "an", "ans")},
            )
        return Reason(
            UNMET,
            _("Installé·e %(since)s : ce dispositif demande moins de %(n)s.")
            % {"since": since, "n": count_fr(limit, "an", "ans")},
        )
    return Reason(MET, _("Votre situation (%(yours)s) est concernée.") % {"yours": yours})


def practice_mode_reason(scheme, profile) -> Reason:
    modes = scheme.practice_modes or []
    if not modes:
        return Reason(MET, _("Quel que soit le mode d'exercice."), "mode")
    allowed = _labels(modes, PracticeMode)
    mode = profile.practice_mode
    if not mode:
        return Reason(
            UNKNOWN,
            _("Réservé à l'exercice %(allowed)s : précisez votre mode d'exercice.")
            % {"allowed": allowed},
            "mode",
        )
    if mode in modes:
        return Reason(
            MET,
            _("Exercice %(mode)s : mode concerné.") % {"mode": PracticeMode(mode).label},
            "mode",
        )
    return Reason(
        UNMET,
        _("Réservé à l'exercice %(allowed)s (vous : %(mode)s).")
        % {"allowed": allowed, "mode": PracticeMode(mode).label},
        "mode",
    )


def territory_reason(scheme, profile, covering=False) -> Reason:
    if scheme.territory_level == TerritoryLevel.NATIONAL:
        return Reason(MET, _("Dispositif valable partout en France."), "territoire")
    where = scheme.territory_label
    commune = profile.commune
    if commune is None:
        return Reason(
            UNKNOWN,
            _("Valable seulement pour : %(where)s. Précisez la commune de votre projet.")
            % {"where": where},
            "territoire",
        )
    # ``assess`` only keeps schemes covering the commune; a scheme judged on its own is checked.
    if covering or _covers(scheme, commune):
        return Reason(
            MET,
            _("%(commune)s fait partie du territoire du dispositif (%(where)s).")
            % {"commune": commune.name, "where": where},
            "territoire",
        )
    return Reason(
        UNMET,
        _("%(commune)s est hors du territoire du dispositif (%(where)s).")
        % {"commune": commune.name, "where": where},
        "territoire",
    )


def _covers(scheme, commune) -> bool:
    level = scheme.territory_level
    if level == TerritoryLevel.DEPARTMENT:
        return scheme.department_id == commune.department_id
    if level == TerritoryLevel.EPCI:
        return scheme.epci_id is not None and scheme.epci_id == commune.epci_id
    return commune.department.region_code == scheme.region_code


def _layer_note(zone) -> str:
    """« (zonage des médecins, arrêté ARS du 12 mars 2024) », with the demo warning."""
    layer = zone.layer
    parts = [layer.source] if getattr(layer, "source", "") else []
    when = getattr(layer, "decided_on", None) or getattr(layer, "valid_from", None)
    if when:
        parts.append(date_fr(when))
    if getattr(layer, "is_demo", False):
        parts.append(_("données de démonstration"))
    return f" ({', '.join(parts)})" if parts else ""


def zoning_reason(scheme, profile, on, zone_cache=None) -> tuple[Reason, object]:
    """The zone class of the commune in the layer the scheme reads — for an ARS zoning, the
    layer of the person's own profession — on the planned installation date."""
    kind = scheme.zoning_kind
    values = list(scheme.zoning_values or [])
    if not kind:
        return Reason(MET, _("Aucun zonage requis."), "zonage"), None
    wanted = " ou ".join(values) or _("un zonage")
    layer_word = (
        _("le zonage ARS de votre profession")
        if kind == ZoningKind.ARS
        else _("la liste France Ruralités Revitalisation")
    )
    commune = profile.commune
    if commune is None:
        return Reason(
            UNKNOWN,
            _("Demande une commune classée %(wanted)s dans %(layer)s : précisez la commune.")
            % {"wanted": wanted, "layer": layer_word},
            "zonage",
        ), None
    profession = profile.zoning_profession
    if kind == ZoningKind.ARS and profession is None:
        return Reason(
            UNKNOWN,
            _(
                "Demande une commune classée %(wanted)s dans le zonage ARS de votre profession : "
                "précisez votre profession."
            )
            % {"wanted": wanted},
            "zonage",
        ), None
    zone = _classify(commune, kind, profession, on, zone_cache)
    if zone is None:
        return Reason(
            UNKNOWN,
            _(
                "Le classement de %(commune)s dans %(layer)s n'est pas connu du guichet à cette "
                "date ; ce dispositif demande : %(wanted)s."
            )
            % {"commune": commune.name, "layer": layer_word, "wanted": wanted},
            "zonage",
        ), None
    note = _layer_note(zone)
    if zone.value in values:
        return Reason(
            MET,
            _("%(commune)s est classée %(zone)s dans %(layer)s%(note)s.")
            % {"commune": commune.name, "zone": zone.label, "layer": layer_word, "note": note},
            "zonage",
        ), zone
    return Reason(
        UNMET,
        _(
            "%(commune)s est classée %(zone)s dans %(layer)s%(note)s ; ce dispositif demande : "
            "%(wanted)s."
        )
        % {
            "commune": commune.name,
            "zone": zone.label,
            "layer": layer_word,
            "note": note,
            "wanted": wanted,
        },
        "zonage",
    ), zone


def _classify(commune, kind, profession, on, cache):
    key = (commune.pk, kind, profession if kind == ZoningKind.ARS else None, on)
    if cache is not None and key in cache:
        return cache[key]
    zone = classify(
        commune, kind=kind, profession=profession if kind == ZoningKind.ARS else None, on=on
    )
    if cache is not None:
        cache[key] = zone
    return zone


def _zone_for_amount(scheme, profile, on, zone, zone_cache):
    """The zone class an amount depends on: the zoning criterion's, else (amounts per zone
    without a zoning criterion) the profession's ARS class."""
    if zone is not None:
        return zone
    zones = {amount.zone for amount in scheme.amount_list if amount.zone}
    if not zones or profile.commune is None:
        return None
    kind = ZoningKind.FRR if zones & {"FRR", "FRR+"} else ZoningKind.ARS
    if kind == ZoningKind.ARS and profile.zoning_profession is None:
        return None
    return _classify(profile.commune, kind, profile.zoning_profession, on, zone_cache)


def first_installation_reason(scheme, profile) -> Reason | None:
    if not scheme.first_installation:
        return None
    answer = profile.first_installation
    if answer is None:
        return Reason(
            UNKNOWN,
            _(
                "Réservé à une première installation en libéral conventionné : dites si c'est "
                "la vôtre."
            ),
            "premiere_installation",
        )
    if answer:
        return Reason(
            MET,
            _("Première installation en libéral conventionné, comme demandé."),
            "premiere_installation",
        )
    return Reason(
        UNMET,
        _(
            "Réservé à une première installation en libéral conventionné (vous êtes déjà "
            "installé·e)."
        ),
        "premiere_installation",
    )


def sector_reason(scheme, profile) -> Reason | None:
    sectors = scheme.sectors or []
    if not sectors:
        return None
    allowed = _labels(sectors, Sector)
    sector = profile.sector
    if not sector:
        return Reason(
            UNKNOWN,
            _("Réservé au %(allowed)s : précisez votre secteur conventionnel.")
            % {"allowed": allowed},
            "secteur",
        )
    if sector in sectors:
        return Reason(
            MET,
            _("%(sector)s : secteur concerné.") % {"sector": capfirst(Sector(sector).label)},
            "secteur",
        )
    return Reason(
        UNMET,
        _("Réservé au %(allowed)s (vous : %(sector)s).")
        % {"allowed": allowed, "sector": Sector(sector).label},
        "secteur",
    )


def discipline_reason(scheme, profile) -> Reason | None:
    disciplines = scheme.disciplines or []
    if not disciplines:
        return None
    allowed = _labels(disciplines, Discipline)
    discipline = profile.known_discipline
    if not discipline:
        return Reason(
            UNKNOWN,
            _("Réservé aux études de %(allowed)s : précisez votre filière.") % {"allowed": allowed},
            "discipline",
        )
    if discipline in disciplines:
        return Reason(
            MET,
            _("Études de %(yours)s : filière concernée.") % {"yours": Discipline(discipline).label},
            "discipline",
        )
    return Reason(
        UNMET,
        _("Réservé aux études de %(allowed)s (vous : %(yours)s).")
        % {"allowed": allowed, "yours": Discipline(discipline).label},
        "discipline",
    )


def _cycle_label(cycle: int) -> str:
    return _("1er cycle") if cycle == 1 else _("%(n)se cycle") % {"n": cycle}


def cycle_reason(scheme, profile) -> Reason | None:
    cycles = sorted(scheme.cycles or [])
    if not cycles:
        return None
    allowed = " ou ".join(_cycle_label(cycle) for cycle in cycles)
    cycle = profile.known_cycle
    if not cycle:
        return Reason(
            UNKNOWN,
            _("Réservé aux étudiants en %(allowed)s : précisez votre cycle d'études.")
            % {"allowed": allowed},
            "cycle",
        )
    if cycle in cycles:
        return Reason(
            MET,
            _("%(cycle)s d'études : cycle concerné.") % {"cycle": capfirst(_cycle_label(cycle))},
            "cycle",
        )
    return Reason(
        UNMET,
        _("Réservé aux étudiants en %(allowed)s (vous : %(cycle)s).")
        % {"allowed": allowed, "cycle": _cycle_label(cycle)},
        "cycle",
    )


def distance_reason(scheme, profile) -> Reason | None:
    if not scheme.internship_far:
        return None
    answer = profile.internship_far
    if answer is None:
        return Reason(
            UNKNOWN,
            _(
                "Réservé aux stages à plus de 15 km de la faculté et du domicile : précisez "
                "la distance de votre stage."
            ),
            "distance",
        )
    if answer:
        return Reason(
            MET,
            _("Stage à plus de 15 km de la faculté et du domicile, comme demandé."),
            "distance",
        )
    return Reason(
        UNMET,
        _("Réservé aux stages à plus de 15 km de la faculté et du domicile."),
        "distance",
    )


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def previous_aid_reason(scheme, profile, on) -> Reason | None:
    """The ten-year rule, per category: no aid of the scheme's category within ten years,
    counted from the grant decision (Assurance Maladie) or the last convention (local
    authorities) — the date the profile gives with each previous aid."""
    counted_from = scheme.ten_year_counted_from
    window = scheme.no_other_aid_years or (TEN_YEARS if counted_from else None)
    if not window:
        return None
    category = scheme.category
    what = AidCategory(category).label if category else _("aide à l'installation")
    since = TenYearFrom(counted_from).label if counted_from else _("date de l'aide")
    aids = profile.previous_aids
    if aids is None:
        return Reason(
            UNKNOWN,
            _(
                "Pas d'autre %(what)s dans les %(n)s ans (comptés depuis la %(since)s) : "
                "dites si vous en avez déjà reçu une, et quand."
            )
            % {"what": what, "n": window, "since": since},
            "aide_precedente",
        )
    dates = [day for aid_category, day in aids if not category or aid_category == category]
    if not dates:
        return Reason(
            MET,
            _("Aucune %(what)s reçue : la règle des %(n)s ans ne vous concerne pas.")
            % {"what": what, "n": window},
            "aide_precedente",
        )
    last = max(dates)
    end = _years_later(last, window)
    if on < end:
        return Reason(
            UNMET,
            _(
                "%(what)s reçue le %(last)s (%(since)s) : pas de nouvelle aide de cette "
                "catégorie avant le %(end)s."
            )
            % {
                "what": capfirst(what),
                "last": date_fr(last),
                "since": since,
                "end": date_fr(end),
            },
            "aide_precedente",
        )
    return Reason(
        MET,
        _("Dernière %(what)s le %(last)s : plus de %(n)s ans avant le %(on)s.")
        % {"what": what, "last": date_fr(last), "n": window, "on": date_fr(on)},
        "aide_precedente",
    )


def to_confirm_reasons(scheme) -> list[Reason]:
    reasons = [
        Reason(
            UNKNOWN,
            _("À confirmer : %(what)s — %(reason)s")
            % {"what": item.get("what", ""), "reason": item.get("reason", "")},
            "a_confirmer",
        )
        for item in scheme.to_confirm or []
    ]
    text = (scheme.other_conditions or "").strip()
    if text:
        reasons.append(
            Reason(UNKNOWN, _("Autres conditions : %(text)s") % {"text": text}, "a_confirmer")
        )
    return reasons


def evaluate(
    scheme,
    profile: Profile,
    today: date | None = None,
    *,
    covering: bool = False,
    zone_cache: dict | None = None,
) -> SchemeAssessment:
    """Judge one scheme on the planned installation date (``profile.on``, else ``today``):
    pure but for the zoning look-up (``covering``: the scheme is already known to cover the
    profile's commune)."""
    today = today or timezone.localdate()
    on = profile.on or today
    zone_reason, zone = zoning_reason(scheme, profile, on, zone_cache)
    validity = validity_reason(scheme, profile, on)
    reasons = [
        validity,
        territory_reason(scheme, profile, covering),
        profession_reason(scheme, profile),
        career_stage_reason(scheme, profile),
        practice_mode_reason(scheme, profile),
        first_installation_reason(scheme, profile),
        sector_reason(scheme, profile),
        discipline_reason(scheme, profile),
        cycle_reason(scheme, profile),
        distance_reason(scheme, profile),
        zone_reason,
        previous_aid_reason(scheme, profile, on),
        *to_confirm_reasons(scheme),
    ]
    reasons = [reason for reason in reasons if reason is not None]
    amount_zone = _zone_for_amount(scheme, profile, on, zone, zone_cache)
    chosen = scheme.amount_for(
        amount_zone.value if amount_zone is not None else None, cycle=profile.known_cycle
    )
    amount = None
    if chosen is not None:
        amount = Amount(chosen.value, chosen.text, chosen.zone)
        reasons = [
            Reason(r.status, r.text, r.criterion, amount) if r.criterion == "zonage" else r
            for r in reasons
        ]
    statuses = {reason.status for reason in reasons}
    if validity is not None and validity.status == UNMET and scheme.is_closed(on):
        verdict = Verdict.CLOSED
    elif UNMET in statuses:
        verdict = Verdict.NOT_ELIGIBLE
    elif UNKNOWN in statuses:
        verdict = Verdict.TO_CHECK
    else:
        verdict = Verdict.ELIGIBLE
    return SchemeAssessment(
        scheme=scheme, verdict=verdict, reasons=reasons, amount=amount, zone=zone
    )


def candidate_schemes(profile: Profile, today: date | None = None):
    """The one query: published schemes covering the commune (closed ones too: they answer
    « fermé »), with the codes of their professions."""
    schemes = Scheme.objects.published()
    if profile.commune is not None:
        schemes = schemes.covering(profile.commune)
    return (
        schemes.select_related("department", "epci", "replaced_by")
        .annotate(profession_codes=ProfessionCodes("professions__code", distinct=True))
        .order_by("name", "pk")
    )


def assess(profile: Profile, today: date | None = None) -> Assessment:
    today = today or timezone.localdate()
    on = profile.on or today
    cache = {}
    results = [
        evaluate(scheme, profile, today, covering=True, zone_cache=cache)
        for scheme in candidate_schemes(profile, today)
    ]
    zonings = []
    if profile.commune is not None:
        zonings = classifications(profile.commune, profession=profile.zoning_profession, on=on)
    return Assessment(profile=profile, results=results, today=today, zonings=zonings)


# --- From an installation case (read by attribute name: aids never imports installations) ----
CASE_SITUATIONS = {
    "student": CareerStage.STUDENT,
    "intern": CareerStage.INTERN,
    "locum": CareerStage.NOT_INSTALLED,
    "practising": CareerStage.INSTALLED,
}


def profile_for_case(case, today: date | None = None) -> Profile:
    """The profile of a « dossier d'installation »: its profession, situation, mode and
    commune (the installation commune, else the first wished one). Installation aids already
    received are not asked by the request form, so they stay unknown (« à vérifier »)."""
    today = today or timezone.localdate()
    installed_on = getattr(case, "installed_on", None)
    stage = CASE_SITUATIONS.get(getattr(case, "situation", "") or "")
    years = None
    if installed_on is not None:
        stage, years = CareerStage.INSTALLED, max((today - installed_on).days // 365, 0)
    commune = getattr(case, "installed_commune", None)
    if commune is None and getattr(case, "pk", None) is not None:
        commune = next(iter(case.wished_communes.all()), None)
    return Profile(
        profession=getattr(case, "profession", None),
        career_stage=stage,
        years_since_installation=years,
        practice_mode=(
            getattr(case, "installed_mode", "") or getattr(case, "practice_mode", "") or None
        ),
        commune=commune,
    )


# --- The simulator's address -----------------------------------------------------------------
# The simulator's question for each category of the ten-year rule: « aide_<category> » = date.
PREVIOUS_AID_CATEGORIES = [
    AidCategory.HEALTH_INSURANCE,
    AidCategory.LOCAL_AUTHORITY,
    AidCategory.STATE,
]


def _yes_no(value):
    return None if value is None else ("oui" if value else "non")


def profile_query(profile: Profile) -> dict:
    """The simulator's query-string parameters that carry a profile (unknown answers are left
    out)."""
    params = {}
    if profile.profession_code:
        params["profession"] = profile.profession_code
    if profile.career_stage:
        params["situation"] = profile.career_stage
    if profile.years_since_installation is not None:
        params["anciennete"] = profile.years_since_installation
    if profile.commune is not None:
        params["commune"] = commune_reference(profile.commune)
    if profile.practice_mode:
        params["exercice"] = profile.practice_mode
    if profile.on is not None:
        params["date"] = profile.on.isoformat()
    if profile.sector:
        params["secteur"] = profile.sector
    if profile.first_installation is not None:
        params["premiere_installation"] = _yes_no(profile.first_installation)
    if profile.cycle:
        params["cycle"] = profile.cycle
    if profile.discipline:
        params["discipline"] = profile.discipline
    if profile.internship_far is not None:
        params["stage_eloigne"] = _yes_no(profile.internship_far)
    if profile.previous_aids is not None:
        params["aide"] = "oui" if profile.previous_aids else "non"
        for category in PREVIOUS_AID_CATEGORIES:
            dates = [day for code, day in profile.previous_aids if code == category]
            if dates:
                params[f"aide_{category}"] = max(dates).isoformat()
    return params


def simulator_url(profile: Profile) -> str:
    """The simulator's URL with every known answer, to pre-fill it (or show the result
    directly when nothing is missing)."""
    query = urlencode(profile_query(profile))
    url = reverse("aids:simulator")
    return f"{url}?{query}" if query else url


# --- The JSON twin (/api/v1/eligibilite/, aids.api) -------------------------------------------
API_MODES = {"liberal": "liberal", "salaried": "salarie", "mixed": "mixte"}
NO_PREVIOUS_AID = "aucune"  # ``aide_precedente=aucune``: no previous aid (``()``)


def _true_false(value):
    return "true" if value else "false"


def api_query(profile: Profile) -> dict:
    """The API's query parameters for ``profile`` (unknown answers left out);
    ``aide_precedente`` is a list (the parameter repeats: ``urlencode(…, doseq=True)``),
    ``["aucune"]`` when the profile received none."""
    params = {}
    if profile.profession_code:
        params["profession"] = profile.profession_code
    if profile.commune is not None:
        params["commune"] = profile.commune.pk
    if profile.career_stage:
        params["stage"] = profile.career_stage
    if profile.practice_mode:
        params["mode"] = API_MODES.get(profile.practice_mode, profile.practice_mode)
    if profile.sector:
        params["secteur"] = profile.sector
    if profile.first_installation is not None:
        params["premiere_installation"] = _true_false(profile.first_installation)
    if profile.on is not None:
        params["date"] = profile.on.isoformat()
    if profile.cycle:
        params["cycle"] = str(profile.cycle)
    if profile.discipline:
        params["discipline"] = profile.discipline
    if profile.internship_far is not None:
        params["stage_eloigne"] = _true_false(profile.internship_far)
    if profile.previous_aids is not None:
        params["aide_precedente"] = [
            f"{category}:{day.isoformat()}" for category, day in sorted(profile.previous_aids)
        ] or [NO_PREVIOUS_AID]
    return params


def api_url(profile: Profile) -> str:
    return reverse("aids:api_eligibility") + "?" + urlencode(api_query(profile), doseq=True)
