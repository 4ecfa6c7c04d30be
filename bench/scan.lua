-- wrk: W4, the newest 50 rows of a user's 10k-row partition (7k flushed in 5 Parquet files, 3k hot).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KALAM_TOKEN")
wrk.body = '{"sql":"SELECT * FROM bench.scan ORDER BY id DESC LIMIT 50"}'
dofile("bench/report.lua")
