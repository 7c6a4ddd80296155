from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed_professions():
    """The professions come from a data migration: a transactional test's flush removes them."""
    from structures.models import Profession
    from structures.professions import PROFESSIONS, seed

    if Profession.objects.count() < len(PROFESSIONS):
        seed(Profession)


def load_demo_world():
    """The demo loaded for one browser journey (a transactional test: the flush before it
    removed the professions). The autouse fixtures already point the media to a temporary
    folder and make password hashing fast."""
    seed_professions()
    call_command("load_demo", stdout=StringIO())


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    """Where the demo's files (the co-hosts' logos it draws) go: never the working tree's
    media folder. A test that opens them sets ``settings.MEDIA_ROOT`` to it."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, demo_media):
    """The demo, loaded once for a module whose tests only read it; rolled back after them
    (each test still runs in its own savepoint)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=demo_media),
        transaction.atomic(),
    ):
        seed_professions()
        output = StringIO()
        call_command("load_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)
