-- POST /api/v1/complaints as bench-consumer, one of its orders per request.
-- Environment: TOKEN (bearer token), BENCH_ORDERS (orders BENCH000000…, default 1000),
-- RUN_ID (makes Idempotency-Keys unique across runs), SCENARIO, WRK_LUA_DIR.
dofile((os.getenv("WRK_LUA_DIR") or "bench/wrk") .. "/common.lua")

function init(args)
  non2xx = 0
  counter = 0
  token = os.getenv("TOKEN") or error("TOKEN is not set")
  orders = tonumber(os.getenv("BENCH_ORDERS") or "1000")
  run_id = os.getenv("RUN_ID") or tostring(os.time())
  math.randomseed(os.time() + tid * 7919)
end

function request()
  counter = counter + 1
  -- Unique per request: run, thread, counter.
  local key = string.format("%s-t%d-%d", run_id, tid, counter)
  local order = string.format("BENCH%06d", math.random(0, orders - 1))
  local body = string.format(
    '{"order_number":"%s","kind":"after_sales","category":"quality","demand":"refund_only",' ..
    '"amount_fen":5000,"description":"耳机左耳没有声音，重新配对也不行，要求退款。(%s)"}', order, key)
  return wrk.format("POST", "/api/v1/complaints", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = key,
  }, body)
end

function response(status, headers, body)
  count_response(status)
end
