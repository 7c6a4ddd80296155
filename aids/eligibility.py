"""The eligibility engine: which aid schemes fit a profile, and why, criterion by criterion.

``assess(profile)`` loads, in one query, every published scheme in force that covers the
profile's commune (all of them when the commune is not known yet), then ``evaluate`` judges
each scheme with pure Python. Each criterion answers *met*, *unknown* or *unmet* with one
sentence in plain French; a scheme is **not eligible** as soon as one criterion is unmet,
**to check** when one is unknown, **eligible** otherwise. So tightening a scheme (adding a
requirement) can only move a verdict down, never up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Aggregate, CharField
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aids.enums import CareerStage, TerritoryLevel, Verdict, ZoningRequirement
from aids.models import Scheme
from portal.formatting import count_fr
from structures.models import PracticeMode
from structures.professions import PROFESSIONS
from territories.communes import commune_reference
from territories.models import DoctorZoning, RuralZoning

MET, UNKNOWN, UNMET = "met", "unknown", "unmet"
VERDICT_ORDER = [Verdict.ELIGIBLE, Verdict.TO_CHECK, Verdict.NOT_ELIGIBLE]

_PROFESSION_LABELS = {code: label for code, label, _kind, _parent in PROFESSIONS}
_PROFESSION_PARENTS = {code: parent for code, _label, _kind, parent in PROFESSIONS if parent}


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
    """What the simulator asks. Every field may be unknown (``None``): the criteria that
    need it then answer « à vérifier ».

    ``profession``: a ``structures.Profession`` or its code. ``career_stage``: a
    ``CareerStage`` value. ``practice_mode``: a ``structures.models.PracticeMode`` value.
    ``commune``: the target ``territories.Commune``. ``installation_aid_years``: the years in
    which an installation aid was received, ``()`` for none, ``None`` when not asked.
    """

    profession: object = None
    career_stage: str | None = None
    years_since_installation: int | None = None
    practice_mode: str | None = None
    commune: object = None
    installation_aid_years: tuple[int, ...] | None = None

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


@dataclass(frozen=True)
class Reason:
    status: str  # MET, UNKNOWN or UNMET
    text: str

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

    @property
    def verdict_label(self):
        return Verdict(self.verdict).label


@dataclass
class Assessment:
    profile: Profile
    results: list[SchemeAssessment]
    today: date
    groups: list[tuple[str, str, list[SchemeAssessment]]] = field(init=False)

    def __post_init__(self):
        self.groups = [
            (verdict, Verdict(verdict).label, [r for r in self.results if r.verdict == verdict])
            for verdict in VERDICT_ORDER
        ]

    def of(self, verdict):
        return [result for result in self.results if result.verdict == verdict]

    @property
    def demo_zoning(self) -> bool:
        commune = self.profile.commune
        return bool(commune is not None and commune.zoning_is_demo)

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


def profession_reason(scheme, profile) -> Reason:
    codes = _scheme_profession_codes(scheme)
    if not codes:
        return Reason(MET, _("Ouvert à toutes les professions de santé."))
    allowed = ", ".join(_PROFESSION_LABELS.get(code, code) for code in codes)
    code = profile.profession_code
    if code is None:
        return Reason(
            UNKNOWN, _("Réservé à : %(allowed)s. Précisez votre profession.") % {"allowed": allowed}
        )
    if code in codes or _PROFESSION_PARENTS.get(code) in codes:
        return Reason(
            MET,
            _("%(profession)s : profession concernée.") % {"profession": profile.profession_label},
        )
    return Reason(
        UNMET,
        _("Réservé à : %(allowed)s (vous : %(profession)s).")
        % {"allowed": allowed, "profession": profile.profession_label},
    )


def career_stage_reason(scheme, profile) -> Reason:
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
        return Reason(MET, _("Quel que soit le mode d'exercice."))
    allowed = _labels(modes, PracticeMode)
    mode = profile.practice_mode
    if not mode:
        return Reason(
            UNKNOWN,
            _("Réservé à l'exercice %(allowed)s : précisez votre mode d'exercice.")
            % {"allowed": allowed},
        )
    if mode in modes:
        return Reason(
            MET, _("Exercice %(mode)s : mode concerné.") % {"mode": PracticeMode(mode).label}
        )
    return Reason(
        UNMET,
        _("Réservé à l'exercice %(allowed)s (vous : %(mode)s).")
        % {"allowed": allowed, "mode": PracticeMode(mode).label},
    )


def territory_reason(scheme, profile, covering=False) -> Reason:
    if scheme.territory_level == TerritoryLevel.NATIONAL:
        return Reason(MET, _("Dispositif valable partout en France."))
    where = scheme.territory_label
    commune = profile.commune
    if commune is None:
        return Reason(
            UNKNOWN,
            _("Valable seulement pour : %(where)s. Précisez la commune de votre projet.")
            % {"where": where},
        )
    # ``assess`` only keeps schemes covering the commune; a scheme judged on its own is checked.
    if covering or _covers(scheme, commune):
        return Reason(
            MET,
            _("%(commune)s fait partie du territoire du dispositif (%(where)s).")
            % {"commune": commune.name, "where": where},
        )
    return Reason(
        UNMET,
        _("%(commune)s est hors du territoire du dispositif (%(where)s).")
        % {"commune": commune.name, "where": where},
    )


def _covers(scheme, commune) -> bool:
    level = scheme.territory_level
    if level == TerritoryLevel.DEPARTMENT:
        return scheme.department_id == commune.department_id
    if level == TerritoryLevel.EPCI:
        return scheme.epci_id is not None and scheme.epci_id == commune.epci_id
    return commune.department.region_code == scheme.region_code


_ZONING_WORDS = {
    DoctorZoning.ZIP: _("zone d'intervention prioritaire (ZIP)"),
    DoctorZoning.ZAC: _("zone d'action complémentaire (ZAC)"),
    RuralZoning.ZRR: _("zone de revitalisation rurale (ZRR)"),
    RuralZoning.FRR: _("zone France Ruralités Revitalisation (FRR)"),
}
_ACCEPTED = {
    ZoningRequirement.ZIP: ("doctor_zoning", {DoctorZoning.ZIP}),
    ZoningRequirement.ZAC: ("doctor_zoning", {DoctorZoning.ZAC}),
    ZoningRequirement.ZIP_OR_ZAC: ("doctor_zoning", {DoctorZoning.ZIP, DoctorZoning.ZAC}),
    ZoningRequirement.RURAL: ("rural_zoning", {RuralZoning.ZRR, RuralZoning.FRR}),
}


def zoning_reason(scheme, profile) -> Reason:
    required = scheme.zoning_required
    if not required:
        return Reason(MET, _("Aucun zonage requis."))
    wanted = ZoningRequirement(required).label
    commune = profile.commune
    if commune is None:
        return Reason(
            UNKNOWN,
            _("Demande une commune classée %(wanted)s : précisez la commune.") % {"wanted": wanted},
        )
    if not commune.zoning_known:
        return Reason(
            UNKNOWN,
            _(
                "Le zonage de %(commune)s n'est pas encore renseigné ; "
                "ce dispositif demande : %(wanted)s."
            )
            % {"commune": commune.name, "wanted": wanted},
        )
    demo = _(" (zonage de démonstration)") if commune.zoning_is_demo else ""
    field_name, accepted = _ACCEPTED[required]
    value = getattr(commune, field_name)
    if value in accepted:
        return Reason(
            MET,
            _("%(commune)s est classée en %(zone)s%(demo)s.")
            % {"commune": commune.name, "zone": _ZONING_WORDS[value], "demo": demo},
        )
    return Reason(
        UNMET,
        _("%(commune)s n'est pas classée %(wanted)s%(demo)s.")
        % {"commune": commune.name, "wanted": wanted, "demo": demo},
    )


def previous_aid_reason(scheme, profile, today) -> Reason | None:
    window = scheme.no_other_aid_years
    if not window:
        return None
    years = profile.installation_aid_years
    if years is None:
        return Reason(
            UNKNOWN,
            _(
                "Pas d'autre aide à l'installation dans les %(n)s ans : "
                "dites si vous en avez déjà reçu une."
            )
            % {"n": window},
        )
    recent = max(years, default=None)
    if recent is None:
        return Reason(MET, _("Aucune aide à l'installation déjà reçue."))
    elapsed = today.year - recent
    if elapsed < window:
        return Reason(
            UNMET,
            _("Aide à l'installation reçue en %(year)s : pas de seconde aide dans les %(n)s ans.")
            % {"year": recent, "n": window},
        )
    if elapsed == window:
        return Reason(
            UNKNOWN,
            _(
                "Aide à l'installation reçue en %(year)s : le délai de %(n)s ans "
                "s'achève cette année, selon la date exacte."
            )
            % {"year": recent, "n": window},
        )
    return Reason(
        MET,
        _("Dernière aide à l'installation en %(year)s, il y a plus de %(n)s ans.")
        % {"year": recent, "n": window},
    )


def other_conditions_reason(scheme) -> Reason | None:
    text = (scheme.other_conditions or "").strip()
    if not text:
        return None
    return Reason(UNKNOWN, _("Autres conditions : %(text)s") % {"text": text})


def evaluate(
    scheme, profile: Profile, today: date | None = None, *, covering: bool = False
) -> SchemeAssessment:
    """Judge one scheme: pure, no query when the scheme came from ``assess`` (``covering``:
    the scheme is already known to cover the profile's commune)."""
    today = today or timezone.localdate()
    reasons = [
        territory_reason(scheme, profile, covering),
        profession_reason(scheme, profile),
        career_stage_reason(scheme, profile),
        practice_mode_reason(scheme, profile),
        zoning_reason(scheme, profile),
        previous_aid_reason(scheme, profile, today),
        other_conditions_reason(scheme),
    ]
    reasons = [reason for reason in reasons if reason is not None]
    statuses = {reason.status for reason in reasons}
    if UNMET in statuses:
        verdict = Verdict.NOT_ELIGIBLE
    elif UNKNOWN in statuses:
        verdict = Verdict.TO_CHECK
    else:
        verdict = Verdict.ELIGIBLE
    return SchemeAssessment(scheme=scheme, verdict=verdict, reasons=reasons)


def candidate_schemes(profile: Profile, today: date | None = None):
    """The one query: published schemes in force covering the commune, with the codes of
    their professions."""
    schemes = Scheme.objects.public(today)
    if profile.commune is not None:
        schemes = schemes.covering(profile.commune)
    return (
        schemes.select_related("department", "epci")
        .annotate(profession_codes=ProfessionCodes("professions__code", distinct=True))
        .order_by("name", "pk")
    )


def assess(profile: Profile, today: date | None = None) -> Assessment:
    today = today or timezone.localdate()
    results = [
        evaluate(scheme, profile, today, covering=True)
        for scheme in candidate_schemes(profile, today)
    ]
    return Assessment(profile=profile, results=results, today=today)


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
def profile_query(profile: Profile) -> dict:
    """The query-string parameters that carry a profile (unknown answers are left out)."""
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
    if profile.installation_aid_years is not None:
        if profile.installation_aid_years:
            params["aide"] = "oui"
            params["annee_aide"] = max(profile.installation_aid_years)
        else:
            params["aide"] = "non"
    return params


def simulator_url(profile: Profile) -> str:
    """The simulator's URL with every known answer, to pre-fill it (or show the result
    directly when nothing is missing)."""
    query = urlencode(profile_query(profile))
    url = reverse("aids:simulator")
    return f"{url}?{query}" if query else url
