-- The portal and search mix of docs/performance.md ("Memory under load at N = 10,000"):
-- list pages 1-58, Spanish-complete pages 1-40, published profiles' pages, good-practice searches.
-- PORTAL_IDS names a file with one frozen assessment id per line, e.g.
--   sqlite3 /tmp/n10k/faro.db "select distinct AssessmentId from profile_snapshots order by random() limit 200" > /tmp/ids.txt
--   PORTAL_IDS=/tmp/ids.txt wrk -t2 -c32 -d30s --latency -s bench/load/portal.lua http://127.0.0.1:5711/
local ids = {}
for line in io.lines(os.getenv("PORTAL_IDS")) do ids[#ids + 1] = line end
local words = {"vivienda", "salud", "migraci%C3%B3n", "educaci%C3%B3n", "empleo", "health", "housing", "registro", "ni%C3%B1ez", "trabajo"}
local n = 0
request = function()
  n = n + 1
  local k = n % 4
  local path
  if k == 0 then path = "/profiles?page=" .. (n % 58 + 1)
  elseif k == 1 then path = "/profiles/" .. ids[n % #ids + 1]
  elseif k == 2 then path = "/profiles?lang=es&page=" .. (n % 40 + 1)
  else path = "/good-practices?q=" .. words[n % #words + 1] .. "&page=" .. (n % 5 + 1) end
  return wrk.format("GET", path)
end
