-- 50 concurrent editors, one wrk thread each (-t N -c N), each on its own indicator: every
-- request is a PUT of the answer with If-Match set to the ETag of the editor's last response,
-- as a browser tab would do. A 412 (someone else saved) also carries the current ETag.
-- targets.txt (written by run.sh): one "path etag" line per editor.
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

function init(args)
  local n = 0
  for line in io.lines(os.getenv("FARO_TARGETS") or "targets.txt") do
    n = n + 1
    if n == index then
      path, etag = line:match("^(%S+)%s+(%S+)$")
    end
  end
  token = os.getenv("FARO_TOKEN")
  saves = 0
  stale = 0
end

local function body()
  saves = saves + 1
  return '{"status":"partial","narrativeEn":"Load test narrative, save ' .. saves .. '.","narrativeEs":"Narrativa de prueba de carga, guardado ' .. saves .. '.","evidence":[]}'
end

function request()
  return wrk.format("PUT", path, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["If-Match"] = etag,
  }, body())
end

function response(status, headers, body)
  if headers["ETag"] then
    etag = headers["ETag"]
  end
  if status == 412 then
    stale = stale + 1
  end
end

function done(summary, latency, requests)
  local s = 0
  for _, t in ipairs(threads) do
    s = s + (t:get("stale") or 0)
  end
  io.write(string.format("saves: %d requests, %.1f/s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, non-2xx %d (412 stale %d), errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, s, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
