"""Settings for Zhengxie. One file, configured by environment variables only (see docs/deploy.md)."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
TESTING = "pytest" in sys.modules or os.environ.get("ZHENGXIE_TESTING") == "1"


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use 1/0, true/false")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = envbool("ZHENGXIE_DEBUG", False)
# Demo mode loads the fictional demo committee and its ten demo accounts. It can never be on
# together with a production database: `load_demo` refuses unless this flag is set.
DEMO_MODE = envbool("ZHENGXIE_DEMO", False)

# Secrets: required in production; development and tests get fixed, clearly insecure keys so that
# data encrypted by one run of `make run` can be read by the next.
_INSECURE_DEV_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = env("ZHENGXIE_SECRET_KEY")
# Master key for personal data: 32 hex digits (128-bit SM4 key). The encryption and the
# search-hash keys are derived from it with HMAC-SM3 (lib/crypto.py).
DATA_KEY = env("ZHENGXIE_DATA_KEY")
if not SECRET_KEY or not DATA_KEY:
    if not (DEBUG or DEMO_MODE or TESTING):
        raise ImproperlyConfigured("ZHENGXIE_SECRET_KEY and ZHENGXIE_DATA_KEY must be set in production")
    SECRET_KEY = SECRET_KEY or _INSECURE_DEV_KEY
    DATA_KEY = DATA_KEY or "00112233445566778899aabbccddeeff"
# Key rotation (docs/deploy.md): the current key's number, and the earlier keys ("1:hex,2:hex")
# that stay readable until `manage.py rotate_data_key` has rewritten everything under the current one.
DATA_KEY_VERSION = envint("ZHENGXIE_DATA_KEY_VERSION", 1)
DATA_KEYS_OLD = env("ZHENGXIE_DATA_KEYS_OLD")
# Key of the audit log's HMAC-SM3 chain (hex, at least 32 digits). Empty: derived from DATA_KEY
# (lib/crypto.py). Never stored in the database; see docs/deploy.md.
AUDIT_KEY = env("ZHENGXIE_AUDIT_KEY")
# Append-only file that receives the audit chains' heads at intervals (docs/deploy.md). Tests
# write none unless a test sets one.
AUDIT_ANCHOR_FILE = env(
    "ZHENGXIE_AUDIT_ANCHOR_FILE", "" if TESTING else str(BASE_DIR / "var" / "audit-anchors.jsonl")
)

ALLOWED_HOSTS = [h.strip() for h in env("ZHENGXIE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("ZHENGXIE_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

INSTALLED_APPS = [
    # First, so that its createsuperuser (which refuses: no all-powerful account) replaces Django's.
    "zhengxie.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "zhengxie.lib",
    "zhengxie.audit",
    "zhengxie.org",
    "zhengxie.notices",
    "zhengxie.search",
    "zhengxie.supervision",
    "zhengxie.duty",
    "zhengxie.proposals",
    "zhengxie.opinions",
    "zhengxie.consultations",
    "zhengxie.learning",
    "zhengxie.participation",
    "zhengxie.joint",
    "zhengxie.grassroots",
    "zhengxie.workplans",
    "zhengxie.schedule",
    "zhengxie.plenary",
    "zhengxie.publications",
    "zhengxie.regulations",
    "zhengxie.assessment",
    "zhengxie.groups",
    "zhengxie.surveys",
    "zhengxie.materials",
    "zhengxie.reports",
    "zhengxie.news",
    "zhengxie.exchange",
]

MIDDLEWARE = [
    # Before anything reads the session or the database: a request that waited too long in the
    # queue at a peak is answered 503 at once (lib/errorpages.py, ZHENGXIE_MAX_QUEUE_MS).
    "zhengxie.lib.errorpages.OverloadMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zhengxie.lib.csp.ContentSecurityPolicyMiddleware",  # also answers the violation reports
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhengxie.audit.context.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
    "zhengxie.accounts.middleware.SessionLifetimeMiddleware",
    "zhengxie.accounts.middleware.SecurityGateMiddleware",
    "zhengxie.org.middleware.CurrentCommitteeMiddleware",
    # A third party's rater-only account sees its rating pages and nothing else.
    "zhengxie.accounts.middleware.RaterOnlyMiddleware",
    "zhengxie.accounts.middleware.RefusedAccessAuditMiddleware",
    # A view failing because the database is away answers 503 + Retry-After (lib/errorpages.py).
    "zhengxie.lib.errorpages.DatabaseOutageMiddleware",
    # Control characters are removed from every form field and query string (lib/controlchars.py).
    "zhengxie.lib.controlchars.ControlCharacterMiddleware",
]

ROOT_URLCONF = "zhengxie.urls"
WSGI_APPLICATION = "zhengxie.wsgi.application"

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
                "zhengxie.org.context_processors.committee",
                "zhengxie.notices.context_processors.unread",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'zhengxie.sqlite3'}"),
        conn_max_age=envint("ZHENGXIE_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on busy_timeout instead of failing with "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # How long a writer waits for the write lock before its request is answered 503 with
        # Retry-After (lib/errorpages). Web servers under a plenary peak do better with a few
        # seconds than with a queue of 20-second waits (docs/deploy.md, docs/performance.md).
        "timeout": envint("ZHENGXIE_SQLITE_BUSY_SECONDS", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # The test database is copied from the configured one so it keeps its C.UTF-8 / zh_CN ctype,
    # which trigram search on Chinese text needs.
    DATABASES["default"]["TEST"] = {"TEMPLATE": DATABASES["default"]["NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A request that waited longer than this in the front proxy and the server's backlog is answered
# 503 at once (0: never). Needs the proxy's `X-Request-Start` header (docs/deploy.md).
MAX_QUEUE_MS = envint("ZHENGXIE_MAX_QUEUE_MS", 0)

# --- Accounts and security ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must be first: refuses locked-out username + IP pairs
    "zhengxie.accounts.backends.UsernameOrPhoneBackend",
]
# Django's checks with Chinese messages, the 等保 complexity rule, and no reuse of the last five.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "zhengxie.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "zhengxie.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "zhengxie.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "zhengxie.accounts.passwords.NumericPasswordValidator"},
    {"NAME": "zhengxie.accounts.passwords.CharacterClassValidator"},
    {"NAME": "zhengxie.accounts.passwords.PasswordHistoryValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only: keeps the suite fast
    if TESTING
    else [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

REQUIRE_2FA = envbool("ZHENGXIE_REQUIRE_2FA", not DEMO_MODE)
PASSWORD_MAX_AGE_DAYS = envint("ZHENGXIE_PASSWORD_MAX_AGE_DAYS", 90)
IDLE_TIMEOUT_MINUTES = envint("ZHENGXIE_IDLE_TIMEOUT_MINUTES", 30)
OTP_TOTP_ISSUER = "智慧政协"

# Idle timeout: the session expires IDLE_TIMEOUT_MINUTES after the last request. The expiry is
# moved on at most once every SESSION_RENEW_SECONDS (accounts.middleware.SessionLifetimeMiddleware)
# rather than by saving the session on every request: a page that changes nothing writes nothing.
SESSION_COOKIE_AGE = IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = envint("ZHENGXIE_SESSION_RENEW_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

AXES_FAILURE_LIMIT = envint("ZHENGXIE_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("ZHENGXIE_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "zhengxie.accounts.views.lockout_response"
AXES_IPWARE_PROXY_COUNT = envint("ZHENGXIE_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Production hardening; `manage.py check --deploy` is clean with DEBUG off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("ZHENGXIE_SSL_REDIRECT", not (DEBUG or DEMO_MODE or TESTING))
SESSION_COOKIE_SECURE = envbool("ZHENGXIE_SECURE_COOKIES", not (DEBUG or DEMO_MODE or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("ZHENGXIE_HSTS_SECONDS", 0 if (DEBUG or DEMO_MODE or TESTING) else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["security.W021"]
CSRF_FAILURE_VIEW = "zhengxie.lib.errorpages.csrf_failure"  # the Chinese 403 page  # HSTS preload is a decision for each deployment's domain

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
# ISO dates first for zh-hans, so <input type="date"> shows the values it is given.
FORMAT_MODULE_PATH = ["zhengxie.lib.formats"]
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# The project's translations of Django's own strings: form labels end in "：", not ":".
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files: served by the platform itself, never from a CDN -------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING or DEMO_MODE
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# `make run` (demo mode) runs without DEBUG, so users see the Chinese error pages; WhiteNoise then
# serves the assets straight from the apps, without `collectstatic`.
WHITENOISE_USE_FINDERS = DEBUG or DEMO_MODE
MEDIA_ROOT = Path(env("ZHENGXIE_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Jobs -----------------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Periodic jobs: name -> (task path, interval in seconds). `manage.py worker` enqueues each one when
# it falls due, claiming the slot with a conditional UPDATE so several workers never double it.
PERIODIC_TASKS: dict[str, tuple[str, int]] = {
    "notices.deliver_pending": ("zhengxie.notices.tasks.deliver_pending", 60),
    "notices.remind_required_unread": ("zhengxie.notices.tasks.remind_required_unread", 6 * 3600),
    "lib.check_holiday_calendar": ("zhengxie.lib.tasks.check_holiday_calendar", 24 * 3600),
    "supervision.refresh_warnings": ("zhengxie.supervision.tasks.refresh_warnings", 3600),
    "duty.remind_standing_reports": ("zhengxie.duty.tasks.remind_standing_reports", 24 * 3600),
    "proposals.close_due": ("zhengxie.proposals.tasks.close_due_fan_out", 24 * 3600),
    "assessment.recompute_open": ("zhengxie.assessment.tasks.recompute_open", 24 * 3600),
    "consultations.flag_overdue_steps": ("zhengxie.consultations.tasks.flag_overdue_steps", 24 * 3600),
    "materials.withdraw_due": ("zhengxie.materials.tasks.withdraw_due", 600),
    "consultations.remind_invited_members": ("zhengxie.consultations.tasks.remind_invited_members", 6 * 3600),
    "learning.remind_due": ("zhengxie.learning.tasks.remind_due", 24 * 3600),
    "consultations.close_finished_activities": (
        "zhengxie.consultations.tasks.close_finished_activities",
        3600,
    ),
    "participation.chase_overdue_micro": ("zhengxie.participation.tasks.chase_overdue_micro", 6 * 3600),
    "audit.anchor_chain_heads": (
        "zhengxie.audit.tasks.anchor_chain_heads",
        envint("ZHENGXIE_AUDIT_ANCHOR_SECONDS", 3600),
    ),
    "exchange.purge_expired": ("zhengxie.exchange.tasks.purge_expired", 24 * 3600),
    "consultations.flag_overdue_trip_reports": (
        "zhengxie.consultations.tasks.flag_overdue_trip_reports",
        24 * 3600,
    ),
    "assessment.score_quality_ratings": ("zhengxie.assessment.tasks.score_quality_ratings", 3600),
}

# Other apps' demo data and benchmark seeders, run in this order after the organisation's
# (org sits below them in the import order, so it finds them here).
DEMO_LOADERS: list[str] = [
    "zhengxie.supervision.demo.load",
    "zhengxie.duty.demo.load",
    "zhengxie.proposals.demo.load",
    "zhengxie.opinions.demo.load",
    "zhengxie.consultations.demo.load",
    "zhengxie.learning.demo.load",
    "zhengxie.participation.demo.load",
    "zhengxie.notices.demo.load",
    "zhengxie.joint.demo.load",
    "zhengxie.grassroots.demo.load",
    "zhengxie.workplans.demo.load",
    "zhengxie.schedule.demo.load",
    "zhengxie.plenary.demo.load",
    "zhengxie.publications.demo.load",
    "zhengxie.regulations.demo.load",
    "zhengxie.assessment.demo.load",
    "zhengxie.groups.demo.load",
    "zhengxie.surveys.demo.load",
    "zhengxie.materials.demo.load",
    "zhengxie.news.demo.load",
    "zhengxie.exchange.demo.load",
    "zhengxie.search.seed.load",  # last: indexes what the loaders above wrote
]
SEEDERS: list[str] = [
    "zhengxie.supervision.seed.seed",
    "zhengxie.duty.seed.seed_points",
    "zhengxie.proposals.seed.seed",
    "zhengxie.opinions.seed.seed",
    "zhengxie.consultations.seed.seed",
    "zhengxie.learning.seed.seed",
    "zhengxie.participation.seed.seed",
    "zhengxie.notices.seed.seed",
    "zhengxie.joint.seed.seed",
    "zhengxie.grassroots.seed.seed",
    "zhengxie.workplans.seed.seed",
    "zhengxie.schedule.seed.seed",
    "zhengxie.plenary.seed.seed",
    "zhengxie.publications.seed.seed",
    "zhengxie.regulations.seed.seed",
    "zhengxie.assessment.seed.seed",
    "zhengxie.groups.seed.seed",
    "zhengxie.surveys.seed.seed",
    "zhengxie.materials.seed.seed",
    "zhengxie.news.seed.seed",
    "zhengxie.exchange.seed.seed",
    "zhengxie.search.seed.seed",  # last: indexes what the seeders above wrote
]
# What a third party's rater-only account (第三方评议员) may open (accounts.RaterOnlyMiddleware).
RATER_HOME = "/assessment/rate/"
RATER_ONLY_PATHS = [
    "/assessment/rate/",
    "/notices/",
    "/accounts/profile/",
    "/accounts/font-size/",
    "/api/v1/assessment/",
    "/api/v1/auth/",
    "/api/v1/me",
]

# Receivers of items one app hands to another on the same import row, by destination
# (proposals.models.Destination): a dotted path to `receive_referral(*, committee_id, title, body,
# author_member_ids, source, source_label, source_url, by) -> Model`. The sender looks the receiver
# up here and calls it, so neither imports the other; with no receiver the destination is only
# recorded. "opinion": a proposal not filed with 转社情民意 becomes an incoming 社情民意 item.
REFERRAL_RECEIVERS: dict[str, str] = {"opinion": "zhengxie.opinions.intake.receive_referral"}
# What an app does when a supervision item following up one of its records is accepted as done:
# linked model label -> callable(item=, by=). Supervision cannot import the apps that feed it.
SUPERVISION_DONE_RECEIVERS: dict[str, str] = {
    # An accepted item opened for a leader's instruction feeds its outcome back to the authors.
    "opinions.instruction": "zhengxie.opinions.services.adoption.instruction_item_done",
    # An accepted item opened for an instruction on a consultation outcome records its result.
    "consultations.instruction": "zhengxie.consultations.services.outcomes.instruction_implemented",
    # A 回头看 item accepted: the proposal records the result and tells its proposers.
    "proposals.proposal": "zhengxie.proposals.services.item_sync.followup_item_accepted",
    # A leader's instruction on a democratic-supervision finding carried out: the finding records it.
    "workplans.finding": "zhengxie.workplans.supervision.finding_item_done",
}

# Where else a meeting's attendance is recorded and scored: callables(committee_id, day) ->
# [(label, url)]. Duty's attendance sheet page lists them for the sheet's date, so that staff do
# not record (and score) the same meeting a second time on a sheet.
DUTY_ATTENDANCE_ELSEWHERE: list[str] = ["zhengxie.consultations.selectors.activities_recording_attendance"]
# Who else keeps points by the duty rules: callables(*, rule, old_points, old_variants, by) run
# in the transaction of a rule's change of points, after the members' entries were rescored.
DUTY_RULE_RESCORE_RECEIVERS: list[str] = ["zhengxie.opinions.services.adoption.tallies_rescore"]

# --- Notices --------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "ZHENGXIE_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or DEMO_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("ZHENGXIE_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("ZHENGXIE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env("ZHENGXIE_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("ZHENGXIE_EMAIL_PASSWORD")
EMAIL_USE_TLS = envbool("ZHENGXIE_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env("ZHENGXIE_EMAIL_FROM", "智慧政协 <zhengxie@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address users reach the platform at: links in e-mails are made absolute with it.
ZHENGXIE_SITE_URL = env("ZHENGXIE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SMS_BACKEND = env("ZHENGXIE_SMS_BACKEND", "zhengxie.notices.sms.LoggingSmsBackend")

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("ZHENGXIE_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        # The audit chains' heads, one JSON line each: ship this logger to an external sink.
        "zhengxie.audit.anchor": {"level": "INFO"},
    },
}

# --- Login and credential hardening ---------------------------------------------------------
# Lockout counts failures per account, whatever identifier was typed (username, phone in any form),
# and per client address across all identifiers (password spraying): accounts/lockout.py.
AXES_USERNAME_CALLABLE = "zhengxie.accounts.lockout.lockout_key"
AXES_HANDLER = "zhengxie.accounts.lockout.LockoutHandler"
LOCKOUT_IP_FAILURES = envint("ZHENGXIE_LOCKOUT_IP_FAILURES", 30)
# Personal API tokens expire this many days after they are created.
API_TOKEN_DAYS = envint("ZHENGXIE_API_TOKEN_DAYS", 90)
# A login session ends this many hours after it began, however active it is (besides the idle timeout).
SESSION_MAX_HOURS = envint("ZHENGXIE_SESSION_MAX_HOURS", 12)
# Accounts opened from the roster: how long an activation code stays valid.
ACTIVATION_CODE_DAYS = envint("ZHENGXIE_ACTIVATION_CODE_DAYS", 14)
# --- Reliability of jobs and deliveries -----------------------------------------------------
# A worker writes a heartbeat every WORKER_HEARTBEAT_SECONDS; a job left RUNNING by a worker silent
# for WORKER_LEASE_SECONDS is requeued (at most JOB_MAX_RECLAIMS times, then marked failed).
WORKER_HEARTBEAT_SECONDS = envint("ZHENGXIE_WORKER_HEARTBEAT_SECONDS", 10)
WORKER_LEASE_SECONDS = envint("ZHENGXIE_WORKER_LEASE_SECONDS", 120)
JOB_MAX_RECLAIMS = envint("ZHENGXIE_JOB_MAX_RECLAIMS", 3)
# An e-mail or SMS claimed for sending and not confirmed within the lease is sent again; a failing
# one is retried with backoff (base × 2^attempts) up to NOTICE_MAX_ATTEMPTS, then shown as failed.
NOTICE_SEND_LEASE_SECONDS = envint("ZHENGXIE_NOTICE_SEND_LEASE_SECONDS", 300)
NOTICE_RETRY_BASE_SECONDS = envint("ZHENGXIE_NOTICE_RETRY_BASE_SECONDS", 60)
NOTICE_MAX_ATTEMPTS = envint("ZHENGXIE_NOTICE_MAX_ATTEMPTS", 5)
# --- More than one server (docs/deploy.md "More than one server") ---------------------------
from zhengxie.lib import deployconf  # noqa: E402  (plain parsing, no models)

# Shared cache: locmem:// (one process, the default), db:// (the database; table created by a
# migration) or redis://host:port/db (needs the `redis` package, not installed by default).
CACHES = {"default": deployconf.cache_from_url(env("ZHENGXIE_CACHE_URL", "locmem://"))}
CACHE_SHARED = deployconf.cache_is_shared(CACHES["default"])
# Sessions are in the database (every server sees them); with a shared cache, cached_db.
SESSION_ENGINE = deployconf.session_engine(env("ZHENGXIE_SESSION_ENGINE"), shared_cache=CACHE_SHARED)
# Unread-notice counts per user in the cache, dropped when a notice is created or read. Off unless
# the cache is Redis: a per-process cache would keep another process's stale count, and a
# database cache costs the same one query as the count itself.
UNREAD_CACHE_SECONDS = envint(
    "ZHENGXIE_UNREAD_CACHE_SECONDS", 300 if CACHES["default"]["BACKEND"].endswith("RedisCache") else 0
)
# Reports pages and the dashboard keep their computed figures this long while the data behind them
# is unchanged (reports/cache.py; the key holds the data's last change). 0 switches it off.
REPORTS_CACHE_SECONDS = envint("ZHENGXIE_REPORTS_CACHE_SECONDS", 0 if TESTING else 3600)
# Streaming replica for reports and statistics that ask for it (lib/dbrouter.py).
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env("DATABASE_REPLICA_URL"), conn_max_age=envint("ZHENGXIE_DB_CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["zhengxie.lib.dbrouter.ReplicaRouter"]
# Attachments: the filesystem under MEDIA_ROOT (an NFS mount shared by the servers), or another
# backend such as django-storages' S3Storage with its options as JSON.
STORAGES["default"] = deployconf.storage_from_env(
    env("ZHENGXIE_STORAGE_BACKEND"), env("ZHENGXIE_STORAGE_OPTIONS")
)

# The apps whose records the one search index holds (DESIGN §3 "Search"): kind -> dotted path of
# a provider module with LABEL, MODELS (model labels whose workflow transitions reindex the
# record), `documents(*, pks=None, committee_ids=None)` yielding `search.index.Doc`s (rebuild and
# reindex) and `visible_ids(user)` (the app's own page rule: a queryset of the ids the user may
# open). Search imports none of the apps; they call it.
SEARCH_PROVIDERS: dict[str, str] = {
    "proposal": "zhengxie.proposals.searchdocs",
    "opinion": "zhengxie.opinions.searchdocs",
    "supervision": "zhengxie.supervision.searchdocs",
    "consultation": "zhengxie.consultations.searchdocs.consultation",
    "deliberation": "zhengxie.consultations.searchdocs.deliberation",
    "activity": "zhengxie.consultations.searchdocs.activity",
    "course": "zhengxie.learning.searchdocs.course",
    "note": "zhengxie.learning.searchdocs.note",
    "speech": "zhengxie.plenary.searchdocs",
    "issue": "zhengxie.publications.searchdocs",
    "regulation": "zhengxie.regulations.searchdocs",
    "materials": "zhengxie.materials.searchdocs",
    "topicgroup": "zhengxie.groups.searchdocs.group",
    "groupsuggestion": "zhengxie.groups.searchdocs.suggestion",
    "survey": "zhengxie.surveys.searchdocs",
    "micro": "zhengxie.participation.searchdocs.micro",
    "campaign": "zhengxie.participation.searchdocs.campaign",
    "reception": "zhengxie.participation.searchdocs.reception",
    "platformrecord": "zhengxie.grassroots.searchdocs.record",
    "platformproblem": "zhengxie.grassroots.searchdocs.problem",
    "planitem": "zhengxie.workplans.searchdocs.item",
    "finding": "zhengxie.workplans.searchdocs.finding",
    "news": "zhengxie.news.searchdocs",
    "case": "zhengxie.consultations.searchdocs.case",
    "supervisor_report": "zhengxie.workplans.report_searchdocs",
    "topic": "zhengxie.proposals.topic_searchdocs",
    "assist": "zhengxie.proposals.assist_searchdocs",
    "inspection": "zhengxie.proposals.inspection_searchdocs",
}
