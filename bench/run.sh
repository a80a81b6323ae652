#!/usr/bin/env bash
# Load-test one seeded database behind gunicorn with wrk.
#
#   bench/run.sh --data-dir bench/out/db-100k [--workers 2] [-t 2] [-c 16] [-d 20s] [--accounts 3000]
#
# Scenarios, all against the same gunicorn in the same run:
#   healthz         GET /healthz (empty JSON view, no database): the ceiling
#   create          POST /api/v1/complaints, -c connections, from --accounts fresh consumers
#                   (bench/intake_accounts.py, 4 orders each; bench/wrk/intake.lua through
#                   spread.lua, each wrk thread its own range of them), limits on
#   healthz-again   the ceiling once more, to see how noisy the machine was
#   queue           GET /desk/ pages, rotating URLs (bench/wrk/queue.lua), with
#                   --queue-connections (default: one per worker, so latency is the
#                   page's own time, not time spent waiting for a free worker)
#   queue-loaded    the same rotation at -c connections
#   q:<name>        each queue URL alone, --url-duration each
# Results: bench/out/results-<N>[-<tag>].json and a table on stdout.
# With DATABASE_URL set the server (and the complaint count) use that database.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DATA_DIR=""
WORKERS=2
PORT=8765
THREADS=2
CONNECTIONS=16
DURATION=20s
WARMUP=5s
QUEUE_CONNECTIONS=""
URL_DURATION=8s
SETTLE=3  # seconds between scenarios
TIMEOUT=30s  # wrk drops slower responses from its latency figures; keep them in
TAG=""
SKIP_CREATE=0
ACCOUNTS=3000

usage() { sed -n '2,22p' "$0"; exit "${1:-0}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) DATA_DIR="$2"; shift 2 ;;
    --workers|-w) WORKERS="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    -t|--threads) THREADS="$2"; shift 2 ;;
    -c|--connections) CONNECTIONS="$2"; shift 2 ;;
    -d|--duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --queue-connections) QUEUE_CONNECTIONS="$2"; shift 2 ;;
    --url-duration) URL_DURATION="$2"; shift 2 ;;
    --tag) TAG="$2"; shift 2 ;;
    --skip-create) SKIP_CREATE=1; shift ;;
    --accounts) ACCOUNTS="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
done
[[ -n "$DATA_DIR" ]] || { echo "--data-dir is required" >&2; usage 2; }
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
QUEUE_CONNECTIONS="${QUEUE_CONNECTIONS:-$WORKERS}"
# wrk needs at least one connection per thread.
QUEUE_THREADS=$(( QUEUE_CONNECTIONS < THREADS ? QUEUE_CONNECTIONS : THREADS ))

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk not found: installing the Debian package" >&2
  SUDO=""; [[ "$(id -u)" -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk
fi

PY="$ROOT/.venv/bin/python"
BASE="http://127.0.0.1:$PORT"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
WORK="$(mktemp -d "$OUT/run.XXXXXX")"
export TOUSU_DATA_DIR="$DATA_DIR" TOUSU_DEBUG=0 TOUSU_LOG_LEVEL=WARNING WRK_LUA_DIR="$ROOT/bench/wrk"
# The create scenario files from many fresh consumers, each at most 4 times: the per-account
# filing limits stay at their defaults (docs/settings.md) unless the caller sets them. (Until
# 2026-12-01 it filed as one account with the limits off; since the open-complaint duplicate
# refusal, random repeats of that account's orders were answered 409.)
meta() { "$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$DATA_DIR/bench-meta.json" "$1"; }
SEEDED="$(meta count)"
BENCH_ORDERS="$(meta bench_orders)"
export BENCH_ORDERS
RESULTS="$OUT/results-${SEEDED}${TAG:+-$TAG}.json"

complaint_count() {
  "$PY" - <<'EOF'
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from tousu.complaints.models import Complaint
print(Complaint.objects.count())
EOF
}

# --- server -------------------------------------------------------------------------
# The checkout moves on while a seeded database stays: apply any newer migrations.
# SQLite rebuilds a table to add a NOT NULL column, which drops its statistics: ANALYZE again.
if "$PY" manage.py migrate --noinput --verbosity 1 | grep 'Applying' >&2; then
  echo "migrations applied: running ANALYZE" >&2
  "$PY" - <<'PYEOF'
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from django.db import connection
with connection.cursor() as cur:
    cur.execute("ANALYZE")
PYEOF
fi
# As in production: static files collected (whitenoise warns on every worker otherwise).
[[ -d "$DATA_DIR/static" ]] || "$PY" manage.py collectstatic --noinput --verbosity 0
GUNICORN_LOG="$WORK/gunicorn.log"
# Access log is off unless --access-logfile is given; errors go to a file.
"$ROOT/.venv/bin/gunicorn" tousu.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" \
  --error-logfile "$GUNICORN_LOG" --log-level warning &
GUNICORN_PID=$!
cleanup() {
  kill "$GUNICORN_PID" 2>/dev/null || true
  wait "$GUNICORN_PID" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
  sleep 0.2
done
curl -fsS -o /dev/null "$BASE/healthz" || { echo "gunicorn did not come up; see $GUNICORN_LOG" >&2; exit 1; }

# --- credentials --------------------------------------------------------------------
TOKEN="$(curl -fsS -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"bench-consumer","password":"bench-pass"}' \
  | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
JAR="$WORK/cookies.txt"
curl -fsS -c "$JAR" -o "$WORK/login.html" "$BASE/login/"
CSRF="$(awk '$6 == "csrftoken" {print $7}' "$JAR")"
LOGIN_STATUS="$(curl -sS -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code}' -X POST "$BASE/login/" \
  --data-urlencode "username=bench-agent" --data-urlencode "password=bench-pass" \
  --data-urlencode "csrfmiddlewaretoken=$CSRF")"
SESSION="$(awk '$6 == "sessionid" {print $7}' "$JAR")"
[[ "$LOGIN_STATUS" == "302" && -n "$SESSION" ]] || { echo "agent login failed (HTTP $LOGIN_STATUS)" >&2; exit 1; }
export TOKEN COOKIE="sessionid=$SESSION"

# --- queue URLs ---------------------------------------------------------------------
# Cursors follow tousu/keyset.py: "<id>" for newest/oldest, "<priority>.<id>" for
# priority. The deep ones start 90% (resp. half) of the way down the id range.
DEEP_ID=$(( SEEDED / 10 ))
MID_ID=$(( SEEDED / 2 ))
declare -A QUEUE=(
  [first]="/desk/"
  [priority]="/desk/?sort=priority"
  [status]="/desk/?status=waiting_merchant"
  [channel-prio]="/desk/?channel=phone&sort=priority"
  [category]="/desk/?category=food_safety"
  [unassigned-old]="/desk/?assignee=none&sort=oldest"
  [mine]="/desk/?assignee=mine"
  [urgent]="/desk/?priority=4"
  [shop-any]="/desk/?status=any&shop=BM0007"
  [rare-combo]="/desk/?status=waiting_evidence&category=counterfeit"
  [deep]="/desk/?after=$DEEP_ID"
  [deep-prio]="/desk/?sort=priority&after=2.$MID_ID"
)
QUEUE_NAMES=(first priority status channel-prio category unassigned-old mine urgent shop-any rare-combo deep deep-prio)
QUEUE_URLS=""
for name in "${QUEUE_NAMES[@]}"; do
  url="${QUEUE[$name]}"
  code="$(curl -sS -o "$WORK/q-$name.html" -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE$url")"
  [[ "$code" == "200" ]] || { echo "queue URL $url answered $code" >&2; exit 1; }
  grep -q 'rel="next"' "$WORK/q-$name.html" || echo "note: $url has no next page" >&2
  QUEUE_URLS+="$url "
done
export QUEUE_URLS

# --- scenarios ----------------------------------------------------------------------
RESULT_LINES="$WORK/results.jsonl"
: > "$RESULT_LINES"
run_wrk() {  # name script threads connections duration path
  local name="$1" script="$2" t="$3" c="$4" d="$5" path="$6"
  # Requests the previous scenario left queued in the workers' backlog would land in
  # this one's latency: let them drain first.
  sleep "$SETTLE"
  SCENARIO="$name" wrk -t"$t" -c"$c" -d"$d" --timeout "$TIMEOUT" --latency ${script:+-s "$script"} "$BASE$path" > "$WORK/wrk-$name.txt"
  if [[ -n "$script" ]]; then
    grep '^BENCH_JSON ' "$WORK/wrk-$name.txt" | sed 's/^BENCH_JSON //' >> "$RESULT_LINES"
  fi
  tail -n 1 "$RESULT_LINES"
}
HEALTH_LUA="$WORK/healthz.lua"  # plain GET, but with the shared non-2xx count and JSON line
cat > "$HEALTH_LUA" <<EOF
dofile("$ROOT/bench/wrk/common.lua")
function init(args) non2xx = 0 end
function response(status, headers, body) count_response(status) end
EOF

echo "== warm-up ($WARMUP each)" >&2
SCENARIO=warmup wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$BASE/healthz" > /dev/null
SCENARIO=warmup wrk -t"$QUEUE_THREADS" -c"$QUEUE_CONNECTIONS" -d"$WARMUP" -s bench/wrk/queue.lua "$BASE/" > /dev/null

echo "== healthz (ceiling)" >&2
run_wrk healthz "$HEALTH_LUA" "$THREADS" "$CONNECTIONS" "$DURATION" /healthz

BEFORE=""; AFTER=""
if [[ "$SKIP_CREATE" == 0 ]]; then
  export RUN_ID="w$(date +%s)"
  SLOTS="$WORK/slots.txt"
  "$PY" bench/intake_accounts.py --data-dir "$DATA_DIR" --accounts "$ACCOUNTS" --orders-each 4 \
    --tag "r$RUN_ID" --out "$SLOTS" >&2
  # Thread t: warm-up from slot t × stride, the measured run from t × stride + stride / 4.
  STRIDE=$(( 4 * ACCOUNTS / THREADS ))
  export SLOTS SLOT_STRIDE="$STRIDE" SPREAD_SCRIPT=intake.lua
  SCENARIO=warmup RUN_ID="warm$RUN_ID" SLOT_START=0 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/wrk/spread.lua "$BASE/" > /dev/null
  sleep 2  # let requests still queued from the warm-up finish before counting
  BEFORE="$(complaint_count)"
  echo "== create (complaints before: $BEFORE)" >&2
  SLOT_START=$(( STRIDE / 4 )) run_wrk create bench/wrk/spread.lua "$THREADS" "$CONNECTIONS" "$DURATION" /
  sleep 2  # in-flight requests at the deadline still commit; wrk just stops counting
  AFTER="$(complaint_count)"
  echo "   complaints after: $AFTER" >&2
fi

echo "== healthz again" >&2
run_wrk healthz-again "$HEALTH_LUA" "$THREADS" "$CONNECTIONS" "$DURATION" /healthz

echo "== queue rotation, $QUEUE_CONNECTIONS connections" >&2
run_wrk queue bench/wrk/queue.lua "$QUEUE_THREADS" "$QUEUE_CONNECTIONS" "$DURATION" /
echo "== queue rotation, $CONNECTIONS connections" >&2
run_wrk queue-loaded bench/wrk/queue.lua "$THREADS" "$CONNECTIONS" "$DURATION" /
for name in "${QUEUE_NAMES[@]}"; do
  QUEUE_URLS="${QUEUE[$name]}" run_wrk "q:$name" bench/wrk/queue.lua "$QUEUE_THREADS" "$QUEUE_CONNECTIONS" "$URL_DURATION" / >/dev/null
done

if [[ -s "$GUNICORN_LOG" ]] && grep -q -i -E 'error|exception|traceback' "$GUNICORN_LOG"; then
  echo "gunicorn logged errors, see $GUNICORN_LOG" >&2
fi

"$PY" "$ROOT/bench/report.py" "$RESULT_LINES" "$RESULTS" \
  --seeded "$SEEDED" --workers "$WORKERS" --threads "$THREADS" --connections "$CONNECTIONS" \
  --queue-connections "$QUEUE_CONNECTIONS" --duration "$DURATION" \
  --before "${BEFORE:-}" --after "${AFTER:-}" \
  --commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- tousu || echo '+uncommitted changes in tousu/')" --queue-urls "$(for n in "${QUEUE_NAMES[@]}"; do printf '%s=%s\n' "$n" "${QUEUE[$n]}"; done)"
