"""Every URL the resolver knows, for every role: who gets what.

The walk finds every pattern (ours, allauth's, the admin's: every registered model's list,
add, change, delete and history pages, with rows of both desks; a new URL tomorrow); the tables
below say who may reach each one. A pattern without an entry fails, asking its author to
declare who may reach it. Every response must also keep desk A's personal data from outsiders.

One world (tests/portal/url_matrix_world.py) serves the whole module, built in a transaction
rolled back after its last test; each visit runs in a savepoint rolled back after it, so no
visit changes the next one. A POST-only view gets an empty POST (no CSRF check, as Django's
test client does). The walk, the visits and the words of the tables: tests/portal/url_matrix.py.
"""

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, path
from django.urls.resolvers import RoutePattern

from tests.portal.url_matrix import (
    ACCOUNT_ROLES,
    ADMIN_ROLES,
    FORBIDDEN,
    NO_ONE,
    NOT_FOUND,
    OK,
    REDIRECT,
    ROLES,
    SUPERUSER_ONLY,
    AdminModel,
    Rule,
    at,
    desk_rows,
    event_rows,
    geography,
    in_admin,
    read_only,
    superuser_only,
    targets,
    visit,
    walk,
    who,
    written_by_the_code,
)
from tests.portal.url_matrix_world import SECRETS_A, build_world

pytestmark = pytest.mark.django_db

# None of desk A's personal data may reach them, on any page but one their own token opens.
OUTSIDERS_OF_A = ("anonymous", "other_newcomer", "other_staff", "partner")
# The token pages checked too: of desk A's personal data, each shows only these (the partner's
# link: the newcomer's name, never the case's reference, e-mail or another case).
TOKEN_PAGES_SHOW = {"partners:request_link": ("Cazalis-Lotois",)}


# --- Who may reach what -----------------------------------------------------------------------
PUBLIC = Rule(OK)
NOBODY = Rule(NOT_FOUND)  # a wrong token or key
SIGNED_IN = who(*ACCOUNT_ROLES)
SIGNED_IN_SENT_ON = who(*ACCOUNT_ROLES, gets=REDIRECT)  # nothing to do here now: sent on
ADMIN = in_admin()
NEWCOMERS = ("newcomer", "other_newcomer")
OFFICE = ("referent", "other_referent", "staff", "other_staff", "coordinator", "superuser")
EVENT_MANAGERS = ("staff", "other_staff", "coordinator", "superuser")
# Desk A's event: its managers; its referents read the coordination pages. Desk B's: its staff.
MANAGE_A, MANAGE_B = ("staff", "coordinator", "superuser"), ("other_staff", "superuser")
READ_A = ("referent", "other_referent", *MANAGE_A)
# A case of desk A: its applicant, its referent, its desk's staff. Of desk B: likewise.
FOLLOW_A = ("newcomer", "referent", "staff", "superuser")
FOLLOW_B = ("other_newcomer", "other_staff", "superuser")


def on_events(rule_a, rule_b, **kwargs):
    return [at(rule_a, pk="{event_a.pk}", **kwargs), at(rule_b, pk="{event_b.pk}", **kwargs)]


def on_cases(rule_a, rule_b, case="case"):
    return [at(rule_a, pk=f"{{{case}_a.pk}}"), at(rule_b, pk=f"{{{case}_b.pk}}")]


VIEW_ON_SITE = [
    at(
        in_admin(NOT_FOUND, staff=REDIRECT, superuser=REDIRECT),
        content_type_id="{case_type.pk}",
        object_id="{case_a.pk}",
    ),
    at(
        in_admin(NOT_FOUND, other_staff=REDIRECT, superuser=REDIRECT),
        content_type_id="{case_type.pk}",
        object_id="{case_b.pk}",
    ),
]

PAGES = {
    # --- portal
    "home": PUBLIC,
    "healthz": PUBLIC,
    "legal": PUBLIC,
    "privacy": PUBLIC,
    "accessibility": PUBLIC,
    "desk_logo": [at(PUBLIC, slug="{desk_a.slug}"), at(NOBODY, slug="{desk_b.slug}")],
    # Only with DEBUG (``make run``); in production the web server serves no media.
    "^media/(?P<path>.*)$": [at(NOBODY, path="nulle-part.pdf")],
    # --- privacy: « Mes données », everyone's own; deleting one's account, newcomers only
    "privacy:my_data": SIGNED_IN,
    "privacy:export_json": SIGNED_IN,
    "privacy:export_html": SIGNED_IN,
    "privacy:delete_account": who(*NEWCOMERS),
    "privacy:account_deleted": PUBLIC,
    # --- allauth: accounts and second factor
    "account_login": Rule(REDIRECT, anonymous=OK),
    "account_signup": Rule(REDIRECT, anonymous=OK),
    "account_logout": Rule(OK, anonymous=REDIRECT),
    "account_inactive": PUBLIC,
    "account_email_verification_sent": PUBLIC,
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": [at(PUBLIC, uidb36="zz", key="cle-inconnue")],
    "account_reset_password_from_key_done": PUBLIC,
    "account_confirm_email": [at(PUBLIC, key="cle-inconnue")],
    "account_email": SIGNED_IN,
    "account_change_password": SIGNED_IN,
    "account_set_password": SIGNED_IN_SENT_ON,  # they have one: sent to « change »
    "account_reauthenticate": SIGNED_IN,
    "account_request_reauthentication_code": SIGNED_IN,
    "account_confirm_reauthentication_code": SIGNED_IN_SENT_ON,
    "account_confirm_login_code": SIGNED_IN_SENT_ON,
    "mfa_index": SIGNED_IN,
    "mfa_authenticate": SIGNED_IN_SENT_ON,
    "mfa_activate_totp": SIGNED_IN_SENT_ON,  # asks to sign in again first
    "mfa_generate_recovery_codes": SIGNED_IN_SENT_ON,
    "mfa_reauthenticate": who(*ACCOUNT_ROLES, gets=REDIRECT)(superuser=OK),
    # Only the superuser has a second factor (recovery codes) in this world.
    "mfa_deactivate_totp": who(),
    "mfa_view_recovery_codes": who("superuser", gets=REDIRECT),
    "mfa_download_recovery_codes": who("superuser", gets=REDIRECT),
    # --- structures: the care offer, public; vacancy alerts, personal
    "structures:directory": PUBLIC,
    "structures:markers": PUBLIC,
    "structures:structures_csv": PUBLIC,
    "structures:structures_json": PUBLIC,
    "structures:structure": [at(PUBLIC, pk="{structure_a.pk}")],
    "structures:vacancies": PUBLIC,
    "structures:vacancies_csv": PUBLIC,
    "structures:vacancies_json": PUBLIC,
    "structures:vacancy": [at(PUBLIC, pk="{vacancy_a.pk}")],
    "structures:vacancy_confirm": [at(PUBLIC, token="{vacancy_token}"), at(NOBODY, token="faux")],
    # The public form of an offer, its address's confirmation and its offerer's edit link
    "structures:offer_new": PUBLIC,
    "structures:offer_email_confirm": [
        at(PUBLIC, token="{offer_email_token}"),
        at(NOBODY, token="faux"),
    ],
    "structures:offer_edit": [at(PUBLIC, token="{offer_edit_token}"), at(NOBODY, token="faux")],
    "structures:placements": PUBLIC,
    "structures:placement_markers": PUBLIC,
    "structures:placement": [at(PUBLIC, pk="{placement_site_a.pk}")],
    "structures:subscriptions": SIGNED_IN,
    "structures:unsubscribe": [
        at(who("newcomer", gets=REDIRECT), pk="{subscription_a.pk}"),
        at(who("other_newcomer", gets=REDIRECT), pk="{subscription_b.pk}"),
    ],
    # --- aids
    "aids:catalogue": PUBLIC,
    "aids:simulator": PUBLIC,
    "aids:scheme": [at(PUBLIC, slug="{scheme.slug}")],
    # Open to all; the walk sends no parameter, so everyone gets the 400 naming the missing
    # ones (a 200 with parameters: tests/aids/test_api.py).
    "aids:api_eligibility": Rule(400),
    # --- events: public pages, the invitation's answer, the coordination office
    "events:calendar": PUBLIC,
    "events:archive": PUBLIC,
    "events:feed": PUBLIC,
    "events:event": [
        at(PUBLIC, pk="{event_a.pk}"),
        at(Rule(NOT_FOUND, **dict.fromkeys(READ_A, OK)), pk="{draft_event_a.pk}"),
    ],
    "events:event_ics": [at(PUBLIC, pk="{event_a.pk}")],
    "events:answer": [at(PUBLIC, token="{invitation_a.token}"), at(NOBODY, token="faux")],
    "events:office": who(*OFFICE),
    "events:office_create": who(*EVENT_MANAGERS),
    "events:office_event": on_events(who(*READ_A), who(*MANAGE_B)),
    "events:csv": on_events(who(*READ_A), who(*MANAGE_B)),
    "events:office_edit": on_events(who(*MANAGE_A), who(*MANAGE_B)),
    "events:office_cancel": on_events(who(*MANAGE_A), who(*MANAGE_B)),
    "events:guests": on_events(who(*MANAGE_A), who(*MANAGE_B)),
    "events:write": on_events(who(*MANAGE_A), who(*MANAGE_B)),
    "events:check_in": on_events(who(*MANAGE_A), who(*MANAGE_B)),
    "events:documents": on_events(who(*MANAGE_A), who(*MANAGE_B)),
    "events:office_publish": on_events(
        who(*MANAGE_A, gets=REDIRECT), who(*MANAGE_B, gets=REDIRECT)
    ),
    "events:send": on_events(who(*MANAGE_A, gets=REDIRECT), who(*MANAGE_B, gets=REDIRECT)),
    "events:document_request": on_events(
        who(*MANAGE_A, gets=REDIRECT), who(*MANAGE_B, gets=REDIRECT)
    ),
    "events:calls": on_events(who(*MANAGE_A), who(*MANAGE_B)),
    "events:call_done": [
        at(who(*MANAGE_A, gets=REDIRECT), pk="{event_a.pk}", invitation_pk="{invitation_a.pk}"),
        at(who(*MANAGE_B, gets=REDIRECT), pk="{event_b.pk}", invitation_pk="{invitation_b.pk}"),
        at(who(), pk="{event_a.pk}", invitation_pk="{invitation_b.pk}"),
    ],
    "events:letters_sent": [
        at(who(*MANAGE_A, gets=REDIRECT), pk="{event_a.pk}", job_pk="{print_job_a.pk}"),
        at(who(*MANAGE_B, gets=REDIRECT), pk="{event_b.pk}", job_pk="{print_job_b.pk}"),
        at(who(), pk="{event_a.pk}", job_pk="{print_job_b.pk}"),
    ],
    # An invitation or a document of desk B under desk A's event: nobody.
    "events:check_in_toggle": [
        at(who(*MANAGE_A, gets=REDIRECT), pk="{event_a.pk}", invitation_pk="{invitation_a.pk}"),
        at(who(*MANAGE_B, gets=REDIRECT), pk="{event_b.pk}", invitation_pk="{invitation_b.pk}"),
        at(who(), pk="{event_a.pk}", invitation_pk="{invitation_b.pk}"),
    ],
    # The survey opens only for a guest who came to an event that is over: the world's
    # invitation (no answer, event to come) opens nothing, like a wrong token.
    "events:survey": [at(NOBODY, token="{invitation_a.token}"), at(NOBODY, token="faux")],
    "events:survey_results": on_events(who(*READ_A), who(*MANAGE_B)),
    # POST only; the world's event is not over: sent back to the results with a message.
    "events:survey_send": on_events(who(*MANAGE_A, gets=REDIRECT), who(*MANAGE_B, gets=REDIRECT)),
    # POST only; the world's invitation is not waiting: sent back with a message.
    "events:move_up": [
        at(who(*MANAGE_A, gets=REDIRECT), pk="{event_a.pk}", invitation_pk="{invitation_a.pk}"),
        at(who(*MANAGE_B, gets=REDIRECT), pk="{event_b.pk}", invitation_pk="{invitation_b.pk}"),
        at(who(), pk="{event_a.pk}", invitation_pk="{invitation_b.pk}"),
    ],
    # GET: the confirmation page; another event's invitation: nobody.
    "events:guest_remove": [
        at(who(*MANAGE_A), pk="{event_a.pk}", invitation_pk="{invitation_a.pk}"),
        at(who(*MANAGE_B), pk="{event_b.pk}", invitation_pk="{invitation_b.pk}"),
        at(who(), pk="{event_a.pk}", invitation_pk="{invitation_b.pk}"),
    ],
    **{
        name: [
            at(who(*MANAGE_A), pk="{event_a.pk}", job_pk="{print_job_a.pk}"),
            at(who(*MANAGE_B), pk="{event_b.pk}", job_pk="{print_job_b.pk}"),
            at(who(), pk="{event_a.pk}", job_pk="{print_job_b.pk}"),
        ]
        for name in ("events:document", "events:document_json", "events:document_download")
    },
    # --- installations: the newcomer's pages
    "installations:my_case": who(*NEWCOMERS),
    "installations:request_start": who(*NEWCOMERS),
    "installations:case": [
        *on_cases(who("newcomer"), who("other_newcomer")),
        at(who("newcomer"), pk="{submitted_a.pk}"),
        at(who("newcomer"), pk="{draft_a.pk}"),
    ],
    "installations:request_step": [
        at(who("newcomer"), pk="{draft_a.pk}", step="vous"),
        at(who("other_newcomer"), pk="{draft_b.pk}", step="vous"),
        at(who("newcomer", gets=REDIRECT), pk="{case_a.pk}", step="vous"),  # sent: read only
    ],
    "installations:withdraw": on_cases(who("newcomer"), who("other_newcomer")),
    "installations:message": on_cases(
        who("newcomer", gets=REDIRECT), who("other_newcomer", gets=REDIRECT)
    ),
    "installations:resume": on_cases(
        who("newcomer", gets=REDIRECT), who("other_newcomer", gets=REDIRECT)
    ),
    "installations:vacancy_interest": [
        at(who(*NEWCOMERS, gets=REDIRECT), vacancy_pk="{vacancy_a.pk}")
    ],
    "installations:commune_suggestions": PUBLIC,
    "welcome:download": on_cases(who(*FOLLOW_A), who(*FOLLOW_B)),
    "welcome:regenerate": on_cases(who(*FOLLOW_A, gets=REDIRECT), who(*FOLLOW_B, gets=REDIRECT)),
    # --- installations: the desk dashboard (each desk's staff see their own desk's counts)
    "installations:dashboard": who("staff", "other_staff", "superuser"),
    # --- installations: the referent's pages (desk B's referent is not in the cast)
    "installations:workspace": who("referent", "other_referent", "superuser"),
    "installations:referent_case": [
        *on_cases(who("referent", "superuser"), who("superuser")),
        at(who("superuser"), pk="{submitted_a.pk}"),  # not assigned yet
    ],
    "installations:referent_transition": [
        at(who("referent", "superuser"), pk="{case_a.pk}", name="hold"),
        at(who("superuser"), pk="{case_b.pk}", name="hold"),
    ],
    **{
        name: on_cases(who("referent", "superuser", gets=REDIRECT), who("superuser", gets=REDIRECT))
        for name in (
            "installations:referent_note",
            "installations:referent_message",
            "installations:referent_next_action",
            "ambassadors:propose",
        )
    },
    "installations:referent_step": [
        at(who("referent", "superuser", gets=REDIRECT), pk="{case_a.pk}", step_pk="{step_a.pk}"),
        at(who("superuser", gets=REDIRECT), pk="{case_b.pk}", step_pk="{step_b.pk}"),
        at(who(), pk="{case_a.pk}", step_pk="{step_b.pk}"),  # another case's step: nobody
    ],
    # --- students
    "students:placement_interest": [
        at(who(*NEWCOMERS, gets=REDIRECT), placement_pk="{placement_site_a.pk}")
    ],
    "students:housing_request": on_cases(
        who("newcomer", gets=REDIRECT), who("other_newcomer", gets=REDIRECT), "placement_case"
    ),
    "students:referent_placement": on_cases(
        who("referent", "superuser", gets=REDIRECT),
        who("superuser", gets=REDIRECT),
        "placement_case",
    ),
    # --- ambassadors
    "ambassadors:register": PUBLIC,
    "ambassadors:answer": [
        at(PUBLIC, token="{introduction_a.newcomer_token}"),
        at(PUBLIC, token="{introduction_a.ambassador_token}"),
        at(NOBODY, token="faux"),
    ],
    # --- reporting: public figures (masked); the exact ones for the desk's staff
    "reporting:observatory": PUBLIC,
    "reporting:observatory_desk": [at(PUBLIC, slug="{desk_a.slug}")],
    "reporting:observatory_csv": [at(PUBLIC, slug="{desk_a.slug}")],
    "reporting:report": PUBLIC,
    "reporting:report_desk": [at(PUBLIC, slug="{desk_a.slug}"), at(PUBLIC, slug="{desk_b.slug}")],
    "reporting:report_csv": [at(PUBLIC, slug="{desk_a.slug}")],
    "reporting:report_pdf": [at(Rule(REDIRECT), slug="{desk_a.slug}")],
    **{
        name: [
            at(PUBLIC, slug="{desk_a.slug}", job_pk="{report_job_masked_a.pk}"),
            at(
                Rule(NOT_FOUND, staff=OK, superuser=OK),
                slug="{desk_a.slug}",
                job_pk="{report_job_exact_a.pk}",
            ),
            at(NOBODY, slug="{desk_a.slug}", job_pk="{report_job_masked_b.pk}"),
        ]
        for name in (
            "reporting:report_pdf_job",
            "reporting:report_pdf_status",
            "reporting:report_pdf_download",
        )
    },
    # --- opportunities: « Ce projet m'intéresse » (POST only: sent on to the case); the desk's
    # page of an offer's matches and the introduction's confirmation (each desk its own)
    "opportunities:interest": [at(who(*NEWCOMERS, gets=REDIRECT), vacancy_pk="{vacancy_a.pk}")],
    "opportunities:offer_matches": [
        at(who("staff", "superuser"), pk="{vacancy_a.pk}"),
        at(who("other_staff", "superuser"), pk="{vacancy_b.pk}"),
    ],
    "opportunities:introduce": [
        at(who("staff", "superuser"), pk="{match_a.pk}"),
        at(who("other_staff", "superuser"), pk="{match_b.pk}"),
    ],
    # --- opportunities: the desk's « départs à anticiper » (each desk's staff, its own rows)
    "opportunities:departures": who("staff", "other_staff", "superuser"),
    "opportunities:departures_csv": who("staff", "other_staff", "superuser"),
    # --- opendata: the public read API, open to all (never a private contact: the world's
    # offers keep theirs private, and SECRETS_A must not show)
    "opendata:api": PUBLIC,
    "opendata:api_openapi": PUBLIC,
    "opendata:api_structures": PUBLIC,
    "opendata:api_offers": PUBLIC,
    "opendata:api_events": PUBLIC,
    "opendata:api_schemes": PUBLIC,
    # --- partners: the single appointment (booking from « Mon dossier », the desk's page of a
    # session, each partner's link: 410 thirty days after the session, 404 when forged)
    "partners:book": on_cases(who("newcomer", gets=REDIRECT), who("other_newcomer", gets=REDIRECT)),
    "partners:cancel_booking": [
        at(who("newcomer", gets=REDIRECT), pk="{case_a.pk}", slot_pk="{session_slot_a.pk}"),
        at(who("other_newcomer", gets=REDIRECT), pk="{case_b.pk}", slot_pk="{session_slot_b.pk}"),
        at(who(), pk="{case_a.pk}", slot_pk="{session_slot_b.pk}"),  # another case's slot
    ],
    "partners:session": [
        at(who("staff", "superuser"), pk="{session_a.pk}"),
        at(who("other_staff", "superuser"), pk="{session_b.pk}"),
    ],
    **{
        name: [
            at(who("staff", "superuser", gets=REDIRECT), pk="{session_a.pk}"),
            at(who("other_staff", "superuser", gets=REDIRECT), pk="{session_b.pk}"),
        ]
        for name in ("partners:session_send_lists", "partners:session_send_summaries")
    },
    **{
        name: [
            at(PUBLIC, token="{session_token_a}"),
            at(Rule(410), token="{expired_session_token_a}"),
            at(NOBODY, token="faux"),
        ]
        for name in ("partners:session_link", "partners:session_link_pdf")
    },
    # --- partners: asking from the case page (its referent), the partner's link (its token:
    # 410 expired, revoked or replaced by a new one, 404 forged)
    "partners:ask": on_cases(who("referent", "superuser"), who("superuser")),
    **{
        name: [
            at(
                who("referent", "superuser", gets=REDIRECT),
                pk="{case_a.pk}",
                request_pk="{partner_request_a.pk}",
            ),
            at(
                who("superuser", gets=REDIRECT),
                pk="{case_b.pk}",
                request_pk="{partner_request_b.pk}",
            ),
            # another case's request under this case: nobody
            at(who(), pk="{case_a.pk}", request_pk="{partner_request_b.pk}"),
        ]
        for name in ("partners:request_reply", "partners:request_revoke", "partners:request_resend")
    },
    "partners:request_link": [
        at(PUBLIC, token="{partner_token_a}"),
        at(PUBLIC, token="{partner_token_b}"),
        at(Rule(410), token="{expired_partner_token_a}"),
        at(Rule(410), token="{revoked_partner_token_a}"),
        at(Rule(410), token="{replaced_partner_token_a}"),
        at(NOBODY, token="faux"),
    ],
    # --- the admin, besides its model pages (declared in ADMIN_MODELS)
    "admin_login": who(),  # the signed-in get a 404, not a loop; the others, allauth
    "admin:login": who(),  # the same URL
    "admin:index": ADMIN,
    "admin:logout": Rule(REDIRECT, **dict.fromkeys(ADMIN_ROLES, OK)),
    "admin:password_change": ADMIN,
    "admin:password_change_done": ADMIN,
    "admin:jsi18n": ADMIN,
    "admin:autocomplete": in_admin(FORBIDDEN),  # without a field; each field: see below
    # « Voir sur le site » (the scoped route shadows the admin's own, same URL)
    "admin_view_on_site": VIEW_ON_SITE,
    "admin:view_on_site": VIEW_ON_SITE,
    "admin:app_list": [
        at(ADMIN(coordinator=NOT_FOUND), app_label="installations"),
        at(in_admin(NOT_FOUND, superuser=OK), app_label="auth"),
    ],
    "admin/(?P<url>.*)$": [at(in_admin(NOT_FOUND), url="nulle-part/")],
    "admin:auth_user_password_change": [at(in_admin(FORBIDDEN, superuser=OK), id="{user_a.pk}")],
    "admin:structures_structure_import": ADMIN(coordinator=REDIRECT),
    "admin:structures_structure_export": ADMIN(coordinator=FORBIDDEN),
}
OPTIONAL_PATTERNS = {"^media/(?P<path>.*)$"}  # present only with DEBUG


# --- The admin's model pages ------------------------------------------------------------------
ADMIN_MODELS = {
    "auth.group": superuser_only("group"),
    "portal.user": superuser_only("user_a", "user_b"),
    "portal.outgoingmail": AdminModel(
        ("mail_a", "mail_b"), SUPERUSER_ONLY, NO_ONE, SUPERUSER_ONLY, NO_ONE, SUPERUSER_ONLY
    ),
    "portal.accesslog": AdminModel(
        ("access_log_a",), SUPERUSER_ONLY, NO_ONE, SUPERUSER_ONLY, NO_ONE, NO_ONE
    ),
    "account.emailaddress": superuser_only("email_address_a", "email_address_b"),
    "mfa.authenticator": superuser_only("authenticator"),
    "territories.department": geography("lot_a", "gers_b"),
    "territories.epci": geography("epci_a", "epci_b"),
    "territories.commune": geography("commune_a", "commune_b"),
    # The zoning layers and their classes come from ``import_zoning``: read, never edited.
    "territories.zoninglayer": read_only("zoning_layer", add=NO_ONE),
    "territories.communezoning": geography("commune_zoning_a", "commune_zoning_b", change=NO_ONE),
    "territories.desk": desk_rows("desk_a", "desk_b", add=SUPERUSER_ONLY, delete=SUPERUSER_ONLY),
    "structures.profession": read_only("gp"),
    "structures.structure": desk_rows("structure_a", "structure_b"),
    "structures.professional": desk_rows("professional_a", "professional_b"),
    "structures.vacancy": desk_rows("vacancy_a", "vacancy_b"),
    "structures.placement": desk_rows("placement_site_a", "placement_site_b"),
    "structures.vacancysubscription": superuser_only("subscription_a", "subscription_b"),
    # A national scheme belongs to no desk: the superuser's.
    "aids.scheme": desk_rows("scheme_a", "scheme_b", "scheme"),
    "events.event": event_rows("event_a", "event_b"),
    "events.invitation": event_rows("invitation_a", "invitation_b"),
    "events.guestmessage": event_rows("guest_message_a", "guest_message_b", add=NO_ONE),
    "events.printjob": event_rows("print_job_a", "print_job_b", add=NO_ONE),
    "events.cohost": event_rows("cohost_a", "cohost_b"),
    "installations.case": desk_rows("case_a", "case_b", add=NO_ONE, delete=SUPERUSER_ONLY),
    "installations.referent": desk_rows("referent_profile_a", "referent_profile_b"),
    "installations.servicelevel": desk_rows("service_level_a", "service_level_b"),
    "welcome.practicalresource": desk_rows("resource_a", "resource_b"),
    "installations.steptemplate": read_only("step_template"),
    "installations.reminder": written_by_the_code("reminder_a", "reminder_b"),
    "welcome.welcomepack": written_by_the_code("welcome_pack_a", "welcome_pack_b"),
    "students.housingoffer": desk_rows("housing_offer_a", "housing_offer_b"),
    "students.housingrequest": desk_rows("housing_request_a", "housing_request_b", add=NO_ONE),
    "students.housingallocation": desk_rows(
        "allocation_a", "allocation_b", add=NO_ONE, change=NO_ONE
    ),
    "ambassadors.ambassador": desk_rows("ambassador_a", "ambassador_b"),
    "ambassadors.introduction": desk_rows(
        "introduction_a", "introduction_b", add=NO_ONE, change=NO_ONE
    ),
    "hotline.hotlinerecord": desk_rows("hotline_a", "hotline_b"),
    "opportunities.match": written_by_the_code("match_a", "match_b"),
    "partners.appointmentsession": desk_rows("session_a", "session_b"),
    "partners.partner": desk_rows("partner_a", "partner_b"),
    # Written by the case pages: the desk reads and closes them; only a superuser deletes one.
    "partners.partnerrequest": desk_rows(
        "partner_request_a", "partner_request_b", add=NO_ONE, delete=SUPERUSER_ONLY
    ),
    "partners.partneraccess": AdminModel(
        ("partner_access_a", "partner_access_b"),
        SUPERUSER_ONLY,
        NO_ONE,
        SUPERUSER_ONLY,
        NO_ONE,
        SUPERUSER_ONLY,
    ),
    "partners.sessionaccess": AdminModel(
        ("session_access_a", "session_access_b"),
        SUPERUSER_ONLY,
        NO_ONE,
        SUPERUSER_ONLY,
        NO_ONE,
        SUPERUSER_ONLY,
    ),
}


TARGETS = list(targets(PAGES, ADMIN_MODELS))

# Bugs known and being fixed, by test id, with their issue: a strict xfail, so that the test
# turns red the day the fix lands, and its line here is removed. For instance:
#   "admin:installations_referent_add": "issue 14, item 9: the referent admin's AttributeError",
KNOWN_BUGS = {}


def params():
    for target in TARGETS:
        reason = KNOWN_BUGS.get(str(target))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(target, id=str(target), marks=marks)


# --- The tests --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("url-matrix-media")


@pytest.fixture(autouse=True)
def _media_root(settings, media_root):
    """The world's files stay in one folder for the whole module (not one per test)."""
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    """Built once, in a transaction rolled back after the module's last test; each test's own
    transaction nests in it as a savepoint. Every role but anonymous has a session."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(
                MEDIA_ROOT=media_root,
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ):
                built = build_world()
                built.sessions = {role: _session(built[role]) for role in ACCOUNT_ROLES}
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _session(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def visitor():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("target", list(params()))
def test_who_reaches_what(target, world, visitor):
    if target.problem:
        pytest.fail(target.problem)
    url = target.url(world)
    wrong = []
    for role in ROLES:
        seen = visit(visitor, url, world.sessions.get(role))
        expected = target.expected(role)
        if seen.outcome not in expected:
            got = f"{seen.outcome} {seen.error}".strip()
            wrong.append(f"  {role}: {got}, attendu {' ou '.join(map(str, expected))}")
        shown = TOKEN_PAGES_SHOW.get(target.pattern.key) if target.opened_by_a_token else ()
        if role in OUTSIDERS_OF_A and shown is not None:
            leaked = [s for s in SECRETS_A if s in seen.body and s not in shown]
            if leaked:
                wrong.append(f"  {role} voit des données du guichet A : {', '.join(leaked)}")
    assert not wrong, f"{target} ({url}) :\n" + "\n".join(wrong)


def test_the_tables_name_only_what_exists(world):
    patterns = {pattern.key for pattern in walk()}
    stale = set(PAGES) - patterns - OPTIONAL_PATTERNS
    assert not stale, f"PAGES déclare des URL qui n'existent plus : {sorted(stale)}"
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert not set(ADMIN_MODELS) - registered, "ADMIN_MODELS déclare des modèles sans admin"
    rows = {row for model in ADMIN_MODELS.values() for row in model.rows}
    assert not rows - set(world), f"lignes absentes du monde : {sorted(rows - set(world))}"


def test_a_new_url_fails_until_its_author_says_who_may_reach_it():
    new = URLResolver(RoutePattern(""), [path("nouvelle-page/", lambda r: None, name="nouvelle")])
    [target] = targets(PAGES, ADMIN_MODELS, new)
    assert "« nouvelle » (nouvelle-page/) : personne n'a dit qui peut l'atteindre" in target.problem
