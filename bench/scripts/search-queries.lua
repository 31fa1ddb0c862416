-- wrk script: POST /collections/$COLLECTION/search with the query texts of $QUERIES (one per line) in turn.
-- Usage: QUERIES=path/to/queries.txt COLLECTION=wordnet wrk -t2 -c8 -d30s --latency -s search-queries.lua URL
local path = os.getenv("QUERIES") or error("set QUERIES to a file with one query text per line")
local collection = os.getenv("COLLECTION") or "wordnet"
local bodies = {}
for line in io.lines(path) do
  if line:match("%S") then
    local esc = line:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("%c", " ")
    bodies[#bodies + 1] = '{"query": "' .. esc .. '", "k": 10}'
  end
end
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/collections/" .. collection .. "/search", {["Content-Type"] = "application/json"}, bodies[i])
end
local errors = 0
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
