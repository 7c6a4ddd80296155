"""Panels that the apps above the case (students, ambassadors, welcome) add to the case pages.

The case app cannot import them, so it keeps a registry they fill from their
``AppConfig.ready()``. A case view asks for its page's panels *while it runs*: each panel's
loader fetches what the panel shows, with a fixed number of queries that count in the view's
budget, and the page template includes the panel's template with that context. Rendering a
panel never reaches the database.

Each panel has a slot, the place of the page where it shows (``Slot.EXTRA``, after what the
case app shows itself, or ``Slot.DOCUMENTS``, above the checklist); within a slot, panels show
in the order they were registered, that is the order of ``INSTALLED_APPS``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.http import HttpRequest

from installations.models import Case


class Page(StrEnum):
    NEWCOMER = "newcomer"  # « Mon dossier »
    REFERENT = "referent"  # the referent's case page


class Slot(StrEnum):
    DOCUMENTS = "documents"  # above the checklist: the case's documents
    EXTRA = "extra"  # after the case's own sections (aside on the referent's page)


@dataclass(frozen=True)
class Panel:
    name: str
    page: Page
    template: str
    # Returns the template's context (under ``panel``), or None when there is nothing to show.
    load: Callable[[Case, HttpRequest], dict | None]
    slot: Slot = Slot.EXTRA


@dataclass(frozen=True)
class LoadedPanel:
    name: str
    template: str
    context: dict
    slot: Slot = Slot.EXTRA


_registry: dict[tuple[Page, str], Panel] = {}


def register(panel: Panel) -> None:
    """Add ``panel`` to its page; registering the same name again replaces it in place."""
    _registry[(panel.page, panel.name)] = panel


def registered(page: Page) -> list[Panel]:
    return [panel for (panel_page, _name), panel in _registry.items() if panel_page == page]


def load_panels(page: Page, case: Case, request: HttpRequest) -> list[LoadedPanel]:
    """The panels of ``page`` that have something to show for ``case``, their data loaded."""
    loaded = []
    for panel in registered(page):
        context = panel.load(case, request)
        if context is not None:
            loaded.append(
                LoadedPanel(
                    name=panel.name, template=panel.template, context=context, slot=panel.slot
                )
            )
    return loaded


def load_choices(field) -> list:
    """Run a model choice field's query now and keep its options, so that rendering the form
    does not query again. Returns the objects, for « is there any choice? »."""
    objects = list(field.queryset)
    empty = [] if field.empty_label is None else [("", field.empty_label)]
    field.choices = empty + [(obj.pk, field.label_from_instance(obj)) for obj in objects]
    return objects
