-- wrk: W9, an aggregate over 1M rows flushed to Parquet (SHARED table).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KALAM_TOKEN")
wrk.body = '{"sql":"SELECT count(*), sum(amount), count(DISTINCT user_id) FROM bench.agg"}'
dofile("bench/report.lua")
