"""The world of the role × URL matrix (test_url_matrix.py): two desks, Lot (A) and Gers (B),
each with a bit of everything, and the cast of tests/conftest.py signed in.

Rows are named ``<thing>_a`` (desk A) or ``<thing>_b`` (desk B); the matrix reads a row's desk
from that suffix. Desk A's personal data carry the markers of ``SECRETS_A``.
"""

from datetime import date, timedelta

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from ambassadors.models import Introduction
from events.enums import Audience, DocumentKind
from events.models import CoHost, GuestMessage, PrintJob
from installations.models import Reminder, ServiceLevel, Step
from opportunities.models import Match
from partners import requests as partner_requests
from partners import sessions as partner_sessions
from partners.models import AppointmentSession, PartnerAccess, PartnerMessage, SessionAccess
from portal.document_jobs import JobStatus
from portal.models import AccessAction, AccessLog, OutgoingMail
from reporting.models import ReportJob
from structures.models import Profession, VacancySubscription
from structures.offers import edit_token as offer_edit_token
from structures.offers import email_token as offer_email_token
from structures.professions import PROFESSIONS, seed
from structures.services import confirmation_token
from students.models import HousingAllocation
from tests.aids.factories import SchemeFactory
from tests.ambassadors.factories import AmbassadorFactory
from tests.events.factories import EventFactory, InvitationFactory
from tests.hotline.factories import HotlineRecordFactory
from tests.installations.factories import CaseFactory, ReferentFactory, StepTemplateFactory
from tests.partners.factories import (
    PartnerContactFactory,
    PartnerFactory,
    PartnerRequestFactory,
)
from tests.portal.factories import UserFactory
from tests.structures.factories import (
    PlacementFactory,
    ProfessionalFactory,
    StructureFactory,
    VacancyFactory,
    profession,
)
from tests.students.factories import (
    HousingOfferFactory,
    HousingPeriodFactory,
    HousingRequestFactory,
    PlacementCaseFactory,
)
from tests.territories.factories import (
    CommuneFactory,
    CommuneZoningFactory,
    DepartmentFactory,
    DeskFactory,
    DeskMemberFactory,
    EpciFactory,
    ZoningLayerFactory,
)
from welcome.models import PracticalResource, WelcomePack

# What desk A keeps to itself: its applicants, their cases, its callers and guests, its referent.
SECRETS_A = (
    "Durand-Lotois",
    "camille.durand@exemple.test",
    "Cazalis-Lotois",
    "Lacombe-Lotois",
    "Vidal-Lotois",
    "INS-2026-46001",
    "INS-2026-46002",
    "INS-2026-46003",
    "Appelant-Lotois",
    "Invite-Lotois",
    "Fabre-Lotois",
    "Offreur-Lotois",  # a published offer's private contact
    "Delmas-Lotois",  # a GP of 64 on desk A's « départs à anticiper »
)

# A 1×1 transparent PNG: desk A's logo.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n%%EOF\n"


class World(dict):
    """Objects by name; ``world.case_a`` reads ``world["case_a"]``."""

    __getattr__ = dict.__getitem__
    __setattr__ = dict.__setitem__


def build_world():
    w = World()
    if Profession.objects.count() < len(PROFESSIONS):
        seed(Profession)
    w.gp = gp = profession("medecin-generaliste")
    _territory(w)
    _cast(w)
    for d in ("a", "b"):
        _offer(w, d, gp)
        _cases(w, d, gp)
        _events(w, d)
        _appointment_sessions(w, d)
        _partner_requests(w, d)
    w.scheme = SchemeFactory(name="Contrat d'engagement de service public")
    w.step_template = StepTemplateFactory(title="Inscription au tableau de l'Ordre")
    w.group = Group.objects.create(name="Lecteurs")
    w.authenticator = Authenticator.objects.create(
        user=w.superuser,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "0" * 40, "used_mask": 0},
    )
    w.vacancy_token = confirmation_token(w.vacancy_a)
    w.offer_email_token = offer_email_token(w.form_offer_a)
    w.offer_edit_token = offer_edit_token(w.form_offer_a)
    w.case_type = ContentType.objects.get_for_model(w.case_a)
    return w


def _territory(w):
    w.lot = w.lot_a = DepartmentFactory(code="46", name="Lot")
    w.gers = w.gers_b = DepartmentFactory(code="32", name="Gers")
    w.epci_a = EpciFactory(siren="200067361", name="CC Grand-Figeac", seat_department=w.lot)
    w.epci_b = EpciFactory(siren="243200425", name="CA Grand Auch", seat_department=w.gers)
    w.commune_a = CommuneFactory(
        insee_code="46102", name="Figeac", department=w.lot, epci=w.epci_a, postal_codes="46100"
    )
    w.commune_b = CommuneFactory(
        insee_code="32013", name="Auch", department=w.gers, epci=w.epci_b, postal_codes="32000"
    )
    w.zoning_layer = ZoningLayerFactory()
    w.commune_zoning_a = CommuneZoningFactory(layer=w.zoning_layer, commune=w.commune_a)
    w.commune_zoning_b = CommuneZoningFactory(
        layer=w.zoning_layer, commune=w.commune_b, value="hors"
    )
    w.desk_a = DeskFactory(name="Guichet santé du Lot", slug="lot", departments=[w.lot])
    w.desk_a.logo.save("lot.png", ContentFile(PNG))
    w.desk_b = DeskFactory(name="Guichet santé du Gers", slug="gers", departments=[w.gers])


def _cast(w):
    """The personas of tests/conftest.py, plus desk B's referent."""
    w.newcomer = w.user_a = UserFactory(
        email="camille.durand@exemple.test", first_name="Camille", last_name="Durand-Lotois"
    )
    w.other_newcomer = w.user_b = UserFactory(email="autre.arrivant@exemple.test")
    w.referent = DeskMemberFactory(
        user__referent=True,
        user__email="referent@exemple.test",
        user__last_name="Fabre-Lotois",
        desk=w.desk_a,
    ).user
    w.other_referent = DeskMemberFactory(user__referent=True, desk=w.desk_a).user
    w.referent_b = DeskMemberFactory(user__referent=True, desk=w.desk_b).user
    w.staff = DeskMemberFactory(
        user__staff=True, user__email="equipe@exemple.test", desk=w.desk_a
    ).user
    w.other_staff = DeskMemberFactory(user__staff=True, desk=w.desk_b).user
    w.coordinator = DeskMemberFactory(user__coordinator=True, desk=w.desk_a).user
    w.superuser = UserFactory(superuser=True)
    w.referent_profile_a = ReferentFactory(user=w.referent, communes=[w.commune_a])
    w.referent_profile_b = ReferentFactory(user=w.referent_b, communes=[w.commune_b])


def _offer(w, d, gp):
    desk, commune = w[f"desk_{d}"], w[f"commune_{d}"]
    w[f"structure_{d}"] = structure = StructureFactory(commune=commune)
    w[f"vacancy_{d}"] = VacancyFactory(structure=structure, profession=gp)
    # Published, its contact kept private: only the desk's pages may show it (the API never).
    suffix = "Lotois" if d == "a" else "Gersois"
    w[f"private_offer_{d}"] = VacancyFactory(
        structure=structure,
        profession=gp,
        contact_name=f"Offreur-{suffix}",
        contact_email=f"offreur.{suffix.lower()}@exemple.test",
    )
    # Offered on the public form by a retiring GP (no structure), published, contact private.
    w[f"form_offer_{d}"] = VacancyFactory(
        structure=None,
        commune=commune,
        kind="succession",
        profession=gp,
        offerer_kind="practitioner",
        offerer_name="Dr Cédant",
        contact_name=f"Cédant Offreur-{suffix}",
        contact_email=f"cedant.{suffix.lower()}@exemple.test",
    )
    w[f"placement_site_{d}"] = PlacementFactory(structure=structure, profession=gp)
    w[f"professional_{d}"] = ProfessionalFactory(commune=commune, profession=gp)
    if d == "a":
        w.senior_professional_a = ProfessionalFactory(
            commune=commune,
            profession=gp,
            last_name="Delmas-Lotois",
            birth_year=date.today().year - 64,
        )
    w[f"housing_offer_{d}"] = HousingOfferFactory(commune=commune)
    w[f"housing_period_{d}"] = HousingPeriodFactory(offer=w[f"housing_offer_{d}"])
    w[f"ambassador_{d}"] = AmbassadorFactory(commune=commune, profession=gp)
    w[f"scheme_{d}"] = SchemeFactory(
        desk=desk, territory_level="department", department=commune.department
    )
    w[f"resource_{d}"] = PracticalResource.objects.create(
        desk=desk, category="leisure", title="Club de randonnée"
    )
    w[f"service_level_{d}"] = ServiceLevel.objects.create(desk=desk)
    for exact in (True, False):  # the yearly report's PDF, with exact or masked figures
        w[f"report_job_{'exact' if exact else 'masked'}_{d}"] = ReportJob.objects.create(
            desk=desk,
            start=date(2025, 1, 1),
            end=date(2025, 12, 31),
            exact=exact,
            status=JobStatus.DONE,
            data_key=f"{exact:d}" * 64,
            file=ContentFile(PDF, name="bilan.pdf"),
        )
    applicant = w.newcomer if d == "a" else w.other_newcomer
    w[f"subscription_{d}"] = VacancySubscription.objects.create(user=applicant, profession=gp)


def _cases(w, d, gp):
    """Desk A's cases belong to ``newcomer`` (referent: ``referent``), desk B's to
    ``other_newcomer`` (referent: ``referent_b``): a draft, a submitted case, a case in
    progress and a training placement with its housing; one open case per profession."""
    desk, commune = w[f"desk_{d}"], w[f"commune_{d}"]
    applicant, referent = (w.newcomer, w.referent) if d == "a" else (w.other_newcomer, w.referent_b)
    suffix, number = ("Lotois", 46000) if d == "a" else ("Gersois", 32000)
    common = {"applicant": applicant, "communes": [commune]}
    w[f"draft_{d}"] = CaseFactory(draft=True, profession=profession("infirmier"), **common)
    w[f"case_{d}"] = case = CaseFactory(
        desk=desk,
        profession=gp,
        in_progress=True,
        referent=referent,
        last_name=f"Cazalis-{suffix}",
        reference=f"INS-2026-{number + 1}",
        **common,
    )
    w[f"submitted_{d}"] = CaseFactory(
        desk=desk,
        profession=profession("sage-femme"),
        last_name=f"Lacombe-{suffix}",
        reference=f"INS-2026-{number + 2}",
        **common,
    )
    w[f"placement_case_{d}"] = PlacementCaseFactory(
        desk=desk,
        profession=profession("masseur-kinesitherapeute"),
        assigned=True,
        referent=referent,
        last_name=f"Vidal-{suffix}",
        reference=f"INS-2026-{number + 3}",
        **common,
    )
    w[f"step_{d}"] = Step.objects.create(case=case, title="Inscription à l'Ordre")
    w[f"housing_request_{d}"] = HousingRequestFactory(
        case=w[f"placement_case_{d}"], wished_offer=w[f"housing_offer_{d}"]
    )
    w[f"allocation_{d}"] = HousingAllocation.objects.create(
        request=w[f"housing_request_{d}"], period=w[f"housing_period_{d}"], place=1
    )
    w[f"introduction_{d}"] = Introduction.objects.create(
        case=case, ambassador=w[f"ambassador_{d}"], proposed_by=referent
    )
    w[f"match_{d}"] = Match.objects.create(
        case=case, vacancy=w[f"vacancy_{d}"], score=80, reasons=["même profession"]
    )
    w[f"hotline_{d}"] = HotlineRecordFactory(
        desk=desk, caller_last_name=f"Appelant-{suffix}", case=case
    )
    w[f"welcome_pack_{d}"] = WelcomePack.objects.create(
        case=case, content_hash="0" * 64, file=ContentFile(PDF, name="livret.pdf")
    )
    w[f"mail_{d}"] = OutgoingMail.objects.create(
        to=applicant.email, subject=f"Votre dossier {case.reference}", body_text="Bonjour"
    )
    w[f"reminder_{d}"] = Reminder.objects.create(
        case=case, rule="idle", period="2026-01", recipient=referent, mail=w[f"mail_{d}"]
    )
    w[f"email_address_{d}"] = applicant.emailaddress_set.get()
    w[f"access_log_{d}"] = AccessLog.objects.create(
        user=w.staff if d == "a" else w.other_staff,
        action=AccessAction.CASE_READ,
        label=f"{case.reference} — {case.applicant_name}",
        object_type="installations.case",
        object_id=str(case.pk),
        desk_id=desk.pk,
    )


def _events(w, d):
    suffix = "Lotois" if d == "a" else "Gersois"
    w[f"event_{d}"] = event = EventFactory(desk=w[f"desk_{d}"], commune=w[f"commune_{d}"])
    w[f"draft_event_{d}"] = EventFactory(desk=w[f"desk_{d}"], commune=w[f"commune_{d}"], draft=True)
    w[f"invitation_{d}"] = InvitationFactory(event=event, last_name=f"Invite-{suffix}")
    w[f"print_job_{d}"] = PrintJob.objects.create(
        event=event,
        kind=DocumentKind.SIGN_IN,
        status=JobStatus.DONE,
        data_key="0" * 64,
        file=ContentFile(PDF, name="emargement.pdf"),
    )
    w[f"cohost_{d}"] = CoHost.objects.create(desk=w[f"desk_{d}"], name=f"CPTS {suffix}")
    w[f"guest_message_{d}"] = GuestMessage.objects.create(
        event=event, audience=Audience.ACCEPTED, subject="Rappel", body="À demain."
    )


def _appointment_sessions(w, d):
    """A published single appointment to come, its slot booked by ``case_<d>``, and one held
    long ago whose partner's link has expired (410)."""
    suffix = "Lotois" if d == "a" else "Gersois"
    desk = w[f"desk_{d}"]
    w[f"session_partner_{d}"] = partner = PartnerFactory(
        desk=desk, name=f"Ordre des médecins {suffix} (rendez-vous unique)"
    )
    starts = timezone.now().replace(microsecond=0) + timedelta(days=7)
    w[f"session_{d}"] = session = AppointmentSession.objects.create(
        desk=desk,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        place="Maison des services",
        published=True,
    )
    session.partners.set([partner])
    partner_sessions.generate_slots(session)
    w[f"session_slot_{d}"] = slot = session.slots.order_by("starts_at").first()
    partner_sessions.book(w[f"case_{d}"], slot.pk, by=w[f"case_{d}"].applicant)
    w[f"session_token_{d}"] = partner_sessions.make_token(session, partner)
    long_ago = timezone.now() - timedelta(days=60)
    w[f"old_session_{d}"] = old = AppointmentSession.objects.create(
        desk=desk, starts_at=long_ago, ends_at=long_ago + timedelta(hours=1), held=True
    )
    old.partners.set([partner])
    w[f"expired_session_token_{d}"] = partner_sessions.make_token(old, partner)
    w[f"session_access_{d}"] = SessionAccess.objects.create(
        session=session, partner=partner, action="view"
    )


def _partner_requests(w, d):
    """A request of ``case_<d>``'s referent to the desk's CPAM about ``step_<d>``, answered
    once, and its link (``partner_token_<d>``); on desk A, three dead links too: expired,
    revoked, and the one a new link replaced. The ``partner`` of the matrix holds desk A's."""
    suffix = "Lotois" if d == "a" else "Gersois"
    case = w[f"case_{d}"]
    w[f"partner_{d}"] = partner = PartnerFactory(desk=w[f"desk_{d}"], name=f"CPAM {suffix}")
    w[f"partner_contact_{d}"] = contact = PartnerContactFactory(partner=partner)
    w[f"partner_request_{d}"] = live = PartnerRequestFactory(
        case=case, contact=contact, step=w[f"step_{d}"], need="", created_by=case.referent
    )
    PartnerMessage.objects.create(request=live, author="partner", body="Rendez-vous le 12.")
    w[f"partner_token_{d}"] = partner_requests.make_token(live)
    w[f"partner_access_{d}"] = PartnerAccess.objects.create(request=live, action="view")
    if d != "a":
        return
    expired = PartnerRequestFactory(
        case=case, contact=contact, expires_at=timezone.now() - timedelta(days=1)
    )
    revoked = PartnerRequestFactory(case=case, contact=contact, revoked_at=timezone.now())
    replaced = PartnerRequestFactory(case=case, contact=contact)
    w.expired_partner_token_a = partner_requests.make_token(expired)
    w.revoked_partner_token_a = partner_requests.make_token(revoked)
    w.replaced_partner_token_a = partner_requests.make_token(replaced)
    replaced.token_secret = "0" * 32
    replaced.save(update_fields=["token_secret"])
