"""French as the French write it, in every mail and on the main pages of each role.

The demo is loaded once; every mail template is rendered through ``portal.mail`` with the demo's
objects (dates on the 1st of a month, amounts above 10 000, counts of 0 and 1), and the main
pages of each role are read as their visible text (text nodes only: no attribute, no URL).
Each text is scanned for the slips issue 15 found: « 1 septembre », « 22 Nov », « 176473 »,
« de Alvignac », « 1 présents », « (s) », doubled colons, « !. », « )) », « référent·e ».
"""

import re
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail as django_mail
from django.urls import reverse

from ambassadors.models import Ambassador
from events.models import Event, Invitation
from hotline.models import HotlineRecord
from installations.enums import CaseStatus
from installations.models import Case
from installations.status_text import STATUS_TEXT
from portal.formatting import NBSP
from portal.mail import deliver, render_templated, send_templated
from portal.models import OutgoingMail, User
from structures.models import Vacancy, VacancySubscription
from students.models import HousingPeriod
from tests.demo.conftest import demo_data, demo_media  # noqa: F401 (the module-scoped demo fixture)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
FIRST = date(2026, 9, 1)
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
CAPITAL_OR_SHORT_MONTHS = (
    "Janvier|Février|Mars|Avril|Mai|Juin|Juillet|Août|Septembre|Octobre|Novembre|Décembre"
    "|Jan|Feb|Fév|Mar|Apr|Avr|May|Jun|Jul|Juil|Aug|Aoû|Sep|Sept|Oct|Nov|Dec|Déc"
    "|janv|févr|avr|juil|sept|oct|nov|déc"
)
COUNTED = (
    "personnes|présents|inscrits|invités|dossiers|demandes|postes|structures|places|points"
    "|aides|démarches|dispositifs|terrains|accompagnants|installations|jours|erreurs"
)
SPACE = rf"[ {NBSP}\u202f]"
SLIPS = {
    "« 1 » au lieu de « 1er »": rf"(?<![\d,]){SPACE}?\b1{SPACE}+(?:{MONTHS})\b",
    "mois en capitale ou abrégé": rf"\d{SPACE}+(?:{CAPITAL_OR_SHORT_MONTHS})\b",
    "nombre sans séparateur de milliers": rf"(?<![\w/.:°-])\d{{5,7}}(?![\w/.-])(?!{SPACE}+[A-Z])",
    "élision oubliée": r"\b(?:de|De|le|Le) (?=[AEIOUYÉÈÊÎÔÂ][a-zàâçéèêëîïôöùûü])",
    "pluriel après 0 ou 1": rf"(?<![\d,]){SPACE}?\b[01]{SPACE}+(?:{COUNTED})\b",
    "« (s) »": r"\w\(s\)",
    "deux-points doublés": r":\s*:",
    "ponctuation doublée": r"[!?]\s*\.",
    "parenthèses imbriquées": r"\(\(|\)\)",
    "« référent·e »": r"référent·e",
}


def slips(text):
    """The slips found in ``text``, with a few characters around each."""
    found = []
    for name, pattern in SLIPS.items():
        for match in re.finditer(pattern, text):
            around = text[max(0, match.start() - 30) : match.end() + 30].replace("\n", " ")
            found.append(f"{name} : …{around}…")
    return found


BLOCKS = {"p", "div", "li", "td", "th", "tr", "dt", "dd", "br", "h1", "h2", "h3", "h4", "option"}
BLOCKS |= {"section", "article", "header", "footer", "nav", "caption", "title", "label", "ul"}


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes only, a space between blocks, no script or style."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden -= 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return "".join(parser.parts)


# --- Mails ----------------------------------------------------------------------------------

TEMPLATES = sorted(
    path.name.removesuffix("_subject.txt")
    for path in (Path(settings.BASE_DIR) / "templates" / "emails").glob("*_subject.txt")
)


@pytest.fixture
def samples(demo_data):  # noqa: F811
    """Demo objects, changed in memory only, so that every slip would show."""
    case = (
        Case.objects.filter(desk__isnull=False, referent__isnull=False)
        .select_related("desk", "referent", "applicant", "installed_commune")
        .first()
    )
    case.civility = "mme"
    invitation = Invitation.objects.select_related("event__desk", "event__commune").first()
    event = invitation.event
    event.starts_at = datetime(2026, 9, 1, 18, 30, tzinfo=PARIS)
    event.ends_at = datetime(2026, 9, 1, 21, 0, tzinfo=PARIS)
    event.registration_deadline = datetime(2026, 8, 1, 12, 0, tzinfo=PARIS)
    event.cancellation_reason = "La salle n'est plus disponible."
    vacancy = Vacancy.objects.select_related("structure__commune", "profession").first()
    vacancy.confirmed_on = vacancy.start_date = FIRST
    period = HousingPeriod.objects.select_related("offer__commune").first()
    period.starts_on, period.ends_on = FIRST, date(2027, 2, 1)
    period.monthly_price = Decimal("12500")
    subscription = VacancySubscription.objects.first() or VacancySubscription(
        user=case.applicant, profession=vacancy.profession
    )
    referent = case.referent
    entry = SimpleNamespace(case=case, detail="premier contact attendu", url="https://exemple.test")
    return {
        "case": case,
        "invitation": invitation,
        "event": event,
        "vacancy": vacancy,
        "vacancies": [vacancy],
        "period": period,
        "subscription": subscription,
        "user": case.applicant,
        "referent": referent,
        "profile": getattr(referent, "referent_profile", None),
        "recipient": referent,
        "ambassador": Ambassador.objects.select_related("commune").first(),
        "ambassador_first_name": "Louise",
        "first_name": case.first_name,
        "newcomer": {"first_name": "Camille", "profession": "médecin", "topics": ["l'école"]},
        "topics": ["l'école", "le logement"],
        "days": 1,
        "free": 1,
        "position": 2,
        "desk_name": case.desk.name,
        "desk_email": case.desk.email,
        "record": HotlineRecord.objects.select_related("desk").first(),
        "new_account": True,
        "password_url": "https://exemple.test/mot-de-passe",
        "message": SimpleNamespace(subject="Un mot avant la soirée", body="À bientôt."),
        "item": SimpleNamespace(detail="6 mois", period=30),
        "groups": {"premiers contacts à faire": [entry]},
        "count": 1,
        "today": FIRST,
        "deletion_on": FIRST,
        "closes_at": FIRST,
        "months": 1,
        "draft_url": "https://exemple.test/brouillon",
        "url": "https://exemple.test/dossier",
        "reason": "Le projet est reporté.",
        "unsubscribe_path": "/postes/alertes/",
        "confirm_path": "/postes/confirmer/jeton/",
        "status_text": STATUS_TEXT[CaseStatus.INSTALLED],
        # A request to a partner (partners.requests)
        "partner_name": "CPAM du Lot",
        "contact_name": "Sylvie Delmas",
        "referent_name": "Marion Dupuy",
        "subject": "Rendez-vous CPAM : adhésion à la convention",
        "question": "Peut-elle signer la convention en janvier ?",
        "context_text": "Installation en MSP à Figeac.",
        "due_on": FIRST,
        "again": False,
        "body": "Oui, rendez-vous le 12 janvier.",
        # Offers that fit a case and introductions (opportunities)
        "case_path": "/mon-dossier/1/",
        "vacancy_path": "/postes/1/",
        "newcomer_email": "camille@exemple.test",
        "matches": [
            SimpleNamespace(vacancy=vacancy, reasons=["même profession", "à 7 km de Gramat"])
        ],
        # The single appointment (partners.sessions)
        "slot": SimpleNamespace(starts_at=datetime(2027, 1, 12, 9, 30, tzinfo=PARIS)),
        "session": SimpleNamespace(
            starts_at=datetime(2027, 1, 12, 9, 0, tzinfo=PARIS),
            video_url="",
        ),
        "where": "Maison du Département, Cahors",
        "partners": ["CPAM du Lot", "URSSAF Midi-Pyrénées"],
        "to_bring": [
            {
                "partner": SimpleNamespace(name="CPAM du Lot"),
                "steps": [SimpleNamespace(title="Adhérer à la convention")],
            }
        ],
        "contact": SimpleNamespace(name="Sylvie Delmas"),
        "partner": SimpleNamespace(name="CPAM du Lot"),
        "link": "https://exemple.test/partenaire/rendez-vous/jeton/",
        "expires_on": date(2027, 2, 11),
        "booked": 2,
        "done": [SimpleNamespace(title="Adhérer à la convention", applicant_to_do=False)],
        "remaining": [SimpleNamespace(title="Inscription à l'Ordre", applicant_to_do=True)],
        "notes": [
            SimpleNamespace(
                partner=SimpleNamespace(name="CPAM du Lot"), note="Carte professionnelle reçue."
            )
        ],
    }


def case_context(samples, status=CaseStatus.INSTALLED):
    """What a case mail reads: the case in ``status``, its timeline line as ``event``."""
    samples["case"].status = status
    timeline_event = SimpleNamespace(body="Reprise prévue après l'été.")
    return {**samples, "event": timeline_event, "status_text": STATUS_TEXT[status]}


def contexts_for(template, samples):
    """One context per situation the template speaks of (each status for a status change)."""
    if not template.startswith("installations_"):
        return [samples]
    if template == "installations_status_changed":
        return (case_context(samples, status) for status in STATUS_TEXT)
    return [case_context(samples)]


def mail_texts(template, context):
    subject, text, html = render_templated(template, context)
    return {"objet": subject, "texte": text, "html": visible_text(html)}


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_mail_is_written_in_french(samples, template):
    problems = []
    for context in contexts_for(template, samples):
        for part, text in mail_texts(template, context).items():
            problems += [f"{template} ({part}) : {slip}" for slip in slips(text)]
            if template.startswith("installations_") and part != "objet":
                # The newcomer said « Madame »: no « ·e » in what concerns her.
                problems += [
                    f"{template} ({part}) : écriture inclusive pour une civilité connue"
                    for _ in re.findall(r"installé·e|informé·e|inscrit·e", text)
                ]
    assert not problems, "\n".join(problems)


def test_the_mail_counts_agree(samples):
    subject = mail_texts("installations_digest", {**samples, "count": 1})["objet"]
    assert subject == "1 point à suivre aujourd'hui"
    assert mail_texts("installations_digest", {**samples, "count": 3})["objet"].startswith(
        "3 points"
    )


def test_the_pause_reason_is_named(samples):
    texts = mail_texts("installations_status_changed", case_context(samples, CaseStatus.ON_HOLD))
    assert "Motif de la mise en pause : Reprise prévue après l'été." in texts["texte"]
    assert "Motif de la mise en pause : Reprise prévue après l'été." in texts["html"]


def test_a_known_civility_agrees(samples):
    texts = mail_texts("installations_status_changed", case_context(samples))
    assert "Vous êtes installée : bienvenue !\n" in texts["texte"]
    assert texts["objet"].endswith("— vous êtes installée : bienvenue !")


def test_a_desk_mail_is_sent_and_signed_by_the_desk(samples):
    case, desk = samples["case"], samples["case"].desk
    texts = mail_texts("installations_submitted", {**samples})
    for part in ("texte", "html"):
        signature = texts[part].rsplit("-- ", 1)[1]
        assert desk.name in signature and desk.email in signature
        assert "Installation santé" not in signature.replace(desk.name, "")

    row = send_templated(
        to="camille@exemple.test",
        template="installations_submitted",
        context={**samples, "case": case},
    )
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[1].rstrip(">")
    assert OutgoingMail.objects.get(pk=row.pk).from_email == f'"{desk.name}" <{address}>'
    assert deliver(row.pk)
    assert django_mail.outbox[-1].from_email == f'"{desk.name}" <{address}>'


def test_a_mail_without_a_desk_is_signed_by_the_portal(samples):
    texts = mail_texts(
        "privacy_draft_warning",
        {"draft_url": "https://exemple.test", "deletion_on": FIRST, "months": 6},
    )
    assert texts["texte"].rstrip().endswith("-- \nInstallation santé")
    row = send_templated(
        to="camille@exemple.test",
        template="privacy_draft_warning",
        context={"draft_url": "https://exemple.test", "deletion_on": FIRST, "months": 6},
    )
    assert row.from_email == ""
    assert deliver(row.pk)
    assert django_mail.outbox[-1].from_email == settings.DEFAULT_FROM_EMAIL


# --- Pages ----------------------------------------------------------------------------------


def pages_of(role_email):
    """The main pages a demo account opens, with their objects."""
    if role_email is None:
        return [
            reverse("home"),
            reverse("structures:directory"),
            reverse("structures:vacancies"),
            reverse("structures:placements"),
            reverse("aids:catalogue"),
            reverse("events:calendar"),
        ] + [reverse("events:event", args=[e.pk]) for e in Event.objects.order_by("pk")[:3]]
    user = User.objects.get(email=role_email)
    if role_email.startswith("nouvelle"):
        return [reverse("installations:my_case")] + [
            reverse("installations:case", args=[c.pk])
            for c in Case.objects.filter(applicant=user).order_by("pk")
        ]
    if role_email.startswith("referent"):
        return [reverse("installations:workspace")] + [
            reverse("installations:referent_case", args=[c.pk])
            for c in Case.objects.filter(referent=user).order_by("pk")[:8]
        ]
    desk = user.desk_membership.desk
    if role_email.startswith("equipe"):
        return [
            reverse("installations:dashboard"),
            reverse("installations:workspace"),
            reverse("reporting:report_desk", args=[desk.slug]),
            reverse("opportunities:departures"),
        ]
    events = Event.objects.filter(desk=desk).order_by("pk")[:3]
    pages = [reverse("events:office"), reverse("reporting:report_desk", args=[desk.slug])]
    pages += [reverse("reporting:observatory_desk", args=[desk.slug])]
    for event in events:
        for name in ("office_event", "check_in", "documents", "write", "guests"):
            pages.append(reverse(f"events:{name}", args=[event.pk]))
    return pages


ROLES = [
    None,
    "nouvelle.arrivante@demo.example",
    "referent.lot@demo.example",
    "coordination.lot@demo.example",
    "equipe.lot@demo.example",
]
ROLE_IDS = ["visiteur", "nouvel-arrivant", "référent", "coordination", "équipe"]


@pytest.mark.parametrize("role", ROLES, ids=ROLE_IDS)
def test_the_main_pages_are_written_in_french(demo_data, client, role):  # noqa: F811
    if role:
        client.force_login(User.objects.get(email=role))
    problems, seen = [], 0
    for url in pages_of(role):
        response = client.get(url, follow=True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        seen += 1
        problems += [f"{url} : {slip}" for slip in slips(visible_text(response.text))]
    assert seen >= 2
    assert not problems, "\n".join(problems)
