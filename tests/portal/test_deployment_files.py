import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_runs_web_worker_beat_postgres_and_redis():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"web", "worker", "beat", "db", "redis"}
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DJANGO_ENV"] == "production"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:6379")
        assert "SECRET_KEY" in environment
        assert services[name]["build"] == "."


def test_dockerfile_has_weasyprint_system_libraries():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "\nFROM python:3.11" in dockerfile
    for library in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz"):
        assert library in dockerfile
    assert "collectstatic" in dockerfile


# --- What the production image ships -------------------------------------------------------
NOT_SHIPPED = ["demo", "bench", "tests"]


def dockerignore_rules():
    """``(pattern, regex, let_back_in)`` per line of .dockerignore, in order (last match wins)."""
    rules = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line.lstrip("!").strip("/")
        regex = ""
        for part in re.split(r"(\*\*/|\*\*|\*|\?)", pattern):
            regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(
                part, re.escape(part)
            )
        rules.append((pattern, re.compile(regex), negated))
    return rules


def is_shipped(relative, rules):
    """Docker's reading: a pattern matching a path or one of its parent directories applies."""
    parts = relative.split("/")
    prefixes = ["/".join(parts[: index + 1]) for index in range(len(parts))]
    shipped = True
    for _pattern, regex, negated in rules:
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            shipped = negated
    return shipped


def shipped_files():
    """The build context's files that reach the image (left-out directories are not walked,
    unless a later line lets something inside them back in)."""
    rules = dockerignore_rules()
    for folder, dirs, files in os.walk(ROOT):
        base = Path(folder).relative_to(ROOT).as_posix()
        base = "" if base == "." else base + "/"
        dirs[:] = [
            name
            for name in sorted(dirs)
            if is_shipped(base + name, rules)
            or any(negated and p.startswith(base + name + "/") for p, _r, negated in rules)
        ]
        for name in sorted(files):
            if is_shipped(base + name, rules):
                yield base + name


@pytest.fixture(scope="module")
def image_tree(tmp_path_factory):
    """What ``COPY . .`` puts in the image: the files .dockerignore lets through."""
    tree = tmp_path_factory.mktemp("image") / "app"
    for relative in shipped_files():
        target = tree / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / relative, target)
    return tree


def run_in(tree, *args):
    """A production interpreter in ``tree``: no variable of the test run leaks in."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="portal.settings",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="installation-sante.example",
    )
    return subprocess.run(
        [sys.executable, *args], cwd=tree, env=env, capture_output=True, text=True, timeout=180
    )


def test_the_image_leaves_out_the_demo_the_benchmark_and_the_tests():
    dockerfile = (ROOT / "Dockerfile").read_text()
    copies = [line.split()[-2:] for line in dockerfile.splitlines() if line.startswith("COPY")]
    assert copies == [["pyproject.toml", "./"], [".", "."]]  # so .dockerignore decides
    rules = dockerignore_rules()
    for name in NOT_SHIPPED:
        assert not is_shipped(name, rules)
        assert not is_shipped(f"{name}/__init__.py", rules)
    assert not is_shipped(".env", rules) and not is_shipped("var/db.sqlite3", rules)
    assert not is_shipped("portal/__pycache__/settings.cpython-311.pyc", rules)
    for needed in ["manage.py", "portal/settings.py", "templates/base.html", "static/css"]:
        assert is_shipped(needed, rules)
    assert "test ! -e demo && test ! -e bench && test ! -e tests" in dockerfile


def test_production_runs_from_the_image_without_demo_or_bench(image_tree):
    assert {path.name for path in image_tree.iterdir()}.isdisjoint(NOT_SHIPPED)

    check = run_in(image_tree, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert check.returncode == 0, check.stderr
    assert "no issues" in check.stdout

    # Every command and every Celery task module loads; the demo and bench ones are unknown.
    probe = run_in(
        image_tree,
        "-c",
        "import importlib.util, json, django; django.setup();"
        "from django.core.management import get_commands;"
        "from portal.celery import app; app.loader.import_default_modules();"
        "print(json.dumps({'commands': sorted(get_commands()),"
        "'importable': [n for n in ('demo', 'bench') if importlib.util.find_spec(n)]}))",
    )
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout.strip().splitlines()[-1])
    assert found["importable"] == []
    assert {"migrate", "run_daily_sweep", "send_pending_mail"} <= set(found["commands"])
    assert {"load_demo", "bench_sweep", "bench_letters"}.isdisjoint(found["commands"])

    unknown = run_in(image_tree, "manage.py", "load_demo")
    assert unknown.returncode != 0
    assert "Unknown command: 'load_demo'" in unknown.stderr
