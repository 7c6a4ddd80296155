"""Every URL of the app, for every role: who gets what. Out of reach is a 404 (or, for the
admin, Django's own « not found » redirect / 403), never someone else's data."""

import pytest
from django.urls import reverse

from installations.models import Step
from structures.models import Structure, Vacancy
from tests.installations.factories import CaseFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "newcomer",
    "other_newcomer",
    "referent",
    "other_referent",
    "staff",
    "other_staff",
    "coordinator",
]


@pytest.fixture
def case(newcomer, desk, gp, figeac, referent):
    case = CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
        last_name="Secretnom",
    )
    Step.objects.create(case=case, title="Inscription à l'Ordre")
    return case


@pytest.fixture
def vacancy(figeac, gp):
    structure = Structure.objects.create(name="MSP", kind="msp", commune=figeac)
    return Vacancy.objects.create(structure=structure, profession=gp, practice_mode="liberal")


def url(view, case=None, **kwargs):
    if case is not None:
        kwargs["pk"] = case.pk
    return reverse(f"installations:{view}", kwargs=kwargs)


OK, LOGIN, NOT_FOUND, DENIED = "ok", "login", 404, 403
# (method, url name, extra kwargs, expected per persona in PERSONAS order)
MATRIX = [
    ("get", "my_case", None, [LOGIN, OK, OK, 404, 404, 404, 404, 404]),
    ("get", "request_start", None, [LOGIN, OK, OK, 404, 404, 404, 404, 404]),
    ("get", "case", {}, [LOGIN, OK, 404, 404, 404, 404, 404, 404]),
    ("get", "request_step", {"step": "vous"}, [LOGIN, OK, 404, 404, 404, 404, 404, 404]),
    ("get", "withdraw", {}, [LOGIN, OK, 404, 404, 404, 404, 404, 404]),
    ("post", "message", {}, [LOGIN, OK, 404, 404, 404, 404, 404, 404]),
    ("post", "resume", {}, [LOGIN, OK, 404, 404, 404, 404, 404, 404]),
    ("get", "workspace", None, [LOGIN, 404, 404, OK, OK, 404, 404, 404]),
    ("get", "referent_case", {}, [LOGIN, 404, 404, OK, 404, 404, 404, 404]),
    ("post", "referent_note", {}, [LOGIN, 404, 404, OK, 404, 404, 404, 404]),
    ("post", "referent_message", {}, [LOGIN, 404, 404, OK, 404, 404, 404, 404]),
    ("post", "referent_next_action", {}, [LOGIN, 404, 404, OK, 404, 404, 404, 404]),
    ("post", "referent_transition", {"name": "hold"}, [LOGIN, 404, 404, OK, 404, 404, 404, 404]),
    ("post", "referent_step", {"step_pk": "step"}, [LOGIN, 404, 404, OK, 404, 404, 404, 404]),
    (
        "post",
        "vacancy_interest",
        {"vacancy_pk": "vacancy"},
        [LOGIN, OK, OK, 404, 404, 404, 404, 404],
    ),
    ("get", "commune_suggestions", None, [OK, OK, OK, OK, OK, OK, OK, OK]),
]


def outcome(response):
    if response.status_code in (200, 201):
        return OK
    if response.status_code == 302:
        return LOGIN if "/comptes/login/" in response["Location"] else OK
    return response.status_code


@pytest.mark.parametrize("persona_index,persona", list(enumerate(PERSONAS)))
def test_matrix(request, client, case, vacancy, persona_index, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    objects = {"step": case.steps.get().pk, "vacancy": vacancy.pk}
    seen = {}
    for method, name, kwargs, _expected in MATRIX:
        if kwargs is None:
            target = url(name)
        elif "vacancy_pk" in kwargs:
            target = url(name, vacancy_pk=vacancy.pk)
        else:
            target = url(name, case, **{k: objects.get(v, v) for k, v in kwargs.items()})
        response = getattr(client, method)(target, {"body": "x"} if method == "post" else {})
        seen[name] = outcome(response)
        if seen[name] != OK and response.status_code == 404:
            assert "Secretnom" not in response.content.decode()
    assert seen == {name: expected[persona_index] for _m, name, _k, expected in MATRIX}


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("staff", 200),
        ("other_staff", 302),
        ("coordinator", 403),
        ("referent", 404),
        ("newcomer", 404),
        ("superuser", 200),
    ],
)
def test_admin_case_page(request, client, case, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(
        reverse("admin:installations_case_change", args=[case.pk]), follow=persona != "other_staff"
    )
    assert response.status_code == expected
    if expected != 200:
        assert "Secretnom" not in response.content.decode()
