-- Durable JSON write: create a grid node with a unique code per request.
-- Usage: wrk ... -s write.lua URL -- TOKEN PARENT_ID
local threads_made = 0
function setup(thread)
  thread:set("tid", threads_made)
  threads_made = threads_made + 1
end
local token, parent, n = nil, nil, 0
function init(args)
  token, parent = args[1], args[2]
end
function request()
  n = n + 1
  local code = string.format("4201020020039%02d%05d", tid, n)
  local body = '{"parent_id":"' .. parent .. '","code":"' .. code .. '","name":"压测网格' .. code .. '","level":"grid"}'
  return wrk.format("POST", "/api/v1/nodes", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end
function response(status)
  if status ~= 201 then io.stderr:write("unexpected status " .. status .. "\n") end
end
