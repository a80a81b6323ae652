-- Shared by intake.lua and queue.lua (loaded with dofile; WRK_LUA_DIR points here).
--
-- Every thread counts responses outside 2xx itself: wrk's own errors.status only
-- counts status > 399, so a 302 to the login page would pass as a success.
-- done() prints one line "BENCH_JSON {...}" that run.sh collects.

threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
  table.insert(threads, thread)
end

function count_response(status)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, t in ipairs(threads) do
    non2xx_total = non2xx_total + (t:get("non2xx") or 0)
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"scenario":"%s","requests":%d,"duration_s":%.2f,"rps":%.1f,' ..
    '"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"non2xx":%d,' ..
    '"socket_errors":%d}\n',
    os.getenv("SCENARIO") or "unnamed", summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, non2xx_total, e.connect + e.read + e.write + e.timeout))
end
