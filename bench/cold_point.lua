-- wrk: primary-key reads and updates of rows in a flushed file (bench/cold_point.sh), Bearer
-- $KALAM_TOKEN. OP=point: SELECT id, v, body … WHERE id = $1; OP=update: UPDATE … SET v = v + 1
-- WHERE id = $1; keys 1..$ROWS, all flushed before the run.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KALAM_TOKEN")
local op = os.getenv("OP")
local rows = tonumber(os.getenv("ROWS"))
request = function()
  local id = math.random(1, rows)
  if op == "update" then
    return wrk.format(nil, nil, nil, '{"sql":"UPDATE bench.cold SET v = v + 1 WHERE id = $1","params":[' .. id .. ']}')
  end
  return wrk.format(nil, nil, nil, '{"sql":"SELECT id, v, body FROM bench.cold WHERE id = $1","params":[' .. id .. ']}')
end
