"""The benchmark: seed a database of its own, serve it with gunicorn, measure every page.

    python -m bench.run --scale small|large|both   (what ``make bench SCALE=...`` runs)

For each page it records
  queries   SQL statements per request (in-process test client + CaptureQueriesContext,
            the second request after a warm-up one), signed in as the page's role;
  p50/p95   latency of ``--seq`` sequential requests to gunicorn (2 sync workers on
            127.0.0.1, production settings, a new TCP connection per request);
  req/s     throughput under a bounded concurrent load: ``wrk -t2 -c8 -d<N>s`` when wrk is
            installed, else a pool of 8 Python threads for the same time.
Then the welcome pack, 300 invitation letters and the daily reminder sweep, timed in-process.
Writes ``bench/results/<scale>-<date>.md`` and ``.json``; ``--scale both`` (or a later large
run) also prints how each figure grows from small to large. The measuring approach follows
the peer harness in ``../shared/peers/helpdesk/measure.py``, so both tables compare.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"  # the only address the harness talks to
PY = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/portal_bench"
PEER_DIR = Path(os.environ.get("PEER_DIR", ROOT.parent / "shared" / "peers" / "helpdesk"))
SEQ_DEADLINE_S = 180  # hard cap per page for the sequential loop

# (name, label, role) in table order; the floor is measured first.
PAGES = [
    ("floor", "Plancher : vue Django nue", "anonymous"),
    ("home", "Accueil /", "anonymous"),
    ("directory", "Annuaire filtré (type = MSP)", "anonymous"),
    ("directory_cold", "Annuaire filtré, hors cache (URL unique)", "anonymous"),
    ("distance", "Annuaire à 20 km d'une commune", "anonymous"),
    ("structure", "Fiche d'une structure", "anonymous"),
    ("simulator", "Simulateur d'aides (réponse)", "anonymous"),
    ("simulator_api", "API du simulateur (/api/v1/eligibilite/)", "anonymous"),
    ("observatory", "Observatoire", "anonymous"),
    ("workspace", "« Mes dossiers » (référent)", "referent"),
    ("referent_case", "Page d'un dossier (référent)", "referent"),
    ("my_case", "« Mon dossier » (nouvel arrivant)", "newcomer"),
    ("admin_list", "Admin : dossiers, filtre + recherche", "staff"),
    ("dashboard", "Tableau de bord du guichet", "staff"),
    ("report", "Bilan annuel du guichet", "staff"),
    ("export", "« Mes données » : export JSON", "newcomer"),
    ("guest_list", "Liste des invités d'un évènement", "coordinator"),
    ("submit", "Envoi d'une demande (POST)", "newcomer"),
]
# Pages held to « ≤ 3 × the floor's median » at the large scale.
FLOOR_BUDGET_PAGES = ["directory", "workspace", "referent_case", "simulator"]
QUERY_BUDGET = 15
ADMIN_BUDGET_MS = 150
PACK_BUDGET_S = 1.5
SWEEP_BUDGET_S = 10
# Issue 17's budgets at the large scale, as data: page -> (median ms, queries). A page absent
# here is held to the query budget only.
PAGE_QUERY_BUDGET = 12
PAGE_BUDGETS = {
    "directory_cold": (20, PAGE_QUERY_BUDGET),
    "workspace": (10, PAGE_QUERY_BUDGET),
    "my_case": (10, PAGE_QUERY_BUDGET),
    "guest_list": (10, PAGE_QUERY_BUDGET),
    "referent_case": (12, PAGE_QUERY_BUDGET),
    "dashboard": (12, PAGE_QUERY_BUDGET),
    "admin_list": (60, PAGE_QUERY_BUDGET),
    "submit": (11, None),  # a POST: the outbox, the timeline; its queries are shown, not held
}
PROFILE_REQUESTS = 20  # in-process requests per page under cProfile (--profile)
TIMED_REQUESTS = 5  # in-process requests per page for SQL time vs Python time
# The export of « Mes données » is limited per user and per hour (privacy.views.export_json:
# scope, period): the bench forgets the newcomer's hits before each request it sends, so
# every sample is a real export, never the 429 page. The limit stays on in production.
EXPORT_LIMIT = ("privacy-export", 3600)
RATE_LIMITED_PAGES = {"export": EXPORT_LIMIT}


def before_request(name, user_pk):
    """What to do before each request to page ``name`` (None: nothing)."""
    if name not in RATE_LIMITED_PAGES:
        return None
    scope, period = RATE_LIMITED_PAGES[name]

    def forget_hits():
        from portal import ratelimit

        ratelimit.reset(scope, user_pk, period)

    return forget_hits


# --------------------------------------------------------------------------- environment
def redis_up(url):
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


def bench_env(media_root, static_root):
    """Production settings, loopback only; Redis when it answers, else the database cache and
    tasks run on the spot."""
    env = dict(os.environ)
    broker = env.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
    cache = env.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")
    use_redis = redis_up(cache) and redis_up(broker)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="False",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
        SECURE_HSTS_SECONDS="0",
        CONN_MAX_AGE="600",
        PORTAL_REQUIRE_MFA="False",
        DATABASE_URL=env.get("BENCH_DATABASE_URL", DEFAULT_DB),
        CACHE_URL=cache if use_redis else "dbcache://portal_cache",
        CELERY_BROKER_URL=broker if use_redis else "",
        CELERY_TASK_DEFAULT_QUEUE="portal-bench",
        EMAIL_URL="dummymail://",
        MEDIA_ROOT=str(media_root),
        BENCH_STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        SITE_URL=f"http://{HOST}",
    )
    env.pop("DEBUG", None)
    return env


def manage(env, *args, capture=False):
    return subprocess.run(  # noqa: S603
        [PY, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=capture,
        text=True,
    )


def reset_database(env, marker="bench"):
    """Drop and recreate the bench database: a run always starts from the same data. Only a
    database whose name holds ``marker`` (the soak test passes ``"soak"``) is dropped."""
    import psycopg

    url = env["DATABASE_URL"]
    name = url.rsplit("/", 1)[1].split("?")[0]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or marker not in name:
        raise SystemExit(f"refusing to reset a database not named *{marker}*: {name!r}")
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def load_average():
    return [round(x, 2) for x in os.getloadavg()]


# --------------------------------------------------------------------------- helpers
def pct(values, p):
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    f = int(k)
    c = min(f + 1, len(s) - 1)
    return s[f] + (s[c] - s[f]) * (k - f)


def new_csrf():
    return secrets.token_hex(16)  # 32 characters: Django accepts the unmasked secret


# --------------------------------------------------------------------------- targets
def prepare(ctx):
    """In-process: pick the objects, count each page's queries, and open a session per role."""
    import django

    django.setup()
    from django.db import connection, connections
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from aids.eligibility import api_url, profile_for_case, simulator_url
    from events.models import Event
    from installations.models import Case
    from portal.roles import Role
    from structures.models import Structure
    from territories.models import Commune, DeskMember

    setup_test_environment()
    bench_cases = Case.objects.filter(reference__startswith="B", desk__slug="lot")
    case = (
        bench_cases.filter(status="in_progress")
        .annotate(n=Count("events"))
        .filter(n=10)
        .order_by("pk")
        .first()
    ) or bench_cases.filter(status="in_progress").order_by("pk").first()
    referent, newcomer = case.referent, case.applicant
    staff = (
        DeskMember.objects.filter(
            desk__slug="lot", user__role=Role.STAFF, user__email__endswith="@bench.example"
        )
        .select_related("user")
        .first()
        .user
    )
    coordinator = (
        DeskMember.objects.filter(
            desk__slug="lot", user__role=Role.COORDINATOR, user__email__endswith="@bench.example"
        )
        .select_related("user")
        .first()
        .user
    )
    event = (
        Event.objects.filter(desk__slug="lot", title__startswith="Soirée d'accueil n°")
        .annotate(n=Count("invitations"))
        .order_by("-n", "pk")
        .first()
    )
    structure = (
        Structure.objects.published()
        .filter(commune__department_id="46")
        .annotate(n=Count("memberships"))
        .order_by("-n", "pk")
        .first()
    )
    cahors = Commune.objects.get(insee_code="46042")
    drafts = list(
        Case.objects.filter(
            status="draft",
            reference__isnull=True,
            first_name__gt="",
            wished_communes__department_id="46",
            applicant__email__startswith="newcomer-",
        )
        .order_by("-pk")
        .values_list("pk", "applicant_id")[: ctx["drafts_wanted"]]
    )
    ctx["case_pk"] = case.pk
    ctx["case_events"] = case.events.count()
    ctx["event_pk"] = event.pk
    ctx["event_invitations"] = event.n
    ctx["structure_pk"] = structure.pk
    paths = {
        "floor": "/bench/floor/",
        "home": "/",
        "directory": "/annuaire/?kind=msp",
        "directory_cold": "/annuaire/?kind=msp&n=",  # + a counter: every request misses
        "distance": f"/annuaire/?pres_de={cahors.insee_code}&rayon=20",
        "structure": f"/annuaire/{structure.pk}/",
        "simulator": simulator_url(profile_for_case(case)),
        "simulator_api": api_url(profile_for_case(case)),
        "observatory": "/observatoire/",
        "report": "/bilan/lot/",
        "export": "/mes-donnees/mes-donnees.json",
        "workspace": "/espace-referent/",
        "referent_case": f"/espace-referent/dossiers/{case.pk}/",
        "my_case": f"/mon-dossier/{case.pk}/",
        "admin_list": "/admin/installations/case/?status__exact=in_progress&q=Martin",
        "dashboard": "/guichet/tableau-de-bord/",
        "guest_list": f"/coordination/evenements/{event.pk}/",
    }
    users = {"referent": referent, "newcomer": newcomer, "staff": staff, "coordinator": coordinator}
    clients = {"anonymous": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)

    out = {}
    ctx["user_pks"] = {role: user.pk for role, user in users.items()}
    for name, _label, role in PAGES:
        if name == "submit":
            continue
        client = clients[role]
        before = before_request(name, ctx["user_pks"].get(role))
        path = paths[name] + ("0" if name == "directory_cold" else "")
        if before:
            before()
        client.get(path)  # warm-up: caches, sessions
        if name == "directory_cold":
            path = paths[name] + "1"
        if before:
            before()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {paths[name]} -> {response.status_code}")
        out[name] = {"queries": len(queries), "bytes": len(response.content), "path": paths[name]}
        ctx.setdefault("sql", {})[name] = [q["sql"] for q in queries.captured_queries]
        cold = name == "directory_cold"  # a new URL each time, or the cache answers
        out[name].update(sql_vs_python(client, path, connection, unique=cold, before=before))
        if ctx.get("profile"):
            out[name]["profile"] = profile_page(client, path, unique=cold, before=before)
        print(
            f"  {name:14s} in-process {out[name]['inproc_ms']:7.1f} ms: "
            f"SQL {out[name]['sql_ms']:6.1f} ms, Python {out[name]['python_ms']:6.1f} ms",
            flush=True,
        )

    # The dashboard shows, at this scale, the counts the ORM finds one by one.
    html = clients["staff"].get(paths["dashboard"]).content.decode()
    ctx["dashboard_check"] = dashboard_check(dashboard_shown(html), dashboard_expected(staff))
    report_dashboard_check(ctx["dashboard_check"])

    # The submission: the final step of a complete draft, POSTed by its newcomer.
    from portal.models import User

    def submit_one(pk, applicant_id, count):
        client = Client()
        client.force_login(User.objects.get(pk=applicant_id))
        path = f"/mon-dossier/{pk}/demande/envoi/"
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, {"consent": "on"})
        if response.status_code != 302:
            raise RuntimeError(f"POST {path} -> {response.status_code}")
        return len(queries) if count else None

    submit_one(*drafts.pop(), count=False)  # warm-up
    out["submit"] = {
        "queries": submit_one(*drafts.pop(), count=True),
        "bytes": 0,
        "path": "/mon-dossier/<brouillon>/demande/envoi/",
    }
    # SQL vs Python of the submission: each timed POST sends another draft (a draft is sent
    # once), signed in beforehand so that only the POST is timed.
    timed = []
    for pk, applicant_id in [drafts.pop() for _ in range(TIMED_REQUESTS)]:
        client = Client()
        client.force_login(User.objects.get(pk=applicant_id))
        timed.append((client, f"/mon-dossier/{pk}/demande/envoi/"))
    out["submit"].update(sql_vs_python_posts(timed, {"consent": "on"}, connection))
    print(
        f"  {'submit':14s} in-process {out['submit']['inproc_ms']:7.1f} ms: "
        f"SQL {out['submit']['sql_ms']:6.1f} ms, Python {out['submit']['python_ms']:6.1f} ms",
        flush=True,
    )

    # One session cookie per role for the HTTP runs; one per draft for the submissions.
    sessions = {
        role: client.cookies["sessionid"].value
        for role, client in clients.items()
        if role != "anonymous"
    }
    draft_sessions = []
    for pk, applicant_id in drafts:
        client = Client()
        client.force_login(User.objects.get(pk=applicant_id))
        draft_sessions.append((pk, client.cookies["sessionid"].value))
    ctx.update(paths=paths, sessions=sessions, draft_sessions=draft_sessions)
    connections.close_all()
    return out


def timed_call(call, connection):
    """``(total seconds, seconds inside SQL)`` of ``call()``, SQL summed by
    ``connection.execute_wrapper``."""
    spent = [0.0]

    def timed(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - t

    t = time.perf_counter()
    with connection.execute_wrapper(timed):
        response = call()
    return time.perf_counter() - t, spent[0], response


def sql_vs_python(client, path, connection, unique=False, before=None):
    """Median over ``TIMED_REQUESTS`` in-process GETs: total time, time inside SQL (summed by
    ``connection.execute_wrapper``) and the rest (Python: middleware, views, templates).
    ``before`` runs before each request, outside the timing."""
    totals, sqls = [], []
    for i in range(TIMED_REQUESTS):
        if before:
            before()
        total, sql, _response = timed_call(
            lambda i=i: client.get(f"{path}t{i}" if unique else path), connection
        )
        totals.append(total)
        sqls.append(sql)
    return _split(totals, sqls)


def sql_vs_python_posts(clients_and_paths, data, connection):
    """The same split for POSTs, one per ``(client, path)`` (each a different draft)."""
    totals, sqls = [], []
    for client, path in clients_and_paths:
        # A new test Client loads the middleware (WhiteNoise scans the static files) on its
        # first request: done here, outside the timing, as a served worker did long before.
        handler = getattr(client, "handler", None)
        if handler is not None and handler._middleware_chain is None:
            handler.load_middleware()
        total, sql, response = timed_call(lambda c=client, p=path: c.post(p, data), connection)
        if response.status_code != 302:
            raise RuntimeError(f"POST {path} -> {response.status_code}")
        totals.append(total)
        sqls.append(sql)
    return _split(totals, sqls)


def _split(totals, sqls):
    total, sql = statistics.median(totals) * 1000, statistics.median(sqls) * 1000
    return {
        "inproc_ms": round(total, 1),
        "sql_ms": round(sql, 1),
        "python_ms": round(total - sql, 1),
    }


OUR_CODE = re.compile(
    r"/(aids|ambassadors|bench|events|hotline|installations|opendata|opportunities|partners|"
    r"portal|privacy|reporting|structures|students|territories|welcome)/"
)


# Frames that wrap the whole request (the test client, the handler, every middleware): at the
# top of any cumulative profile, they say nothing about where a page spends its time.
WRAPPERS = re.compile(
    r"(django/test/client\.py|django/core/handlers/|django/utils/deprecation\.py|"
    r"/middleware\.py|portal/access_log\.py|whitenoise/|allauth/account/middleware\.py)"
)


def profile_page(client, path, top=15, unique=False, before=None):
    """Where a page's time goes over ``PROFILE_REQUESTS`` in-process GETs: the portal's own
    functions by cumulative time (``ours``, wrappers of the whole request left out) and the
    ``top`` functions by self time, whoever wrote them."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    for i in range(PROFILE_REQUESTS):
        if before:
            before()  # not profiled
        prof.enable()
        client.get(f"{path}p{i}" if unique else path)
        prof.disable()
    rows = []
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in pstats.Stats(prof).stats.items():
        if func.startswith("<") and func != "<module>":
            continue  # <built-in method …>, <lambda>, <listcomp>: noise at the top
        rel = filename.replace(str(ROOT) + "/", "")
        rows.append(
            {
                "function": f"{rel}:{line}({func})",
                "calls": nc,
                "cum_ms_per_request": round(ct * 1000 / PROFILE_REQUESTS, 2),
                "self_ms_per_request": round(tt * 1000 / PROFILE_REQUESTS, 2),
                "ours": bool(OUR_CODE.search("/" + rel)) and ".venv" not in rel,
                "wrapper": bool(WRAPPERS.search(rel)),
            }
        )
    ours = sorted(
        (r for r in rows if r["ours"] and not r["wrapper"]),
        key=lambda r: r["cum_ms_per_request"],
        reverse=True,
    )[:top]
    by_self = sorted(rows, key=lambda r: r["self_ms_per_request"], reverse=True)[:top]
    return [{**r, "list": "ours"} for r in ours] + [{**r, "list": "self"} for r in by_self]


# --------------------------------------------------------------------------- dashboard check
DASHBOARD_COUNT = re.compile(r'<a href="[^"]*" data-count="(\w+)">(.*?)</a>', re.S)


def dashboard_shown(html):
    """``{name: number}``: the counts the desk dashboard shows (each link's first number)."""
    shown = {}
    for name, text in DASHBOARD_COUNT.findall(html):
        number = re.search(r"\d[\d\s.\u202f]*", re.sub(r"<[^>]+>", "", text)).group()
        shown[name] = int(re.sub(r"\D", "", number))
    return shown


def dashboard_expected(user, today=None):
    """The same counts, one ORM query each over the user's cases: plain filters and the
    single « late » source (``late``, ``overdue``), not the page's conditional aggregate."""
    from django.utils import timezone

    from installations.models import Case, ReminderRule

    today = today or timezone.localdate()
    cases = Case.objects.visible_to(user)
    followed = ["assigned", "in_progress", "on_hold"]
    return {
        "to_assign": cases.filter(status="submitted").count(),
        "to_assign_late": cases.late(ReminderRule.TRIAGE, today).count(),
        "overdue": cases.overdue(today).count(),
        "first_contact_due": cases.filter(status="assigned").count(),
        "first_contact_late": cases.late(ReminderRule.FIRST_CONTACT, today).count(),
        "idle": cases.late(ReminderRule.IDLE, today).count(),
        "wake": cases.late(ReminderRule.WAKE, today).count(),
        "absent_referent_cases": cases.filter(
            status__in=followed, referent__referent_profile__absent_until__gte=today
        ).count(),
        "arrivals": cases.filter(
            submitted_at__year=today.year, submitted_at__month=today.month
        ).count(),
        "installations": cases.filter(
            installed_at__year=today.year, installed_at__month=today.month
        ).count(),
    }


def dashboard_check(shown, expected):
    """``{"checked": n, "mismatches": [(name, shown, expected), …]}``; a count the page does
    not show is a mismatch too."""
    mismatches = [
        (name, shown.get(name), value)
        for name, value in sorted(expected.items())
        if shown.get(name) != value
    ]
    return {"checked": len(expected), "mismatches": mismatches, "expected": expected}


def report_dashboard_check(check):
    if check["mismatches"]:
        for name, shown, expected in check["mismatches"]:
            print(f"  FAILURE dashboard {name}: page {shown}, ORM {expected}", flush=True)
    else:
        print(f"  dashboard      {check['checked']} counts equal the ORM's", flush=True)


# --------------------------------------------------------------------------- gunicorn
def start_gunicorn(env, port, workers, log_path):
    cmd = [
        str(Path(PY).parent / "gunicorn"),
        "portal.wsgi:application",
        "--chdir",
        str(ROOT),
        "-w",
        str(workers),
        "-b",
        f"{HOST}:{port}",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    try:
        fetch(port, "GET", "/", {})
    except OSError:
        pass
    else:
        raise RuntimeError(f"port {port} is busy: stop what listens there or pass --port")
    log = open(log_path, "ab")  # noqa: SIM115 (kept open for the server's lifetime)
    proc = subprocess.Popen(cmd, stdout=log, stderr=log, env=env, start_new_session=True)  # noqa: S603
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited early, see {log_path}")
        try:
            fetch(port, "GET", "/bench/floor/", {})
            return proc
        except OSError:
            time.sleep(0.3)
        except BaseException:
            stop_gunicorn(proc)
            raise
    stop_gunicorn(proc)
    raise RuntimeError("gunicorn did not come up in 60 s")


def stop_gunicorn(proc):
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)  # the master only: it stops its own workers
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


# --------------------------------------------------------------------------- HTTP runs
def fetch(port, method, path, cookies, body=None):
    """One request on a new TCP connection (gunicorn's sync workers close it anyway);
    returns (status, elapsed ms)."""
    headers = {"Host": HOST}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        body = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    t = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    return response.status, (time.perf_counter() - t) * 1000


def sequential(port, path, cookies, n, expect=200, unique=False, before=None):
    """``before`` runs before each request, outside the timing."""
    lat = []
    deadline = time.time() + SEQ_DEADLINE_S
    counter = iter(range(10**9))
    before = before or (lambda: None)

    def url():
        return f"{path}s{next(counter)}" if unique else path

    for _ in range(5):  # warm-up, not recorded
        before()
        fetch(port, "GET", url(), cookies)
    for _ in range(n):
        if time.time() > deadline:
            break
        before()
        status, elapsed = fetch(port, "GET", url(), cookies)
        lat.append(elapsed)
        if status != expect:
            raise RuntimeError(f"GET {path} -> {status}")
    return summarise(lat)


def summarise(lat):
    return {
        "n": len(lat),
        "p50_ms": round(statistics.median(lat), 1),
        "p95_ms": round(pct(lat, 95), 1),
        "mean_ms": round(statistics.fmean(lat), 1),
    }


def submitter(port):
    """Each POST submits a different draft as its own newcomer (a draft is sent once)."""

    def one(item):
        pk, sessionid = item
        token = new_csrf()
        status, elapsed = fetch(
            port,
            "POST",
            f"/mon-dossier/{pk}/demande/envoi/",
            {"sessionid": sessionid, "csrftoken": token},
            body={"consent": "on", "csrfmiddlewaretoken": token},
        )
        if status != 302:
            raise RuntimeError(f"POST submit {pk} -> {status}")
        return elapsed

    return one


def load_wrk(url, cookies, duration, threads, conns):
    headers = (
        ["-H", "Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items())] if cookies else []
    )
    cmd = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{duration}s", "--timeout", "30s", *headers, url]
    out = subprocess.run(  # noqa: S603
        ["timeout", str(duration + 60), *cmd],  # noqa: S607 (Debian's wrk, found on PATH)
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "tool": f"wrk -t{threads} -c{conns} -d{duration}s",
        "rps": round(rps, 1),
        "requests": total,
        "non_2xx_3xx": int(bad.group(1)) if bad else 0,
    }


def load_threads(fn, items, duration, conns):
    """Bounded in time (``duration``) and in count (``len(items)``)."""
    stop = time.time() + duration
    lock = threading.Lock()
    queue = list(items)
    done = [0]

    def worker():
        while time.time() < stop:
            with lock:
                if not queue:
                    return
                item = queue.pop()
            fn(item)
            with lock:
                done[0] += 1

    t0 = time.perf_counter()
    with ThreadPoolExecutor(conns) as pool:
        for _ in range(conns):
            pool.submit(worker)
    elapsed = time.perf_counter() - t0
    return {
        "tool": f"python threads c{conns} ≤{duration}s",
        "rps": round(done[0] / elapsed, 1),
        "requests": done[0],
        "non_2xx_3xx": 0,
    }


def measure_http(ctx, pages, args):
    port = args.port
    have_wrk = shutil.which("wrk") is not None
    for name, _label, role in PAGES:
        if name == "submit":
            continue
        path = ctx["paths"][name]
        cookies = {} if role == "anonymous" else {"sessionid": ctx["sessions"][role]}
        unique = name == "directory_cold"
        before = before_request(name, ctx["user_pks"].get(role))
        seq = sequential(port, path, cookies, args.seq, unique=unique, before=before)
        if before:
            # Python threads, each forgetting the hits before its request (wrk cannot): the
            # throughput includes that cache round trip.
            def limited_fetch(_i, path=path, cookies=cookies, before=before):
                before()
                return fetch(port, "GET", path, cookies)

            load = load_threads(limited_fetch, range(100_000), args.load_seconds, 8)
        elif unique:
            load = load_threads(
                lambda i, path=path: fetch(port, "GET", f"{path}l{i}", {}),
                range(100_000),
                args.load_seconds,
                8,
            )
        elif have_wrk:
            load = load_wrk(f"http://{HOST}:{port}{path}", cookies, args.load_seconds, 2, 8)
        else:
            load = load_threads(
                lambda _i, path=path, cookies=cookies: fetch(port, "GET", path, cookies),
                range(100_000),
                args.load_seconds,
                8,
            )
        pages[name].update(seq)
        pages[name].update(load)
        report_line(name, pages[name])
    # Submissions: sequential, then the remaining drafts under concurrent load.
    drafts = ctx["draft_sessions"]
    one = submitter(port)
    seq_items, load_items = drafts[: args.seq + 5], drafts[args.seq + 5 :]
    for item in seq_items[:5]:
        one(item)
    lat = [one(item) for item in seq_items[5:]]
    pages["submit"].update(summarise(lat))
    pages["submit"].update(load_threads(one, load_items, args.load_seconds, 8))
    report_line("submit", pages["submit"])


def report_line(name, page):
    print(
        f"  {name:14s} q={page['queries']:3d} p50={page['p50_ms']:7.1f} ms "
        f"p95={page['p95_ms']:7.1f} ms {page['rps']:7.1f} req/s",
        flush=True,
    )


# --------------------------------------------------------------------------- batch work
class _Rollback(Exception):
    pass


def measure_batch(ctx, env):
    """Welcome pack, 300 letters, daily sweep: timed in-process (letters by their command).
    Everything they write is rolled back."""
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from installations import reminders
    from installations.models import Case
    from welcome import pack as welcome_pack

    out = {}
    cases = list(
        Case.objects.filter(reference__startswith="B", desk__slug="lot", status="in_progress")
        .order_by("pk")
        .values_list("pk", flat=True)[:5]
    )
    timings = []
    try:
        with transaction.atomic():
            for pk in cases:
                t = time.perf_counter()
                welcome_pack.generate(pk, mail=False)
                timings.append(time.perf_counter() - t)
            raise _Rollback
    except _Rollback:
        pass
    out["welcome_pack"] = {
        "n": len(timings),
        "median_s": round(statistics.median(timings), 2),
        "max_s": round(max(timings), 2),
    }
    print(f"  welcome pack   median {out['welcome_pack']['median_s']} s", flush=True)

    t = time.perf_counter()
    letters = manage(env, "bench_letters", "--count", "300", capture=True).stdout.strip()
    out["letters"] = {"count": 300, "wall_s": round(time.perf_counter() - t, 1), "output": letters}
    m = re.search(r"([\d.]+) s", letters)
    out["letters"]["seconds"] = float(m.group(1)) if m else None
    print(f"  letters        {letters}", flush=True)

    open_cases = Case.objects.open().count()
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                first = reminders.send_due()
            with CaptureQueriesContext(connection) as again:
                second = reminders.send_due()
            raise _Rollback
    except _Rollback:
        pass
    out["sweep"] = {
        "open_cases": open_cases,
        "seconds": round(first.seconds, 2),
        "queries": len(queries),
        "items": first.items,
        "mails": first.mails,
        "second_run_seconds": round(second.seconds, 2),
        "second_run_queries": len(again),
        "second_run_items": second.items,
    }
    print(
        f"  sweep          {first.items} items, {first.mails} mails, {len(queries)} queries, "
        f"{first.seconds:.2f} s (same day again: {second.items} items, {second.seconds:.2f} s)",
        flush=True,
    )
    from privacy import retention

    try:
        with transaction.atomic():
            t = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                outcome = retention.apply_retention()
            seconds = time.perf_counter() - t
            raise _Rollback
    except _Rollback:
        pass
    out["retention"] = {
        "seconds": round(seconds, 2),
        "queries": len(queries),
        "warned": len(outcome.warned),
        "deleted": len(outcome.deleted),
        "anonymised": len(outcome.anonymised),
    }
    print(
        f"  retention      {len(outcome.warned)} warned, {len(outcome.deleted)} deleted, "
        f"{len(outcome.anonymised)} anonymised, {len(queries)} queries, {seconds:.2f} s "
        "(rolled back)",
        flush=True,
    )
    return out


# --------------------------------------------------------------------------- reports
def page_budget_rows(result):
    """Per page: median, × floor, queries, and PASS/OVER against ``PAGE_BUDGETS``."""
    pages = result["pages"]
    floor = pages["floor"]["p50_ms"] or 0.1
    rows = []
    for name, label, _role in PAGES:
        p = pages.get(name)
        if not p or "p50_ms" not in p:
            continue
        ms_budget, q_budget = PAGE_BUDGETS.get(name, (None, PAGE_QUERY_BUDGET))
        if name == "floor":
            q_budget = None
        ok = (ms_budget is None or p["p50_ms"] <= ms_budget) and (
            q_budget is None or p["queries"] <= q_budget
        )
        rows.append(
            {
                "name": name,
                "label": label,
                "queries": p["queries"],
                "p50_ms": p["p50_ms"],
                "x_floor": round(p["p50_ms"] / floor, 1),
                "sql_ms": p.get("sql_ms"),
                "python_ms": p.get("python_ms"),
                "budget_ms": ms_budget,
                "budget_queries": q_budget,
                "verdict": "PASS" if ok else "OVER",
            }
        )
    return rows


def dash(value):
    return "—" if value is None else value


def page_budget_lines(result):
    lines = [
        "| page | requêtes | budget req. | médiane ms | budget ms | × plancher | SQL ms | "
        "Python ms | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in page_budget_rows(result):
        lines.append(
            f"| {r['label']} | {r['queries']} | {r['budget_queries'] or '—'} | {r['p50_ms']} | "
            f"{r['budget_ms'] or '—'} | {r['x_floor']} | {dash(r['sql_ms'])} | "
            f"{dash(r['python_ms'])} | {r['verdict']} |"
        )
    return lines


def profile_lines(result):
    lines = []
    for name, _label, _role in PAGES:
        prof = result["pages"].get(name, {}).get("profile")
        if not prof:
            continue
        lines += [
            "",
            f"#### Profil : {name} ({PROFILE_REQUESTS} requêtes dans le processus, ms par requête)",
            "",
            "Fonctions du portail par temps cumulé (hors middleware), puis toutes par temps "
            "propre.",
            "",
            "| liste | fonction | appels | cumulé ms | propre ms |",
            "|---|---|---:|---:|---:|",
        ]
        for row in prof:
            fn = f"**{row['function']}**" if row["ours"] else f"`{row['function']}`"
            kind = "portail" if row.get("list", "ours") == "ours" else "propre"
            lines.append(
                f"| {kind} | {fn} | {row['calls']} | {row['cum_ms_per_request']} "
                f"| {row.get('self_ms_per_request', '—')} |"
            )
    return lines


def budgets(result):
    pages = result["pages"]
    floor = pages["floor"]["p50_ms"]
    rows = []
    # Pages are what a GET shows; the submission (a POST) is reported but not held to it.
    worst, worst_q = max(
        ((name, p["queries"]) for name, p in pages.items() if name != "submit"),
        key=lambda item: item[1],
    )
    rows.append(("requêtes SQL par page ≤ 15", f"max {worst_q} ({worst})", worst_q <= QUERY_BUDGET))
    for name in FLOOR_BUDGET_PAGES:
        ratio = pages[name]["p50_ms"] / floor
        rows.append((f"{name} ≤ 3 × plancher", f"{ratio:.1f} ×", ratio <= 3))
    admin = pages["admin_list"]["p50_ms"]
    rows.append(("admin : liste des dossiers < 150 ms", f"{admin} ms", admin < ADMIN_BUDGET_MS))
    pack = result["batch"]["welcome_pack"]["median_s"]
    rows.append(("livret d'accueil < 1,5 s", f"{pack} s", pack < PACK_BUDGET_S))
    sweep = result["batch"]["sweep"]["seconds"]
    rows.append(("relance quotidienne < 10 s", f"{sweep} s", sweep < SWEEP_BUDGET_S))
    check = result.get("dashboard_check")
    if check is not None:
        wrong = ", ".join(f"{n} {a} ≠ {b}" for n, a, b in check["mismatches"])
        rows.append(
            (
                "tableau de bord : nombres = ORM",
                wrong or f"{check['checked']} nombres égaux",
                not check["mismatches"],
            )
        )
    return rows


def markdown(result, peer=None):
    pages = result["pages"]
    floor = pages["floor"]["p50_ms"]
    lines = [
        f"# Benchmark « {result['scale']} » du {result['date']}",
        "",
        f"{result['cores']} cœurs ; charge moyenne (1, 5, 15 min) avant : "
        f"{result['load_before']}, après : {result['load_after']}. "
        f"PostgreSQL {result['postgres']}, gunicorn 2 workers synchrones, production "
        f"(DEBUG=False, CONN_MAX_AGE=600), cache : {result['cache']}.",
        "",
        "Données : "
        + ", ".join(
            f"{k} = {v:,}".replace(",", " ")
            for k, v in result["seed"].items()
            if isinstance(v, int)
        )
        + f" ; semées en {result['seed_wall_s']} s.",
        "",
        "| page | rôle | requêtes SQL | médiane ms | p95 ms | × plancher | req/s (charge) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, label, role in PAGES:
        p = pages[name]
        lines.append(
            f"| {label} | {role} | {p['queries']} | {p['p50_ms']} | {p['p95_ms']} | "
            f"{p['p50_ms'] / floor:.1f} | {p['rps']} |"
        )
    b = result["batch"]
    lines += [
        "",
        f"- Livret d'accueil (PDF) : médiane {b['welcome_pack']['median_s']} s sur "
        f"{b['welcome_pack']['n']} dossiers (max {b['welcome_pack']['max_s']} s).",
        f"- Lettres d'invitation : {b['letters']['output']}",
        f"- Relance quotidienne sur {b['sweep']['open_cases']:,} dossiers ouverts : ".replace(
            ",", " "
        )
        + f"{b['sweep']['seconds']} s, {b['sweep']['queries']} requêtes SQL, "
        f"{b['sweep']['items']} éléments dus, {b['sweep']['mails']} e-mails ; relancée le même "
        f"jour : {b['sweep']['second_run_items']} élément, {b['sweep']['second_run_queries']} "
        f"requêtes, {b['sweep']['second_run_seconds']} s.",
    ]
    if "retention" in b:
        r = b["retention"]
        lines.append(
            f"- Durées de conservation (`privacy.retention`, annulé ensuite) : {r['seconds']} s, "
            f"{r['queries']} requêtes SQL ; {r['warned']} avertis, {r['deleted']} supprimés, "
            f"{r['anonymised']} anonymisés."
        )
    lines += [
        "",
        "Budgets de l'issue 17 par page (SQL / Python : médiane de "
        f"{TIMED_REQUESTS} requêtes dans le processus, temps passé dans les requêtes SQL et "
        "le reste) :",
        "",
        *page_budget_lines(result),
        "",
        "| budget | mesuré | tenu |",
        "|---|---|---|",
    ]
    for label, value, ok in budgets(result):
        lines.append(f"| {label} | {value} | {'oui' if ok else '**non**'} |")
    if peer:
        lines += ["", *peer_table([(result, peer)])]
    lines += profile_lines(result)
    lines += [
        "",
        f"Charge : {pages['floor'].get('tool', '')} (8 connexions simultanées, boucle locale) ; "
        f"séquentiel : {pages['floor']['n']} requêtes l'une après l'autre par page.",
    ]
    return "\n".join(lines) + "\n"


# The peer's scripts write into their own folder (venv, project, results/), which may be
# read-only (a shared checkout): they run from a writable copy, kept between runs.
PEER_WORK = Path(
    os.environ.get("BENCH_PEER_WORK", Path(tempfile.gettempdir()) / "portal-bench-peer")
)


def peer_workdir():
    """A writable copy of the harness's scripts (the venv and results in it are kept)."""
    PEER_WORK.mkdir(parents=True, exist_ok=True)
    for item in PEER_DIR.iterdir():
        if item.is_file():
            shutil.copy2(item, PEER_WORK / item.name)
            (PEER_WORK / item.name).chmod(0o755 if item.suffix == ".sh" else 0o644)
    return PEER_WORK


def peer_env():
    """The caller's environment minus the portal's settings: the peer is its own project."""
    env = dict(os.environ)
    for key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "PYTHONPATH", "DJANGO_ENV"):
        env.pop(key, None)
    return env


def run_peer(n):
    """The peer's own scripts, unchanged: setup (idempotent) then seed + measure at ``n``."""
    if not (PEER_DIR / "measure.sh").exists():
        print(f"  no peer harness in {PEER_DIR}: skipped")
        return
    work = peer_workdir()
    print(f"=== peer django-helpdesk at N={n} ({PEER_DIR}, run in {work})", flush=True)
    env = peer_env()
    subprocess.run([str(work / "setup.sh")], check=True, env=env, cwd=work)  # noqa: S603
    subprocess.run([str(work / "measure.sh"), str(n)], check=True, env=env, cwd=work)  # noqa: S603


def peer_result(n):
    path = PEER_WORK / "results" / f"measure_{n}.json"
    return json.loads(path.read_text()) if path.exists() else None


def peer_table(pairs):
    """Our pages beside django-helpdesk's at the same N."""
    lines = [
        "| N | page | ici : requêtes | ici : médiane ms | ici : req/s | django-helpdesk | "
        "requêtes | médiane ms | req/s |",
        "|---:|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for ours, peer in pairs:
        pe = peer["endpoints"]
        n = f"{ours['seed']['cases'] - ours['seed'].get('drafts_extra', 0):,}".replace(",", " ")
        lp, lr = pe["list_page"], pe["list_rows"]
        both_rps = round(1 / (1 / lp["rps"] + 1 / lr["rps"]), 1)
        rows = [
            (
                "workspace",
                "liste des tickets (list_page + list_rows)",
                lp["queries"] + lr["queries"],
                round(lp["p50_ms"] + lr["p50_ms"], 1),
                both_rps,
            ),
            (
                "referent_case",
                "page d'un ticket (detail)",
                pe["detail"]["queries"],
                pe["detail"]["p50_ms"],
                pe["detail"]["rps"],
            ),
            (
                "submit",
                "envoi public d'un ticket (submit)",
                pe["submit"]["queries"],
                pe["submit"]["p50_ms"],
                pe["submit"]["rps"],
            ),
        ]
        for name, label, q, p50, rps in rows:
            p = ours["pages"][name]
            title = {k: v for k, v, _r in PAGES}[name]
            lines.append(
                f"| {n} | {title} | {p['queries']} | {p['p50_ms']} | {p['rps']} | {label} | "
                f"{q} | {p50} | {rps} |"
            )
    return lines


def both_scales_table(small, large):
    """One table, both scales: the figures the README's « Performance » section shows."""
    fl = large["pages"]["floor"]["p50_ms"]
    lines = [
        "| page | rôle | requêtes (1 k / 100 k) | médiane ms 1 k | médiane ms 100 k | "
        "p95 ms 100 k | × plancher 100 k | req/s 1 k | req/s 100 k |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, label, role in PAGES:
        if name not in small["pages"] or name not in large["pages"]:
            continue  # a page added since one of the runs
        a, b = small["pages"][name], large["pages"][name]
        lines.append(
            f"| {label} | {role} | {a['queries']} / {b['queries']} | {a['p50_ms']} | "
            f"{b['p50_ms']} | {b['p95_ms']} | {b['p50_ms'] / fl:.1f} | {a['rps']} | {b['rps']} |"
        )
    return lines


def print_tables():
    small, large = latest("small"), latest("large")
    if not (small and large):
        raise SystemExit("run both scales first (make bench)")
    print("\n".join(both_scales_table(small, large)))
    pairs = [(r, p) for r in (small, large) if (p := peer_result(SCALE_N[r["scale"]]))]
    if pairs:
        print()
        print("\n".join(peer_table(pairs)))
    for r in (small, large):
        print()
        print(f"{r['scale']}: load {r['load_before']} → {r['load_after']}, {r['cores']} cores")
        for label, value, ok in budgets(r):
            print(f"  {label}: {value} {'OK' if ok else 'NOT HELD'}")


def growth(small, large):
    lines = ["", f"Croissance petit → grand ({small['date']} → {large['date']}) :"]
    for name, _label, _role in PAGES:
        if name not in small["pages"] or name not in large["pages"]:
            continue  # a page added since one of the runs
        a, b = small["pages"][name], large["pages"][name]
        lines.append(
            f"  {name:14s} requêtes {a['queries']:3d} → {b['queries']:3d} ; médiane "
            f"{a['p50_ms']:7.1f} → {b['p50_ms']:7.1f} ms (× {b['p50_ms'] / a['p50_ms']:.2f}) ; "
            f"req/s {a['rps']:6.1f} → {b['rps']:6.1f}"
        )
    for key, unit in (("welcome_pack", "median_s"), ("letters", "seconds")):
        lines.append(f"  {key:14s} {small['batch'][key][unit]} → {large['batch'][key][unit]} s")
    sa, sb = small["batch"]["sweep"], large["batch"]["sweep"]
    lines.append(
        f"  sweep          {sa['seconds']} → {sb['seconds']} s ; requêtes {sa['queries']} → "
        f"{sb['queries']} ; dossiers ouverts {sa['open_cases']} → {sb['open_cases']}"
    )
    return "\n".join(lines)


def latest(scale):
    files = sorted(RESULTS.glob(f"{scale}-*.json"))
    return json.loads(files[-1].read_text()) if files else None


# --------------------------------------------------------------------------- one scale
def run_scale(scale, args):
    media = Path(tempfile.mkdtemp(prefix="bench-media-"))
    static = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = bench_env(media, static)
    os.environ.update(env)
    started = time.time()
    load_before = load_average()
    print(f"=== {scale}: database {env['DATABASE_URL'].rsplit('/', 1)[1]} (load {load_before})")
    t = time.perf_counter()
    reset_database(env)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "createcachetable")
    # The demo loader refuses production settings: the data is loaded in development mode.
    setup_env = {**env, "DJANGO_ENV": "development"}
    manage(setup_env, "load_demo", capture=True)
    demo_s = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    seeded = subprocess.run(  # noqa: S603
        [PY, "-m", "bench.seed", "--scale", scale],
        env=setup_env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    seed = json.loads(seeded.stdout.strip().splitlines()[-1])
    seed_wall = round(time.perf_counter() - t, 1)
    print(f"  schema + demo {demo_s} s, seed {seed_wall} s: {seed}", flush=True)
    manage(env, "collectstatic", "--noinput", "-v", "0")

    from bench.seed import SCALES

    ctx = {"drafts_wanted": SCALES[scale].drafts, "profile": args.profile}
    pages = prepare(ctx)
    print("  queries: " + ", ".join(f"{k}={v['queries']}" for k, v in pages.items()), flush=True)
    log_path = Path(tempfile.gettempdir()) / f"portal-bench-gunicorn-{scale}.log"
    proc = start_gunicorn(env, args.port, 2, log_path)
    print(f"  gunicorn pid {proc.pid} on http://{HOST}:{args.port}", flush=True)
    try:
        measure_http(ctx, pages, args)
    finally:
        stop_gunicorn(proc)
    batch = measure_batch(ctx, env)
    if env["CELERY_BROKER_URL"]:
        import redis

        redis.Redis.from_url(env["CELERY_BROKER_URL"]).delete(env["CELERY_TASK_DEFAULT_QUEUE"])

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    seed["drafts_extra"] = SCALES[scale].drafts
    result = {
        "scale": scale,
        "date": date.today().isoformat(),
        "cores": os.cpu_count(),
        "load_before": load_before,
        "load_after": load_average(),
        "postgres": pg_version,
        "cache": "Redis" if env["CELERY_BROKER_URL"] else "base de données",
        "seed": seed,
        "seed_wall_s": seed_wall,
        "schema_demo_s": demo_s,
        "targets": {
            k: ctx[k]
            for k in ("case_pk", "case_events", "event_pk", "event_invitations", "structure_pk")
        },
        "pages": pages,
        "batch": batch,
        "dashboard_check": ctx["dashboard_check"],
        "sql": ctx.get("sql"),
        "wall_s": round(time.time() - started, 1),
    }
    shutil.rmtree(media, ignore_errors=True)
    shutil.rmtree(static, ignore_errors=True)
    return result


def write(result):
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"{result['scale']}-{result['date']}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    n = SCALE_N[result["scale"]]
    stem.with_suffix(".md").write_text(markdown(result, peer_result(n)))
    print(f"wrote {stem}.md and .json")
    floor = result["pages"]["floor"]["p50_ms"]
    print("median / floor, budgets (issue 17):")
    for r in page_budget_rows(result):
        budget = f"≤ {r['budget_ms']} ms" if r["budget_ms"] else "—"
        print(
            f"  {r['name']:14s} {r['p50_ms']:7.1f} ms {r['x_floor']:6.1f} × floor, "
            f"q={r['queries']:3d}, SQL {r['sql_ms']} / Python {r['python_ms']} ms, "
            f"budget {budget} q≤{r['budget_queries'] or '—'}: {r['verdict']}"
        )
    del floor


SCALE_N = {"small": 1000, "large": 100000}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["small", "large", "both"], default="both")
    parser.add_argument("--seq", type=int, default=200, help="sequential requests per page")
    parser.add_argument("--load-seconds", type=int, default=15)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--peer",
        action="store_true",
        help="then run the django-helpdesk peer (PEER_DIR) at the same N, in the same session",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help=f"cProfile {PROFILE_REQUESTS} in-process requests per page; top 15 in the results",
    )
    parser.add_argument(
        "--table", action="store_true", help="print the tables of the latest results and stop"
    )
    args = parser.parse_args()
    if args.table:
        print_tables()
        return
    if not 1 <= args.seq <= 400:
        parser.error("--seq must be 1..400 (the submissions need one draft each)")
    sys.path.insert(0, str(ROOT))
    if args.scale == "both":
        # Settings are read once per process: each scale runs in its own.
        for scale in ("small", "large"):
            subprocess.run(  # noqa: S603
                [
                    PY,
                    "-m",
                    "bench.run",
                    "--scale",
                    scale,
                    "--seq",
                    str(args.seq),
                    "--load-seconds",
                    str(args.load_seconds),
                    "--port",
                    str(args.port),
                    *(["--peer"] if args.peer else []),
                    *(["--profile"] if args.profile else []),
                ],
                cwd=ROOT,
                check=True,
            )
        return
    result = run_scale(args.scale, args)
    if args.peer:
        run_peer(SCALE_N[args.scale])
    write(result)
    if args.scale == "large" and (small := latest("small")) and (large := latest("large")):
        print(growth(small, large))


if __name__ == "__main__":
    main()
