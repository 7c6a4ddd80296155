"""Production settings are checked in a fresh interpreter, as a server would start them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    base = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "CACHE_URL",
            "SECRET_KEY",
            "DJANGO_ENV",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_refuses_to_start():
    result = manage("check", DJANGO_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY manquant" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="installation-sante.example",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_unknown_environment_name_is_refused():
    result = manage("check", DJANGO_ENV="prod")
    assert result.returncode != 0
    assert "DJANGO_ENV" in result.stderr


def test_embedded_default_is_sqlite_eager_and_console(settings):
    from django.conf import settings as live

    if "DATABASE_URL" not in os.environ:
        assert live.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    if "CELERY_BROKER_URL" not in os.environ:
        assert live.CELERY_TASK_ALWAYS_EAGER
    assert live.LANGUAGE_CODE == "fr" and live.TIME_ZONE == "Europe/Paris"
