"""The benchmark harness's own pieces: the floor view, the report and the budget verdicts
(the benchmark itself runs with ``make bench``, never in the test suite)."""

import inspect
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from bench import run
from tests.installations.test_dashboard import world  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parents[2]


def fake_result(scale="large", floor=2.0, workspace=5.0, admin=120.0, queries=9):
    pages = {}
    for name, _label, _role in run.PAGES:
        pages[name] = {
            "queries": 0 if name == "floor" else queries,
            "p50_ms": floor if name == "floor" else workspace,
            "p95_ms": 9.0,
            "rps": 100.0,
            "n": 200,
            "tool": "wrk -t2 -c8 -d15s",
        }
    pages["admin_list"]["p50_ms"] = admin
    return {
        "dashboard_check": {"checked": 10, "mismatches": [], "expected": {}},
        "scale": scale,
        "date": "2026-11-23",
        "cores": 2,
        "load_before": [1.0, 1.0, 1.0],
        "load_after": [2.0, 1.5, 1.0],
        "postgres": "15.0",
        "cache": "Redis",
        "seed": {"cases": 100_000, "timeline": 1_000_000, "drafts_extra": 450},
        "seed_wall_s": 90.0,
        "pages": pages,
        "batch": {
            "welcome_pack": {"n": 5, "median_s": 0.9, "max_s": 1.1},
            "letters": {"count": 300, "seconds": 20.0, "output": "300 lettres : 20.0 s"},
            "sweep": {
                "open_cases": 45_000,
                "seconds": 3.2,
                "queries": 30,
                "items": 1200,
                "mails": 80,
                "second_run_seconds": 0.5,
                "second_run_queries": 20,
                "second_run_items": 0,
            },
        },
    }


def test_the_floor_is_a_bare_constant_page(db, client, settings, django_assert_num_queries):
    settings.ROOT_URLCONF = "bench.urls"
    with django_assert_num_queries(0):
        response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert b"Plancher" in response.content


def test_budgets_say_which_hold():
    verdicts = {label: ok for label, _value, ok in run.budgets(fake_result())}
    assert all(verdicts.values())
    failing = run.budgets(fake_result(workspace=7.0, admin=151.0, queries=16))
    broken = {label for label, _value, ok in failing if not ok}
    assert "requêtes SQL par page ≤ 15" in broken
    assert "workspace ≤ 3 × plancher" in broken
    assert "admin : liste des dossiers < 150 ms" in broken


def test_report_lists_every_page_with_its_ratio_to_the_floor():
    text = run.markdown(fake_result())
    for _name, label, _role in run.PAGES:
        assert f"| {label} |" in text
    assert "| 2.5 |" in text  # 5 ms against a 2 ms floor
    assert "2 cœurs" in text


def test_peer_side_by_side_and_growth():
    peer = {
        "endpoints": {
            name: {"queries": 10, "p50_ms": 40.0, "rps": 50.0}
            for name in ("list_page", "list_rows", "detail", "submit")
        }
    }
    lines = run.peer_table([(fake_result(), peer)])
    assert any("list_page + list_rows" in line and "| 20 | 80.0 | 25.0 |" in line for line in lines)
    growth = run.growth(fake_result("small", workspace=4.0), fake_result("large"))
    assert "× 1.25" in growth


def test_the_bench_finds_its_commands_and_the_demo_under_production_settings():
    """``make bench`` runs production settings through ``bench.settings``, which installs the
    demo and bench apps that production leaves out: every command ``bench.run`` calls exists."""
    called = set(re.findall(r'manage\(\w+, "(\w+)"', inspect.getsource(run)))
    assert {"migrate", "load_demo", "bench_letters", "collectstatic"} <= called
    keep = {"PATH", "HOME", "LANG", "TMPDIR"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert called | {"bench_sweep", "bench_letters"} <= set(result.stdout.split())


@pytest.mark.django_db
def test_the_dashboard_check_reads_the_page_and_agrees_with_the_orm(
    client,
    staff,
    world,  # noqa: F811 (the fixture imported above)
):
    client.force_login(staff)
    html = client.get(reverse("installations:dashboard")).content.decode()
    shown = run.dashboard_shown(html)
    expected = run.dashboard_expected(staff)
    assert shown == {name: len(refs) for name, refs in world["expected"].items()}
    check = run.dashboard_check(shown, expected)
    assert check == {"checked": 10, "mismatches": [], "expected": expected}


def test_a_dashboard_mismatch_is_reported_as_a_failure(capsys):
    expected = {"to_assign": 12, "overdue": 3}
    check = run.dashboard_check({"to_assign": 12, "overdue": 4}, expected)
    assert check["mismatches"] == [("overdue", 4, 3)]
    run.report_dashboard_check(check)
    assert "FAILURE dashboard overdue: page 4, ORM 3" in capsys.readouterr().out
    result = fake_result()
    result["dashboard_check"] = check
    verdicts = {label: (value, ok) for label, value, ok in run.budgets(result)}
    assert verdicts["tableau de bord : nombres = ORM"] == ("overdue 4 ≠ 3", False)
    missing = run.dashboard_check({"to_assign": 12}, expected)
    assert missing["mismatches"] == [("overdue", None, 3)]


def test_large_counts_are_read_whole():
    html = '<a href="/admin/?retard=oui" data-count="overdue"><strong>12345</strong> dossiers</a>'
    assert run.dashboard_shown(html) == {"overdue": 12345}


def test_the_export_is_measured_past_its_rate_limit_which_stays_on(db, client, newcomer):
    """The bench forgets the newcomer's hits before each export it sends: every sample is a
    real export; without that, the limit answers 429 as in production."""
    from privacy.views import EXPORTS_PER_HOUR

    assert run.RATE_LIMITED_PAGES["export"] == ("privacy-export", 3600)
    client.force_login(newcomer)
    url = reverse("privacy:export_json")
    before = run.before_request("export", newcomer.pk)
    for _ in range(EXPORTS_PER_HOUR + 3):
        before()
        assert client.get(url).status_code == 200
    statuses = {client.get(url).status_code for _ in range(EXPORTS_PER_HOUR + 1)}
    assert 429 in statuses
    assert run.before_request("workspace", newcomer.pk) is None


def test_the_submission_has_its_sql_and_python_split(db):
    """The submit line printed « SQL None / Python None »: its POSTs are timed too."""

    class Response:
        status_code = 302

    class FakeClient:
        def post(self, path, data):
            return Response()

    from django.db import connection

    split = run.sql_vs_python_posts([(FakeClient(), "/x/")] * 3, {}, connection)
    assert set(split) == {"inproc_ms", "sql_ms", "python_ms"}
    assert split["sql_ms"] == 0.0
