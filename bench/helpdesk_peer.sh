#!/usr/bin/env bash
# The peer for the intake benchmark (issue 13): django-helpdesk 2.6.1's ticket-create API
# measured the way bench/intake.sh measures Tousu's filing.
#
#   bench/helpdesk_peer.sh setup   # venv + project + 100k seeded tickets under $DH (default /tmp/dh)
#   bench/helpdesk_peer.sh run     # gunicorn -w 2, wrk -t1 -c8 -d10s: healthz, create, healthz
#
# Nothing of it lives in the repository: the virtual environment (Django 5.2.19, the
# version Tousu pins; django-helpdesk==2.6.1, djangorestframework, gunicorn) and the
# minimal project are made under $DH. The project uses Tousu's SQLite settings
# (tousu/settings.py: WAL, synchronous=NORMAL, the same init_command, IMMEDIATE
# transactions, busy timeout 20 s, CONN_MAX_AGE 600), DEBUG off, e-mail to Django's dummy
# backend (helpdesk renders its new-ticket mails; nothing is delivered), an empty JSON
# view at /healthz as its ceiling, teams mode off (no pinax-teams), and DRF token authentication for one staff user.
# The create scenario posts to /helpdesk/api/tickets/ with the title, description, queue
# and submitter_email of realistic Chinese complaints (bench/texts.py).
# Results: bench/out/intake-helpdesk-w<N>.json (bench/intake_report.py).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DH="${DH:-/tmp/dh}"
VENV="$DH/venv"
PROJ="$DH/proj"
PORT="${PORT:-8767}"
WORKERS="${WORKERS:-2}"
CONNECTIONS="${CONNECTIONS:-8}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-5s}"
COUNT="${COUNT:-100000}"
SLOTS_N="${SLOTS_N:-20000}"
SETTLE=3

setup() {
  [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "django==5.2.19" "django-helpdesk==2.6.1" djangorestframework \
    "gunicorn==27.0.1" 2>&1 | grep -v 'is ignored' || true
  mkdir -p "$PROJ/peer"
  touch "$PROJ/peer/__init__.py"
  cat > "$PROJ/peer/settings.py" <<'EOF'
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "helpdesk",
]
SITE_ID = 1
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "peer.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
WSGI_APPLICATION = "peer.wsgi.application"
# Tousu's SQLite settings (tousu/settings.py).
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "peer.sqlite3",
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA temp_store=MEMORY;"
                "PRAGMA mmap_size=268435456;"
                "PRAGMA cache_size=-65536;"
            ),
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True
STATIC_URL = "/static/"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = "helpdesk@example.invalid"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
}
HELPDESK_API_ENABLED = True
HELPDESK_TEAMS_MODE_ENABLED = False  # the "teams" extra (pinax-teams) is not installed
LOGGING = {"version": 1, "root": {"level": "WARNING"}}
EOF
  cat > "$PROJ/peer/urls.py" <<'EOF'
from django.http import JsonResponse
from django.urls import include, path


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("healthz", healthz),
    path("helpdesk/", include("helpdesk.urls", namespace="helpdesk")),
]
EOF
  cat > "$PROJ/peer/wsgi.py" <<'EOF'
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings")
application = get_wsgi_application()
EOF
  cat > "$PROJ/seed.py" <<'EOF'
"""100k tickets (each with its opening follow-up), one queue, a staff user and its token,
and the filing slots for wrk: '<token>\t<JSON body>' per line."""
import json, os, random, sys, time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings")
import django

django.setup()
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from helpdesk.models import FollowUp, Queue, Ticket
from rest_framework.authtoken.models import Token

sys.path.insert(0, os.environ["BENCH_DIR"])
import texts

count, slots_n, slots_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
start = time.perf_counter()
rnd = random.Random(2026)
categories = list(texts.PROBLEMS)
now = timezone.now()
User = get_user_model()
with transaction.atomic():
    staff = User.objects.create_user("bench-agent", password="bench-pass", is_staff=True, is_superuser=True)
    queue = Queue.objects.create(title="售后投诉", slug="after-sales", allow_public_submission=True)
    token = Token.objects.create(user=staff).key
for chunk in range(0, count, 20000):
    tickets, followups = [], []
    for n in range(chunk, min(chunk + 20000, count)):
        created = now - timedelta(seconds=(count - n) * 150)
        category = rnd.choice(categories)
        body = texts.description(rnd, category, "无线蓝牙耳机 Pro")
        tickets.append(Ticket(
            id=n + 1, title=body[:40], queue=queue, created=created, modified=created,
            submitter_email=f"consumer{n % 5000:05d}@example.com", description=body,
            status=rnd.choice([1, 1, 2, 3, 4]), priority=3,
        ))
        followups.append(FollowUp(ticket_id=n + 1, date=created, title="Ticket Opened",
                                  comment=body, public=True))
    with transaction.atomic():
        Ticket.objects.bulk_create(tickets, batch_size=5000)
        FollowUp.objects.bulk_create(followups, batch_size=5000)
with connection.cursor() as cur:
    cur.execute("ANALYZE")
    cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
with open(slots_path, "w") as f:
    for n in range(slots_n):
        category = rnd.choice(categories)
        body = texts.description(rnd, category, "无线蓝牙耳机 Pro")
        payload = {"queue": queue.pk, "title": body[:40], "description": body,
                   "submitter_email": f"buyer{n:06d}@example.com", "priority": 3}
        f.write(f"{token}\t{json.dumps(payload, ensure_ascii=False)}\n")
print(f"{Ticket.objects.count()} tickets, {slots_n} slots, {time.perf_counter() - start:.1f}s")
EOF
  rm -f "$PROJ"/peer.sqlite3*
  (cd "$PROJ" && "$VENV/bin/python" -c 'import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)' && BENCH_DIR="$ROOT/bench" "$VENV/bin/python" seed.py "$COUNT" "$SLOTS_N" "$DH/slots.txt")
}

run() {
  [[ -f "$PROJ/peer.sqlite3" ]] || { echo "run '$0 setup' first" >&2; exit 1; }
  local out="$ROOT/bench/out" work base="http://127.0.0.1:$PORT"
  mkdir -p "$out"
  work="$(mktemp -d "$out/helpdesk.XXXXXX")"
  local lines="$work/results.jsonl"
  : > "$lines"
  (cd "$PROJ" && exec "$VENV/bin/gunicorn" peer.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" \
    --error-logfile "$work/gunicorn.log" --log-level warning) &
  local master=$!
  for _ in $(seq 1 600); do curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.2; done
  curl -fsS -o /dev/null "$base/healthz" || { echo "gunicorn did not come up" >&2; return 1; }
  local health="$work/healthz.lua"
  printf 'dofile("%s/bench/wrk/common.lua")\nfunction init(args) non2xx = 0 end\nfunction response(status, headers, body) count_response(status) end\n' \
    "$ROOT" > "$health"
  export WRK_LUA_DIR="$ROOT/bench/wrk" SLOTS="$DH/slots.txt" INTAKE_PATH=/helpdesk/api/tickets/ \
    AUTH_SCHEME=Token RUN_ID="hd$(date +%s)"
  count() { (cd "$PROJ" && "$VENV/bin/python" -c 'import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings")
django.setup()
from helpdesk.models import Ticket
print(Ticket.objects.count())'); }
  one() {  # name script path
    sleep "$SETTLE"
    SCENARIO="$1" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s --latency -s "$2" \
      "$base$3" > "$work/wrk-$1.txt"
    grep '^BENCH_JSON ' "$work/wrk-$1.txt" | sed 's/^BENCH_JSON //' >> "$lines"
    tail -n 1 "$lines" >&2
  }
  echo "== django-helpdesk 2.6.1, $WORKERS workers ($(uptime | sed 's/.*load/load/'))" >&2
  SCENARIO=warmup wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$base/healthz" > /dev/null
  # Warm-up as in bench/intake.sh: until every worker has served filings (RSS within 15%).
  local warm="" rounds=0 used=0 mem_start before after mem_end
  while (( rounds < 8 )); do
    rounds=$(( rounds + 1 ))
    SCENARIO=warmup SLOT_START=$used wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s "$ROOT/bench/wrk/intake.lua" \
      "$base/" > "$work/wrk-warmup.txt"
    warm="$(grep '^BENCH_JSON ' "$work/wrk-warmup.txt" | sed 's/^BENCH_JSON //' \
      | "$ROOT/.venv/bin/python" -c 'import json,sys; r=json.load(sys.stdin); print(r["requests"], r["non2xx"])')"
    used=$(( used + ${warm% *} + 4 * CONNECTIONS ))
    sleep 2
    "$ROOT/.venv/bin/python" "$ROOT/bench/proc_memory.py" "$master" | "$ROOT/.venv/bin/python" -c 'import json,sys
rss = [w["rss_mb"] for w in json.load(sys.stdin)]
sys.exit(0 if rss and min(rss) >= 0.85 * max(rss) else 1)' && break
  done
  export SLOT_START=$used
  mem_start="$("$ROOT/.venv/bin/python" "$ROOT/bench/proc_memory.py" "$master")"
  one healthz "$health" /healthz
  sleep 1
  before="$(count)"
  one create "$ROOT/bench/wrk/intake.lua" /
  sleep 2
  after="$(count)"
  one healthz-again "$health" /healthz
  mem_end="$("$ROOT/.venv/bin/python" "$ROOT/bench/proc_memory.py" "$master")"
  kill "$master"; wait "$master" 2>/dev/null || true
  "$ROOT/.venv/bin/python" "$ROOT/bench/intake_report.py" "$lines" "$out/intake-helpdesk-w$WORKERS.json" \
    --database helpdesk-sqlite --workers "$WORKERS" --connections "$CONNECTIONS" --duration "$DURATION" \
    --before "$before" --after "$after" --slots "$(wc -l < "$DH/slots.txt")" --slot-start "$SLOT_START" \
    --warmup "$rounds rounds, last: $warm" --memory-start "$mem_start" --memory-end "$mem_end" \
    --gunicorn-log "$work/gunicorn.log" --commit "django-helpdesk 2.6.1"
}

case "${1:-}" in
  setup) setup ;;
  run) run ;;
  *) sed -n '2,18p' "$0"; exit 2 ;;
esac
