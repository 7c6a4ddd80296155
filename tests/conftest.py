"""Shared fixtures: one persona per role, on two desks, so every test can ask
« who may see this ? » with the same cast."""

import os
import shutil

import pytest
from django.core.cache import cache

from tests.installations.factories import CaseFactory, ReferentFactory, StepTemplateFactory
from tests.portal.factories import UserFactory
from tests.structures.factories import StructureFactory, VacancyFactory
from tests.territories.factories import (
    CommuneFactory,
    DepartmentFactory,
    DeskFactory,
    DeskMemberFactory,
    EpciFactory,
)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_runtest_setup(item):
    """A test marked ``pdf`` makes a real PDF: where Pango is missing it is skipped, with the
    reason, on a developer's machine, and fails in CI (the CI image must have Pango)."""
    if item.get_closest_marker("pdf") is None:
        return
    from portal.pdf import UNAVAILABLE_MESSAGE, pdf_available

    if not pdf_available():
        if IN_CI:
            pytest.fail(f"{UNAVAILABLE_MESSAGE} La CI doit les installer.", pytrace=False)
        pytest.skip(UNAVAILABLE_MESSAGE)


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """allauth's rate limits live in the (database or Redis) cache: every test that touches
    the database starts with none spent."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue(
            "db" if "live_server" not in request.fixturenames else "transactional_db"
        )
        cache.clear()
    yield


@pytest.fixture
def cache_outside_the_database(settings):
    """The cache in memory, as Redis is in production: reading it is not a query, so a query
    budget counts the page's own queries only."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    }


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many accounts; hashing strength is not what they check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process for a test about what a task does, not how it travels
    (that is what the real-worker tests in CI's second pass are for)."""
    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


# --- Territory ------------------------------------------------------------------------------
@pytest.fixture
def lot(db):
    return DepartmentFactory(code="46", name="Lot")


@pytest.fixture
def gers(db):
    return DepartmentFactory(code="32", name="Gers")


@pytest.fixture
def grand_figeac(lot):
    return EpciFactory(siren="200067361", name="CC Grand-Figeac", seat_department=lot)


@pytest.fixture
def figeac(lot, grand_figeac):
    return CommuneFactory(
        insee_code="46102",
        name="Figeac",
        department=lot,
        epci=grand_figeac,
        postal_codes="46100",
        population=9800,
        latitude=44.608,
        longitude=2.031,
    )


@pytest.fixture
def cahors(lot):
    return CommuneFactory(
        insee_code="46042",
        name="Cahors",
        department=lot,
        postal_codes="46000",
        population=19700,
        latitude=44.448,
        longitude=1.441,
    )


@pytest.fixture
def auch(gers):
    return CommuneFactory(
        insee_code="32013",
        name="Auch",
        department=gers,
        postal_codes="32000",
        population=22000,
        latitude=43.646,
        longitude=0.586,
    )


@pytest.fixture
def desk(lot):
    return DeskFactory(name="Guichet santé du Lot", slug="lot", departments=[lot])


@pytest.fixture
def other_desk(gers):
    return DeskFactory(name="Guichet santé du Gers", slug="gers", departments=[gers])


@pytest.fixture
def professions(db):
    """The seeded professions by code (seeded again after a transactional test's flush)."""
    from structures.models import Profession
    from structures.professions import PROFESSIONS, seed

    if Profession.objects.count() < len(PROFESSIONS):
        seed(Profession)
    return {profession.code: profession for profession in Profession.objects.all()}


@pytest.fixture
def gp(professions):
    return professions["medecin-generaliste"]


# --- Personas -------------------------------------------------------------------------------
@pytest.fixture
def newcomer(db):
    return UserFactory(email="camille.durand@exemple.test", first_name="Camille")


@pytest.fixture
def other_newcomer(db):
    return UserFactory(email="autre.arrivant@exemple.test")


@pytest.fixture
def referent(desk):
    return DeskMemberFactory(
        user__referent=True, user__email="referent@exemple.test", desk=desk
    ).user


@pytest.fixture
def other_referent(desk):
    return DeskMemberFactory(user__referent=True, desk=desk).user


@pytest.fixture
def staff(desk):
    return DeskMemberFactory(user__staff=True, user__email="equipe@exemple.test", desk=desk).user


@pytest.fixture
def other_staff(other_desk):
    return DeskMemberFactory(user__staff=True, desk=other_desk).user


@pytest.fixture
def coordinator(desk):
    return DeskMemberFactory(user__coordinator=True, desk=desk).user


@pytest.fixture
def superuser(db):
    return UserFactory(superuser=True)


# --- Browser --------------------------------------------------------------------------------
# --- Places of the care offer -------------------------------------------------------
@pytest.fixture
def gramat(lot):
    return CommuneFactory(
        insee_code="46128",
        name="Gramat",
        department=lot,
        population=3500,
        latitude=44.7636,
        longitude=1.7162,
    )


@pytest.fixture
def saint_cere(lot):
    return CommuneFactory(
        insee_code="46251",
        name="Saint-Céré",
        department=lot,
        population=3400,
        latitude=44.8532,
        longitude=1.8926,
    )


@pytest.fixture
def figeac_hospital(figeac, professions):
    return StructureFactory(
        name="Centre hospitalier de Figeac", kind="centre_hospitalier", commune=figeac
    )


@pytest.fixture
def cahors_msp(cahors, professions):
    return StructureFactory(name="MSP de Cahors", commune=cahors)


@pytest.fixture
def angiology_vacancy(figeac_hospital, professions):
    return VacancyFactory(
        structure=figeac_hospital, profession=professions["angiologie"], practice_mode="salaried"
    )


# --- Cases in each stage, on the Lot desk ---------------------------------------------
@pytest.fixture
def step_templates(db, gp):
    return [
        StepTemplateFactory(title="Inscription au tableau de l'Ordre", profession=None),
        StepTemplateFactory(title="Conventionnement avec la CPAM", profession=None),
        StepTemplateFactory(title="Rencontre avec la CPTS", profession=gp),
    ]


@pytest.fixture
def referent_profile(referent, figeac):
    return ReferentFactory(user=referent, communes=[figeac])


@pytest.fixture
def submitted_case(newcomer, desk, gp, figeac):
    return CaseFactory(applicant=newcomer, desk=desk, profession=gp, communes=[figeac])


@pytest.fixture
def assigned_case(newcomer, desk, gp, figeac, referent):
    return CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        assigned=True,
        referent=referent,
    )


@pytest.fixture
def in_progress_case(newcomer, desk, gp, figeac, referent):
    return CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
    )


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; never a downloaded browser.
    Skips on a bare machine without Chromium, fails in CI."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"Chromium introuvable ({CHROMIUM}) : .ci/run doit l'installer.")
        pytest.skip("Chromium n'est pas installé (apt-get install chromium).")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    context.close()
