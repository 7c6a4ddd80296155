"""Demo partners of the Lot desk (the guichet unique's institutions), their named contacts and
a few requests on the demo cases, one answered, one late, with the timeline lines and
thread the requests' services write. Fictitious people only: 01 99 … numbers,
``@demo.example`` addresses; the step codes are those of ``installations.checklists``."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from demo.history import ascii_name, event
from installations.enums import EventKind, Need
from installations.models import Case, StepTemplate
from partners import requests as partner_requests
from partners.models import Partner, PartnerContact, PartnerKind, PartnerMessage, PartnerRequest
from territories.models import Desk


def _codes(*prefixes):
    """The checklist's step codes that start with one of ``prefixes`` (or equal one)."""
    codes = StepTemplate.objects.filter(code__isnull=False).values_list("code", flat=True)
    return sorted(c for c in codes if any(c == p or c.startswith(p) for p in prefixes))


def partners_data():
    """(name, kind, step codes, needs, website, contacts: (first, last, role, primary, away))."""
    return [
        (
            "CPAM du Lot",
            PartnerKind.CPAM,
            _codes("cpam-"),
            [],
            "https://www.ameli.fr/lot",
            [
                ("Sylvie", "Delmas", "Conseillère installation des professionnels", True, False),
                ("Julien", "Roques", "Relations avec les professionnels de santé", False, False),
            ],
        ),
        (
            "URSSAF Midi-Pyrénées",
            PartnerKind.URSSAF,
            _codes("declaration-"),
            [],
            "https://www.urssaf.fr",
            [
                # The primary contact is away: the ask page proposes the other one.
                ("Karine", "Bousquet", "Pôle travailleurs indépendants", True, True),
                ("Olivier", "Lafon", "Conseiller création d'activité", False, False),
            ],
        ),
        (
            "Ordre des médecins du Lot",
            PartnerKind.ORDRE,
            _codes("ordre-medecin"),
            [],
            "",
            [("Anne", "Cayrou", "Secrétariat du conseil départemental", True, False)],
        ),
        (
            "ARS Occitanie (délégation du Lot)",
            PartnerKind.ARS,
            _codes("ars-rpps-", "rpps-cps-"),
            [Need.FINANCIAL_AIDS, Need.SUPERVISING],
            "https://www.occitanie.ars.sante.fr",
            [("Marc", "Vidalie", "Référent installation, délégation du Lot", True, False)],
        ),
        (
            "Département du Lot",
            PartnerKind.DEPARTMENT,
            _codes("logement", "locaux"),
            [Need.HOUSING, Need.PREMISES, Need.FINANCIAL_AIDS],
            "https://lot.fr",
            [("Claire", "Lacombe", "Mission démographie médicale", True, False)],
        ),
        (
            "Cauvaldor (EPCI)",
            PartnerKind.EPCI,
            [],
            [Need.HOUSING, Need.SCHOOLING, Need.SPOUSE_JOB],
            "",
            [("Thierry", "Mercadier", "Service habitat et accueil", True, False)],
        ),
    ]


def _partners(desk, today):
    made = {}
    for index, (name, kind, codes, needs, website, contacts) in enumerate(partners_data()):
        partner, _created = Partner.objects.update_or_create(
            desk=desk,
            name=name,
            defaults={"kind": kind, "step_codes": codes, "needs": needs, "website": website},
        )
        for position, (first, last, role, primary, away) in enumerate(contacts):
            PartnerContact.objects.update_or_create(
                partner=partner,
                email=f"{ascii_name(first)}.{ascii_name(last)}@demo.example",
                defaults={
                    "name": f"{first} {last}",
                    "role": role,
                    "phone": f"01 99 00 48 {10 * index + position + 10:02d}",
                    "is_primary": primary,
                    "absent_from": today - timedelta(days=3) if away else None,
                    "absent_until": today + timedelta(days=12) if away else None,
                },
            )
        made[name] = partner
    return made


def _request(case, partner, *, step=None, need="", question, context, asked, due_on, public):
    """One request as ``partners.requests.ask`` writes it, at a past moment; None if there."""
    existing = PartnerRequest.objects.filter(case=case, partner=partner, question=question)
    if existing.exists():
        return None
    contact = partner.contacts.filter(is_primary=True).first() or partner.contacts.first()
    partner_request = PartnerRequest.objects.create(
        case=case,
        partner=partner,
        contact=contact,
        step=step,
        need=need,
        question=question,
        context=context,
        due_on=due_on,
        public=public,
        created_by=case.referent,
        created_at=asked,
    )
    event(
        case,
        EventKind.UPDATE,
        asked,
        case.referent,
        _("Question posée à %(partner)s (%(subject)s) : %(question)s")
        % {
            "partner": partner.name,
            "subject": partner_requests.subject_of(partner_request),
            "question": question,
        },
        public,
        details={"partner_request": partner_request.pk},
    )
    partner_requests.remember_requests(case, public=public)
    return partner_request


def _answer(partner_request, at, body):
    PartnerMessage.objects.create(
        request=partner_request,
        author=PartnerMessage.Author.PARTNER,
        author_name=partner_request.contact.name,
        body=body,
        created_at=at,
    )
    PartnerRequest.objects.filter(pk=partner_request.pk).update(
        first_answer_at=at, status="answered"
    )
    event(
        partner_request.case,
        EventKind.UPDATE,
        at,
        body=_("Réponse de %(partner)s : %(body)s")
        % {"partner": partner_request.partner.name, "body": body},
        public=partner_request.public,
        details={"partner_request": partner_request.pk},
    )


def _step(case, prefix):
    return case.steps.filter(template__code__startswith=prefix).first()


def _requests(partners, now):
    """Camille's housing, answered by the Département (public); Emma's Ordre registration,
    waiting (private); Hugo's nursery place at Cauvaldor, late (the reminder's example)."""
    made = 0
    today = timezone.localdate()
    camille = Case.objects.filter(applicant__email="nouvelle.arrivante@demo.example").first()
    if camille is not None and camille.referent_id:
        housing = _request(
            camille,
            partners["Département du Lot"],
            need=Need.HOUSING,
            question="Un logement meublé peut-il être proposé à Figeac pour trois mois, le "
            "temps de trouver une maison ?",
            context="Médecin généraliste, arrivée prévue au printemps, en couple.",
            asked=now - timedelta(days=9),
            due_on=today - timedelta(days=1),
            public=True,
        )
        if housing is not None:
            made += 1
            _answer(
                housing,
                now - timedelta(days=6),
                "Oui : le logement temporaire de la maison de santé de Figeac est libre dès "
                "mars. Contactez le service habitat, qui réserve pour vous.",
            )
    emma = Case.objects.filter(applicant__email="e.blanc@demo.example").first()
    if emma is not None and emma.referent_id:
        made += bool(
            _request(
                emma,
                partners["Ordre des médecins du Lot"],
                step=_step(emma, "ordre-"),
                need="" if _step(emma, "ordre-") else Need.OTHER,
                question="Le dossier d'inscription au tableau peut-il être examiné à la "
                "prochaine séance du conseil ?",
                context="Ophtalmologiste, installation envisagée à Figeac ; diplôme obtenu en "
                "2025.",
                asked=now - timedelta(days=2),
                due_on=partner_requests.add_working_days(today, 8),
                public=False,
            )
        )
    hugo = Case.objects.filter(applicant__email="h.rousseau@demo.example").first()
    if hugo is not None and hugo.referent_id:
        made += bool(
            _request(
                hugo,
                partners["Cauvaldor (EPCI)"],
                need=Need.SCHOOLING,
                question="Reste-t-il des places en crèche à Saint-Céré pour la rentrée ?",
                context="Sage-femme qui s'installe à Saint-Céré, un enfant de deux ans.",
                asked=now - timedelta(days=20),
                due_on=today - timedelta(days=5),
                public=True,
            )
        )
    return made


def load(report):
    desk = Desk.objects.filter(slug="lot").first()
    if desk is None:
        return
    now = timezone.now()
    partners = _partners(desk, timezone.localdate())
    made = _requests(partners, now)
    report.line(
        f"{len(partners)} partenaires du guichet du Lot, "
        f"{PartnerContact.objects.filter(partner__desk=desk).count()} contacts, "
        f"{made} demandes nouvelles."
    )
