"""Bad input gets a 400 or a form error in French, never a 500 (issue 14, items 7 and 8, and
the ``next`` rule). The NUL cases matter on PostgreSQL, which refuses NUL in text; SQLite
accepts it, and the guard answers the same on both."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from installations.enums import CaseStatus
from installations.kinds import CaseKind
from portal.urls_safety import safe_next
from tests.installations.factories import CaseFactory

pytestmark = pytest.mark.django_db

BAD_REQUEST = "Adresse ou formulaire illisible"


@pytest.fixture
def browser_client():
    return Client(raise_request_exception=False)


def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


# --- 7. NUL bytes (and other control characters) ---------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/invitation/%00/",
        "/ambassadeurs/reponse/%00/",
        "/api/communes/?q=a%00b",
        "/observatoire/?guichet=%00",
        "/annuaire/?q=%00",
        "/aides/?q=a%01b",
    ],
)
def test_a_nul_byte_in_the_address_is_a_bad_request_in_french(browser_client, url):
    response = browser_client.get(url)

    assert response.status_code == 400
    assert BAD_REQUEST in response.content.decode()


def test_a_nul_byte_on_a_coordinator_page_is_a_bad_request(coordinator):
    response = signed_in(coordinator).get("/coordination/evenements/?q=%00")

    assert response.status_code == 400


def test_a_nul_byte_in_an_admin_filter_is_a_bad_request(superuser):
    response = signed_in(superuser).get("/admin/installations/case/?status__exact=%00")

    assert response.status_code == 400


def test_a_nul_byte_in_a_posted_field_is_a_bad_request(newcomer):
    response = signed_in(newcomer).post(
        reverse("installations:request_start"), {"first_name": "Ca\x00mille"}
    )

    assert response.status_code == 400
    assert BAD_REQUEST in response.content.decode()


def test_a_vertical_tab_pasted_in_a_form_is_no_bad_request(newcomer):
    response = signed_in(newcomer).post(
        reverse("installations:request_start"), {"first_name": "Camille\x0b"}
    )

    assert response.status_code != 400


def test_tabs_and_line_breaks_stay_welcome(browser_client):
    response = browser_client.get("/api/communes/?q=Fig%09eac%0D%0A")

    assert response.status_code == 200


@pytest.mark.parametrize("value", ["100000000000000000000", "-9223372036854775809"])
def test_a_number_no_column_holds_is_a_bad_request(superuser, value):
    client = signed_in(superuser)

    assert client.get("/admin/installations/case/", {"referent": value}).status_code == 400
    query = {"submitted_at__year": value + "0"}
    assert client.get("/admin/installations/case/", query).status_code == 400
    assert client.post("/coordination/evenements/nouveau/", {"desk": value}).status_code == 400


def test_a_number_of_64_bits_is_read_as_usual(browser_client):
    response = browser_client.get("/api/communes/", {"q": "9223372036854775807"})

    assert response.status_code == 200


def test_a_parameter_of_a_megabyte_is_a_bad_request(browser_client):
    response = browser_client.get("/api/communes/", {"q": "a" * 1_000_000})

    assert response.status_code == 400


# --- 8. Malformed or out-of-range parameters ------------------------------------------------
@pytest.mark.parametrize("path", ["/bilan/", "/observatoire/"])
def test_a_desk_that_is_not_a_slug_is_an_unknown_desk(superuser, path):
    response = signed_in(superuser).get(path, {"guichet": "a b"})

    assert response.status_code == 404


def test_a_study_year_beyond_a_small_integer_is_a_form_error(newcomer, desk, gp, figeac):
    case = CaseFactory(
        applicant=newcomer,
        status=CaseStatus.DRAFT,
        desk=None,
        kind=CaseKind.PLACEMENT,
        profession=gp,
    )
    url = reverse("installations:request_step", args=[case.pk, "stage"])

    response = signed_in(newcomer).post(url, {"study_year": "99999999999", "action": "save"})

    assert response.status_code == 200
    assert "inférieure ou égale à" in response.content.decode()
    case.refresh_from_db()
    assert case.study_year is None


@pytest.mark.parametrize(
    "query",
    [
        "referent=x",
        "submitted_at__year=9223372036854775807",
        "submitted_at__year=99999999",
        "submitted_at__year=2026&submitted_at__month=99",
        "submitted_at__year=2026&submitted_at__month=2&submitted_at__day=31",
    ],
)
def test_a_malformed_admin_list_filter_is_the_admins_invalid_filter(superuser, query):
    response = signed_in(superuser).get(f"/admin/installations/case/?{query}")

    assert response.status_code == 302
    assert response["Location"] == "/admin/installations/case/?e=1"


@pytest.mark.parametrize(
    "query",
    [
        "desk__id__exact=x",
        "desk__id__exact=99999999999",
        "referent=9223372036854775807",
        "retard=%F0%9F%98%80",
    ],
)
def test_other_odd_admin_list_filters_answer(superuser, query):
    response = signed_in(superuser).get(f"/admin/installations/case/?{query}")

    assert response.status_code in (200, 302)


@pytest.mark.parametrize("value", ["abc", "99999999999", "9223372036854775807", "%E2%80%AE"])
@pytest.mark.parametrize(
    "page",
    ["events/event", "hotline/hotlinerecord", "structures/vacancy", "students/housingrequest"],
)
def test_a_malformed_prefilled_value_on_an_admin_add_page_is_dropped(superuser, page, value):
    from django.apps import apps

    model = apps.get_model(page.replace("/", "."))
    names = [f.name for f in model._meta.get_fields() if getattr(f, "concrete", False)]
    query = "&".join(f"{name}={value}" for name in names)

    response = signed_in(superuser).get(f"/admin/{page}/add/?{query}")

    assert response.status_code in (200, 403)  # 403: no one adds it by hand


def test_a_structures_csv_with_carriage_returns_only_is_read(superuser, figeac):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = "nom;type;code_insee\rMaison de santé du Célé;msp;46102\r"
    upload = SimpleUploadedFile("structures.csv", text.encode(), content_type="text/csv")

    response = signed_in(superuser).post(
        reverse("admin:structures_structure_import"), {"file": upload}, follow=True
    )

    assert response.status_code == 200
    assert "1 structure créée" in response.content.decode()


def test_a_structures_file_that_is_no_csv_is_a_form_error(superuser, figeac):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("structures.csv", "nom;type\n".encode("utf-16"))

    response = signed_in(superuser).post(
        reverse("admin:structures_structure_import"), {"file": upload}
    )

    assert response.status_code == 200
    assert "n&#x27;est pas un CSV lisible" in response.content.decode()


# --- The ``next`` rule ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "target",
    ["dashboard", "//evil.example/", "https://evil.example/", "javascript:alert(1)", "", "/\\x"],
)
def test_next_falls_back_to_the_default_unless_a_local_path(target):
    request = RequestFactory().post("/", {"next": target})

    assert safe_next(request, "/mon-dossier/") == "/mon-dossier/"


def test_next_keeps_a_local_path():
    request = RequestFactory().get("/", {"next": "/dossiers/4/?onglet=livret"})

    assert safe_next(request, "/mon-dossier/") == "/dossiers/4/?onglet=livret"


def test_a_bare_word_as_next_on_the_welcome_pack_goes_back_to_the_case(assigned_case):
    client = signed_in(assigned_case.applicant)

    response = client.post(
        reverse("welcome:regenerate", args=[assigned_case.pk]), {"next": "dashboard"}
    )

    assert response.status_code == 302
    assert response["Location"] == assigned_case.get_absolute_url()
