"""The matching panels of the case pages (registered in ``OpportunitiesConfig.ready()``): the
published offers that fit the case, live, with their reasons. One query on a case page (the
wished places come with the case): the offers, with whether the newcomer said they are
interested and whether the desk introduced them, in the same query."""

from django.db.models import Exists, OuterRef

from installations.models import Case
from installations.panels import Page, Panel
from opportunities.matching import FOLLOWED_STATES, offers_for
from opportunities.models import Match
from structures.models import Vacancy

SHOWN = 10


def fitting_offers(case):
    """``Fit``s of the offers ``case`` fits, each offer annotated with ``interested`` and
    ``introduced`` (its contact may then be shown)."""
    offers = Vacancy.objects.published().annotate(
        interested=Exists(
            Case.interested_vacancies.through.objects.filter(
                case_id=case.pk, vacancy_id=OuterRef("pk")
            )
        ),
        introduced=Exists(
            Match.objects.filter(
                case_id=case.pk, vacancy_id=OuterRef("pk"), introduced_at__isnull=False
            )
        ),
    )
    return offers_for(case, queryset=offers)


def newcomer_panel(case, request):
    """1 query (the offers); nothing for a draft or an ended case."""
    if case.status not in FOLLOWED_STATES:
        return None
    fits = fitting_offers(case)
    return {"fits": fits[:SHOWN], "more": max(0, len(fits) - SHOWN)}


def referent_panel(case, request):
    """1 query (the offers)."""
    if case.status not in FOLLOWED_STATES:
        return None
    fits = fitting_offers(case)
    return {"fits": fits[:SHOWN], "more": max(0, len(fits) - SHOWN)}


PANELS = [
    Panel(
        name="opportunities",
        page=Page.NEWCOMER,
        template="opportunities/_newcomer_panel.html",
        load=newcomer_panel,
    ),
    Panel(
        name="opportunities",
        page=Page.REFERENT,
        template="opportunities/_referent_panel.html",
        load=referent_panel,
    ),
]
