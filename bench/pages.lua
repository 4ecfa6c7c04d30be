-- wrk: reads of a range of keys in a user's 100k-row partition (bench/pages.sh), the values as
-- parameters. OP: page (the 50 rows older than a cursor, newest first), keys (5 keys by IN),
-- range (100 consecutive keys by BETWEEN). PLANNED=1: the same query with the key inside an
-- expression (`id + 0` is folded away by DuckDB; `id % 1000000000` is not), which no key
-- pushdown or planner-free path recognises: what the query cost before they took it.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KALAM_TOKEN")
local op = os.getenv("OP")
local key = os.getenv("PLANNED") == "1" and "(id % 1000000000)" or "id"
request = function()
  local sql, params
  if op == "page" then
    sql = "SELECT * FROM bench.msgs WHERE " .. key .. " < $1 ORDER BY id DESC LIMIT 50"
    params = tostring(math.random(1000, 100000))
  elseif op == "keys" then
    sql = "SELECT * FROM bench.msgs WHERE " .. key .. " IN ($1, $2, $3, $4, $5)"
    local ids = {}
    for i = 1, 5 do ids[i] = tostring(math.random(1, 100000)) end
    params = table.concat(ids, ",")
  else
    local a = math.random(1, 99900)
    sql = "SELECT * FROM bench.msgs WHERE " .. key .. " BETWEEN $1 AND $2"
    params = a .. "," .. (a + 99)
  end
  return wrk.format(nil, nil, nil, '{"sql":"' .. sql .. '","params":[' .. params .. ']}')
end
dofile("bench/report.lua")
