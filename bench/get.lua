-- Authenticated GET of one path with a Bearer token.
-- Usage: wrk ... -s get.lua URL -- TOKEN PATH
local token, path
function init(args)
  token, path = args[1], args[2]
end
function request()
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
function response(status)
  if status ~= 200 then io.stderr:write("unexpected status " .. status .. "\n") end
end
