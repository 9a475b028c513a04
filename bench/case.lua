-- Durable case intake: a resident's report at a random point of the demo's
-- sample street, located to its grid, numbered, written with its history.
-- Usage: wrk ... -s case.lua URL -- TOKEN
local token
local categories = {"street_order.illegal_parking", "city_appearance.exposed_garbage",
                    "public_facilities.street_light", "greening.street_tree"}
function init(args)
  token = args[1]
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  local lng = 114.275 + math.random() * 0.02
  local lat = 30.580 + math.random() * 0.016
  local body = string.format('{"kind":"complaint","category":"%s","title":"压测诉求","lng":%.6f,"lat":%.6f}',
                             categories[math.random(#categories)], lng, lat)
  return wrk.format("POST", "/api/v1/cases", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end
function response(status)
  if status ~= 201 then io.stderr:write("unexpected status " .. status .. "\n") end
end
