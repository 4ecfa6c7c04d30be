-- wrk: one INSERT of 100 rows into a USER table, Bearer $KALAM_TOKEN.
local rows = {}
for i = 1, 100 do rows[i] = "('payload-0123456789')" end
wrk.method = "POST"
wrk.body = '{"sql":"INSERT INTO bench.items (v) VALUES ' .. table.concat(rows, ",") .. '"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KALAM_TOKEN")
dofile("bench/report.lua")
