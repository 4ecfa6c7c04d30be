-- wrk: point SELECT by primary key in a 100k-row user partition, the key as a `$1` parameter (the
-- statement text repeats, as with pgbench -M prepared), Bearer $KALAM_TOKEN.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KALAM_TOKEN")
request = function()
  local id = math.random(1, 100000)
  return wrk.format(nil, nil, nil, '{"sql":"SELECT * FROM bench.points WHERE id = $1","params":[' .. id .. ']}')
end
dofile("bench/report.lua")
