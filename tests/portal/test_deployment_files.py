from pathlib import Path

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
