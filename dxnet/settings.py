"""Settings for dxnet. Everything that differs between machines comes from the environment."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("DXNET_VAR_DIR", Path.cwd() / "var"))


def _secret_key() -> str:
    if key := os.environ.get("DXNET_SECRET_KEY"):
        return key
    # A development machine keeps its own generated key under var/.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():  # readable by the owner alone, from its first byte
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(50))
    path.chmod(0o600)  # a key written by an older version was world-readable
    return path.read_text().strip()


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0") == "1"


SECRET_KEY = _secret_key()
DEBUG = _flag("DXNET_DEBUG", False)
# Production (DXNET_PRODUCTION=1): HTTPS only, secure cookies, HSTS, no demo data without --force-demo; each setting
# can still be set on its own from the environment.
PRODUCTION = _flag("DXNET_PRODUCTION", False)
ALLOWED_HOSTS = os.environ.get("DXNET_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _flag("DXNET_SECURE_COOKIES", PRODUCTION)
SECURE_SSL_REDIRECT = _flag("DXNET_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("DXNET_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("DXNET_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = _flag("DXNET_HSTS_PRELOAD", PRODUCTION)
# TLS ends at a reverse proxy on this machine that sets X-Forwarded-Proto, and X-Forwarded-For with the client's
# address (the rate limits count that address: dxnet.accounts.throttling.client_address).
DXNET_BEHIND_PROXY = _flag("DXNET_BEHIND_PROXY", False)
if DXNET_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
# Probes and metrics are asked over plain HTTP on the machine itself (service manager, Prometheus), never redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# /metrics answers loopback, or anyone sending `Authorization: Bearer <DXNET_METRICS_TOKEN>`.
DXNET_METRICS_TOKEN = os.environ.get("DXNET_METRICS_TOKEN", "")
# Content Security Policy: scripts, styles and images from the site alone, nothing inline (no style attributes
# either), no plugins, no framing; every asset is served by the site itself (no CDN).
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"],
    "object-src": ["'none'"], "base-uri": ["'self'"], "form-action": ["'self'"], "frame-ancestors": ["'none'"],
}}
SESSION_COOKIE_HTTPONLY = True
# A session ends after DXNET_SESSION_IDLE_MINUTES without a request, and DXNET_SESSION_HOURS after sign-in in any case.
SESSION_COOKIE_AGE = int(os.environ.get("DXNET_SESSION_IDLE_MINUTES", 30)) * 60
SESSION_SAVE_EVERY_REQUEST = True
DXNET_SESSION_HOURS = int(os.environ.get("DXNET_SESSION_HOURS", 12))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files served by the site itself (no CDN)
    "django_filters",
    "axes",
    "django_tasks",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # dxnet.core before django_tasks_db: its `db_worker` (the library's, with a heartbeat and job timings) is found.
    "dxnet.core",
    "django_tasks_db",
    "dxnet.geo",
    "dxnet.agencies",
    "dxnet.accounts",
    "dxnet.accounts.two_factor",
    "dxnet.people",
    "dxnet.network",
    "dxnet.plans",
    "dxnet.platforms",
    "dxnet.training",
    "dxnet.monitoring",
    "dxnet.reporting",
    "dxnet.obstacles",
    "dxnet.notifications",
    "dxnet.inspections",
    "dxnet.steering",
    "dxnet.infosec",
    "dxnet.stories",
    "dxnet.portal",
]

MIDDLEWARE = [
    "dxnet.core.observability.RequestLogMiddleware",  # first: its id and timing cover every other layer
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dxnet.core.middleware.RequestSizeLimitMiddleware",  # before anything reads the body (CSRF reads POST)
    "django.contrib.messages.middleware.MessageMiddleware",
    "dxnet.core.middleware.SessionLifetimeMiddleware",  # before LoginRequired, which then sends to sign in
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "dxnet.accounts.two_factor.middleware.TwoFactorMiddleware",  # after LoginRequired: a signed-in, unverified user
    "dxnet.accounts.throttling.SignInThrottleMiddleware",  # failed sign-ins per address, across usernames
    "axes.middleware.AxesMiddleware",
    "dxnet.core.middleware.AuditChannelMiddleware",
    "dxnet.core.routing.ReplicaMiddleware",  # last: its view is resolved; absent without DATABASE_REPLICA_URL
]

ROOT_URLCONF = "dxnet.urls"
WSGI_APPLICATION = "dxnet.wsgi.application"

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
                "dxnet.notifications.context_processors.unread_notifications",
                "dxnet.portal.navigation.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'dxnet.sqlite3'}",
        conn_max_age=int(os.environ.get("DXNET_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # A writer waits this many seconds for another's transaction instead of failing "database is locked".
        "timeout": int(os.environ.get("DXNET_SQLITE_TIMEOUT", 20)),
    }
# A streaming standby (docs/deploy.md, “Máy chủ CSDL đọc”): dashboards, reports, exports and open data read from it
# (dxnet.core.routing); writes, and a browser's reads for DXNET_READ_YOUR_WRITES_SECONDS after it wrote, the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"],
                                                 conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":  # a stopped replica: primary at once
        DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 3
    DATABASE_ROUTERS = ["dxnet.core.routing.ReplicaRouter"]
DXNET_READ_YOUR_WRITES_SECONDS = int(os.environ.get("DXNET_READ_YOUR_WRITES_SECONDS", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id at OWASP's cost (dxnet/accounts/hashers.py); passwords hashed before with PBKDF2 are rehashed at sign-in.
PASSWORD_HASHERS = ["dxnet.accounts.hashers.Argon2idHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "dxnet.accounts.validators.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "full_name", "email")}},
    {"NAME": "dxnet.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "dxnet.accounts.validators.CommonPasswordValidator"},
    {"NAME": "dxnet.accounts.validators.NumericPasswordValidator"},
]
# An API token expires DXNET_TOKEN_DAYS after it was issued; an account with no sign-in and no API use for
# DXNET_INACTIVE_DAYS is locked by the daily job (`dxnet notify`), national administrators excepted.
DXNET_TOKEN_DAYS = int(os.environ.get("DXNET_TOKEN_DAYS", 90))
DXNET_INACTIVE_DAYS = int(os.environ.get("DXNET_INACTIVE_DAYS", 45))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock out a (username, address) pair after 5 failures: an attacker from one
# address cannot lock a username out for everyone else.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "dxnet.accounts.throttling.client_address"  # the proxy's X-Forwarded-For, if behind it
AXES_VERBOSE = False
# Rate limits (docs/accounts.md), raised from the environment for load tests; an empty rate lifts the limit.
# One address gets a 429 on the sign-in page after 20 failed sign-ins in 15 minutes, whatever the usernames tried.
DXNET_SIGN_IN_FAILURES_PER_ADDRESS = int(os.environ.get("DXNET_SIGN_IN_FAILURES_PER_ADDRESS", 20))
DXNET_SIGN_IN_WINDOW_MINUTES = int(os.environ.get("DXNET_SIGN_IN_WINDOW_MINUTES", 15))
# The API: requests per signed-in account (token or session), and per address without an account.
DXNET_API_RATE = os.environ.get("DXNET_API_RATE", "600/min")
DXNET_API_ANON_RATE = os.environ.get("DXNET_API_ANON_RATE", "60/min")

# Two-step sign-in (TOTP, django-otp): national administrators and coordinators must enrol when DXNET_REQUIRE_2FA=1
# (the production default); anyone with an enrolled device is asked the code. A code is accepted one 30-second step
# either side of the server's clock, once; no drift is learned, so an early code cannot move the window.
DXNET_REQUIRE_2FA = _flag("DXNET_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "dxnet"
OTP_TOTP_SYNC = False

# Vietnamese for everyone; strings are marked for translation so English can follow.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Vietnamese for the messages Django REST framework and Django ship untranslated (dxnet/locale).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
FORMAT_MODULE_PATH = ["dxnet.formats"]

MEDIA_ROOT = Path(os.environ.get("DXNET_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # uploads are served only through views that check scope, never directly

# Background jobs (large imports): Django's task API, stored in the database and run by `dxnet db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Imports of more rows than this run as background jobs with a progress bar.
DXNET_BACKGROUND_IMPORT_ROWS = int(os.environ.get("DXNET_BACKGROUND_IMPORT_ROWS", 2000))
# A running import writes a heartbeat as it goes; one silent for this long is marked failed, to be retried.
DXNET_IMPORT_STALE_MINUTES = int(os.environ.get("DXNET_IMPORT_STALE_MINUTES", 10))

# Uploads. No request body above DXNET_MAX_UPLOAD_BYTES is read (413); form and JSON fields above
# DATA_UPLOAD_MAX_MEMORY_SIZE are refused by Django; files above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file.
DXNET_MAX_UPLOAD_BYTES = int(os.environ.get("DXNET_MAX_UPLOAD_BYTES", 30 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
# A spreadsheet to import: its size, its size unzipped, and the memory and time its reading (a child process) may use.
DXNET_MAX_SPREADSHEET_BYTES = int(os.environ.get("DXNET_MAX_SPREADSHEET_BYTES", 20 * 1024 * 1024))
DXNET_MAX_SPREADSHEET_UNZIPPED_BYTES = 400 * 1024 * 1024
DXNET_IMPORT_MEMORY_MB = int(os.environ.get("DXNET_IMPORT_MEMORY_MB", 2048))
DXNET_IMPORT_SECONDS = int(os.environ.get("DXNET_IMPORT_SECONDS", 300))

STATIC_URL = "/static/"
# Static files are served from the installed packages (WhiteNoise finders); collectstatic is optional.
STATIC_ROOT = os.environ.get("DXNET_STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

FILTERS_EMPTY_CHOICE_LABEL = "Tất cả"

# One cache for every process when several serve the site (DXNET_CACHE_URL or REDIS_URL=redis://…), sessions kept
# there too (no session row written on each request); in-process cache and database sessions otherwise.
CACHE_URL = os.environ.get("DXNET_CACHE_URL") or os.environ.get("REDIS_URL")
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    # The national dashboard alone keeps a dozen sections for each of some 60 parts of the country (and Django's
    # default of 300 entries would drop them as fast as they are computed).
    if CACHE_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                       "OPTIONS": {"MAX_ENTRIES": 50_000}})}
if CACHE_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

# E-mail (notifications, reminders): Django's backend from the environment; printed to the console in development.
EMAIL_BACKEND = os.environ.get("DXNET_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG
                               else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("DXNET_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DXNET_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DXNET_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DXNET_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DXNET_EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DXNET_FROM_EMAIL", "dxnet <khong-tra-loi@dxnet.gov.vn>")
# The site's address, for links in e-mails (notifications carry paths).
SITE_URL = os.environ.get("DXNET_SITE_URL", "http://localhost:8000")

# Agency kinds that must have at least one active DX focal point (Đề án 1690; seed 001, II.1).
DXNET_FOCAL_POINT_KINDS = os.environ.get(
    "DXNET_FOCAL_POINT_KINDS",
    "ministry_department,provincial_pc,provincial_department,district_pc,commune_pc",
).split(",")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "dxnet.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["dxnet.core.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "dxnet.core.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "dxnet.core.api_autoschema.VietnameseAutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "dxnet.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "dxnet.core.api_errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["dxnet.accounts.throttling.AccountRateThrottle",
                                 "dxnet.accounts.throttling.AnonymousRateThrottle"],
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "dxnet API",
    "DESCRIPTION": "API của nền tảng quản lý chuyển đổi số (Đề án 1690)",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {"PlanStatusEnum": "dxnet.plans.models.Plan.Status",
                            "TaskStatusEnum": "dxnet.plans.models.Task.Status",
                            "ObstacleLevelEnum": "dxnet.obstacles.models.Level",
                            "AgencyKindEnum": "dxnet.agencies.models.Agency.Kind"},
    # A request body has its own component (no read-only field in it); every error status with its body.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "dxnet.core.api_schema.document_errors"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# Errors (a 500 with its traceback, a failed job) go to standard error whatever DEBUG says, where the service
# manager keeps them; DXNET_LOG_FILE adds a file.
# DXNET_LOG_FORMAT=json (the default in production): one JSON object a line with the request id, and a line for
# each request (user id, status, duration).
LOG_FILE = os.environ.get("DXNET_LOG_FILE")
LOG_FORMAT = os.environ.get("DXNET_LOG_FORMAT", "json" if PRODUCTION else "plain")
_LOG_TO = ["console", *(["file"] if LOG_FILE else [])]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
                   "json": {"()": "dxnet.core.observability.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
                 **({"file": {"class": "logging.handlers.WatchedFileHandler", "formatter": LOG_FORMAT,
                              "filename": LOG_FILE}} if LOG_FILE else {})},
    "loggers": {
        "django": {"handlers": _LOG_TO, "level": "ERROR", "propagate": False},
        "dxnet": {"handlers": _LOG_TO, "level": "WARNING", "propagate": False},
        "dxnet.request": {"handlers": _LOG_TO, "level": "INFO" if LOG_FORMAT == "json" else "WARNING",
                          "propagate": False},
        # The worker's lines (a job started, finished, or failed with its traceback), in the same format.
        "django_tasks": {"handlers": _LOG_TO, "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": _LOG_TO, "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING"},
    },
}
