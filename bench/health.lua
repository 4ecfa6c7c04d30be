-- wrk script: GET /v1/api/healthcheck (run from the repository root).
dofile("bench/report.lua")
