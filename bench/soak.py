"""Soak test: load held, nothing lost.

    python -m bench.soak --duration 600     (what ``make soak DURATION=600`` runs)

Recreates a database of its own (``SOAK_DATABASE_URL``, name holding « soak »), loads the
demo, starts a PRIVATE redis-server on a spare port (broker and cache), gunicorn with
production settings, a real Celery worker and beat, then drives a bounded mix of traffic on
127.0.0.1 for ``--duration`` seconds: anonymous browsing, sign-ups, newcomers who sign in
and submit a request through the real forms then write to the desk, referents who put their
cases on hold and back and write to the newcomer, guests who answer invitations by token.
Midway the private Redis is stopped (60 s, scaled down for short runs), then the worker is
killed with SIGKILL once and restarted. Afterwards it waits (bounded) for the outbox to
drain and checks: every submission, message, sign-up, answer exists exactly once; every
mail is in the outbox exactly once and was sent exactly once (the file mail backend keeps
what was sent); no 5xx. Prints a summary and exits 1 on any loss, duplicate or 5xx.
Never part of ``make test``; CI runs ``make soak DURATION=60`` on its PostgreSQL pass."""

import argparse
import email
import email.policy
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bench.run import (
    HOST,
    PY,
    ROOT,
    bench_env,
    manage,
    pct,
    reset_database,
    start_gunicorn,
    stop_gunicorn,
)

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/portal_soak"
CELERY = str(Path(PY).parent / "celery")
BROWSE_PATHS = ["/", "/annuaire/", "/annuaire/?kind=msp", "/evenements/", "/aides/", "/postes/"]
REQUEST_TIMEOUT = 30
PASSWORD = "Soak-portail-2026!"  # noqa: S105 (accounts of the soak's own throw-away database)


# --------------------------------------------------------------------------- processes
def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_open(port):
    try:
        with socket.create_connection((HOST, port), timeout=0.3):
            return True
    except OSError:
        return False


class Redis:
    """A redis-server of the soak's own (never the machine's shared one)."""

    def __init__(self, port):
        self.port = port
        self.proc = None

    def start(self):
        if port_open(self.port):
            raise SystemExit(f"port {self.port} is busy: pass another --redis-port")
        self.proc = subprocess.Popen(  # noqa: S603
            [
                *(shutil.which("redis-server") or "redis-server", "--port", str(self.port)),
                *("--bind", HOST, "--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.time() + 15
        while not port_open(self.port):
            if time.time() > deadline:
                raise SystemExit("the private redis-server did not start")
            time.sleep(0.1)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)


def start_celery(env, kind, workdir):
    args = [CELERY, "-A", "portal", kind, "-l", "warning"]
    if kind == "worker":
        args += ["-c", "2", "-Q", env["CELERY_TASK_DEFAULT_QUEUE"], "-n", f"soak-{os.getpid()}@%h"]
    else:
        args += ["-s", str(workdir / "beat-schedule")]
    log = open(workdir / f"celery-{kind}.log", "ab")  # noqa: SIM115 (open for the process' life)
    return subprocess.Popen(  # noqa: S603
        args, env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True
    )


def stop_group(proc, sig=signal.SIGTERM, timeout=20):
    """Signal the process group the soak started (its own session), then wait."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)
    except ProcessLookupError:
        pass


def children(pid):
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:  # no CONFIG_PROC_CHILDREN: read every process's parent
        found = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                if f"\nPPid:\t{pid}\n" in status.read_text():
                    found.append(int(status.parent.name))
            except OSError:
                continue
        return found


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def memory(procs):
    """RSS (MB) of each gunicorn worker, the celery worker (main + pool) and beat."""
    out = {}
    for i, pid in enumerate(children(procs["gunicorn"].pid)):
        out[f"gunicorn worker {i + 1}"] = rss_mb(pid)
    worker = procs["worker"].pid
    out["celery worker"] = round(rss_mb(worker) + sum(rss_mb(c) for c in children(worker)), 1)
    out["celery beat"] = rss_mb(procs["beat"].pid)
    return out


# --------------------------------------------------------------------------- HTTP client
class Form(HTMLParser):
    """The fields of the forms of a page: {action: {name: [values]}} with their defaults
    (checked radios/checkboxes, selected options, else the first non-empty option)."""

    def __init__(self, page):
        super().__init__()
        self.forms, self.action, self.select, self.first_option = {}, None, None, {}
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.action = a.get("action") or ""
            self.forms.setdefault(self.action, {})
        if self.action is None or ("name" not in a and tag != "option"):
            return
        fields = self.forms[self.action]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in {"radio", "checkbox"}:
                fields.setdefault(a["name"], [])
                if "checked" in a:
                    fields[a["name"]].append(a.get("value", "on"))
                self.first_option.setdefault(a["name"], a.get("value", "on"))
            elif kind not in {"submit", "button", "file"}:
                fields[a["name"]] = [a.get("value", "")]
        elif tag == "textarea":
            fields.setdefault(a["name"], [""])
        elif tag == "select":
            self.select = a["name"]
            fields.setdefault(self.select, [])
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if "selected" in a:
                fields[self.select] = [value]
            if value:
                self.first_option.setdefault(self.select, value)

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.action = None

    def data(self, form_action, **overrides):
        """The form posting to ``form_action`` (or to its own page: ``action=""``)."""
        fields = dict(self.forms.get(form_action, self.forms.get("", {})))
        for name, values in fields.items():
            if not any(values) and name in self.first_option:
                fields[name] = [self.first_option[name]]
        for name, value in overrides.items():
            fields[name] = value if isinstance(value, list) else [value]
        return [(k, v) for k, values in fields.items() for v in values]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.status = defaultdict(Counter)
        self.unexpected = []

    def add(self, kind, status, ms, expected, path):
        with self.lock:
            self.latency[kind].append(ms)
            self.status[kind][status] += 1
            if status not in expected:
                self.unexpected.append((kind, status, path))


class Session:
    """Cookies, CSRF from the page, a new TCP connection per request (like bench.run)."""

    def __init__(self, port, stats):
        self.port, self.stats, self.cookies = port, stats, {}

    def request(self, kind, method, path, data=None, expect=(200,)):
        headers = {"Host": HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        t = time.perf_counter()
        conn = HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            page = response.read().decode("utf-8", "replace")
            status = response.status
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            location = response.headers.get("Location", "")
        except OSError:
            status, page, location = 599, "", ""  # no answer at all: counted as a server error
        finally:
            conn.close()
        self.stats.add(kind, status, (time.perf_counter() - t) * 1000, expect, path)
        return status, page, location

    def csrf(self, page):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return match.group(1) if match else self.cookies.get("csrftoken", "")

    def login(self, address, password):
        _s, page, _l = self.request("login", "GET", "/comptes/login/")
        status, _p, _l = self.request(
            "login",
            "POST",
            "/comptes/login/",
            {"csrfmiddlewaretoken": self.csrf(page), "login": address, "password": password},
            expect=(302,),
        )
        return status == 302


# --------------------------------------------------------------------------- the traffic
class Traffic:
    def __init__(self, port, plan, run_id, stop_at):
        self.port, self.plan, self.run_id, self.stop_at = port, plan, run_id, stop_at
        self.stats = Stats()
        self.lock = threading.Lock()
        self.done = defaultdict(list)  # what the client believes it made, to check afterwards

    def running(self):
        return time.time() < self.stop_at

    def record(self, kind, item):
        with self.lock:
            self.done[kind].append(item)

    def pace(self, seconds):
        time.sleep(max(0.0, min(seconds, self.stop_at - time.time())))

    def browse(self, seed):
        rng = random.Random(seed)
        session = Session(self.port, self.stats)
        while self.running():
            session.request("browse", "GET", rng.choice(BROWSE_PATHS))
            self.pace(0.3)

    def signups(self):
        # allauth allows 20 sign-ups a minute from one address: one every 4 s stays below.
        i = 0
        while self.running():
            i += 1
            address = f"soak-{self.run_id}-signup-{i}@soak.example"
            session = Session(self.port, self.stats)
            _s, page, _l = session.request("signup", "GET", "/comptes/signup/")
            status, _p, _l = session.request(
                "signup",
                "POST",
                "/comptes/signup/",
                {
                    "csrfmiddlewaretoken": session.csrf(page),
                    "email": address,
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                },
                expect=(302,),
            )
            if status == 302:
                self.record("signup", address)
            self.pace(4.0)

    def newcomers(self, accounts):
        # One account per request; sign-ins (30 a minute per address, two threads) paced at
        # one per 6 s each.
        while self.running():
            with self.lock:
                if not accounts:
                    return
                address = accounts.pop()
            started = time.time()
            self.newcomer_flow(address)
            self.pace(6.0 - (time.time() - started))

    def newcomer_flow(self, address):
        session = Session(self.port, self.stats)
        if not session.login(address, self.plan["password"]):
            return
        status, page, _l = session.request("request_form", "GET", "/mon-dossier/nouvelle-demande/")
        status, _p, location = session.request(
            "request_form",
            "POST",
            "/mon-dossier/nouvelle-demande/",
            {"csrfmiddlewaretoken": session.csrf(page)},
            expect=(302,),
        )
        match = re.search(r"/mon-dossier/(\d+)/demande/", location)
        if not match:
            return
        pk = int(match.group(1))
        marker = f"[SOAK-{self.run_id}-{pk}]"
        steps = {
            "vous": {"first_name": "Soak", "last_name": f"Essai {pk}", "civility": "mme"},
            "profession": {"kind": "installation", "situation": "practising"},
            "projet": {
                "communes_text": self.plan["commune"],
                "target_date": (date.today() + timedelta(days=120)).isoformat(),
            },
            "besoins": {"project_text": f"Projet d'installation {marker}."},
        }
        for step, values in steps.items():
            path = f"/mon-dossier/{pk}/demande/{step}/"
            _s, page, _l = session.request("request_form", "GET", path)
            data = Form(page).data(path, action="next", **values)
            data = [(k, v) for k, v in data if k != "csrfmiddlewaretoken"]
            data.append(("csrfmiddlewaretoken", session.csrf(page)))
            status, _p, _l = session.request("request_form", "POST", path, data, expect=(302,))
            if status != 302:
                return
        path = f"/mon-dossier/{pk}/demande/envoi/"
        _s, page, _l = session.request("request_form", "GET", path)
        status, _p, _l = session.request(
            "submit",
            "POST",
            path,
            {"csrfmiddlewaretoken": session.csrf(page), "consent": "on"},
            expect=(302,),
        )
        if status != 302:
            return
        self.record("submission", (address, marker))
        _s, page, _l = session.request("case_page", "GET", f"/mon-dossier/{pk}/")
        status, _p, _l = session.request(
            "message",
            "POST",
            f"/mon-dossier/{pk}/message/",
            {"csrfmiddlewaretoken": session.csrf(page), "body": f"Question {marker[:-1]}-m]"},
            expect=(302,),
        )
        if status == 302:
            self.record("message", f"{marker[:-1]}-m]")

    def referent(self, address, cases):
        session = Session(self.port, self.stats)
        if not session.login(address, self.plan["password"]):
            return
        n, last_message = 0, 0.0
        while self.running():
            n += 1
            session.request("referent_page", "GET", "/espace-referent/")
            pk = cases[n % len(cases)]
            base = f"/espace-referent/dossiers/{pk}/"
            _s, page, _l = session.request("referent_page", "GET", base)
            form = Form(page)
            for name, extra in (
                ("hold", {"reason": "Pause (soak)", "resume_on": self.plan["resume_on"]}),
                ("resume", {}),
            ):
                action = f"{base}statut/{name}/"
                if action in form.forms:
                    # Each transition's form carries its name as prefix (« hold-reason »).
                    fields = {f"{name}-{field}": value for field, value in extra.items()}
                    data = [(k, v) for k, v in form.data(action, **fields)]
                    status, _p, _l = session.request(
                        "transition", "POST", action, data, expect=(302,)
                    )
                    if status == 302:
                        self.record("transition", (pk, name))
                    break
            # 20 messages per 10 minutes per referent: one every 35 s stays below.
            if time.time() - last_message > 35:
                last_message = time.time()
                marker = f"[SOAK-{self.run_id}-r{pk}-{n}]"
                status, _p, _l = session.request(
                    "message",
                    "POST",
                    f"{base}message/",
                    # The referent page's message form has the « message » prefix.
                    {
                        "csrfmiddlewaretoken": session.csrf(page),
                        "message-body": f"Réponse {marker}",
                    },
                    expect=(302,),
                )
                if status == 302:
                    self.record("message", marker)
            self.pace(1.5)

    def guests(self, tokens):
        session = Session(self.port, self.stats)
        for token in tokens:
            if not self.running():
                return
            path = f"/invitation/{token}/"
            _s, page, _l = session.request("guest_answer", "GET", path)
            status, _p, _l = session.request(
                "guest_answer",
                "POST",
                path,
                {"csrfmiddlewaretoken": session.csrf(page), "attending": "no", "guests": "0"},
                expect=(302,),
            )
            if status == 302:
                self.record("answer", token)
            self.pace(1.0)

    def threads(self):
        plan = self.plan
        accounts = list(plan["newcomers"])
        targets = [
            (self.browse, (1,)),
            (self.browse, (2,)),
            (self.signups, ()),
            (self.newcomers, (accounts,)),
            (self.newcomers, (accounts,)),
            (self.guests, (plan["tokens"],)),
        ] + [(self.referent, (a, cases)) for a, cases in plan["referents"].items()]
        return [threading.Thread(target=f, args=a, daemon=True) for f, a in targets]


# --------------------------------------------------------------------------- setup & checks
def prepare(run_id, n_newcomers):
    """In-process (django.setup on the soak's settings): accounts to sign in with, the
    referents' cases, invitations to answer, and the outbox's high-water mark."""
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.db import connections
    from django.utils import timezone

    from events import services as event_services
    from events.models import Invitation
    from installations.enums import CaseStatus
    from installations.models import Case
    from portal.models import OutgoingMail, User
    from portal.roles import Role

    template = User(email="x@soak.example")
    template.set_password(PASSWORD)
    users = User.objects.bulk_create(
        User(
            email=f"soak-{run_id}-newcomer-{i}@soak.example",
            first_name="Soak",
            role=Role.NEWCOMER,
            password=template.password,
        )
        for i in range(n_newcomers)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    referents = {}
    # The demo referents sign in with the soak's password (set here, in the soak's database).
    for user in User.objects.filter(role=Role.REFERENT, email__endswith="@demo.example"):
        User.objects.filter(pk=user.pk).update(password=template.password)
        pks = list(
            Case.objects.filter(
                referent=user, status__in=[CaseStatus.IN_PROGRESS, CaseStatus.ON_HOLD]
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:4]
        )
        if pks:
            referents[user.email] = pks
    now = timezone.now()
    tokens = [
        inv.token
        for inv in Invitation.objects.filter(answered_at__isnull=True)
        .exclude(email="")
        .select_related("event")
        .order_by("pk")[:300]
        if event_services.refusal_for(inv, now) is None
    ]
    commune = Case.objects.filter(referent__email__in=list(referents)).first()
    wished = commune.wished_communes.first() if commune else None
    plan = {
        "password": PASSWORD,
        "newcomers": [u.email for u in users],
        "referents": referents,
        "tokens": tokens,
        "commune": f"{wished.name} ({wished.insee_code})" if wished else "Figeac",
        "resume_on": (date.today() + timedelta(days=30)).isoformat(),
        "started": timezone.now(),
        "mail_mark": OutgoingMail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }
    connections.close_all()
    return plan


def outbox_open(mark):
    from portal.models import MailStatus, OutgoingMail

    return OutgoingMail.objects.filter(
        pk__gt=mark, status__in=[MailStatus.PENDING, MailStatus.SENDING]
    ).count()


def sent_files(mail_dir):
    """(to, subject) of every message the file backend wrote: what really went out."""
    sent = Counter()
    for path in Path(mail_dir).glob("*.log"):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                message = email.message_from_bytes(chunk.lstrip(), policy=email.policy.default)
                sent[(str(message["To"]), " ".join(str(message["Subject"]).split()))] += 1
    return sent


def check(traffic, plan, mail_dir, kill_window):
    """The after-run checks: [(label, ok, detail)]."""
    from django.db.models import Count

    from events.models import Invitation
    from installations.enums import EventKind
    from installations.models import Case, CaseEvent
    from portal.models import MailStatus, OutgoingMail, User

    done, mark = traffic.done, plan["mail_mark"]
    rows = []

    subs = done["submission"]
    bad = [m for _a, m in subs if Case.objects.filter(project_text__contains=m).count() != 1]
    not_sent = [
        m
        for _a, m in subs
        if not Case.objects.filter(project_text__contains=m, submitted_at__isnull=False).exists()
    ]
    rows.append(("demandes envoyées présentes une fois", not bad and not not_sent, f"{len(subs)}"))
    # Each newcomer account submits once: every mail it receives (the acknowledgement) once.
    per_topic = Counter(
        OutgoingMail.objects.filter(pk__gt=mark, to__in=[a for a, _m in subs]).values_list(
            "to", "topic"
        )
    )
    missing = [a for a, _m in subs if not any(to == a for to, _t in per_topic)]
    twice = [k for k, n in per_topic.items() if n != 1]
    rows.append(
        (
            "accusé de réception une fois par demande",
            not missing and not twice,
            f"{len(per_topic)} ({len(missing)} manquants, {len(twice)} en double)",
        )
    )

    msgs = done["message"]
    bad = [
        m
        for m in msgs
        if CaseEvent.objects.filter(kind=EventKind.MESSAGE, body__contains=m).count() != 1
    ]
    rows.append(("messages présents une fois", not bad, f"{len(msgs)} ({len(bad)} en défaut)"))

    signups = done["signup"]
    bad = [
        a
        for a in signups
        if User.objects.filter(email=a).count() != 1
        or OutgoingMail.objects.filter(to=a).count() != 1
    ]
    rows.append(("inscriptions : compte et e-mail une fois", not bad, f"{len(signups)}"))

    answers = done["answer"]
    bad = Invitation.objects.filter(token__in=answers, answered_at__isnull=True).count()
    rows.append(("réponses aux invitations enregistrées", bad == 0, f"{len(answers)}"))

    # Each hold or resume a referent saw succeed: one status line on the case's timeline and
    # one mail to the newcomer.
    transitions = Counter(pk for pk, _name in done["transition"])
    lines = Counter(
        CaseEvent.objects.filter(
            kind=EventKind.STATUS, case_id__in=list(transitions), created_at__gte=plan["started"]
        ).values_list("case_id", flat=True)
    )
    status_mails = OutgoingMail.objects.filter(
        pk__gt=mark, topic="installations_status_changed"
    ).count()
    total = sum(transitions.values())
    rows.append(
        (
            "transitions : une ligne d'historique et un e-mail chacune",
            lines == transitions and status_mails == total,
            f"{total} transitions, {sum(lines.values())} lignes, {status_mails} e-mails",
        )
    )

    new = OutgoingMail.objects.filter(pk__gt=mark)
    stuck = new.exclude(status=MailStatus.SENT)
    # A row claimed by the killed worker stays « sending » until its claim goes stale
    # (15 min, portal.mail.due): not lost, sent by a later sweep.
    killed = stuck.filter(
        status=MailStatus.SENDING, claimed_at__gte=kill_window[0], claimed_at__lte=kill_window[1]
    ).count()
    rows.append(
        (
            "boîte d'envoi vidée (tout envoyé)",
            stuck.count() == killed,
            f"{new.count()} e-mails, {stuck.count()} non envoyés"
            + (f" dont {killed} réservés par le worker tué" if killed else ""),
        )
    )
    per_row = Counter(
        (to, " ".join(subject.split()))
        for to, subject in new.filter(status=MailStatus.SENT).values_list("to", "subject")
    )
    files = sent_files(mail_dir)
    twice = {k: files[k] for k, n in per_row.items() if files[k] > n}
    lost = {k: n for k, n in per_row.items() if files[k] < n}
    rows.append(
        (
            "chaque e-mail envoyé une fois",
            not twice and not lost,
            f"{sum(per_row.values())} lignes, {sum(files[k] for k in per_row)} envois"
            + (f" ; en double : {list(twice)[:3]}" if twice else "")
            + (f" ; manquants : {list(lost)[:3]}" if lost else ""),
        )
    )
    dedup_dups = (
        new.exclude(dedup_key=None).values("dedup_key").annotate(n=Count("pk")).filter(n__gt=1)
    )
    rows.append(("clés d'unicité uniques", not dedup_dups.exists(), ""))
    return rows


# --------------------------------------------------------------------------- the run
def summary(traffic, duration, mem_start, mem_end, checks, faults):
    stats = traffic.stats
    total = sum(sum(c.values()) for c in stats.status.values())
    errors = len(stats.unexpected)
    five = sum(n for c in stats.status.values() for s, n in c.items() if s >= 500)
    lines = [
        "",
        f"== Soak : {duration} s, {total} requêtes, {errors} réponses inattendues "
        f"({100 * errors / max(total, 1):.2f} %), {five} erreurs 5xx",
        "",
        f"{'type':15s} {'requêtes':>9s} {'p50 ms':>8s} {'p95 ms':>8s}  statuts",
    ]
    for kind in sorted(stats.latency):
        lat = stats.latency[kind]
        statuses = " ".join(f"{s}×{n}" for s, n in sorted(stats.status[kind].items()))
        lines.append(
            f"{kind:15s} {len(lat):9d} {pct(lat, 50):8.1f} {pct(lat, 95):8.1f}  {statuses}"
        )
    for kind, items in sorted(traffic.done.items()):
        lines.append(f"  fait : {kind} × {len(items)}")
    lines += ["", "Incidents : " + " ; ".join(faults), "", "Mémoire (RSS, Mo) début → fin :"]
    for name in sorted(set(mem_start) | set(mem_end)):
        lines.append(f"  {name:20s} {mem_start.get(name, '-'):>7} → {mem_end.get(name, '-')}")
    lines.append("  (le worker de la fin est celui relancé après le SIGKILL)")
    lines += ["", "Vérifications :"]
    for label, ok, detail in checks:
        lines.append(f"  [{'ok' if ok else 'ÉCHEC'}] {label} {detail}")
    lines.append(f"  [{'ok' if five == 0 else 'ÉCHEC'}] aucune erreur 5xx ({five})")
    for kind, status, path in stats.unexpected[:15]:
        lines.append(f"    inattendu : {kind} {status} {path}")
    return "\n".join(lines), five == 0 and all(ok for _l, ok, _d in checks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=600, help="seconds of traffic")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (0: a free one)")
    parser.add_argument("--redis-port", type=int, default=0, help="private Redis (0: free)")
    parser.add_argument("--drain-timeout", type=int, default=240)
    parser.add_argument(
        "--redis-outage",
        choices=["all", "broker"],
        default="all",
        help="all: the cache shares the stopped Redis, as in docker-compose.yml (default); "
        "broker: the cache lives on a second private Redis that stays up",
    )
    args = parser.parse_args()
    if not 20 <= args.duration <= 3600:
        parser.error("--duration must be 20..3600 seconds")
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix="portal-soak-"))
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    redis = Redis(args.redis_port or free_port())
    port = args.port or free_port()
    redis.start()
    cache_redis = redis
    if args.redis_outage == "broker":
        cache_redis = Redis(free_port())
        cache_redis.start()
    env = bench_env(workdir / "media", workdir / "static")
    env.update(
        DATABASE_URL=os.environ.get("SOAK_DATABASE_URL", DEFAULT_DB),
        CELERY_BROKER_URL=f"redis://{HOST}:{redis.port}/0",
        CELERY_RESULT_BACKEND=f"redis://{HOST}:{redis.port}/0",
        CACHE_URL=f"redis://{HOST}:{cache_redis.port}/1",
        CELERY_TASK_DEFAULT_QUEUE=os.environ.get("SOAK_QUEUE", "portal-soak"),
        EMAIL_URL=f"filemail:///{mail_dir}",  # django-environ drops one slash
        CONN_MAX_AGE="60",
    )
    os.environ.update(env)
    procs = {}
    try:
        print(f"== soak: base {env['DATABASE_URL'].rsplit('/', 1)[1]}, Redis privé :{redis.port}")
        reset_database(env, marker="soak")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "createcachetable")
        manage({**env, "DJANGO_ENV": "development"}, "load_demo", capture=True)
        manage(env, "collectstatic", "--noinput", "-v", "0")
        # The demo's own outbox goes out before the run (to a dummy backend): what the file
        # backend receives afterwards is only what the soak caused.
        manage({**env, "EMAIL_URL": "dummymail://"}, "send_pending_mail", capture=True)
        run_id = f"{int(time.time()) % 100000}"
        plan = prepare(run_id, max(30, args.duration // 2))
        print(
            f"   {len(plan['newcomers'])} comptes, {len(plan['referents'])} référents, "
            f"{len(plan['tokens'])} invitations ouvertes",
            flush=True,
        )
        procs["gunicorn"] = start_gunicorn(env, port, 2, workdir / "gunicorn.log")
        procs["worker"] = start_celery(env, "worker", workdir)
        procs["beat"] = start_celery(env, "beat", workdir)
        time.sleep(3)
        mem_start = memory(procs)

        outage = min(60, max(5, args.duration // 6))
        t0 = time.time()
        traffic = Traffic(port, plan, run_id, t0 + args.duration)
        threads = traffic.threads()
        for t in threads:
            t.start()
        faults = []
        time.sleep(max(0.0, t0 + args.duration * 0.3 - time.time()))
        redis.stop()
        faults.append(
            f"Redis ({'broker et cache' if cache_redis is redis else 'broker'}) arrêté à "
            f"t={time.time() - t0:.0f} s pendant {outage} s"
        )
        print(f"   {faults[-1]}", flush=True)
        time.sleep(outage)
        redis.start()
        time.sleep(max(0.0, t0 + args.duration * 0.7 - time.time()))
        from django.utils import timezone

        kill_at = timezone.now()
        os.killpg(procs["worker"].pid, signal.SIGKILL)
        procs["worker"].wait(timeout=10)
        faults.append(f"worker tué (SIGKILL) à t={time.time() - t0:.0f} s puis relancé")
        print(f"   {faults[-1]}", flush=True)
        time.sleep(1)
        procs["worker"] = start_celery(env, "worker", workdir)
        for t in threads:
            t.join(timeout=max(1.0, t0 + args.duration + REQUEST_TIMEOUT * 3 - time.time()))
        mem_end = memory(procs)

        deadline = time.time() + args.drain_timeout
        while outbox_open(plan["mail_mark"]) and time.time() < deadline:
            time.sleep(2)
        print(f"   boîte d'envoi : {outbox_open(plan['mail_mark'])} en attente après vidage")
        checks = check(traffic, plan, mail_dir, (kill_at - timedelta(seconds=5), kill_at))
        text, ok = summary(traffic, args.duration, mem_start, mem_end, checks, faults)
        print(text, flush=True)
    finally:
        for name in ("gunicorn", "worker", "beat"):
            if name in procs:
                if name == "gunicorn":
                    stop_gunicorn(procs[name])
                else:
                    stop_group(procs[name])
        redis.stop()
        cache_redis.stop()
        from django.db import connections

        connections.close_all()
    if ok:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"Journaux gardés dans {workdir} (gunicorn.log, celery-*.log, mail/)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
