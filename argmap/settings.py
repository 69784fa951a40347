"""Settings for argmap. The environment is read here and nowhere else.

With no environment set this is a development setup on SQLite. Production sets
``DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

DEVELOPMENT_SECRET_KEY = "django-insecure-argmap-development-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "argmap.teams",
    "argmap.jobs",
    "argmap.articles",
    "argmap.maps",
    "argmap.suggestions",
    "argmap.exchange",
    "argmap.reasoning",
    "axes",
    "argmap.accounts",
    "argmap.discussion",
    "argmap.activity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After messages, auth and htmx: a pending @mention becomes a notice on the next page.
    "argmap.discussion.mentions.MentionNoticeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a throttled login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "argmap.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "argmap.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    "argmap.accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username
# from one address, that pair is locked out for AXES_COOLOFF_TIME.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "argmap.accounts.views.locked_out"
AXES_VERBOSE = False

# Password reset and invitation mails: printed to the console in development.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "argmap <argmap@localhost>")

# How long an invitation link stays valid.
INVITATION_MAX_AGE = timedelta(days=int(os.environ.get("INVITATION_MAX_AGE_DAYS", "7")))

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads above this size are refused before they are read into memory.
ARTICLE_MAX_BYTES = int(os.environ.get("ARTICLE_MAX_BYTES", str(2 * 1024 * 1024)))
# Each unit of an imported article becomes a node in the same request: this bounds its time.
ARTICLE_MAX_UNITS = int(os.environ.get("ARTICLE_MAX_UNITS", "5000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_MAX_BYTES + 256 * 1024

# Articles from a URL, an HTML page or a PDF (argmap.articles.sources; docs/articles.md).
# The original page or PDF is kept with the article, up to this size; a fetch stops reading
# past it, and an upload above it is refused.
ARTICLE_ORIGINAL_MAX_BYTES = int(
    os.environ.get("ARTICLE_ORIGINAL_MAX_BYTES", str(10 * 1024 * 1024))
)
# A whole fetch (DNS, redirects, reading) ends within this many seconds.
ARTICLE_FETCH_TIMEOUT = float(os.environ.get("ARTICLE_FETCH_TIMEOUT", "10"))
ARTICLE_FETCH_MAX_REDIRECTS = int(os.environ.get("ARTICLE_FETCH_MAX_REDIRECTS", "5"))
# Hosts that may be fetched although they resolve to a loopback or private address (an
# intranet news site, a test server). Cloud metadata addresses stay refused.
ARTICLE_FETCH_ALLOW_HOSTS = env_list("ARTICLE_FETCH_ALLOW_HOSTS", "")
# A PEM file of certificate authorities for https fetches (an intranet's own CA); empty:
# the system's store.
ARTICLE_FETCH_CA_BUNDLE = os.environ.get("ARTICLE_FETCH_CA_BUNDLE", "")

# Development only: `make run` creates this login for the demo workspace.
DEMO_USERNAME = "demo" if DEBUG else None
DEMO_PASSWORD = "demo-argmap" if DEBUG else None

REST_FRAMEWORK = {
    # Token first, so that an anonymous request gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "argmap.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "argmap.api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "argmap.api.errors.json_errors",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# API tokens (django-rest-knox): stored hashed, any number per account, revoked on a
# password change. API_TOKEN_DAYS=0: tokens never expire.
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "90"))
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_DAYS) if API_TOKEN_DAYS else None,
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "argmap API",
    "DESCRIPTION": (
        "Workspaces, articles, argument maps, nodes and links, exports and imports. "
        "Authenticate with a session (the pages' login) or a token from /api/auth/token/ "
        "sent as `Authorization: Token <key>`. Errors are JSON: "
        '`{"message": "...", "errors": {"field": ["..."]}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999}
    },
    # Links may undercut; a suggestion never does: two "relation" enums, each named.
    "ENUM_NAME_OVERRIDES": {
        "LinkRelationEnum": "argmap.maps.models.Relation.choices",
        "SuggestedRelationEnum": "argmap.api.views_suggestions.RELATIONS",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; its warnings (failures, lockouts) are enough.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Background jobs (argmap.jobs, docs/jobs.md): django-tasks with its database backend, so
# workers need nothing but the database. A running job's worker writes a heartbeat every
# JOBS_HEARTBEAT_SECONDS; a job without one for JOBS_LEASE_SECONDS is failed (or queued
# again when that is safe) by any other worker. JOBS_GRACE_SECONDS: how long past its time
# limit a job that no signal stops keeps its heartbeat.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOBS_HEARTBEAT_SECONDS = float(os.environ.get("JOBS_HEARTBEAT_SECONDS", "5"))
JOBS_LEASE_SECONDS = float(os.environ.get("JOBS_LEASE_SECONDS", "30"))
JOBS_GRACE_SECONDS = float(os.environ.get("JOBS_GRACE_SECONDS", "10"))
# Finished jobs and their result files are deleted after this many days (by the workers).
JOBS_KEEP_DAYS = float(os.environ.get("JOBS_KEEP_DAYS", "7"))

# Exports of maps larger than these (live nodes) run as jobs instead of inside the request:
# pictures (Graphviz's time grows faster than the map: ~0.3 s at 1,000 nodes, ~40 s at
# 10,000) and the other formats. Pictures of maps over PICTURE_MAX_NODES are not drawn at
# all. A picture drawn inside a request gets PICTURE_REQUEST_SECONDS, then moves to a job.
EXPORT_DIRECT_MAX_NODES = int(os.environ.get("EXPORT_DIRECT_MAX_NODES", "5000"))
PICTURE_DIRECT_MAX_NODES = int(os.environ.get("PICTURE_DIRECT_MAX_NODES", "1000"))
PICTURE_MAX_NODES = int(os.environ.get("PICTURE_MAX_NODES", "10000"))
PICTURE_REQUEST_SECONDS = float(os.environ.get("PICTURE_REQUEST_SECONDS", "4"))

# Map files larger than this (~500 nodes of argmap JSON) are imported by a job: checking
# and writing 5,000 nodes takes up to 26 s, longer than a request may run.
IMPORT_DIRECT_MAX_BYTES = int(os.environ.get("IMPORT_DIRECT_MAX_BYTES", str(128 * 1024)))

# Map files (argmap JSON, AIF, Argdown JSON, Kialo) above this size are refused unread.
MAP_IMPORT_MAX_BYTES = int(os.environ.get("MAP_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))

# ---------------------------------------------------------------------------------------
# Production: security headers, cookies, cache and sessions, rate limits, request size,
# request logs, health check (argmap.ops). One block, so other settings stay untouched;
# docs/production.md explains every variable.

INSTALLED_APPS += ["csp", "argmap.ops"]


def _insert_after(items: list[str], anchor: str, item: str) -> None:
    items.insert(items.index(anchor) + 1, item)


# First, so its duration covers the whole stack and every response is logged.
MIDDLEWARE.insert(0, "argmap.ops.middleware.RequestLogMiddleware")
# The header middlewares wrap SecurityMiddleware, so that its redirect to https carries
# the Content-Security-Policy and X-Frame-Options too.
MIDDLEWARE.remove("django.middleware.clickjacking.XFrameOptionsMiddleware")
for _header_middleware in (
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
):
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware"), _header_middleware
    )
# Before anything reads the body; after the headers, so a 413 carries them too.
_insert_after(
    MIDDLEWARE,
    "django.middleware.security.SecurityMiddleware",
    "argmap.ops.middleware.RequestSizeLimitMiddleware",
)
# After authentication (per-user limits) and CSRF (a forged request is not counted).
_insert_after(
    MIDDLEWARE,
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "argmap.ops.middleware.RateLimitMiddleware",
)
# Forms and query strings that are not UTF-8 are refused before a view stores U+FFFD.
_insert_after(
    MIDDLEWARE,
    "argmap.ops.middleware.RateLimitMiddleware",
    "argmap.ops.middleware.Utf8InputMiddleware",
)
# JSON bodies nested deeper than this get 400 before a parser hits Python's recursion limit.
JSON_MAX_DEPTH = int(os.environ.get("JSON_MAX_DEPTH", "100"))
_insert_after(
    MIDDLEWARE,
    "argmap.ops.middleware.Utf8InputMiddleware",
    "argmap.ops.middleware.JsonDepthMiddleware",
)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database (`make run`): the server's threads and the job worker write to one
    # file. With write-ahead logging readers go on while one writes; a transaction takes the
    # write lock when it begins (IMMEDIATE) and waits up to SQLITE_TIMEOUT seconds for it,
    # where of two transactions that both began by reading, one would fail ("database is
    # locked") or lose the other's update (tests/test_sqlite_writers.py).
    _sqlite = DATABASES["default"].setdefault("OPTIONS", {})
    _sqlite.setdefault("transaction_mode", "IMMEDIATE")
    _sqlite.setdefault("timeout", float(os.environ.get("SQLITE_TIMEOUT", "10")))
    _sqlite.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request (and /healthz) fast instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
    )

# Any request body over this is refused with 413 before it is read, file uploads included
# (argmap.ops.middleware.RequestSizeLimitMiddleware). 0: the largest of the *_MAX_BYTES
# settings (article, map import...) plus 1 MiB for the rest of the form.
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", "0"))

# One JSON line per request on the "argmap.requests" logger (RequestLogMiddleware).
LOGGING.setdefault("formatters", {})["json"] = {"()": "argmap.ops.logs.JsonFormatter"}
LOGGING["handlers"]["json"] = {"class": "logging.StreamHandler", "formatter": "json"}
LOGGING.setdefault("loggers", {}).update(
    {
        "argmap.requests": {"handlers": ["json"], "level": "INFO", "propagate": False},
        # Django's own "Not Found: /x" lines repeat what argmap.requests already says;
        # server errors still log their traceback here.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    }
)

# Production hardening. ``HTTPS_ONLY`` (on by default when DEBUG is off) sends every request
# to https, sets HSTS and marks cookies Secure; turn it off only to run production settings
# over plain http on 127.0.0.1 (the load test does).
HTTPS_ONLY = env_bool("HTTPS_ONLY", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain http
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000")) if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", HTTPS_ONLY)
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SESSION_COOKIE_HTTPONLY = True
# The CSRF token reaches htmx through the page (hx-headers on <body>), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Trust X-Forwarded-Proto only behind a proxy that sets it and strips it from clients.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): our own scripts, styles and images only; nothing
# inline. htmx's inline indicator style is switched off in base.html (htmx-config).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Cache and sessions: Redis when REDIS_URL is set (several app servers share it), else
# per-process memory and database-backed sessions.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "argmap",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Request rate limits (argmap.ops.ratelimit): a fixed window per client in the default cache,
# so shared between app servers only with Redis. Each rule: a regex on the path, the methods it
# counts, "<count>/<s|m|h|d>" and the key ("ip", "user" or "user_or_ip").
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATE_LIMITS = [
    {
        # Every way of logging in shares one counter per address (no password spraying
        # through whichever entry point is not counted).
        "group": "login",
        "path": r"^/(accounts/login|admin/login|api/auth/token)/",
        "methods": ["POST"],
        "rate": os.environ.get("RATE_LOGIN", "10/m"),
        "key": "ip",
    },
    {
        "group": "signup",
        "path": r"^/accounts/(signup|register)/",
        "methods": ["POST"],
        "rate": os.environ.get("RATE_SIGNUP", "5/m"),
        "key": "ip",
    },
    {
        "group": "password-reset",
        "path": r"^/accounts/password_reset/",
        "methods": ["POST"],
        "rate": os.environ.get("RATE_PASSWORD_RESET", "5/m"),
        "key": "ip",
    },
    {
        "group": "invitation",
        "path": r"/invit",
        "methods": ["POST"],
        "rate": os.environ.get("RATE_INVITATION", "30/m"),
        "key": "user_or_ip",
    },
    {
        "group": "api",
        "path": r"^/api/",
        "methods": ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"],
        "rate": os.environ.get("RATE_API", "1200/m"),
        "key": "user_or_ip",
    },
]
# Behind a proxy, the request.META key holding the client's address (e.g. HTTP_X_REAL_IP, set by
# the proxy); by default REMOTE_ADDR. Rate limits (django-ratelimit) and login lockouts
# (django-axes) both read the address through argmap.ops.ratelimit.client_address.
CLIENT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or "REMOTE_ADDR"
RATELIMIT_IP_META_KEY = "argmap.ops.ratelimit.client_address"
AXES_CLIENT_IP_CALLABLE = "argmap.ops.ratelimit.client_address"
