"""The welcome pack panel of both case pages (registered in ``WelcomeConfig.ready()``): the
latest pack, to download, and the button that asks for a new one. One query."""

from installations.panels import Page, Panel, Slot
from installations.panels import register as register_panel
from welcome import pack as welcome_pack


def newcomer_panel(case, request):
    if case.is_draft:
        return None
    return referent_panel(case, request)


def referent_panel(case, request):
    return {"pack": welcome_pack.latest(case), "next": request.path}


def register():
    for page, load in ((Page.NEWCOMER, newcomer_panel), (Page.REFERENT, referent_panel)):
        register_panel(
            Panel(
                name="welcome_pack",
                page=page,
                template="welcome/_panel.html",
                load=load,
                slot=Slot.DOCUMENTS,
            )
        )
