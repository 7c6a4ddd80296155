"""Hostile input on every URL, as an anonymous visitor, a newcomer and a desk's staff: NUL,
10^20, non-slugs, a megabyte, odd Unicode, a lone surrogate… in the path's parameters, in the
query string (the usual names and every filter the page offers) and in every field of every
form the page renders. Whatever comes back, never a 5xx (issue 14). It runs on both CI passes;
the NUL cases matter on PostgreSQL, which refuses NUL in text.

The URLs and the world are the URL matrix's (tests/portal/test_url_matrix.py and
url_matrix_world.py): one concrete URL per pattern, built once for the module in a transaction
rolled back at its end; each request runs in a savepoint rolled back after it. Values are
sampled, not crossed: a page's fields share a few requests, each field a different value.
"""

import re
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from tests.portal.test_url_matrix import TARGETS
from tests.portal.url_matrix_world import build_world

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "newcomer", "staff")
# The admin sends everyone else to sign in before reading anything: its pages are fuzzed as
# the staff of a desk, and as the superuser for the models a desk's staff may not open.
ADMIN_ROLES = ("staff", "superuser")

# Already percent-encoded: a lone surrogate has no UTF-8 the test client could encode.
MEGABYTE = "x" * 1_000_000
ODD = [
    "100000000000000000000",  # 10^20: no integer column holds it (the input guard's 400)
    "99999999999",  # beyond a 32-bit and a small integer
    "9223372036854775807",  # the largest 64-bit integer
    "-1",
    quote("a b/é'\"<x>&;"),  # not a slug, and markup
    quote("\u202eevil\u200b"),  # right-to-left override, zero-width space
    quote("😀🏥"),
    "%ED%A0%80",  # a lone surrogate, as UTF-8 bytes
    "x" * 5_000,  # longer than any column, shorter than the guard's limit
    "2026-02-31",
    "99999-12-31",
    "1e309",
    "NaN",
    "",
]
QUERY_NAMES = ("q", "guichet", "page", "du", "au", "next", "o", "statut", "etape")
ROTATIONS = 2  # requests per form or query string with the odd values spread over the fields
PATH_VALUES = {
    "int": ["100000000000000000000", "0"],
    "text": ["%00", "a%20b", "%E2%80%AE", "%F0%9F%98%80", "%ED%A0%80", MEGABYTE],
}
# The admin reads every ``<path:object_id>`` through the same ``get_object``: two will do.
ADMIN_PATH_VALUES = {"int": ["100000000000000000000"], "text": ["a%20b", "%ED%A0%80"]}


# --- The world --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-media")


@pytest.fixture(autouse=True)
def _media_root(settings, media_root):
    settings.MEDIA_ROOT = media_root


@pytest.fixture(autouse=True)
def _undefined_variables_allowed(settings):
    """What a page shows is the URL matrix's business; here only the status is."""
    invalid = settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"]
    previous, invalid.fail = getattr(invalid, "fail", False), False
    yield
    invalid.fail = previous


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(
                MEDIA_ROOT=media_root,
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ):
                built = build_world()
                built.sessions = {
                    role: _session(built[role]) for role in {*ROLES[1:], *ADMIN_ROLES}
                }
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


# --- Requests ---------------------------------------------------------------------------------
class Visit:
    def __init__(self, client, session, errors=None):
        self.client, self.session = client, session
        self.errors = [] if errors is None else errors

    def paths(self, route, megabyte, values=PATH_VALUES):
        for path in hostile_paths(route, megabyte=megabyte, values=values):
            self.send("get", path)

    def page(self, url):
        """The page, then its query string and each of its forms with hostile values; False
        when the page is not this user's to fuzz (a sign-in page, a 404…)."""
        page = self.send("get", url)
        forms, link_names = offered(page)
        if page.status_code == 405:  # a POST-only view: its usual names
            forms = [{"method": "post", "action": url, "names": ["next", "q", "answer"]}]
        elif page.status_code != 200:
            return False
        query_names = {*QUERY_NAMES, *link_names}
        for form in forms:
            if form["method"] == "get":
                query_names.update(form["names"])
        base = url.split("?")[0]
        for query in rotations(sorted(query_names)):
            self.send("get", f"{base}?{query}")
        for form in forms:
            action = local_action(url, form["action"])
            if form["method"] != "post" or action is None:
                continue
            for body in rotations(dict.fromkeys(form["names"])):
                self.send("post", action, body)
        return True

    def send(self, method, url, body=None):
        """``body``: an already encoded form (``a=1&b=%00``). Rolled back afterwards."""
        self.client.cookies = SimpleCookie()
        if self.session:
            self.client.cookies[settings.SESSION_COOKIE_NAME] = self.session
        with transaction.atomic():
            if method == "get":
                response = self.client.get(url)
            else:
                response = self.client.generic(
                    "POST", url, body or "", content_type="application/x-www-form-urlencoded"
                )
            if response.streaming:
                b"".join(response.streaming_content)
            transaction.set_rollback(True)
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            cause = f"{error[0].__name__}: {str(error[1])[:200]}" if error else ""
            self.errors.append(
                f"{method.upper()} {url[:200]}{(body and ' ' + body[:200]) or ''} "
                f"→ {response.status_code} {cause}"
            )
        return response


def encoded(pairs):
    return "&".join(f"{quote(name)}={value}" for name, value in pairs)


def rotations(names):
    """``ROTATIONS`` encoded forms over ``names``, each field a different odd value each time."""
    names = list(names)
    for turn in range(ROTATIONS):
        yield encoded(
            (name, ODD[(turn * len(names) + index) % len(ODD)]) for index, name in enumerate(names)
        )
    yield encoded((name, "a%00b") for name in names)
    if names:  # one field of a megabyte is enough (a megabyte each would be a slow test)
        yield encoded([(names[0], MEGABYTE)])


# --- What a page offers -----------------------------------------------------------------------
class Forms(HTMLParser):
    """The forms of a page (method, action, field names) and the query names of its links."""

    def __init__(self):
        super().__init__()
        self.forms, self.link_names = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action")}
            )
            self.forms[-1]["names"] = []
        elif tag in ("input", "select", "textarea", "button") and self.forms:
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken":
                self.forms[-1]["names"].append(name)
        elif tag == "a" and (attrs.get("href") or "").startswith("?"):
            for pair in attrs["href"][1:].split("&"):
                if pair.split("=")[0]:
                    self.link_names.add(pair.split("=")[0])


def offered(response):
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return [], set()
    parser = Forms()
    parser.feed(response.content.decode("utf-8", errors="replace"))
    return parser.forms, parser.link_names


def local_action(page_url, action):
    target = urljoin(page_url, action or page_url)
    parts = urlsplit(target)
    if parts.netloc and parts.netloc != "testserver":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


# --- Path parameters --------------------------------------------------------------------------
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
GROUP = re.compile(r"\(\?P<\w+>[^)]*\)")


def hostile_paths(route, megabyte=True, values=PATH_VALUES):
    """The route with its parameters replaced by hostile values: an ``<int:…>`` gets 10^20 or
    0, any other a text one (NUL, a non-slug, odd Unicode, a megabyte)."""
    kinds = [kind or "str" for kind, _name in CONVERTER.findall(route)]
    if not kinds and not GROUP.search(route):
        return []
    ints, texts = values["int"], values["text"]
    if not megabyte:
        texts = [value for value in texts if len(value) < 1000]
    turns = len(ints) if set(kinds) == {"int"} else len(texts)
    paths = []
    for turn in range(turns):

        def fill(match, turn=turn):
            return ints[turn % len(ints)] if match.group(1) == "int" else texts[turn % len(texts)]

        path = CONVERTER.sub(fill, route)
        path = GROUP.sub(texts[turn % len(texts)], path).replace("^", "").replace("$", "")
        paths.append("/" + path)
    return paths


# --- The test ---------------------------------------------------------------------------------
def one_per_pattern():
    seen = {}
    for target in TARGETS:
        if target.problem or target.pattern.key in seen:
            continue
        seen[target.pattern.key] = target
    return [pytest.param(target, id=key) for key, target in seen.items()]


@pytest.mark.parametrize("target", one_per_pattern())
def test_hostile_input_never_makes_a_server_error(target, world, visitor):
    url = target.url(world)
    if target.pattern.key.startswith("admin:"):
        staff = Visit(visitor, world.sessions["staff"])
        staff.paths(target.pattern.route, megabyte=False, values=ADMIN_PATH_VALUES)
        if not staff.page(url):  # a model the desk's staff may not open
            Visit(visitor, world.sessions["superuser"], errors=staff.errors).page(url)
        errors = staff.errors
    else:
        errors = []
        for role in ROLES:
            visit = Visit(visitor, world.sessions.get(role), errors=errors)
            visit.paths(target.pattern.route, megabyte=role == "anonymous")
            visit.page(url)
    assert not errors, f"{target} :\n" + "\n".join(errors)
