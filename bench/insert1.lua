-- wrk: single-row INSERT into a USER table (id from SNOWFLAKE_ID()), Bearer $KALAM_TOKEN.
wrk.method = "POST"
wrk.body = [[{"sql":"INSERT INTO bench.items (v) VALUES ('payload-0123456789')"}]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("KALAM_TOKEN")
dofile("bench/report.lua")
