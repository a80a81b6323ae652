-- POST /api/v1/complaints from many consumer accounts (bench/intake.sh).
-- Environment: SLOTS (file written by bench/intake_accounts.py: one line per filing,
-- "<token>\t<JSON body>", consecutive lines from different accounts), SLOT_START (first
-- line to use, 0-based, so the warm-up and the measured run take different slots),
-- RUN_ID (Idempotency-Keys unique across runs), SCENARIO, WRK_LUA_DIR; INTAKE_PATH
-- (default /api/v1/complaints) and AUTH_SCHEME (default Bearer) for bench/helpdesk_peer.sh.
-- Run it with one thread (-t1): the slot counter is per thread. bench/scaleout.py runs it
-- through spread.lua with one thread per server: each thread starts SLOT_STRIDE slots after
-- the one before (``slot_offset``, set by spread.lua), and with KEY_IN_DESCRIPTION=1 each
-- description ends with "(<Idempotency-Key>)", which bench/soak_check.py looks for.
dofile((os.getenv("WRK_LUA_DIR") or "bench/wrk") .. "/common.lua")

function init(args)
  non2xx = 0
  tokens, bodies = {}, {}
  local slots_file = os.getenv("SLOTS") or error("SLOTS is not set")
  for line in io.lines(slots_file) do
    local token, body = line:match("^(%S+)\t(.+)$")
    table.insert(tokens, token)
    table.insert(bodies, body)
  end
  slot = tonumber(os.getenv("SLOT_START") or "0") + (slot_offset or 0)
  key_in_description = os.getenv("KEY_IN_DESCRIPTION") == "1"
  run_id = os.getenv("RUN_ID") or tostring(os.time())
  path = os.getenv("INTAKE_PATH") or "/api/v1/complaints"
  scheme = os.getenv("AUTH_SCHEME") or "Bearer"
end

function request()
  slot = slot + 1
  -- Past the last slot, accounts would be reused and refused (429, counted as non-2xx).
  local i = (slot - 1) % #tokens + 1
  local key = string.format("%s-%d", run_id, slot)
  local body = bodies[i]
  if key_in_description then
    body = body:gsub('("description":%s*".-)"', "%1 (" .. key .. ')"', 1)
  end
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = scheme .. " " .. tokens[i],
    ["Idempotency-Key"] = key,
  }, body)
end

function response(status, headers, body)
  count_response(status)
end
