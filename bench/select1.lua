-- wrk script: POST /v1/api/sql {"sql":"SELECT 1"} with a bearer token from $KALAM_TOKEN
-- (run from the repository root).
wrk.method = "POST"
wrk.body = '{"sql":"SELECT 1"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KALAM_TOKEN")
dofile("bench/report.lua")
