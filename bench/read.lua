-- Authenticated JSON read: GET one node with a Bearer token.
-- Usage: wrk ... -s read.lua URL -- TOKEN NODE_ID
local token, node
function init(args)
  token, node = args[1], args[2]
end
function request()
  return wrk.format("GET", "/api/v1/nodes/" .. node, { ["Authorization"] = "Bearer " .. token })
end
