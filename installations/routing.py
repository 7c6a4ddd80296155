"""Which referent should follow a case: the one covering its territory, whose skills match
its needs, with the fewest open cases under their capacity, skipping those who are away."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from installations.models import NEED_LABELS, Referent


@dataclass(frozen=True)
class Suggestion:
    referent: object  # a User, or None
    reason: str


def suggest_referent(case, today=None) -> Suggestion:
    return suggest_referents([case], today)[case.pk]


def candidate_referents():
    """The referents as ``suggest_referents`` reads them: their load, their desk, the
    territory they cover."""
    return (
        Referent.objects.with_open_load()
        .select_related("user", "user__desk_membership")
        .prefetch_related("communes", "epcis")
    )


def suggest_referents(cases, today=None, referents=None) -> dict:
    """``{case.pk: Suggestion}`` for several cases in a fixed number of queries: the
    candidates of all their desks are read once (prefetch the cases' ``wished_communes`` and
    ``wished_epcis`` to keep it so). ``referents``: the referents a caller has already read
    with ``candidate_referents()``, every referent of the cases' desks among them (the desk
    dashboard shows them too); the available ones are picked from them, no query."""
    today = today or timezone.localdate()
    desk_ids = {case.desk_id for case in cases if case.desk_id is not None}
    candidates_by_desk = {desk_id: [] for desk_id in desk_ids}
    if desk_ids and referents is None:
        referents = (
            candidate_referents()
            .filter(user__desk_membership__desk__in=desk_ids)
            .available(today)
            .order_by("pk")
        )
    for candidate in referents or []:
        if not candidate.is_available(today):
            continue
        membership = getattr(candidate.user, "desk_membership", None)
        if membership is None or membership.desk_id not in desk_ids:
            continue
        if candidate.open_load < candidate.capacity:
            candidates_by_desk[membership.desk_id].append(candidate)
    return {case.pk: _suggest(case, candidates_by_desk.get(case.desk_id, [])) for case in cases}


def _suggest(case, candidates) -> Suggestion:
    if case.desk_id is None:
        return Suggestion(None, _("Le dossier n'a pas encore de guichet."))
    if not candidates:
        return Suggestion(
            None,
            _("Aucun référent disponible : tous sont absents ou au maximum de leur capacité."),
        )
    wished_communes = {c.pk: c for c in case.wished_communes.all()}
    wished_epcis = {c.epci_id for c in wished_communes.values() if c.epci_id}
    wished_epcis |= {epci.pk for epci in case.wished_epcis.all()}
    needs = set(case.needs)

    def score(referent):
        communes = [
            wished_communes[c.pk].name for c in referent.communes.all() if c.pk in wished_communes
        ]
        epcis = [e.name for e in referent.epcis.all() if e.pk in wished_epcis]
        skills = sorted(needs & set(referent.skills))
        covers = bool(communes or epcis)
        return (not covers, -len(skills), referent.open_load, referent.pk), communes, epcis, skills

    ranked = sorted((score(referent), referent) for referent in candidates)
    (_key, communes, epcis, skills), best = ranked[0][0], ranked[0][1]
    parts = []
    if communes:
        parts.append(_("couvre %(names)s") % {"names": ", ".join(communes)})
    elif epcis:
        parts.append(_("couvre %(names)s") % {"names": ", ".join(epcis)})
    else:
        parts.append(_("aucun référent ne couvre ce territoire ; le moins chargé du guichet"))
    if skills:
        parts.append(
            _("compétences : %(skills)s")
            % {"skills": ", ".join(str(NEED_LABELS[s]) for s in skills)}
        )
    parts.append(
        ngettext(
            "%(count)d dossier en cours sur %(capacity)d",
            "%(count)d dossiers en cours sur %(capacity)d",
            max(best.open_load, 1),  # French: « 0 dossier », singular below 2
        )
        % {"count": best.open_load, "capacity": best.capacity}
    )
    name = best.user.get_full_name() or best.user.email
    return Suggestion(best.user, f"{name} : " + " ; ".join(parts) + ".")
