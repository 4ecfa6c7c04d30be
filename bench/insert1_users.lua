-- wrk: single-row INSERTs by several users at once; thread i uses token i of $KALAM_TOKENS.
local tokens = {}
for t in string.gmatch(os.getenv("KALAM_TOKENS"), "[^,]+") do tokens[#tokens + 1] = t end
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("token", tokens[((counter - 1) % #tokens) + 1])
end
init = function()
  wrk.headers["Authorization"] = "Bearer " .. token
end
wrk.method = "POST"
wrk.body = [[{"sql":"INSERT INTO bench.items (v) VALUES ('payload-0123456789')"}]]
wrk.headers["Content-Type"] = "application/json"
dofile("bench/report.lua")
