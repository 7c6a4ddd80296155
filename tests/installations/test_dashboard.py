"""The desk dashboard: every count against the data, every link to exactly those cases, the
desk's scope, who may open it, and a query count that does not grow with the cases."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from installations.enums import CaseStatus
from tests.installations.factories import CaseFactory, ReferentFactory
from tests.territories.factories import DeskMemberFactory

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("installations:dashboard")
LONG_AGO = 40  # days: always before the first of the current month, past every default delay


def ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def world(desk, other_desk, gp, figeac, auch, referent, other_referent):
    """Desk A's cases, one or more in each state the page counts; desk B's in the same states
    (never counted for desk A's staff). ``expected`` lists desk A's references per count."""
    today = timezone.localdate()
    ReferentFactory(user=referent, communes=[figeac], capacity=10)
    ReferentFactory(user=other_referent, capacity=5, absent_until=today + timedelta(days=7))

    def case(name, **kwargs):
        kwargs.setdefault("desk", desk)
        kwargs.setdefault("profession", gp)
        kwargs.setdefault("communes", [figeac if kwargs["desk"] == desk else auch])
        kwargs.setdefault("submitted_at", ago(LONG_AGO + 20))
        return CaseFactory(last_name=name, **kwargs)

    a = {
        "new_1": case("Nouvelle", submitted_at=ago(0)),
        "new_2": case("Récente", submitted_at=ago(0)),
        "triage_late": case("Attente", submitted_at=ago(LONG_AGO)),
        "assigned": case("Attribuée", submitted_at=ago(0), assigned=True, referent=referent),
        "contact_late": case(
            "Oubliée", assigned=True, assigned_at=ago(LONG_AGO), referent=referent
        ),
        "idle": case(
            "Silence",
            in_progress=True,
            assigned_at=ago(LONG_AGO + 10),
            last_activity_at=ago(LONG_AGO),
            referent=referent,
        ),
        "wake": case(
            "Pause",
            status=CaseStatus.ON_HOLD,
            assigned_at=ago(LONG_AGO + 10),
            resume_on=today - timedelta(days=1),
            referent=referent,
        ),
        "away": case(
            "Absence", in_progress=True, assigned_at=ago(LONG_AGO), referent=other_referent
        ),
        "installed": case("Installée", status=CaseStatus.INSTALLED, installed_at=ago(0)),
        "closed": case("Close", status=CaseStatus.CLOSED, installed_at=ago(0)),
        "installed_before": case(
            "Ancienne", status=CaseStatus.INSTALLED, installed_at=ago(LONG_AGO)
        ),
    }
    case("Brouillon", draft=True)
    theirs = {"desk": other_desk}
    b = [
        case("Gers", submitted_at=ago(0), **theirs),
        case("Gers", submitted_at=ago(LONG_AGO), **theirs),
        case("Gers", assigned=True, assigned_at=ago(LONG_AGO), **theirs),
        case("Gers", status=CaseStatus.INSTALLED, installed_at=ago(0), **theirs),
    ]
    ref = {name: c.reference for name, c in a.items()}

    def refs(*names):
        return {ref[name] for name in names}

    expected = {
        "to_assign": refs("new_1", "new_2", "triage_late"),
        "to_assign_late": refs("triage_late"),
        "overdue": refs("triage_late", "contact_late", "idle", "wake"),
        "first_contact_due": refs("assigned", "contact_late"),
        "first_contact_late": refs("contact_late"),
        "idle": refs("idle"),
        "wake": refs("wake"),
        "absent_referent_cases": refs("away"),
        "arrivals": refs("new_1", "new_2", "assigned"),
        "installations": refs("installed", "closed"),
    }
    return {"a": a, "b": b, "expected": expected}


def counted_links(html):
    """``{name: (number shown, href)}`` for every count of the page."""
    found = {}
    for href, name, text in re.findall(r'<a href="([^"]+)" data-count="(\w+)">(.*?)</a>', html):
        number = re.search(r"\d+", re.sub(r"<[^>]+>", "", text)).group()
        found[name] = (int(number), unescape(href))
    return found


def listed_references(client, url):
    html = client.get(url).content.decode()
    assert 'id="result_list"' in html or "0 dossier" in html or "Aucun" in html
    return set(re.findall(r'class="field-reference"><a [^>]*>([^<]+)</a>', html))


def test_each_count_matches_the_data_and_links_to_exactly_those_cases(client, staff, world):
    client.force_login(staff)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    links = counted_links(response.content.decode())
    assert set(links) == set(world["expected"])
    for name, references in world["expected"].items():
        shown, href = links[name]
        assert shown == len(references), name
        assert href.startswith(reverse("admin:installations_case_changelist") + "?")
        assert listed_references(client, href) == references, name


def test_to_assign_lists_the_oldest_first_with_the_suggested_referent(client, staff, world):
    client.force_login(staff)
    html = client.get(DASHBOARD).content.decode()
    table = html.split('id="attribuer"')[1].split("</table>")[0]
    order = [world["a"][name].reference for name in ("triage_late", "new_1", "new_2")]
    positions = [table.index(reference) for reference in order]
    assert positions == sorted(positions)
    # The referent covering Figeac, with their load (assigned, in progress, on hold: 4).
    assert "couvre Figeac" in table and "4 dossiers en cours sur 10" in table
    assert "en retard" in table  # the case waiting 40 days, said in words


def test_referents_load_and_absences(client, staff, world, referent, other_referent):
    client.force_login(staff)
    html = client.get(DASHBOARD).content.decode()
    load = html.split('id="charge"')[1].split("</table>")[0]
    assert str(referent) in load and str(other_referent) in load
    assert "absent jusqu&#x27;au" in load or "absent jusqu'au" in load
    absent = html.split('id="absents"')[1].split("</table>")[0]
    assert str(other_referent) in absent and str(referent) not in absent
    href = unescape(re.search(rf'href="([^"]*referent={referent.pk}&[^"]*)"', load).group(1))
    assert listed_references(client, href) == {
        world["a"][name].reference for name in ("assigned", "contact_late", "idle", "wake")
    }


def test_other_desks_cases_are_never_counted(client, staff, other_staff, world):
    client.force_login(other_staff)
    links = counted_links(client.get(DASHBOARD).content.decode())
    b_refs = {case.reference for case in world["b"]}
    assert links["to_assign"][0] == 2 and links["to_assign_late"][0] == 1
    assert links["first_contact_late"][0] == 1 and links["installations"][0] == 1
    assert links["absent_referent_cases"][0] == 0
    assert listed_references(client, links["to_assign"][1]) <= b_refs
    html = client.get(DASHBOARD).content.decode()
    for case in world["a"].values():
        assert case.reference not in html


def test_superuser_sees_every_desk(client, superuser, world):
    client.force_login(superuser)
    links = counted_links(client.get(DASHBOARD).content.decode())
    assert links["to_assign"][0] == 3 + 2
    assert links["installations"][0] == 2 + 1
    assert links["first_contact_due"][0] == 2 + 1
    # Each case is routed among its own desk's referents (desk B has none).
    table = client.get(DASHBOARD).content.decode().split('id="attribuer"')[1]
    rows = {row.split("</a>")[0].split(">")[-1]: row for row in table.split("<tr>")[2:]}
    assert "couvre Figeac" in rows[world["a"]["new_1"].reference]
    assert "Aucun référent disponible" in rows[world["b"][0].reference]


@pytest.mark.parametrize("role", ["referent", "coordinator", "newcomer"])
def test_other_roles_get_a_404(client, request, role, desk):
    client.force_login(request.getfixturevalue(role))
    assert client.get(DASHBOARD).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_admin_index_leads_staff_to_the_dashboard(client, staff, coordinator):
    client.force_login(staff)
    assert f'href="{DASHBOARD}"' in client.get(reverse("admin:index")).content.decode()
    client.force_login(coordinator)
    html = client.get(reverse("admin:index")).content.decode()
    assert f'href="{DASHBOARD}"' not in html


def test_query_count_does_not_grow_with_the_cases(
    client, staff, world, desk, gp, figeac, cahors, django_assert_max_num_queries
):
    client.force_login(staff)
    client.get(DASHBOARD)  # warm-up: session, caches
    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as before:
        client.get(DASHBOARD)
    for index in range(15):
        CaseFactory(desk=desk, profession=gp, communes=[figeac, cahors], submitted_at=ago(index))
        member = DeskMemberFactory(user__referent=True, desk=desk).user
        ReferentFactory(user=member, communes=[cahors], skills=["housing"])
        CaseFactory(desk=desk, profession=gp, assigned=True, referent=member)
    with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as after:
        html = client.get(DASHBOARD).content.decode()
    assert len(after) == len(before)
    assert "Voir les 18 demandes à attribuer" in html
    assert "Voir les 17 référents" in html
