"""« Two commands that hold on any machine »: `make run` and `make test` on a machine that
lacks HarfBuzz-Subset or even Pango, and `make run PORT=…` whose links follow the port.

The in-process tests pretend WeasyPrint could not load; the subprocess tests at the end make
the libraries really unloadable (a ``sitecustomize`` that makes cffi's ``dlopen`` fail) and
run `make test` and the same in-process tests there."""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from events import documents as event_documents
from events.enums import DocumentKind
from events.models import PrintJob
from portal import checks, pdf
from portal.document_jobs import JobStatus
from reporting import documents as report_documents
from reporting.models import ReportJob
from tests.events.factories import EventFactory, InvitationFactory
from welcome import tasks as welcome_tasks
from welcome.models import WelcomePack

ROOT = Path(__file__).resolve().parents[2]
MESSAGE = (
    "La création de PDF n'est pas disponible sur ce serveur : il manque les bibliothèques "
    "Pango (paquets Debian libpango-1.0-0 libpangoft2-1.0-0)."
)
SHOWN = escape(MESSAGE)  # as a page shows it
# Set by the subprocess test below: there WeasyPrint really cannot load.
REALLY_WITHOUT_PANGO = os.environ.get("PORTAL_TEST_WITHOUT_PANGO") == "1"


@pytest.fixture
def no_pango(monkeypatch):
    """PDFs cannot be made here: for real in the subprocess that hides Pango, else as if
    WeasyPrint had failed to load its libraries."""
    if REALLY_WITHOUT_PANGO:
        assert not pdf.pdf_available()
    else:
        monkeypatch.setattr(pdf, "_weasyprint", lambda: None)


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- Without Pango: the site runs and every PDF action says why it cannot ------------------
def test_without_pango_public_pages_and_admin_login_are_served(client, no_pango, desk):
    for url in ("/", "/annuaire/", "/aides/", "/evenements/"):
        _page(client, url)
    admin_login = client.get("/admin/login/", follow=True)  # the accounts' login page
    assert admin_login.status_code == 200
    assert admin_login.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_without_pango_the_system_check_names_the_packages(no_pango):
    (warning,) = checks.pdf_libraries()
    assert warning.id == "portal.W001"
    assert "libpango-1.0-0 libpangoft2-1.0-0" in warning.hint


def test_with_pango_the_system_check_is_silent(monkeypatch):
    monkeypatch.setattr(pdf, "_weasyprint", lambda: object())
    assert checks.pdf_libraries() == []


def test_without_pango_event_documents_are_refused_with_the_reason(
    client, coordinator, desk, figeac, no_pango
):
    event = EventFactory(desk=desk, commune=figeac)
    InvitationFactory(event=event, accepted=True)
    client.force_login(coordinator)
    response = client.post(
        reverse("events:document_request", kwargs={"pk": event.pk}),
        {"kind": DocumentKind.LETTERS},
        follow=True,
    )
    assert response.status_code == 200
    assert SHOWN in response.content.decode()
    assert not PrintJob.objects.exists()


def test_without_pango_a_queued_job_fails_and_its_page_says_why(
    client, coordinator, desk, figeac, no_pango
):
    event = EventFactory(desk=desk, commune=figeac)
    InvitationFactory(event=event, accepted=True)
    job, _created = event_documents.request_document(event, DocumentKind.BADGES_8, user=None)
    assert event_documents.run_job(job.pk) is False  # no exception: a retry would not help
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, MESSAGE)
    client.force_login(coordinator)
    kwargs = {"pk": event.pk, "job_pk": job.pk}
    html = _page(client, reverse("events:document", kwargs=kwargs))
    assert SHOWN in html and "job-progress.js" not in html
    assert client.get(reverse("events:document_json", kwargs=kwargs)).json()["finished"]


def test_a_broken_document_keeps_the_generic_failure_message(
    client, coordinator, desk, figeac, monkeypatch
):
    event = EventFactory(desk=desk, commune=figeac)
    job, _created = event_documents.request_document(event, DocumentKind.SIGN_IN, user=None)

    def broken(*args, **kwargs):
        raise ValueError("gabarit cassé")

    monkeypatch.setattr(event_documents, "make_pdf", broken)
    with pytest.raises(ValueError):
        event_documents.run_job(job.pk)
    client.force_login(coordinator)
    html = _page(client, reverse("events:document", kwargs={"pk": event.pk, "job_pk": job.pk}))
    assert "La préparation a échoué" in html
    assert "gabarit cassé" not in html and SHOWN not in html


def test_without_pango_the_report_pdf_is_refused_with_the_reason(client, desk, no_pango):
    response = client.post(
        reverse("reporting:report_pdf", args=[desk.slug]),
        {"du": "2026-01-01", "au": "2026-12-31"},
    )
    assert response["Location"] == (
        reverse("reporting:report_desk", args=[desk.slug]) + "?du=2026-01-01&au=2026-12-31"
    )
    assert SHOWN in _page(client, response["Location"])
    assert not ReportJob.objects.exists()


def test_without_pango_a_queued_report_fails_and_its_page_says_why(client, desk, no_pango):
    job = ReportJob.objects.create(
        desk=desk, start="2026-01-01", end="2026-12-31", exact=False, data_key="k", total=1
    )
    assert report_documents.run_job(job.pk) is False
    html = _page(client, reverse("reporting:report_pdf_job", args=[desk.slug, job.pk]))
    assert SHOWN in html


def test_without_pango_the_welcome_pack_says_why(
    client, newcomer, in_progress_case, no_pango, caplog
):
    client.force_login(newcomer)
    download = reverse("welcome:download", kwargs={"pk": in_progress_case.pk})
    assert SHOWN in _page(client, download)
    response = client.post(
        reverse("welcome:regenerate", kwargs={"pk": in_progress_case.pk}),
        {"next": download},
        follow=True,
    )
    assert response.status_code == 200
    assert response.content.decode().count(SHOWN) == 2  # the message, and the page's notice
    with caplog.at_level(logging.WARNING, logger="welcome.tasks"):
        result = welcome_tasks.generate_welcome_pack.apply(args=[in_progress_case.pk])
    assert result.successful() and result.result is None  # said once, not retried
    assert [record.getMessage() for record in caplog.records] == [
        f"Livret d'accueil du dossier {in_progress_case.pk} non préparé : {MESSAGE}"
    ]
    assert not WelcomePack.objects.exists()


# --- `make run PORT=…`: links follow the port ------------------------------------------------
FAKE_PYTHON = """\
#!{python}
# Stands for the venv's python in `make run`: runserver prints the SITE_URL Django reads.
import os
import sys

if "runserver" in sys.argv:
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.conf import settings

    print("runserver", sys.argv[-1], settings.SITE_URL)
"""

CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if key
    not in {
        "SITE_URL",
        "PORT",
        "HOST",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "CACHE_URL",
        "DJANGO_ENV",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "MAKEFLAGS",
        "PYTHONPATH",
    }
}


def _make(*args, env=None, timeout=120):
    return subprocess.run(
        ["make", "-s", "--no-print-directory", "-o", "install", *args],
        cwd=ROOT,
        env={**CLEAN_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "http://127.0.0.1:8102"),
        ({"SITE_URL": "https://installation-sante.example"}, "https://installation-sante.example"),
    ],
)
def test_make_run_port_gives_the_site_url_unless_one_is_set(tmp_path, env, expected):
    fake = tmp_path / "python"
    fake.write_text(FAKE_PYTHON.format(python=sys.executable))
    fake.chmod(0o755)
    result = _make("run", f"PY={fake}", "PORT=8102", env=env)
    assert result.returncode == 0, result.stderr
    assert f"runserver 127.0.0.1:8102 {expected}\n" in result.stdout
    assert "servi sur http://127.0.0.1:8102/" in result.stdout


# --- The « done when » runs: libraries really unloadable ------------------------------------
SITECUSTOMIZE = """\
# Makes cffi fail to load some libraries, as on a machine that lacks them; logs each refusal.
import cffi

_dlopen = cffi.FFI.dlopen


def dlopen(self, name, *args, **kwargs):
    if name and any(part in str(name).lower() for part in {parts!r}):
        with open({log!r}, "a") as log:
            log.write(str(name) + "\\n")
        raise OSError("cannot load library " + repr(name))
    return _dlopen(self, name, *args, **kwargs)


cffi.FFI.dlopen = dlopen
"""


def _without(tmp_path, *parts):
    """Environment whose Python cannot load the libraries named by ``parts``, and the file
    that lists what it refused."""
    log = tmp_path / "refused.txt"
    (tmp_path / "sitecustomize.py").write_text(SITECUSTOMIZE.format(parts=parts, log=str(log)))
    return {"PYTHONPATH": str(tmp_path)}, log


@pytest.mark.pdf
def test_make_test_passes_without_harfbuzz_subset(tmp_path):
    env, refused = _without(tmp_path, "harfbuzz-subset")
    result = _make(
        "test",
        f"PY={sys.executable}",
        "PYTEST_ARGS=-p no:randomly -q --no-migrations -rs "
        "tests/portal/test_pdf.py::test_html_to_pdf_writes_text "
        "tests/portal/test_pages.py::test_home_says_what_the_service_does_in_french",
        env={**env, "CI": "true"},  # in CI a PDF test may not skip: it must make its PDF
        timeout=180,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "2 passed" in result.stdout and "skipped" not in result.stdout
    assert "harfbuzz-subset" in refused.read_text()  # WeasyPrint really went without it


def test_the_site_serves_its_pages_without_pango(tmp_path):
    env, refused = _without(tmp_path, "pango", "gobject")
    check = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**CLEAN_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr
    assert "portal.W001" in check.stderr and "libpango-1.0-0" in check.stderr
    assert refused.read_text()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:randomly",
            "-q",
            "--no-migrations",
            "-rs",
            "tests/portal/test_two_commands.py",
            "tests/portal/test_pdf.py",
            "-k",
            "without_pango and not serves_its_pages or html_to_pdf_writes_text",
        ],
        cwd=ROOT,
        # Outside CI (a developer's machine without Pango): there a PDF test skips with its reason.
        env={**CLEAN_ENV, **env, "PORTAL_TEST_WITHOUT_PANGO": "1", "CI": ""},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "8 passed, 1 skipped" in result.stdout
    assert re.search(rf"^SKIPPED \[1\] \S+: {re.escape(MESSAGE)}$", result.stdout, re.M)


def test_in_ci_a_pdf_test_fails_if_pango_is_missing(tmp_path):
    env, _refused = _without(tmp_path, "pango", "gobject")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:randomly",
            "-q",
            "tests/portal/test_pdf.py::test_html_to_pdf_writes_text",
        ],
        cwd=ROOT,
        env={**CLEAN_ENV, **env, "CI": "true"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "1 error" in result.stdout and "skipped" not in result.stdout
    assert "La CI doit les installer." in result.stdout
