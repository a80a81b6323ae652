"""Django settings for Tousu.

Boots on SQLite with zero configuration; ``DATABASE_URL`` switches the database.
Platform and legal figures live in the ``TOUSU_*`` block at the end, each documented
in docs/settings.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tousu.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("TOUSU_DATA_DIR", str(BASE_DIR.parent / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

# "production" turns on the system checks that refuse unsafe settings (tousu/deploy/checks.py)
# and the HTTPS defaults below; docs/deploy.md.
TOUSU_ENV = env_str("TOUSU_ENV", "development")
_PRODUCTION = TOUSU_ENV == "production"
DEBUG = env_bool("TOUSU_DEBUG", False)
SECRET_KEY = env_str("TOUSU_SECRET_KEY", "insecure-dev-key-change-me-in-production")
ALLOWED_HOSTS = env_list("TOUSU_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

# --- HTTPS behind a TLS-terminating reverse proxy (docs/deploy.md) ---------------------
# The header the proxy sets to the scheme it was reached by (empty: none is trusted; set it
# only when every request comes through that proxy, which overwrites the header).
_proxy_header = env_str("TOUSU_PROXY_SSL_HEADER", "")
SECURE_PROXY_SSL_HEADER = (
    (f"HTTP_{_proxy_header.upper().replace('-', '_')}", "https") if _proxy_header else None
)
# Origins whose form posts are accepted besides the host itself, e.g. https://tousu.example.com.
CSRF_TRUSTED_ORIGINS = env_list("TOUSU_CSRF_TRUSTED_ORIGINS", [])
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("TOUSU_SECURE_COOKIES", _PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("TOUSU_SSL_REDIRECT", _PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health probe may speak plain HTTP
SECURE_HSTS_SECONDS = env_int("TOUSU_HSTS_SECONDS", 365 * 24 * 3600 if _PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TOUSU_HSTS_INCLUDE_SUBDOMAINS", _PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("TOUSU_HSTS_PRELOAD", _PRODUCTION)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # django-ninja's own templates and static files: /api/docs loads Swagger UI from this
    # site, never from a CDN (docs/api.md).
    "ninja",
    "tousu.accounts",
    "tousu.merchants",
    "tousu.teams",
    "tousu.orders",
    "tousu.complaints",
    "tousu.sla",
    "tousu.remedies",
    "tousu.payments",
    "tousu.adjudication",
    "tousu.merchant_center",
    "tousu.notify",
    "tousu.portal",
    "tousu.desk",
    "tousu.api",
    "tousu.demo",
    "tousu.channels.wechat",
    "tousu.channels.phone",
    "tousu.escalation",
    "tousu.coach",
    "tousu.helpcenter",
    "tousu.external",
    "tousu.webhooks",
    "tousu.search",
    "tousu.macros",
    "tousu.triage",
    "tousu.incidents",
    "tousu.automation",
    "tousu.analytics",
    "tousu.jobs",
    "tousu.deploy",
    "axes",  # sign-in throttling (tousu/signin.py)
    "csp",  # Content-Security-Policy on every response (django-csp; CONTENT_SECURITY_POLICY below)
    "django_htmx",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tousu.locale_middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CsrfViewMiddleware, the first to read a form body (tousu/bodylimit.py).
    "tousu.bodylimit.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tousu.urls"
WSGI_APPLICATION = "tousu.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
                "django.template.context_processors.i18n",
                "tousu.complaints.context_processors.permissions",  # {% if may.use_desk %}
                "tousu.notify.context_processors.unread",  # the bell: {{ unread_notices }}
            ],
            "builtins": ["tousu.complaints.templatetags.money"],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite is tuned for concurrent use: WAL lets readers run beside the writer,
# IMMEDIATE transactions take the write lock up front so writers queue on the busy
# timeout instead of failing half-way with "database is locked".
SQLITE_PATH = DATA_DIR / "tousu.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=env_int("TOUSU_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
# Writers take turns at a file lock before BEGIN IMMEDIATE instead of SQLite's busy handler,
# whose growing pauses let a waiting writer starve (tousu/sqlite/base.py).
TOUSU_SQLITE_WRITER_TURNS = env_bool("TOUSU_SQLITE_WRITER_TURNS", True)
TOUSU_SQLITE_WRITER_POLL_MICROSECONDS = env_int("TOUSU_SQLITE_WRITER_POLL_MICROSECONDS", 500)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if TOUSU_SQLITE_WRITER_TURNS:
        DATABASES["default"]["ENGINE"] = "tousu.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("TOUSU_SQLITE_BUSY_TIMEOUT", 20),
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA temp_store=MEMORY;"
            "PRAGMA mmap_size=268435456;"
            "PRAGMA cache_size=-65536;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("TOUSU_TEST_SQLITE", "") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions, shared by every web process (docs/scaling.md) ------------------
# Empty: Django's database cache in the table CACHE_TABLE (created by a migration, so
# ``migrate`` makes it); redis://host:6379/0 (or rediss://): Django's Redis cache.
TOUSU_CACHE_URL = env_str("TOUSU_CACHE_URL", "")
CACHE_TABLE = "tousu_cache"
if not TOUSU_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    }
elif TOUSU_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TOUSU_CACHE_URL,
        }
    }
else:
    raise ImproperlyConfigured(
        "TOUSU_CACHE_URL: empty (the database cache) or a redis://, rediss:// or unix:// URL"
    )
# db: sessions in the database (django_session); cached_db: the same rows, read through
# the shared cache above (a cache miss or a cache flush costs one query, never a sign-out).
TOUSU_SESSION_ENGINE = env_str("TOUSU_SESSION_ENGINE", "db")
_SESSION_ENGINES = {
    "db": "django.contrib.sessions.backends.db",
    "cached_db": "django.contrib.sessions.backends.cached_db",
}
if TOUSU_SESSION_ENGINE not in _SESSION_ENGINES:
    raise ImproperlyConfigured("TOUSU_SESSION_ENGINE: db or cached_db")
SESSION_ENGINE = _SESSION_ENGINES[TOUSU_SESSION_ENGINE]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("TOUSU_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses while the account or address is throttled
    "django.contrib.auth.backends.ModelBackend",
]
# --- Sign-in throttling (tousu/signin.py, docs/deploy.md) -------------------------------
# After this many failed sign-ins per account, and separately per client address, further
# tries are refused for TOUSU_LOGIN_COOLOFF_MINUTES (web, admin and the API token alike).
TOUSU_LOGIN_FAILURE_LIMIT = env_int("TOUSU_LOGIN_FAILURE_LIMIT", 5)
TOUSU_LOGIN_COOLOFF_MINUTES = env_int("TOUSU_LOGIN_COOLOFF_MINUTES", 15)
# Reverse proxies in front of the server that append to X-Forwarded-For (0: use the peer address).
TOUSU_PROXY_COUNT = env_int("TOUSU_PROXY_COUNT", 0)
AXES_FAILURE_LIMIT = TOUSU_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = TOUSU_LOGIN_COOLOFF_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tousu.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "tousu.signin.client_ip"
AXES_VERBOSE = False

# --- Language and time ----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request without it
STATICFILES_DIRS = [BASE_DIR / "static"]
# Evidence files: local disk under TOUSU_MEDIA_ROOT, or an S3-compatible bucket
# (django-storages; docs/deploy.md#evidence-storage). Every read and write of evidence goes
# through Django's storage API, so both serve every web process and worker alike.
TOUSU_STORAGE = env_str("TOUSU_STORAGE", "local")
TOUSU_S3_BUCKET = env_str("TOUSU_S3_BUCKET", "")
TOUSU_S3_ENDPOINT_URL = env_str("TOUSU_S3_ENDPOINT_URL", "")
TOUSU_S3_REGION = env_str("TOUSU_S3_REGION", "")
TOUSU_S3_ACCESS_KEY_ID = env_str("TOUSU_S3_ACCESS_KEY_ID", "")
TOUSU_S3_SECRET_ACCESS_KEY = env_str("TOUSU_S3_SECRET_ACCESS_KEY", "")
_STORAGE_BACKENDS = {
    "local": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "s3": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": TOUSU_S3_BUCKET,
            "endpoint_url": TOUSU_S3_ENDPOINT_URL or None,
            "region_name": TOUSU_S3_REGION or None,
            # Empty: boto3's own chain (instance role, AWS_* variables, ~/.aws).
            "access_key": TOUSU_S3_ACCESS_KEY_ID or None,
            "secret_key": TOUSU_S3_SECRET_ACCESS_KEY or None,
            "default_acl": "private",
            # Evidence names are content hashes: a name is never reused for other bytes.
            "file_overwrite": False,
            # Downloads go through our views (who may see it is checked there), never to
            # a bucket URL; no signed URL is ever handed out.
            "querystring_auth": True,
        },
    },
}
if TOUSU_STORAGE not in _STORAGE_BACKENDS:
    raise ImproperlyConfigured("TOUSU_STORAGE: local or s3")
STORAGES = {
    "default": _STORAGE_BACKENDS[TOUSU_STORAGE],
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("TOUSU_MEDIA_ROOT", str(DATA_DIR / "media")))
# Evidence is never served from MEDIA_URL: every download goes through a view that
# checks who is asking.
MEDIA_URL = "/media-not-served/"
# A request body's non-file part (form fields, JSON) beyond this is refused (413) when read;
# uploaded files above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to a temporary file, not held
# in memory. The whole body is capped before anything reads it: TOUSU_MAX_REQUEST_BYTES.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("TOUSU_DATA_UPLOAD_MAX_BYTES", 2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("TOUSU_FILE_UPLOAD_MAX_MEMORY_BYTES", 2 * 1024 * 1024)

EMAIL_BACKEND = env_str("TOUSU_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# SMTP (TOUSU_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend).
EMAIL_HOST = env_str("TOUSU_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("TOUSU_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("TOUSU_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("TOUSU_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("TOUSU_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("TOUSU_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("TOUSU_EMAIL_TIMEOUT", 30)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True  # X-Content-Type-Options: nosniff on every response
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy of every page (django-csp; docs/deploy.md#content-security-policy):
# scripts, styles, pictures and requests from this site only, nothing inline, no plugins,
# never framed. Evidence downloads carry their own stricter policy (tousu/complaints/downloads.py).
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        # blob:: previews of the photos a consumer picks, before upload (tousu/previews.js).
        "img-src": [_SELF, "blob:"],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    }
}
# Where browsers report violations (report-uri), e.g. a collector of your monitoring; empty: none.
TOUSU_CSP_REPORT_URI = env_str("TOUSU_CSP_REPORT_URI", "")
if TOUSU_CSP_REPORT_URI:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [TOUSU_CSP_REPORT_URI]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("TOUSU_LOG_LEVEL", "WARNING")},
}

# --- Platform rules (see docs/settings.md) ---------------------------------------------
# Evidence uploads: size ceiling per sniffed media type, in bytes.
TOUSU_EVIDENCE_MAX_IMAGE_BYTES = env_int("TOUSU_EVIDENCE_MAX_IMAGE_BYTES", 10 * 1024 * 1024)
# Largest picture by its declared width × height (decompression bombs); a 108 MP phone photo fits.
TOUSU_EVIDENCE_MAX_IMAGE_PIXELS = env_int("TOUSU_EVIDENCE_MAX_IMAGE_PIXELS", 120_000_000)
TOUSU_EVIDENCE_MAX_VIDEO_BYTES = env_int("TOUSU_EVIDENCE_MAX_VIDEO_BYTES", 50 * 1024 * 1024)
TOUSU_EVIDENCE_MAX_PDF_BYTES = env_int("TOUSU_EVIDENCE_MAX_PDF_BYTES", 20 * 1024 * 1024)
# Call recordings (MP3, WAV, M4A), mostly attached by the telephony webhook.
TOUSU_EVIDENCE_MAX_AUDIO_BYTES = env_int("TOUSU_EVIDENCE_MAX_AUDIO_BYTES", 50 * 1024 * 1024)
TOUSU_EVIDENCE_MAX_FILES_PER_COMPLAINT = env_int("TOUSU_EVIDENCE_MAX_FILES_PER_COMPLAINT", 30)
# Files one form submission may carry (the complaint form, adding evidence, a merchant's answer).
TOUSU_EVIDENCE_MAX_FILES_PER_UPLOAD = env_int("TOUSU_EVIDENCE_MAX_FILES_PER_UPLOAD", 9)
# Largest request body, checked from Content-Length before anything reads it (tousu/bodylimit.py):
# one submission of photos at their ceiling, or the largest single file, plus 1 MiB of form.
TOUSU_MAX_REQUEST_BYTES = env_int(
    "TOUSU_MAX_REQUEST_BYTES",
    max(
        TOUSU_EVIDENCE_MAX_FILES_PER_UPLOAD * TOUSU_EVIDENCE_MAX_IMAGE_BYTES,
        TOUSU_EVIDENCE_MAX_VIDEO_BYTES,
        TOUSU_EVIDENCE_MAX_PDF_BYTES,
        TOUSU_EVIDENCE_MAX_AUDIO_BYTES,
    )
    + 1024 * 1024,
)
# Call recordings are platform records: merchant staff do not see them (timeline, evidence
# lists, downloads, API) unless this is on.
TOUSU_RECORDINGS_VISIBLE_TO_MERCHANTS = env_bool("TOUSU_RECORDINGS_VISIBLE_TO_MERCHANTS", False)
# Complaint text limits, in characters.
TOUSU_DESCRIPTION_MAX_CHARS = env_int("TOUSU_DESCRIPTION_MAX_CHARS", 2000)
TOUSU_MESSAGE_MAX_CHARS = env_int("TOUSU_MESSAGE_MAX_CHARS", 2000)
# How long an Idempotency-Key is remembered, in hours.
TOUSU_IDEMPOTENCY_TTL_HOURS = env_int("TOUSU_IDEMPOTENCY_TTL_HOURS", 48)
# API bearer tokens expire after this many days.
TOUSU_API_TOKEN_DAYS = env_int("TOUSU_API_TOKEN_DAYS", 30)
# Page size of the agent queue and of list endpoints.
TOUSU_QUEUE_PAGE_SIZE = env_int("TOUSU_QUEUE_PAGE_SIZE", 50)
# Page size of the consumer's lists (orders, complaints) and the merchant center's list.
TOUSU_LIST_PAGE_SIZE = env_int("TOUSU_LIST_PAGE_SIZE", 20)
# The workbench tells an agent who else has the complaint open or is typing a reply: it pings
# every POLL seconds, and a ping older than EXPIRY seconds no longer counts (docs/desk.md).
TOUSU_DESK_PRESENCE_POLL_SECONDS = env_int("TOUSU_DESK_PRESENCE_POLL_SECONDS", 15)
TOUSU_DESK_PRESENCE_EXPIRY_SECONDS = env_int("TOUSU_DESK_PRESENCE_EXPIRY_SECONDS", 45)
# At most this many complaints in one bulk action from the queue (a page's worth).
TOUSU_DESK_BULK_MAX = env_int("TOUSU_DESK_BULK_MAX", 100)
# The supervisor's figures page (/desk/figures/): a custom period is at most this many days
# (a year and a day, so a whole leap year fits).
TOUSU_FIGURES_MAX_DAYS = env_int("TOUSU_FIGURES_MAX_DAYS", 366)
# Incidents (collective complaints, tousu/incidents, docs/incidents.md): at least MIN
# complaints against one shop about one product, filed within WINDOW days, whose
# descriptions share at least SIMILARITY percent of their words (Jaccard), are grouped.
TOUSU_INCIDENT_MIN_COMPLAINTS = env_int("TOUSU_INCIDENT_MIN_COMPLAINTS", 5)
TOUSU_INCIDENT_WINDOW_DAYS = env_int("TOUSU_INCIDENT_WINDOW_DAYS", 7)
TOUSU_INCIDENT_SIMILARITY_PERCENT = env_int("TOUSU_INCIDENT_SIMILARITY_PERCENT", 30)
# Automation rules (tousu/automation, docs/automation.md): a chain of rule-caused events
# stops here — a rule fired by an event another rule caused runs one level deeper, and
# nothing is queued beyond this depth.
TOUSU_AUTOMATION_MAX_DEPTH = env_int("TOUSU_AUTOMATION_MAX_DEPTH", 3)
# Search (tousu/search): a query ranks at most this many matches, the newest, so a common
# word costs the same at any table size; longer queries are refused.
TOUSU_SEARCH_RANK_WINDOW = env_int("TOUSU_SEARCH_RANK_WINDOW", 10_000)
TOUSU_SEARCH_MAX_QUERY_CHARS = env_int("TOUSU_SEARCH_MAX_QUERY_CHARS", 100)
# Channels whose complaints are acknowledged automatically the moment they are filed.
TOUSU_AUTO_ACKNOWLEDGE_CHANNELS = env_list(
    "TOUSU_AUTO_ACKNOWLEDGE_CHANNELS", ["app", "web", "wechat"]
)
# A complaint about an order paid longer ago than this many days is still filed, with a
# notice to the consumer and the agent: the platform must keep transaction records at
# least 3 years (E-Commerce Law Art. 31, a minimum retention period, not a limitation
# period), so older records may be gone and the agent decides on what there is.
TOUSU_OLD_ORDER_NOTICE_DAYS = env_int("TOUSU_OLD_ORDER_NOTICE_DAYS", 3 * 365)
# Urging (催办): a consumer may urge a complaint once per this many hours; each urge
# raises its priority one step, up to TOUSU_URGE_PRIORITY_CEILING (3 = High).
TOUSU_URGE_COOLDOWN_HOURS = env_int("TOUSU_URGE_COOLDOWN_HOURS", 24)
TOUSU_URGE_PRIORITY_CEILING = env_int("TOUSU_URGE_PRIORITY_CEILING", 3)
# Per-account limits (tousu/complaints/quotas.py), over rolling windows, counted from the
# database; 0 turns one off. A consumer may file this many complaints through the channels
# in TOUSU_FILING_LIMITED_CHANNELS per hour and per 24 hours; the phone desk (an agent files
# for the caller) and external imports (12315, Black Cat) are neither limited nor counted.
TOUSU_FILING_LIMIT_PER_HOUR = env_int("TOUSU_FILING_LIMIT_PER_HOUR", 5)
TOUSU_FILING_LIMIT_PER_DAY = env_int("TOUSU_FILING_LIMIT_PER_DAY", 20)
TOUSU_FILING_LIMITED_CHANNELS = env_list("TOUSU_FILING_LIMITED_CHANNELS", ["app", "web", "wechat"])
# Urges per account per 24 hours, across all its complaints (each complaint also keeps
# its own TOUSU_URGE_COOLDOWN_HOURS).
TOUSU_URGE_LIMIT_PER_DAY = env_int("TOUSU_URGE_LIMIT_PER_DAY", 10)
# A closed complaint may be reopened for this many days after it was closed.
TOUSU_REOPEN_WINDOW_DAYS = env_int("TOUSU_REOPEN_WINDOW_DAYS", 15)

# --- Remedies under consumer law (docs/adjudication.md, docs/domain.md#consumer-law) ---
# 7-day no-reason return (消费者权益保护法 Art. 25), days counted from the day after receipt.
TOUSU_REMEDY_NO_REASON_RETURN_DAYS = env_int("TOUSU_REMEDY_NO_REASON_RETURN_DAYS", 7)
# Defective goods may be returned within this many days of receipt (Art. 24).
TOUSU_REMEDY_DEFECT_RETURN_DAYS = env_int("TOUSU_REMEDY_DEFECT_RETURN_DAYS", 7)
# The 三包 catalogue: only order lines whose product kind is listed here are 三包 goods
# (bedding, cups, furniture, clothing are not). Per kind: warranty of the whole product
# and of its main parts, the 7-day (return/exchange/repair) and 15-day (exchange/repair)
# windows, the failed repairs that give exchange or return, and the depreciation a return
# after failed repairs may deduct per day of use (a share of the price). Days count from
# delivery, or from the invoice date when the order records one. JSON in the environment
# replaces the whole catalogue; the figures are the product rules' usual ones, to be
# checked against the rules in force (docs/adjudication.md). A figure an entry leaves out
# is taken from TOUSU_REMEDY_SANBAO_DEFAULTS (JSON in the environment replaces it too):
# the 7-day and 15-day windows, 2 failed repairs, no depreciation.
TOUSU_REMEDY_SANBAO_DEFAULTS = json.loads(
    env_str("TOUSU_REMEDY_SANBAO_DEFAULTS", "") or "null"
) or {"return_days": 7, "exchange_days": 15, "failed_repairs": 2, "depreciation_per_day": "0"}
_SANBAO = {**TOUSU_REMEDY_SANBAO_DEFAULTS, "depreciation_per_day": "0.001"}
TOUSU_REMEDY_SANBAO_CATALOGUE = json.loads(
    env_str("TOUSU_REMEDY_SANBAO_CATALOGUE", "") or "null"
) or {
    "mobile_phone": {**_SANBAO, "warranty_days": 365, "main_parts_days": 365},
    "computer": {**_SANBAO, "warranty_days": 365, "main_parts_days": 730},
    "television": {**_SANBAO, "warranty_days": 365, "main_parts_days": 1095},
    "household_appliance": {**_SANBAO, "warranty_days": 365, "main_parts_days": 1095},
    "bicycle": {**_SANBAO, "warranty_days": 365, "main_parts_days": 365},
    "watch": {**_SANBAO, "warranty_days": 365, "main_parts_days": 365},
}
# Order-line categories excluded from the no-reason return by nature (custom-made,
# fresh/perishable), and where the food-safety rule applies.
TOUSU_REMEDY_CUSTOM_CATEGORIES = env_list("TOUSU_REMEDY_CUSTOM_CATEGORIES", ["custom"])
TOUSU_REMEDY_PERISHABLE_CATEGORIES = env_list("TOUSU_REMEDY_PERISHABLE_CATEGORIES", ["fresh"])
TOUSU_REMEDY_FOOD_CATEGORIES = env_list("TOUSU_REMEDY_FOOD_CATEGORIES", ["food", "fresh"])
# Fraud (Art. 55): refund plus this multiple of the price, at least this many fen (500 yuan).
TOUSU_REMEDY_FRAUD_MULTIPLIER = env_str("TOUSU_REMEDY_FRAUD_MULTIPLIER", "3")
TOUSU_REMEDY_FRAUD_MINIMUM_FEN = env_int("TOUSU_REMEDY_FRAUD_MINIMUM_FEN", 50_000)
# Unsafe food (食品安全法 Art. 148): 10 × the price or 3 × the loss, at least 1,000 yuan.
TOUSU_REMEDY_FOOD_PRICE_MULTIPLIER = env_str("TOUSU_REMEDY_FOOD_PRICE_MULTIPLIER", "10")
TOUSU_REMEDY_FOOD_LOSS_MULTIPLIER = env_str("TOUSU_REMEDY_FOOD_LOSS_MULTIPLIER", "3")
TOUSU_REMEDY_FOOD_MINIMUM_FEN = env_int("TOUSU_REMEDY_FOOD_MINIMUM_FEN", 100_000)
# Civil Code Art. 203: a remedy's last day that falls on a statutory holiday (or a rest
# day) moves to the next working day of the national schedule. Off: calendar days, as
# marketplaces usually count.
TOUSU_REMEDY_HOLIDAY_MOVES_LAST_DAY = env_bool("TOUSU_REMEDY_HOLIDAY_MOVES_LAST_DAY", False)
# The merchant refunds within this many days of receiving the returned goods (Art. 25;
# 7-day return measures): the merchant_refund clock, counted as calendar days.
TOUSU_REMEDY_MERCHANT_REFUND_DAYS = env_int("TOUSU_REMEDY_MERCHANT_REFUND_DAYS", 7)

# --- Refunds (docs/adjudication.md) ----------------------------------------------------
# The payment adapter refund instructions go through; the demo adapter marks them refunded.
TOUSU_PAYMENT_ADAPTER = env_str("TOUSU_PAYMENT_ADAPTER", "tousu.payments.adapters.DemoAdapter")
# Refunds are sent by the worker (tousu.adjudication.refunds): a failed refund is retried after
# TOUSU_REFUND_RETRY_SECONDS, doubling, up to TOUSU_REFUND_MAX_ATTEMPTS tries, then waits for an
# agent; one the payment system answered "pending" is asked about every
# TOUSU_REFUND_STATUS_CHECK_MINUTES; a claimed one is retaken after TOUSU_REFUND_LEASE_SECONDS.
TOUSU_REFUND_RETRY_SECONDS = env_int("TOUSU_REFUND_RETRY_SECONDS", 60)
TOUSU_REFUND_MAX_ATTEMPTS = env_int("TOUSU_REFUND_MAX_ATTEMPTS", 6)
TOUSU_REFUND_STATUS_CHECK_MINUTES = env_int("TOUSU_REFUND_STATUS_CHECK_MINUTES", 30)
TOUSU_REFUND_LEASE_SECONDS = env_int("TOUSU_REFUND_LEASE_SECONDS", 120)
# Who pays refunds out: "platform" (the payment adapter, sent by the worker) or
# "merchant_reported" (the merchant pays outside the platform and reports it with a
# reference; the consumer confirms it arrived or says it did not). Each instruction keeps
# the mode it was made in. The consumer's window to answer is the refund_confirmation
# clock: TOUSU_REFUND_CONFIRM_DAYS calendar days, then the refund is taken as received.
REFUND_MODES = ("platform", "merchant_reported")
TOUSU_REFUND_MODE = env_str("TOUSU_REFUND_MODE", "platform")
if TOUSU_REFUND_MODE not in REFUND_MODES:
    raise ImproperlyConfigured(f"TOUSU_REFUND_MODE must be one of {', '.join(REFUND_MODES)}")
TOUSU_REFUND_CONFIRM_DAYS = env_int("TOUSU_REFUND_CONFIRM_DAYS", 7)
# The carriers the consumer picks from when sending goods back (the return step's form);
# "other" lets them type one that is not listed.
TOUSU_RETURN_CARRIERS = env_list(
    "TOUSU_RETURN_CARRIERS",
    [
        "顺丰速运",
        "中通快递",
        "圆通速递",
        "韵达快递",
        "申通快递",
        "极兔速递",
        "京东物流",
        "中国邮政 EMS",
        "德邦快递",
    ],
)

# --- Notifications (transactional outbox) ---------------------------------------------
DEFAULT_FROM_EMAIL = env_str("TOUSU_FROM_EMAIL", "Tousu <noreply@tousu.example>")
TOUSU_SMS_PROVIDER = env_str("TOUSU_SMS_PROVIDER", "tousu.notify.adapters.LoggingSmsProvider")
# The signature an SMS must carry (【…】), as registered with the SMS gateway.
TOUSU_SMS_SIGNATURE = env_str("TOUSU_SMS_SIGNATURE", "投诉平台")
# The gateway's ids of the registered SMS templates (tousu/notify/sms.py, texts in
# docs/notifications.md); the logging provider needs none, a real gateway all it sends.
TOUSU_SMS_TEMPLATE_BINDING_CODE = env_str("TOUSU_SMS_TEMPLATE_BINDING_CODE", "")
TOUSU_SMS_TEMPLATE_ACKNOWLEDGED = env_str("TOUSU_SMS_TEMPLATE_ACKNOWLEDGED", "")
TOUSU_SMS_TEMPLATE_STATUS = env_str("TOUSU_SMS_TEMPLATE_STATUS", "")
TOUSU_SMS_TEMPLATE_MERCHANT_ANSWERED = env_str("TOUSU_SMS_TEMPLATE_MERCHANT_ANSWERED", "")
TOUSU_SMS_TEMPLATE_REPLY = env_str("TOUSU_SMS_TEMPLATE_REPLY", "")
TOUSU_SMS_TEMPLATE_DECIDED = env_str("TOUSU_SMS_TEMPLATE_DECIDED", "")
TOUSU_SMS_TEMPLATE_EVIDENCE_REQUESTED = env_str("TOUSU_SMS_TEMPLATE_EVIDENCE_REQUESTED", "")
TOUSU_SMS_TEMPLATE_REFUND_REPORTED = env_str("TOUSU_SMS_TEMPLATE_REFUND_REPORTED", "")
TOUSU_SMS_TEMPLATE_WINDOW_CLOSING = env_str("TOUSU_SMS_TEMPLATE_WINDOW_CLOSING", "")
# Tencent Cloud SMS (TOUSU_SMS_PROVIDER=tousu.notify.tencent_sms.TencentSmsProvider):
# API keys, the SMS application, the region and the API endpoint (overridable for tests).
TOUSU_SMS_TENCENT_SECRET_ID = env_str("TOUSU_SMS_TENCENT_SECRET_ID", "")
TOUSU_SMS_TENCENT_SECRET_KEY = env_str("TOUSU_SMS_TENCENT_SECRET_KEY", "")
TOUSU_SMS_TENCENT_SDK_APP_ID = env_str("TOUSU_SMS_TENCENT_SDK_APP_ID", "")
TOUSU_SMS_TENCENT_REGION = env_str("TOUSU_SMS_TENCENT_REGION", "ap-guangzhou")
TOUSU_SMS_TENCENT_ENDPOINT = env_str(
    "TOUSU_SMS_TENCENT_ENDPOINT", "https://sms.tencentcloudapi.com"
)
TOUSU_SMS_HTTP_TIMEOUT = env_int("TOUSU_SMS_HTTP_TIMEOUT", 10)
# Failed deliveries are retried after 30 s, 60 s, 120 s, … capped at 6 h, then dead-lettered.
TOUSU_OUTBOX_MAX_ATTEMPTS = env_int("TOUSU_OUTBOX_MAX_ATTEMPTS", 8)
TOUSU_OUTBOX_BACKOFF_SECONDS = env_int("TOUSU_OUTBOX_BACKOFF_SECONDS", 30)
TOUSU_OUTBOX_BACKOFF_MAX_SECONDS = env_int("TOUSU_OUTBOX_BACKOFF_MAX_SECONDS", 6 * 3600)
# How long a worker owns a claimed notification before another may take it over.
TOUSU_OUTBOX_LEASE_SECONDS = env_int("TOUSU_OUTBOX_LEASE_SECONDS", 120)
# Sent SMS, e-mail and WeChat notifications older than this many days are deleted by the
# worker (docs/scaling.md#retention); in-app notices are kept (the inbox shows them).
# 0 keeps every row.
TOUSU_OUTBOX_RETENTION_DAYS = env_int("TOUSU_OUTBOX_RETENTION_DAYS", 365)

# --- Webhooks and the change feed (docs/webhooks.md) -----------------------------------
# Subscription URLs must be https and resolve to public addresses only (checked when
# subscribing and again before every delivery). On: http and private, loopback and
# link-local addresses are allowed too (a receiver on the same machine; the tests).
TOUSU_WEBHOOK_ALLOW_PRIVATE = env_bool("TOUSU_WEBHOOK_ALLOW_PRIVATE", False)
# Seconds to wait for the receiver to connect, and then for each read of its answer.
TOUSU_WEBHOOK_TIMEOUT_SECONDS = env_int("TOUSU_WEBHOOK_TIMEOUT_SECONDS", 10)
# A delivery is tried this many times (waiting 30 s, 60 s, 120 s, … capped at 6 h between
# tries) before it fails for good; it can then be redelivered by hand.
TOUSU_WEBHOOK_MAX_ATTEMPTS = env_int("TOUSU_WEBHOOK_MAX_ATTEMPTS", 8)
TOUSU_WEBHOOK_BACKOFF_SECONDS = env_int("TOUSU_WEBHOOK_BACKOFF_SECONDS", 30)
TOUSU_WEBHOOK_BACKOFF_MAX_SECONDS = env_int("TOUSU_WEBHOOK_BACKOFF_MAX_SECONDS", 6 * 3600)
# Delivered (or skipped) webhook deliveries older than this many days are deleted with their
# tries by the worker (docs/scaling.md#retention); failed ones are kept. 0 keeps every row.
TOUSU_WEBHOOK_DELIVERY_RETENTION_DAYS = env_int("TOUSU_WEBHOOK_DELIVERY_RETENTION_DAYS", 90)
# A subscription whose deliveries failed for good this many times in a row is turned off
# and its owner told; a successful delivery starts the count again.
TOUSU_WEBHOOK_DISABLE_AFTER_FAILURES = env_int("TOUSU_WEBHOOK_DISABLE_AFTER_FAILURES", 5)
# How long a worker owns a claimed delivery before another may take it over (longer than
# the timeout).
TOUSU_WEBHOOK_LEASE_SECONDS = env_int("TOUSU_WEBHOOK_LEASE_SECONDS", 120)
# Subscriptions one user may hold.
TOUSU_WEBHOOK_MAX_PER_OWNER = env_int("TOUSU_WEBHOOK_MAX_PER_OWNER", 10)
# Largest page of GET /api/v1/changes (the ``limit`` parameter's maximum and default).
TOUSU_CHANGES_PAGE_SIZE = env_int("TOUSU_CHANGES_PAGE_SIZE", 100)

# --- 12315 (docs/sla.md, docs/escalation.md, docs/domain.md#12315) ---------------------
# An enrolled ODR enterprise settles a case 12315 forwards within this many working days
# of receipt: the odr_settlement clock, which never pauses.
TOUSU_12315_ODR_WORKING_DAYS = env_int("TOUSU_12315_ODR_WORKING_DAYS", 10)
# SAMR complaint measures (order no. 121, in force 2026-04-15). Defaults from the measures
# they replaced, TO BE CONFIRMED against the published text: the regulator decides within
# N working days whether to accept; mediation with no agreement ends after M working days.
TOUSU_12315_ACCEPTANCE_WORKING_DAYS = env_int("TOUSU_12315_ACCEPTANCE_WORKING_DAYS", 7)
TOUSU_12315_MEDIATION_WORKING_DAYS = env_int("TOUSU_12315_MEDIATION_WORKING_DAYS", 45)
# The escalation guide's 12315 hotline is that of the city where the merchant actually
# operates (Merchant.city) or, failing that, where the platform is domiciled: this city
# ("杭州"). Empty: no fallback, the guide asks the consumer to dial the area code.
TOUSU_PLATFORM_CITY = env_str("TOUSU_PLATFORM_CITY", "")
# The TrueType CJK font (.ttf or .ttc) embedded in PDFs (tousu/pdf.py), Debian's
# fonts-wqy-zenhei; missing or empty: the viewer's own STSong-Light, not embedded.
TOUSU_PDF_FONT_PATH = env_str("TOUSU_PDF_FONT_PATH", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
# The 12315 hotline's hours as the guide quotes them; cities differ: JSON by area code,
# {"0571": "…"}, replaces them for that city.
TOUSU_12315_HOURS = env_str("TOUSU_12315_HOURS", "08:30–12:00, 14:00–17:30")
TOUSU_12315_HOURS_BY_AREA_CODE = json.loads(env_str("TOUSU_12315_HOURS_BY_AREA_CODE", "") or "{}")

# --- SLA deadlines (docs/sla.md) -------------------------------------------------------
# Clock durations are policy fields (admin: SLA policies); these tune the machinery.
# How long a worker owns a claimed due deadline before another may take it over.
TOUSU_SLA_LEASE_SECONDS = env_int("TOUSU_SLA_LEASE_SECONDS", 120)
# Roles told about reminders, breaches and deadlines that could not be computed.
TOUSU_SLA_NOTIFY_ROLES = env_list("TOUSU_SLA_NOTIFY_ROLES", ["supervisor"])
# The supervisor view counts a complaint "at risk" when a deadline falls within this many hours.
TOUSU_SLA_AT_RISK_HOURS = env_int("TOUSU_SLA_AT_RISK_HOURS", 4)
# The consumer is reminded this long before one of their own windows closes (answering the
# merchant, sending goods back, supplying evidence, confirming); 0 turns the reminder off.
TOUSU_SLA_CONSUMER_REMIND_BEFORE_HOURS = env_int("TOUSU_SLA_CONSUMER_REMIND_BEFORE_HOURS", 24)

# --- Figures (docs/analytics.md) ------------------------------------------------------
# Durations (time to acknowledge, to resolve, handling time) are counted in the working
# time of this SLA calendar (admin: working-time calendars).
TOUSU_ANALYTICS_CALENDAR = env_str("TOUSU_ANALYTICS_CALENDAR", "office")
# A timeline event or rating is taken into the rollups this many seconds after it was
# written: by then every write that took a lower id has committed (or failed).
TOUSU_ANALYTICS_SETTLE_SECONDS = env_int("TOUSU_ANALYTICS_SETTLE_SECONDS", 60)
# After a round that caught up, the next waits this long (summing a day again costs the
# same for one change as for a hundred); a round that had more waiting goes on at once.
TOUSU_ANALYTICS_INTERVAL_SECONDS = env_int("TOUSU_ANALYTICS_INTERVAL_SECONDS", 30)
# How many timeline events a worker round reads per complaint it may take in.
TOUSU_ANALYTICS_EVENTS_PER_COMPLAINT = env_int("TOUSU_ANALYTICS_EVENTS_PER_COMPLAINT", 20)

# --- WeChat official account channel (docs/channels/wechat.md) -------------------------
# The endpoint answers 404 until the account is configured: Token, AppID, EncodingAESKey
# and AppSecret from the account's 基本配置 page. TOUSU_WECHAT_DEMO=1 (set by `make run`)
# uses the demo keys of tousu/channels/wechat/conf.py instead, for the simulator.
TOUSU_WECHAT_TOKEN = env_str("TOUSU_WECHAT_TOKEN", "")
TOUSU_WECHAT_APPID = env_str("TOUSU_WECHAT_APPID", "")
TOUSU_WECHAT_AES_KEY = env_str("TOUSU_WECHAT_AES_KEY", "")
TOUSU_WECHAT_DEMO = env_bool("TOUSU_WECHAT_DEMO", False)
# Needed for outgoing API calls (photos, customer-service and template messages).
TOUSU_WECHAT_SECRET = env_str("TOUSU_WECHAT_SECRET", "")
# The message mode chosen in the account's 服务器配置: plaintext (明文), compatible (兼容)
# or safe (安全). In safe mode a message that is not encrypted is refused. Empty: safe when
# an EncodingAESKey is configured, plaintext otherwise (compatible with the demo keys).
TOUSU_WECHAT_ENCODING_MODE = env_str("TOUSU_WECHAT_ENCODING_MODE", "").strip().lower()
# Seconds a request's timestamp may differ from now; 0 turns the check off. A signed URL
# is remembered for as long as its timestamp is accepted, so it carries one message only.
TOUSU_WECHAT_MAX_SKEW = env_int("TOUSU_WECHAT_MAX_SKEW", 300)
# Largest request body accepted, in bytes (a WeChat message is well under 4 KB).
TOUSU_WECHAT_MAX_BODY_BYTES = env_int("TOUSU_WECHAT_MAX_BODY_BYTES", 64 * 1024)
# A conversation left in the middle of a question starts over after this many minutes.
TOUSU_WECHAT_IDLE_MINUTES = env_int("TOUSU_WECHAT_IDLE_MINUTES", 30)
# Binding a WeChat user to an account: code lifetime, wrong tries, SMS codes per hour and
# per 24 hours (rolling, each per WeChat user and per phone number; 0: no limit).
TOUSU_WECHAT_CODE_MINUTES = env_int("TOUSU_WECHAT_CODE_MINUTES", 10)
TOUSU_WECHAT_CODE_ATTEMPTS = env_int("TOUSU_WECHAT_CODE_ATTEMPTS", 5)
TOUSU_WECHAT_CODES_PER_HOUR = env_int("TOUSU_WECHAT_CODES_PER_HOUR", 5)
TOUSU_WECHAT_CODES_PER_DAY = env_int("TOUSU_WECHAT_CODES_PER_DAY", 10)
# Template messages used outside the 48-hour customer-service window (empty: none): the
# progress template for every notice, the reminder template for deadline reminders (empty:
# the progress one), each with its keys for (complaint number, what happened, when).
TOUSU_WECHAT_TEMPLATE_ID = env_str("TOUSU_WECHAT_TEMPLATE_ID", "")
TOUSU_WECHAT_TEMPLATE_FIELDS = env_str(
    "TOUSU_WECHAT_TEMPLATE_FIELDS", "character_string1,thing2,time3"
)
TOUSU_WECHAT_REMINDER_TEMPLATE_ID = env_str("TOUSU_WECHAT_REMINDER_TEMPLATE_ID", "")
TOUSU_WECHAT_REMINDER_TEMPLATE_FIELDS = env_str(
    "TOUSU_WECHAT_REMINDER_TEMPLATE_FIELDS", "character_string1,thing2,time3"
)
TOUSU_WECHAT_API_BASE = env_str("TOUSU_WECHAT_API_BASE", "https://api.weixin.qq.com")
TOUSU_WECHAT_HTTP_TIMEOUT = env_int("TOUSU_WECHAT_HTTP_TIMEOUT", 10)
# The staff simulator page (/channels/wechat/simulator/); unset: on while the demo token is in use.
TOUSU_WECHAT_SIMULATOR = (
    env_bool("TOUSU_WECHAT_SIMULATOR", False) if env_str("TOUSU_WECHAT_SIMULATOR") else None
)

# --- Phone hotline channel (docs/channels/phone.md) ------------------------------------
# A callback is due this long after it was asked (the engine's durations: 24ch = 24
# clock hours, what "24 小时内" promises; 24h would be 24 service hours of the line).
# The SLA callback clock of phone complaints and every text that quotes it use it too.
TOUSU_CALLBACK_DUE = env_str("TOUSU_CALLBACK_DUE", "24ch")
# After "no answer" or "busy", try again after these many minutes of service hours
# (one entry per retry); after TOUSU_CALLBACK_MAX_ATTEMPTS unanswered tries it is given up.
TOUSU_CALLBACK_RETRY_MINUTES = [
    int(m) for m in env_list("TOUSU_CALLBACK_RETRY_MINUTES", ["30", "120"])
]
TOUSU_CALLBACK_MAX_ATTEMPTS = env_int("TOUSU_CALLBACK_MAX_ATTEMPTS", 3)
# The telephony platform's webhook: HMAC-SHA256 key (empty: the endpoint refuses every
# event), the largest clock difference accepted, in seconds, and the largest body.
TOUSU_TELEPHONY_SECRET = env_str("TOUSU_TELEPHONY_SECRET", "")
TOUSU_TELEPHONY_MAX_SKEW = env_int("TOUSU_TELEPHONY_MAX_SKEW", 300)
TOUSU_TELEPHONY_MAX_BODY_BYTES = env_int("TOUSU_TELEPHONY_MAX_BODY_BYTES", 64 * 1024)
# Where recordings may be fetched from (empty: any https URL) and the fetch timeout.
TOUSU_TELEPHONY_RECORDING_HOSTS = env_list("TOUSU_TELEPHONY_RECORDING_HOSTS", [])
TOUSU_TELEPHONY_HTTP_TIMEOUT = env_int("TOUSU_TELEPHONY_HTTP_TIMEOUT", 20)
# The worker downloads recordings (never the webhook): a failure that may pass (network,
# HTTP 408/429/5xx) is tried again after TOUSU_TELEPHONY_RECORDING_RETRY_SECONDS, doubling
# (never sooner than the server's Retry-After), up to TOUSU_TELEPHONY_RECORDING_MAX_ATTEMPTS
# tries; a download whose worker died is taken over after TOUSU_TELEPHONY_RECORDING_LEASE_SECONDS.
TOUSU_TELEPHONY_RECORDING_RETRY_SECONDS = env_int("TOUSU_TELEPHONY_RECORDING_RETRY_SECONDS", 60)
TOUSU_TELEPHONY_RECORDING_MAX_ATTEMPTS = env_int("TOUSU_TELEPHONY_RECORDING_MAX_ATTEMPTS", 6)
TOUSU_TELEPHONY_RECORDING_LEASE_SECONDS = env_int("TOUSU_TELEPHONY_RECORDING_LEASE_SECONDS", 300)
# Triage (docs/triage.md): how a new complaint's category is suggested from its text,
# "rules" (keyword lists), "model" (naive Bayes, `tousu triage_train`) or "off". Urgency is
# the rules OR the model whichever is chosen; an urgent suggestion raises the priority.
TOUSU_TRIAGE_METHOD = env_str("TOUSU_TRIAGE_METHOD", "model")
if TOUSU_TRIAGE_METHOD not in ("rules", "model", "off"):
    raise ImproperlyConfigured("TOUSU_TRIAGE_METHOD must be one of rules, model, off")
