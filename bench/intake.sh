#!/usr/bin/env bash
# Intake benchmark (issue 13): filing through the API against the server's own ceiling.
#
#   bench/intake.sh --sqlite-dir bench/out/intake-sqlite \
#       [--pg-dir bench/out/intake-pg --pg-url postgres://postgres@127.0.0.1:5432/tousu_intake] \
#       [--workers "2 4"] [-c 8] [-d 10s] [--peer]
#
# For each database given and each worker count, in this order, against one gunicorn
# (sync workers, settings as bench/run.sh: TOUSU_DEBUG=0, no TOUSU_ENV, no access log):
#   healthz        GET /healthz, wrk -t1 -c8 -d10s: the ceiling
#   create         POST /api/v1/complaints (bench/wrk/intake.lua), -t1 -c8 -d10s, from
#                  --accounts fresh consumers with their own orders and tokens
#                  (bench/intake_accounts.py), each filing at most --orders-each times:
#                  the per-account filing limits stay ON at their defaults
#   healthz-again  the ceiling once more; the ratio is create / mean of the two ceilings
# then each worker's memory (VmRSS, and Rss/Pss/USS from /proc/<pid>/smaps_rollup).
# --peer runs bench/helpdesk_peer.sh run right after, so both ratios come from one run.
# Checks: every response 2xx, complaints after - before >= the 2xx count.
# Results: bench/out/intake-<db>-w<N>.json and bench/out/intake-summary.json; a table on stdout.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SQLITE_DIR=""
PG_DIR=""
PG_URL="postgres://postgres@127.0.0.1:5432/tousu_intake"
WORKER_COUNTS="2 4"
CONNECTIONS=8
DURATION=10s
WARMUP=5s
PORT=8766
ACCOUNTS=3000
ORDERS_EACH=4
PEER=0
SETTLE=3

usage() { sed -n '2,20p' "$0"; exit "${1:-0}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sqlite-dir) SQLITE_DIR="$2"; shift 2 ;;
    --pg-dir) PG_DIR="$2"; shift 2 ;;
    --pg-url) PG_URL="$2"; shift 2 ;;
    --workers) WORKER_COUNTS="$2"; shift 2 ;;
    -c|--connections) CONNECTIONS="$2"; shift 2 ;;
    -d|--duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --accounts) ACCOUNTS="$2"; shift 2 ;;
    --orders-each) ORDERS_EACH="$2"; shift 2 ;;
    --peer) PEER=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 ;;
  esac
done
[[ -n "$SQLITE_DIR$PG_DIR" ]] || { echo "--sqlite-dir or --pg-dir is required" >&2; usage 2; }
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }

PY="$ROOT/.venv/bin/python"
BASE="http://127.0.0.1:$PORT"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"
export TOUSU_DEBUG=0 TOUSU_LOG_LEVEL=WARNING WRK_LUA_DIR="$ROOT/bench/wrk"
# The point of this benchmark: the filing limits at their defaults (5/hour, 20/day).
unset TOUSU_FILING_LIMIT_PER_HOUR TOUSU_FILING_LIMIT_PER_DAY TOUSU_ENV
SUMMARY_FILES=()

complaint_count() {
  "$PY" -c 'import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from tousu.complaints.models import Complaint
print(Complaint.objects.count())'
}

run_wrk() {  # name script duration path [env...] -> appends a BENCH_JSON line
  local name="$1" script="$2" d="$3" path="$4"
  sleep "$SETTLE"
  SCENARIO="$name" wrk -t1 -c"$CONNECTIONS" -d"$d" --timeout 30s --latency -s "$script" \
    "$BASE$path" > "$WORK/wrk-$name.txt"
  grep '^BENCH_JSON ' "$WORK/wrk-$name.txt" | sed 's/^BENCH_JSON //' >> "$LINES"
  tail -n 1 "$LINES" >&2
}

one_config() {  # db_label data_dir workers
  local label="$1" dir="$2" workers="$3"
  export TOUSU_DATA_DIR="$dir"
  WORK="$(mktemp -d "$OUT/intake.XXXXXX")"
  LINES="$WORK/results.jsonl"
  : > "$LINES"
  echo "== $label, $workers workers ($(uptime | sed 's/.*load/load/'))" >&2
  if "$PY" manage.py migrate --noinput --verbosity 1 | grep 'Applying' >&2; then
    "$PY" -c 'import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
django.setup()
from django.db import connection
connection.cursor().execute("ANALYZE")'
  fi
  [[ -d "$dir/static" ]] || "$PY" manage.py collectstatic --noinput --verbosity 0
  local tag slots
  tag="$(date +%H%M%S)w$workers"
  slots="$WORK/slots.txt"
  "$PY" bench/intake_accounts.py --data-dir "$dir" --accounts "$ACCOUNTS" \
    --orders-each "$ORDERS_EACH" --tag "$tag" --out "$slots" >&2
  "$ROOT/.venv/bin/gunicorn" tousu.wsgi -w "$workers" -b "127.0.0.1:$PORT" \
    --error-logfile "$WORK/gunicorn.log" --log-level warning &
  local master=$!
  for _ in $(seq 1 600); do  # a loaded machine takes a while to import Django
    curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break
    sleep 0.2
  done
  curl -fsS -o /dev/null "$BASE/healthz" || { echo "gunicorn did not come up" >&2; return 1; }
  local health="$WORK/healthz.lua"
  printf 'dofile("%s/bench/wrk/common.lua")\nfunction init(args) non2xx = 0 end\nfunction response(status, headers, body) count_response(status) end\n' \
    "$ROOT" > "$health"
  export SLOTS="$slots" RUN_ID="r$tag"
  # Warm-up: every worker loads its views and, on its first filing, the segmenter (~80 MB,
  # seconds on a busy machine). Repeat until every worker's RSS is within 15% of the
  # largest (all have filed), at most 8 rounds; the slots used are skipped afterwards.
  SCENARIO=warmup wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$BASE/healthz" > /dev/null
  local warm="" rounds=0 used=0
  while (( rounds < 8 )); do
    rounds=$(( rounds + 1 ))
    SCENARIO=warmup SLOT_START=$used wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s bench/wrk/intake.lua \
      "$BASE/" > "$WORK/wrk-warmup.txt"
    warm="$(grep '^BENCH_JSON ' "$WORK/wrk-warmup.txt" | sed 's/^BENCH_JSON //' \
      | "$PY" -c 'import json,sys; r=json.load(sys.stdin); print(r["requests"], r["non2xx"])')"
    # Slots past the counted requests, with room for the ones in flight at the end.
    used=$(( used + ${warm% *} + 4 * CONNECTIONS ))
    sleep 2
    "$PY" bench/proc_memory.py "$master" | "$PY" -c 'import json,sys
rss = [w["rss_mb"] for w in json.load(sys.stdin)]
sys.exit(0 if rss and min(rss) >= 0.85 * max(rss) else 1)' && break
  done
  echo "   warm-up: $rounds round(s) of $WARMUP, $used slots used" >&2
  export SLOT_START=$used
  local mem_start before after
  mem_start="$("$PY" bench/proc_memory.py "$master")"
  run_wrk healthz "$health" "$DURATION" /healthz
  sleep 1
  before="$(complaint_count)"
  run_wrk create bench/wrk/intake.lua "$DURATION" /
  sleep 2  # requests in flight at the deadline still commit
  after="$(complaint_count)"
  run_wrk healthz-again "$health" "$DURATION" /healthz
  local mem_end
  mem_end="$("$PY" bench/proc_memory.py "$master")"
  kill "$master"; wait "$master" 2>/dev/null || true
  local result="$OUT/intake-$label-w$workers.json"
  "$PY" bench/intake_report.py "$LINES" "$result" --database "$label" --workers "$workers" \
    --connections "$CONNECTIONS" --duration "$DURATION" --before "$before" --after "$after" \
    --slots "$(wc -l < "$slots")" --slot-start "$SLOT_START" --warmup "$rounds rounds, last: $warm" \
    --memory-start "$mem_start" --memory-end "$mem_end" --gunicorn-log "$WORK/gunicorn.log" \
    --commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- tousu || echo '+dirty')"
}

STATUS=0
for workers in $WORKER_COUNTS; do
  if [[ -n "$SQLITE_DIR" ]]; then
    ( unset DATABASE_URL; one_config sqlite "$(cd "$SQLITE_DIR" && pwd)" "$workers" ) || STATUS=1
    SUMMARY_FILES+=("$OUT/intake-sqlite-w$workers.json")
  fi
  if [[ -n "$PG_DIR" ]]; then
    ( export DATABASE_URL="$PG_URL"; one_config pg "$(cd "$PG_DIR" && pwd)" "$workers" ) || STATUS=1
    SUMMARY_FILES+=("$OUT/intake-pg-w$workers.json")
  fi
done
if [[ "$PEER" == 1 ]]; then
  bench/helpdesk_peer.sh run || STATUS=1
  [[ -f "$OUT/intake-helpdesk-w2.json" ]] && SUMMARY_FILES+=("$OUT/intake-helpdesk-w2.json")
fi
"$PY" bench/intake_report.py --summary "$OUT/intake-summary.json" "${SUMMARY_FILES[@]}"
exit "$STATUS"
