-- GET agent queue pages with the bench-agent session, rotating through a list of URLs.
-- Environment: COOKIE ("sessionid=…"), QUEUE_URLS (paths separated by spaces),
-- SCENARIO, WRK_LUA_DIR.
dofile((os.getenv("WRK_LUA_DIR") or "bench/wrk") .. "/common.lua")

function init(args)
  non2xx = 0
  cookie = os.getenv("COOKIE") or error("COOKIE is not set")
  urls = {}
  for url in string.gmatch(os.getenv("QUEUE_URLS") or "/desk/", "%S+") do
    table.insert(urls, url)
  end
  i = tid  -- threads start at different URLs
end

function request()
  i = i % #urls + 1
  return wrk.format("GET", urls[i], { ["Cookie"] = cookie })
end

function response(status, headers, body)
  count_response(status)
end
