"""Settings, read from the environment in one place.

With no environment at all the portal runs embedded: SQLite in ``var/``, Celery tasks run
eagerly, mail printed to the console. ``DJANGO_ENV=production`` turns every safety on and
refuses to start without a real ``SECRET_KEY``.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV doit valoir « development » ou « production », pas « {DJANGO_ENV} »."
    )
PRODUCTION = DJANGO_ENV == "production"

# --- Core --------------------------------------------------------------------------------
if PRODUCTION:
    try:
        SECRET_KEY = env.str("SECRET_KEY")
    except ImproperlyConfigured:
        raise ImproperlyConfigured(
            "SECRET_KEY manquant : en production (DJANGO_ENV=production) la variable "
            "d'environnement SECRET_KEY est obligatoire (50 caractères aléatoires au moins)."
        ) from None
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY trop court : 50 caractères au moins en production.")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
PORTAL_SITE_NAME = env.str("PORTAL_SITE_NAME", default="Installation santé")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "portal",
    "territories",
    "structures",
    "aids",
    "events",
    "installations",
    "students",
    "ambassadors",
    "hotline",
    "welcome",
    "opportunities",
    "partners",
    "reporting",
    "privacy",
    "opendata",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

# Demo data and the benchmark's commands serve development, tests and `make bench`; the
# production image leaves both packages out.
if not PRODUCTION:
    INSTALLED_APPS += ["demo", "bench"]

MIDDLEWARE = [
    "portal.middleware.RequestIdMiddleware",
    # Before any view, and before CSRF reads the form: NUL and absurd lengths answer 400.
    "portal.middleware.InputGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed here; static files are already, by whitenoise (docs/conventions.md).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.RequireMfaMiddleware",
    # Traces every CSV download by a desk member (portal.access_log).
    "portal.access_log.CsvExportLogMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "territories.context_processors.desk",
                "privacy.context_processors.retention",
            ],
            # French dates, numbers and plurals (portal.formatting) in every template.
            "builtins": ["portal.templatetags.fr", "portal.templatetags.phones"],
        },
    }
]

# --- Data --------------------------------------------------------------------------------
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A real, shared cache backs allauth's rate limits: Redis when configured, else the database.
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://portal_cache")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis outage makes the cache miss instead of answering 500 (portal/cache.py).
    CACHES["default"]["BACKEND"] = "portal.cache.ResilientRedisCache"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
    "portal.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Accounts (django-allauth) -------------------------------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Installation santé] "
# ``login_failed``'s key is the account and the client address together
# (portal.adapters.AccountAdapter): a stranger's failures do not lock the owner out.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Proxies in front of gunicorn that append to X-Forwarded-For (the TLS proxy: 1). At 0 the
# client is REMOTE_ADDR, which behind a proxy is the proxy's address for everyone. allauth's
# limits and ours (portal.ratelimit.client_ip) read this one value.
PORTAL_TRUSTED_PROXIES = env.int("PORTAL_TRUSTED_PROXIES", default=0)
if PORTAL_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured(
        f"PORTAL_TRUSTED_PROXIES doit être un entier positif ou nul, pas {PORTAL_TRUSTED_PROXIES}."
    )
ALLAUTH_TRUSTED_PROXY_COUNT = PORTAL_TRUSTED_PROXIES
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Installation santé"
# Staff and referents must enrol a second factor before the admin or their workspace.
# The embedded demo leaves it off so that the demo accounts work at once.
PORTAL_REQUIRE_MFA = env.bool("PORTAL_REQUIRE_MFA", default=PRODUCTION)

# --- Mail: every message is an outbox row first --------------------------------------------
# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS…
globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Installation santé <ne-pas-repondre@installation-sante.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_MAIL_MAX_ATTEMPTS = env.int("PORTAL_MAIL_MAX_ATTEMPTS", default=6)

# --- Celery --------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="portal")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BEAT_SCHEDULE = {
    "deliver-pending-mail": {"task": "portal.tasks.deliver_pending_mail", "schedule": 60.0},
    # Accountability log kept a year: older rows go, in one statement, every night.
    "portal-purge-access-log": {
        "task": "portal.tasks.purge_access_log",
        "schedule": crontab(hour=4, minute=15),
    },
    "events-reminders": {"task": "events.tasks.send_event_reminders", "schedule": 3600.0},
    # The satisfaction survey, the day after each event; sent once per event.
    "events-surveys": {"task": "events.tasks.send_surveys", "schedule": crontab(hour=10, minute=0)},
    # Reminders: one sweep every morning; each item is recorded once per period.
    "installations-daily-sweep": {
        "task": "installations.tasks.daily_sweep",
        "schedule": crontab(hour=7, minute=0),
    },
    # Partners late on a request: one reminder each, then one warning to the referent.
    "partners-remind": {
        "task": "partners.tasks.remind_partners",
        "schedule": crontab(hour=7, minute=30),
    },
    "welcome-refresh-packs": {
        "task": "welcome.tasks.refresh_welcome_packs",
        "schedule": crontab(hour=3, minute=30),
    },
    # Idempotent by day / by month (dedup keys): a restarted beat sends nothing twice.
    "structures-vacancy-alerts": {
        "task": "structures.tasks.send_vacancy_alerts",
        "schedule": 24 * 3600.0,
    },
    "structures-vacancy-confirmations": {
        "task": "structures.tasks.request_vacancy_confirmations",
        "schedule": 30 * 24 * 3600.0,
    },
    # Newly matched offers, one mail a day at most per newcomer (dedup key per user and day).
    "opportunities-notify-matches": {
        "task": "opportunities.tasks.notify_matches",
        "schedule": crontab(hour=8, minute=0),
    },
    # Retention (privacy/retention.py): set-based and idempotent, a second run does nothing.
    "privacy-apply-retention": {
        "task": "privacy.tasks.apply_retention",
        "schedule": crontab(hour=4, minute=15),
    },
}

# --- Retention (RGPD) ----------------------------------------------------------------------
# A draft untouched for this many months is deleted; its owner is warned this many days before.
# Finished cases are anonymised after each desk's ``Desk.retention_years``. The privacy page
# shows the same values.
PRIVACY_DRAFT_RETENTION_MONTHS = env.int("PRIVACY_DRAFT_RETENTION_MONTHS", default=6)
PRIVACY_DRAFT_WARNING_DAYS = env.int("PRIVACY_DRAFT_WARNING_DAYS", default=30)
if PRIVACY_DRAFT_RETENTION_MONTHS < 1 or not 1 <= PRIVACY_DRAFT_WARNING_DAYS < 28 * (
    PRIVACY_DRAFT_RETENTION_MONTHS
):
    raise ImproperlyConfigured(
        "PRIVACY_DRAFT_RETENTION_MONTHS doit valoir au moins 1 et PRIVACY_DRAFT_WARNING_DAYS "
        "être compris entre 1 jour et la durée de conservation des brouillons."
    )

# --- I18n ----------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Django's own date/number output (admin, forms): portal/formats/fr. Pages, mails and PDFs
# use the filters of portal.templatetags.fr (« 1er septembre 2026 », « 18 h 30 », « 176 473 »).
FORMAT_MODULE_PATH = ["portal.formats"]
USE_THOUSAND_SEPARATOR = False  # would also group ids, years and form values
LOCALE_PATHS = [BASE_DIR / "locale"]

# Anonymous public pages served from the shared cache, invalidated on every write
# (portal/pagecache.py). Off in development and tests so that every page is rendered afresh.
PORTAL_PAGE_CACHE = env.bool("PORTAL_PAGE_CACHE", default=PRODUCTION)

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)

MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_tile_origin = "/".join(MAP_TILE_URL.split("/")[:3]) if "://" in MAP_TILE_URL else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([_tile_origin] if _tile_origin else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Logging: never passwords, session keys or applicants' text ------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "portal.logging.RequestIdFilter"},
        "redact": {"()": "portal.logging.RedactFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id", "redact"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
