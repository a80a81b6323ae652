-- Spread wrk's threads over several servers: thread i sends every request to the server
-- on port SPREAD_PORTS[i] (127.0.0.1, round-robin when there are more threads), so each
-- web process gets the same share of the load. Used by bench/scaleout.py.
-- Environment: SPREAD_PORTS ("8170 8171 …"), SPREAD_SCRIPT (intake.lua, queue.lua,
-- or "healthz": GET /healthz), SLOT_STRIDE (intake.lua), WRK_LUA_DIR, ACK_DIR
-- (intake.lua: each thread appends
-- "Idempotency-Key<TAB>complaint number" of every 200/201 to ACK_DIR/acks-<scenario>-<thread>.tsv).
local dir = os.getenv("WRK_LUA_DIR") or "bench/wrk"
local script = os.getenv("SPREAD_SCRIPT") or "healthz"

if script == "healthz" then
  dofile(dir .. "/common.lua")
  function init(args) non2xx = 0 end
  function request() return wrk.format("GET", "/healthz") end
  function response(status, headers, body) count_response(status) end
else
  dofile(dir .. "/" .. script)
end

if script == "intake.lua" then
  local intake_init, intake_response = init, response
  function init(args)
    intake_init(args)
    local ack_dir = os.getenv("ACK_DIR")
    if ack_dir then
      acks = io.open(string.format("%s/acks-%s-%d.tsv", ack_dir, os.getenv("SCENARIO") or "x", tid), "a")
    end
  end
  function response(status, headers, body)
    intake_response(status, headers, body)
    if acks and (status == 200 or status == 201) then
      local number = body:match('"number"%s*:%s*"(TS%d+)"')
      local key = body:match("%((soak%-[%w%-]+)%)")
      if number and key then
        acks:write(key .. "\t" .. number .. "\n")
        acks:flush()
      end
    end
  end
end

local ports = {}
for port in string.gmatch(os.getenv("SPREAD_PORTS") or "", "%d+") do
  table.insert(ports, port)
end
local shared_setup = setup
local started = 0
function setup(thread)
  shared_setup(thread)
  started = started + 1
  -- intake.lua: each thread its own range of slots (accounts), SLOT_STRIDE apart.
  thread:set("slot_offset", (started - 1) * tonumber(os.getenv("SLOT_STRIDE") or "0"))
  if #ports > 0 then
    thread.addr = wrk.lookup("127.0.0.1", ports[(started - 1) % #ports + 1])[1]
  end
end
