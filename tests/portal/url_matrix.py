"""The machinery of the role × URL matrix (test_url_matrix.py): the cast's roles, what a visit
gets, the words of its tables (``Rule``, ``who``, ``at``, ``AdminModel`` and its audiences),
and the walk over the resolver that makes concrete URLs (targets) of every pattern."""

from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse

ROLES = (
    "anonymous",
    "newcomer",  # owns desk A's cases
    "other_newcomer",  # owns desk B's cases
    "referent",  # desk A, referent of desk A's cases
    "other_referent",  # desk A, referent of none
    "staff",  # desk A
    "other_staff",  # desk B
    "coordinator",  # desk A
    "superuser",
    # No account: the holder of desk A's partner link (``partner_request_a``). A visitor like
    # anonymous, who gets what anonymous gets unless a rule says otherwise.
    "partner",
)
# The roles with an account (a session in the matrix).
ACCOUNT_ROLES = tuple(role for role in ROLES if role not in ("anonymous", "partner"))
ADMIN_ROLES = frozenset({"staff", "other_staff", "coordinator", "superuser"})


# --- Outcomes ---------------------------------------------------------------------------------
OK, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 403, 404, 405
LOGIN = "sign-in page"  # a redirect to /comptes/login/ or /admin/login/
GONE = "« n'existe pas »"  # the admin's redirect for a row out of the user's reach
READ_ONLY = "read only"  # an admin change page without the right to save
REDIRECT = "redirect"  # any other redirect
LOGIN_PATHS = ("/comptes/login/", "/admin/login/")


def outcome(response):
    if response.status_code in (301, 302, 303):
        if response["Location"].split("?")[0].endswith(LOGIN_PATHS):
            return LOGIN
        if any("existe pas" in str(m) for m in get_messages(response.wsgi_request)):
            return GONE
        return REDIRECT
    context = getattr(response, "context_data", None) or {}
    if response.status_code == OK and context.get("change") and "has_change_permission" in context:
        return OK if context["has_change_permission"] else READ_ONLY
    return response.status_code


@dataclass
class Seen:
    outcome: object
    body: str = ""
    error: str = ""


def visit(client, url, session):
    """GET (an empty POST where only POST is allowed) as the session's user, rolled back."""
    try:
        return _visit(client, url, session)
    except pytest.fail.Exception as failure:  # --fail-on-template-vars
        if THIRD_PARTY_TEMPLATES not in str(failure):
            return Seen("undefined template variable", error=str(failure))
    # allauth's own templates read variables its views do not always give: not ours to fix.
    invalid = settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"]
    invalid.fail = False
    try:
        return _visit(client, url, session)
    finally:
        invalid.fail = True


THIRD_PARTY_TEMPLATES = "/site-packages/allauth/templates/"


def _visit(client, url, session):
    client.cookies = SimpleCookie()
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    with transaction.atomic():
        response = client.get(url)
        if response.status_code == NOT_ALLOWED:
            response = client.post(url)
        seen = Seen(outcome(response), _body(response))
        if response.status_code >= 500 and getattr(response, "exc_info", None):
            seen.error = f"{response.exc_info[0].__name__}: {response.exc_info[1]}"
        transaction.set_rollback(True)
    return seen


def _body(response):
    # Reading a streamed response to its end closes it (as the test client wires it).
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


# --- Who may reach what -----------------------------------------------------------------------
class Rule:
    """The outcomes each role may get: ``Rule(default, role=outcome or {outcomes}, …)``."""

    def __init__(self, default, **roles):
        unknown = set(roles) - set(ROLES)
        assert not unknown, f"rôles inconnus : {unknown}"
        roles.setdefault("partner", roles.get("anonymous", default))
        self.by_role = {role: _set(roles.get(role, default)) for role in ROLES}

    def __call__(self, **roles):
        """The same rule, but for ``roles``."""
        if "anonymous" in roles:
            roles.setdefault("partner", roles["anonymous"])
        changed = Rule(None)
        changed.by_role = {**self.by_role, **{role: _set(o) for role, o in roles.items()}}
        return changed


def _set(outcomes):
    return frozenset(outcomes if isinstance(outcomes, (set, frozenset, tuple)) else {outcomes})


def who(*roles, gets=OK, others=NOT_FOUND):
    """``roles`` reach it (``gets``); anonymous visitors are asked to sign in; every other
    role gets ``others``: a 404, as if it did not exist."""
    return Rule(others, anonymous=LOGIN, **dict.fromkeys(roles, gets))


def in_admin(gets=OK, **roles):
    """The admin's pages: the roles who work there get ``gets`` (but ``roles``); the others
    are sent to sign in."""
    return Rule(LOGIN, **{**dict.fromkeys(ADMIN_ROLES, gets), **roles})


@dataclass(frozen=True)
class At:
    """A concrete URL of a pattern: its kwargs (``"{case_a.pk}"`` reads the world)."""

    rule: Rule
    kwargs: dict = field(default_factory=dict)


def at(rule, **kwargs):
    return At(rule, kwargs)


# --- The admin's model pages ------------------------------------------------------------------
# Who reaches a page of a row, by the row's desk (``…_a``: A, ``…_b``: B, else none).
SUPERUSER_ONLY = frozenset({"superuser"})
NO_ONE = frozenset()
EVERY_DESK = frozenset({"staff", "other_staff", "superuser"})
EVERY_EVENT_MANAGER = ADMIN_ROLES


def own_desk(desk):
    """The staff of the row's desk (a row of no desk: the superuser alone)."""
    return SUPERUSER_ONLY | {"a": {"staff"}, "b": {"other_staff"}}.get(desk, set())


def own_desk_events(desk):
    return own_desk(desk) | ({"coordinator"} if desk == "a" else set())


@dataclass(frozen=True)
class AdminModel:
    """A ModelAdmin's rows (world names) and who gets each page: ``view`` reads a row (its
    change page, read only, and its history), ``change`` may save it. A set, or a function of
    the row's desk."""

    rows: tuple
    list: frozenset
    add: frozenset
    view: object
    change: object
    delete: object


def superuser_only(*rows):
    return AdminModel(rows, SUPERUSER_ONLY, SUPERUSER_ONLY, *[SUPERUSER_ONLY] * 3)


def read_only(*rows, view=EVERY_DESK, change=SUPERUSER_ONLY, add=SUPERUSER_ONLY, delete=None):
    """Shared by every desk, or written by the code: the roles read them, only the superuser
    writes them (if anyone does); deleting goes with adding unless said otherwise."""
    return AdminModel(rows, EVERY_DESK, add, view, change, add if delete is None else delete)


def written_by_the_code(*rows):
    """Rows the code writes (reminders, welcome packs): each desk reads its own; nobody edits
    them; the superuser may delete them."""
    return read_only(*rows, view=own_desk, change=NO_ONE, add=NO_ONE, delete=SUPERUSER_ONLY)


def geography(*rows, change=SUPERUSER_ONLY):
    """Loaded by ``load_territories``: nobody adds or deletes it; each desk sees its own."""
    return read_only(*rows, view=own_desk, change=change, add=NO_ONE)


def desk_rows(*rows, add=EVERY_DESK, change=own_desk, delete=own_desk):
    """Each desk's own rows: its staff read and change them; the other desks', never."""
    return AdminModel(rows, EVERY_DESK, add, own_desk, change, delete)


def event_rows(*rows, add=EVERY_EVENT_MANAGER):
    return AdminModel(rows, EVERY_EVENT_MANAGER, add, *[own_desk_events] * 3)


# --- The walk ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pattern:
    key: str  # the URL's name with its namespaces, or the route of an unnamed pattern
    route: str
    model: str | None = None  # "app_label.model_name" for a ModelAdmin's own URLs

    @property
    def admin_action(self):
        """changelist, add, change, delete, history; « object » for the bare object URL
        (which sends on to the change page); None for any other URL."""
        if self.model is None:
            return None
        prefix = "admin:{}_{}_".format(*self.model.split("."))
        action = self.key.removeprefix(prefix)
        if self.key.startswith(prefix) and action in ADMIN_ACTIONS:
            return action
        if self.key == self.route and self.route.endswith("/<path:object_id>/"):
            return "object"
        return None


ADMIN_ACTIONS = ("changelist", "add", "change", "delete", "history")


def walk(resolver=None, prefix="", namespace="", model=None, models=None):
    """Every pattern the resolver knows, included ones too, with its whole route."""
    resolver = resolver or get_resolver()
    if models is None:
        models = {
            f"admin/{m._meta.app_label}/{m._meta.model_name}/": m._meta.label_lower
            for m in admin.site._registry
        }
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, route, inner, models.get(route, model), models)
        else:
            yield Pattern(f"{namespace}{entry.name}" if entry.name else route, route, model)


# --- Targets: every pattern as concrete URLs --------------------------------------------------
@dataclass(frozen=True)
class Target:
    pattern: Pattern
    kwargs: dict = field(default_factory=dict)
    expect: object = None  # a Rule, or for an admin model page (AdminModel, action, row)
    query: str = ""
    label: str = ""
    problem: str = ""

    def __str__(self):
        if self.label:
            return f"{self.pattern.key}[{self.label}]"
        names = ",".join(f"{k}={v.strip('{}').removesuffix('.pk')}" for k, v in self.kwargs.items())
        return f"{self.pattern.key}[{names}]" if names else self.pattern.key

    def url(self, world):
        kwargs = {name: value.format(**world) for name, value in self.kwargs.items()}
        if self.pattern.key == self.pattern.route:  # unnamed: fill the route by hand
            path = "/" + self.pattern.route.replace("^", "").replace("$", "")
            for name, value in kwargs.items():
                path = path.replace(f"<path:{name}>", value).replace(f"(?P<{name}>.*)", value)
        else:
            path = reverse(self.pattern.key, kwargs=kwargs)
        return f"{path}?{self.query.format(**world)}" if self.query else path

    @property
    def opened_by_a_token(self):
        """A page its own link's token opens: the token's holder may read what it shows."""
        return "token" in self.kwargs

    def expected(self, role):
        if isinstance(self.expect, Rule):
            return self.expect.by_role[role]
        model, action, row = self.expect
        return admin_expected(model, action, row, role)


def admin_expected(model, action, row, role):
    if role not in ADMIN_ROLES:
        return frozenset({LOGIN})
    if action == "object":
        return frozenset({REDIRECT})
    desk = row and desk_of(row)

    def audience(name):
        value = getattr(model, name)
        return value(desk) if callable(value) else value

    if action in ("changelist", "add"):
        return frozenset(
            {OK if role in audience({"changelist": "list"}.get(action, action)) else FORBIDDEN}
        )
    if role not in audience("view"):
        return frozenset({FORBIDDEN, GONE})  # out of reach: refused, or « n'existe pas »
    if action == "change":
        return frozenset({OK if role in audience("change") else READ_ONLY})
    if action == "delete":
        return frozenset({OK if role in audience("delete") else FORBIDDEN})
    return frozenset({OK})  # history


def desk_of(row):
    return {"_a": "a", "_b": "b"}.get(row[-2:])


def targets(pages, admin_models, resolver=None):
    """The concrete URLs of every pattern, with who gets what at each: ``pages`` and
    ``admin_models`` are the tables of test_url_matrix.py."""
    for pattern in walk(resolver):
        if pattern.admin_action:
            yield from admin_targets(pattern, admin_models)
            continue
        entry = pages.get(pattern.key)
        if entry is None:
            yield Target(pattern, problem=undeclared(pattern, "PAGES"))
        elif isinstance(entry, Rule):
            yield Target(pattern, expect=entry)
        else:
            for item in entry:
                yield Target(pattern, item.kwargs, item.rule)
        if pattern.key == "admin:autocomplete":
            yield from autocomplete_targets(pattern, admin_models)


def admin_targets(pattern, admin_models):
    model = admin_models.get(pattern.model)
    if model is None:
        yield Target(pattern, problem=undeclared(pattern, f'ADMIN_MODELS["{pattern.model}"]'))
    elif pattern.admin_action == "changelist":
        yield Target(pattern, expect=(model, "changelist", None))
    elif pattern.admin_action == "add":
        yield Target(pattern, expect=(model, "add", None))
        prefill = prefill_query(pattern.model, admin_models)
        if prefill:  # ?field=id of desk A's rows: desk B's staff must not see them named
            yield Target(pattern, expect=(model, "add", None), query=prefill, label="prérempli A")
    else:
        # The bare object URL only sends on to the change page, for any row: one row will do.
        rows = model.rows[:1] if pattern.admin_action == "object" else model.rows
        for row in rows:
            kwargs = {"object_id": f"{{{row}.pk}}"}
            yield Target(pattern, kwargs, (model, pattern.admin_action, row))


def prefill_query(label, admin_models):
    """``field=<pk of desk A's row>`` for every relation of the model to a model with one."""
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    pairs = []
    for model_field in model._meta.get_fields():
        if not (model_field.concrete and model_field.is_relation):
            continue
        related = admin_models.get(model_field.related_model._meta.label_lower)
        row = next((r for r in related.rows if desk_of(r) == "a"), None) if related else None
        if row:
            pairs.append(f"{model_field.name}={{{row}.pk}}")
    return "&".join(pairs)


def autocomplete_targets(pattern, admin_models):
    """Every autocomplete field of every model admin (and inline) answers with the rows its
    user may see: the remote model's list is the audience."""
    seen = set()
    for model, model_admin in admin.site._registry.items():
        for owner in (model_admin, *[inline(model, admin.site) for inline in model_admin.inlines]):
            for name in owner.autocomplete_fields:
                source = owner.model._meta
                remote = source.get_field(name).related_model._meta.label_lower
                if (source.label_lower, name) in seen:
                    continue
                seen.add((source.label_lower, name))
                remote_model = admin_models.get(remote)
                if remote_model is None:
                    yield Target(pattern, problem=undeclared(pattern, f'ADMIN_MODELS["{remote}"]'))
                    continue
                yield Target(
                    pattern,
                    expect=(remote_model, "changelist", None),
                    query=f"app_label={source.app_label}&model_name={source.model_name}"
                    f"&field_name={name}&term=",
                    label=f"{source.label_lower}.{name}",
                )


def undeclared(pattern, where):
    return (
        f"« {pattern.key} » ({pattern.route}) : personne n'a dit qui peut l'atteindre. "
        f"Déclarez-le dans {where} de tests/portal/test_url_matrix.py (qui obtient quoi, et "
        f"avec quels paramètres)."
    )
