"""Where each role's work is: the page a person lands on after signing in (and after confirming
their e-mail) and the home page's main action come from here; the main navigation
(templates/portal/_nav_items.html) links the same pages by the same names.

The frame imports no app: each space is named by its URL, and a space whose app does not
provide the page (yet) falls back to the next name, or to nothing."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from portal.roles import SUPERUSER, Role, role_of


@dataclass(frozen=True)
class Space:
    label: str
    url: str


DESK_SPACES = (
    ("installations:dashboard", _("Tableau de bord")),
    ("admin:index", _("Administration")),
)

# (URL name, label) in order of preference, per role.
SPACES = {
    Role.NEWCOMER: (("installations:my_case", _("Mon dossier")),),
    Role.REFERENT: (("installations:workspace", _("Mes dossiers")),),
    Role.STAFF: DESK_SPACES,
    SUPERUSER: DESK_SPACES,
    Role.COORDINATOR: (("events:office", _("Mes évènements")),),
}


def _first_resolving(candidates) -> Space | None:
    for name, label in candidates:
        try:
            return Space(label=label, url=reverse(name))
        except NoReverseMatch:
            continue
    return None


def space_of(user) -> Space | None:
    """The first page of ``user``'s work, or None (anonymous, or no such page)."""
    return _first_resolving(SPACES.get(role_of(user), ()))


def newcomer_space() -> Space | None:
    """A newcomer's space, for someone who has just signed up (not signed in yet)."""
    return _first_resolving(SPACES[Role.NEWCOMER])
