"""Demo partners of the Lot desk (the guichet unique's institutions), their named contacts and
a few requests on the demo cases, one answered, one late, with the timeline lines and
thread the requests' services write. Fictitious people only: 01 99 … numbers,
``@demo.example`` addresses; the step codes are those of ``installations.checklists``.

``HISTORY`` adds the year behind them, for the yearly report's partner figures: requests to
the CPAM, the URSSAF, the Ordre, the ARS, the Département and Cauvaldor spread over the past
months, most answered within days, some with the step marked done through the link, one
« à faire par le demandeur », one answered late after its reminder, one still waiting. Each
goes through ``partners.requests`` (``ask``, ``reply``, ``mark_step_done``…, ``remind``) so
that its timeline lines, thread, access log and mails are the services' own; what each call
wrote is then moved to its past moment and its mails marked sent then."""

from datetime import datetime, time, timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from demo.history import ascii_name, event, last_activity, mails_sent, move_case_writes
from installations.enums import EventKind, Need
from installations.models import Case, CaseEvent, Step, StepTemplate
from partners import requests as partner_requests
from partners.models import (
    Partner,
    PartnerAccess,
    PartnerContact,
    PartnerKind,
    PartnerMessage,
    PartnerRequest,
)
from portal.models import OutgoingMail
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
        body=_("%(partner)s a répondu : %(body)s")
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


# --- The year behind them -----------------------------------------------------------------------
CPAM, URSSAF = "CPAM du Lot", "URSSAF Midi-Pyrénées"
ORDRE, ARS = "Ordre des médecins du Lot", "ARS Occitanie (délégation du Lot)"
DEPARTMENT, EPCI = "Département du Lot", "Cauvaldor (EPCI)"
# Outcomes: the partner replies; replies and marks the step done; replies and says it is the
# newcomer's to do; is reminded past the due date, then replies; has not answered yet.
REPLY, STEP_DONE, APPLICANT_TO_DO, LATE, WAITING = (
    "reply",
    "step_done",
    "applicant_to_do",
    "late",
    "waiting",
)
# The history's window: the current year, or its last 120 days early in the year.
WINDOW_MIN_DAYS, WINDOW_DAYS = 90, 120
# (applicant login, partner, step code prefix, need, question, context, public, where in the
# window (0 to 1; None: ``WAITING_DAYS`` ago), outcome, days to the answer, answer)
WAITING_DAYS = 5
HISTORY = [
    (
        "l.henry",
        ARS,
        "rpps-cps-",
        "",
        "Le Dr Henry a-t-il bien été enregistré au RPPS ? Sa carte CPS n'est toujours pas arrivée.",
        "Pédiatre, installation à Figeac au printemps ; inscrit au tableau de l'Ordre en janvier.",
        True,
        0.1,
        STEP_DONE,
        2,
        "Oui, l'enregistrement au RPPS est fait. La carte CPS part cette semaine à l'adresse "
        "du cabinet ; en attendant, il peut activer sa e-CPS.",
    ),
    (
        "l.henry",
        URSSAF,
        "declaration-",
        "",
        "Le Dr Henry peut-il déclarer son début d'activité libérale avant d'avoir signé le bail "
        "du cabinet ?",
        "Pédiatre, début d'activité prévu au printemps à Figeac, en secteur 1.",
        True,
        0.12,
        REPLY,
        8,
        "Oui : la déclaration se fait en ligne sur le guichet des formalités des entreprises, "
        "avec une domiciliation provisoire s'il n'a pas encore l'adresse du cabinet. Il pourra "
        "la modifier ensuite sans frais.",
    ),
    (
        "l.henry",
        CPAM,
        "cpam-",
        "",
        "Le Dr Henry a-t-il bien reçu son numéro de convention ? Il commence ses consultations "
        "le mois prochain.",
        "Pédiatre conventionné en secteur 1, cabinet à Figeac.",
        True,
        0.17,
        STEP_DONE,
        4,
        "Oui, le conventionnement est enregistré et le numéro lui a été envoyé par courrier. "
        "Je lui ai aussi adressé le guide d'installation et les coordonnées de son conseiller.",
    ),
    (
        "c.muller",
        DEPARTMENT,
        "",
        Need.FINANCIAL_AIDS,
        "Le Dr Muller peut-elle prétendre à l'aide départementale à l'installation en "
        "s'installant à Cœur de Causse ?",
        "Médecin généraliste, installation libérale prévue cet été ; prête à s'engager cinq ans "
        "dans le Lot.",
        False,
        0.45,
        REPLY,
        12,
        "Oui, la commune est éligible. Le dossier est à déposer avant l'installation, avec le "
        "projet de bail et l'attestation d'inscription à l'Ordre ; la commission se réunit le "
        "premier jeudi du mois.",
    ),
    (
        "c.muller",
        CPAM,
        "",
        Need.FINANCIAL_AIDS,
        "Le contrat d'aide à l'installation des médecins (CAIM) est-il ouvert au Dr Muller à "
        "Cœur de Causse ?",
        "Médecin généraliste, première installation en libéral.",
        True,
        0.47,
        REPLY,
        3,
        "Oui, la commune est en zone d'intervention prioritaire : le contrat peut être signé dès "
        "l'installation. Je lui envoie le contrat à compléter et je passerai le lui présenter "
        "au cabinet.",
    ),
    (
        "c.muller",
        ARS,
        "",
        Need.FINANCIAL_AIDS,
        "Pouvez-vous confirmer le classement de Cœur de Causse au zonage médecins ? Le "
        "Département en a besoin pour le dossier d'aide du Dr Muller.",
        "Installation prévue cet été ; la CPAM a déjà confirmé de son côté.",
        False,
        0.5,
        REPLY,
        9,
        "Je confirme : Cœur de Causse est en zone d'intervention prioritaire dans l'arrêté de "
        "zonage en vigueur. Je transmets l'extrait de l'arrêté à la mission démographie "
        "médicale du Département.",
    ),
    (
        "h.rousseau",
        ARS,
        "rpps-cps-",
        "",
        "M. Rousseau est-il enregistré au RPPS ? Il voudrait commander sa carte CPS avant de "
        "s'installer.",
        "Sage-femme, installation en libéral à Saint-Céré à la rentrée.",
        True,
        0.52,
        STEP_DONE,
        5,
        "C'est fait : M. Rousseau est enregistré au RPPS et sa carte CPS est commandée. Il la "
        "recevra d'ici trois semaines.",
    ),
    (
        "j.clement",
        EPCI,
        "",
        Need.HOUSING,
        "Avez-vous une location à l'année à Gramat ou aux alentours pour M. Clément à partir "
        "de septembre ?",
        "Infirmier libéral qui s'installe à Gramat ; cherche un T3, en couple.",
        True,
        0.55,
        REPLY,
        6,
        "Deux T3 du parc communal se libèrent à Gramat en septembre. Je lui propose une visite "
        "la semaine prochaine ; il peut aussi déposer une demande au service habitat.",
    ),
    (
        "nouvelle.arrivante",
        URSSAF,
        "declaration-",
        "",
        "Le Dr Durand doit-elle attendre son numéro de convention pour déclarer son activité "
        "libérale ?",
        "Médecin généraliste, installation à Figeac, conventionnée en secteur 1.",
        True,
        0.6,
        APPLICANT_TO_DO,
        2,
        "Non, elle peut la faire dès maintenant. La déclaration se fait en ligne, sur le "
        "guichet des formalités des entreprises : c'est à elle de la remplir, nous ne pouvons "
        "pas le faire à sa place.",
    ),
    (
        "nouvelle.arrivante",
        ORDRE,
        "",
        Need.OTHER,
        "Le Dr Durand peut-elle consulter une demi-journée par semaine à Capdenac-Gare en plus "
        "de son cabinet de Figeac ?",
        "Médecin généraliste ; projet de cabinet secondaire à Capdenac-Gare.",
        True,
        0.65,
        REPLY,
        7,
        "Oui, avec une autorisation d'exercice sur un site distinct. La demande se fait par "
        "courrier au conseil départemental, avec le projet ; le conseil l'examine à sa séance "
        "suivante.",
    ),
    (
        "n.guerin",
        DEPARTMENT,
        "",
        Need.PREMISES,
        "Le local du pôle santé de Cahors libéré au printemps pourrait-il accueillir le cabinet "
        "dentaire du Dr Guérin ?",
        "Chirurgien-dentiste, deux fauteuils ; projet en pause jusqu'à la fin de son contrat "
        "actuel.",
        False,
        0.72,
        REPLY,
        10,
        "Le local est encore libre, mais une orthophoniste l'a demandé aussi. Je le garde pour "
        "le Dr Guérin jusqu'à la fin de l'année ; au-delà, il faudra nous confirmer son projet.",
    ),
    (
        "e.blanc",
        URSSAF,
        "declaration-",
        "",
        "Le Dr Blanc a-t-elle bien été affiliée au régime des praticiens et auxiliaires "
        "médicaux conventionnés ? Elle n'a reçu aucun échéancier.",
        "Ophtalmologiste, début d'activité libérale à Figeac cet automne.",
        False,
        0.8,
        LATE,
        24,
        "Toutes nos excuses pour ce délai. L'affiliation est faite ; le premier échéancier "
        "partira à la fin du mois, avec des cotisations provisionnelles calculées sur un revenu "
        "forfaitaire.",
    ),
    (
        "n.guerin",
        CPAM,
        "",
        Need.FINANCIAL_AIDS,
        "Le Dr Guérin pourra-t-il signer un contrat d'aide à l'installation des "
        "chirurgiens-dentistes pour son cabinet de Cahors ?",
        "Chirurgien-dentiste, projet en pause ; il veut savoir avant de s'engager sur le local.",
        False,
        0.85,
        REPLY,
        6,
        "Cela dépend du zonage dentaire de l'adresse retenue : le contrat est ouvert dans les "
        "zones très sous-dotées. Envoyez-moi l'adresse du local et je vérifie ; le contrat se "
        "signe au plus tard un an après l'installation.",
    ),
    (
        "r.mathieu",
        ORDRE,
        "ordre-",
        "",
        "Le Dr Mathieu pourra-t-elle être inscrite au tableau à la prochaine séance du "
        "conseil ? Son dossier a été déposé le mois dernier.",
        "Dermatologue venue d'un autre département, installation envisagée à Figeac.",
        True,
        0.9,
        REPLY,
        11,
        "Son dossier est complet : il passera à la séance du conseil du mois prochain. Elle "
        "recevra ensuite son attestation d'inscription et sa carte professionnelle par "
        "courrier.",
    ),
    (
        "m.faure",
        DEPARTMENT,
        "",
        Need.PREMISES,
        "Un local de kinésithérapie est-il disponible à Gourdon, à la maison de santé ou en "
        "centre-ville ?",
        "Masseur-kinésithérapeute, cherche une soixantaine de mètres carrés accessibles, "
        "installation souhaitée au printemps.",
        False,
        None,
        WAITING,
        None,
        "",
    ),
]


# Who answers the history's requests where not the primary contact: at the CPAM, the
# relations with health professionals (Sylvie Delmas, whom the ask page proposes, has none yet).
HISTORY_CONTACTS = {CPAM: "julien.roques@demo.example"}


def history_window(now=None):
    """(start, end) of the history: the current year up to two weeks ago, or the last
    ``WINDOW_DAYS`` days when the year is not ``WINDOW_MIN_DAYS`` days old."""
    now = now or timezone.now()
    start = timezone.make_aware(datetime(now.year, 1, 1, 9))
    if now - start < timedelta(days=WINDOW_MIN_DAYS):
        start = now - timedelta(days=WINDOW_DAYS)
    return start, now - timedelta(days=14)


def _working_moment(day, at):
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, at))


def _move(partner_request, mark, at):
    """Move what the services wrote for ``partner_request`` since ``mark`` to ``at``; its
    mails are sent then (as ``demo.partner_sessions`` does)."""
    delta = at - mark
    case = partner_request.case
    move_case_writes([case], mark, delta)
    mine = PartnerRequest.objects.filter(pk=partner_request.pk)
    mine.filter(created_at__gte=mark).update(
        created_at=F("created_at") + delta, expires_at=F("expires_at") + delta
    )
    mine.filter(first_answer_at__gte=mark).update(first_answer_at=F("first_answer_at") + delta)
    PartnerMessage.objects.filter(request=partner_request, created_at__gte=mark).update(
        created_at=F("created_at") + delta
    )
    PartnerAccess.objects.filter(request=partner_request, at__gte=mark).update(at=F("at") + delta)
    mails_sent(OutgoingMail.objects.filter(created_at__gte=mark), at)


def align_step_with_its_line(step, mark):
    """The step done at the moment of its « Démarche faite » line (the demo's cases keep the
    two equal), a few microseconds later than ``set_step_done`` stamped it: still before the
    link's « step_done » access, logged after the line."""
    line = (
        CaseEvent.objects.filter(
            case_id=step.case_id,
            kind=EventKind.STEP,
            created_at__gte=mark,
            body__contains=step.title,
        )
        .order_by("created_at")
        .first()
    )
    if line is not None:
        Step.objects.filter(pk=step.pk).update(done_at=line.created_at)


def _asked_at(case, where, window):
    start, end = window
    if where is None:
        return _working_moment(timezone.localdate() - timedelta(days=WAITING_DAYS), time(10, 30))
    moment = start + (end - start) * where
    followed = case.first_contact_at or case.assigned_at or case.submitted_at
    if followed is not None:
        moment = max(moment, followed + timedelta(days=1))
    return _working_moment(timezone.localtime(moment).date(), time(10, 30))


def _story(case, partner, item, window):
    """One request of ``HISTORY``, through the services, each step at its past moment."""
    _login, _name, prefix, need, question, context, public, where, outcome, days, answer = item
    step = _step(case, prefix) if prefix else None
    if prefix and step is None:
        step, need = None, Need.OTHER
    asked = _asked_at(case, where, window)
    contacts = partner.contacts.order_by("-is_primary", "pk")
    named = contacts.filter(email=HISTORY_CONTACTS.get(partner.name, "")).first()
    contact = named or contacts.first()
    mark = timezone.now()
    partner_request = partner_requests.ask(
        case,
        by=case.referent,
        partner=partner,
        contact=contact,
        question=question,
        due_on=partner_requests.add_working_days(asked.date(), 10),
        step=step,
        need=need if step is None else "",
        context=context,
        public=public,
    )
    if outcome == LATE:
        # The reminder goes while the link is live: before the request is moved back.
        reminded = partner_requests.add_working_days(partner_request.due_on, 1)
        reminder_mark = timezone.now()
        partner_requests.remind(today=reminded)
        _move(partner_request, reminder_mark, _working_moment(reminded, time(8)))
    _move(partner_request, mark, asked)
    if outcome == WAITING:
        return partner_request
    answered = _working_moment((asked + timedelta(days=days)).date(), time(14, 30))
    answered = min(answered, timezone.now() - timedelta(hours=1))  # never in the future
    mark = timezone.now()
    partner_requests.reply(partner_request, author=PartnerMessage.Author.PARTNER, body=answer)
    if step is not None and step.done_at is None and outcome == STEP_DONE:
        partner_requests.mark_step_done(partner_request)
        align_step_with_its_line(step, mark)
    elif step is not None and step.done_at is None and outcome == APPLICANT_TO_DO:
        partner_requests.mark_applicant_to_do(partner_request)
    _move(partner_request, mark, answered)
    return partner_request


def _history(partners):
    """``HISTORY``'s requests not there yet (found by case, partner and question)."""
    window = history_window()
    made, cases = 0, set()
    for item in HISTORY:
        login, name, question = item[0], item[1], item[4]
        case = Case.objects.filter(applicant__email=f"{login}@demo.example", desk__slug="lot")
        case = case.select_related("referent").first()
        partner = partners.get(name)
        if case is None or partner is None or not case.referent_id:
            continue
        if case.status not in partner_requests.ASKABLE_STATES:
            continue
        if PartnerRequest.objects.filter(case=case, partner=partner, question=question).exists():
            continue
        _story(case, partner, item, window)
        made += 1
        cases.add(case.pk)
    for case in Case.objects.filter(pk__in=cases):
        Case.objects.filter(pk=case.pk).update(last_activity_at=last_activity(case))
    return made


def load(report):
    desk = Desk.objects.filter(slug="lot").first()
    if desk is None:
        return
    now = timezone.now()
    partners = _partners(desk, timezone.localdate())
    made = _requests(partners, now)
    made += _history(partners)
    report.line(
        f"{len(partners)} partenaires du guichet du Lot, "
        f"{PartnerContact.objects.filter(partner__desk=desk).count()} contacts, "
        f"{made} demandes nouvelles."
    )
