-- Mixed soak load, paced: each connection sends one request every DELAY ms,
-- drawn from a weighted mix of what staff and residents do all day (tree and
-- case reads, searches, measures, the dashboard's figures, an export, and
-- case intake by residents). Counts answers by class; any 5xx is reported.
-- Usage: wrk ... -s soak.lua URL -- ADMIN_TOKEN RESIDENT_TOKEN GRID COMMUNITY STREET DELAY_MS
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local admin, resident, grid, community, street, pause
local mix = {}
local function add(weight, make)
  for _ = 1, weight do table.insert(mix, make) end
end
local categories = {"street_order.illegal_parking", "city_appearance.exposed_garbage",
                    "public_facilities.street_light", "greening.street_tree"}
-- Search words, percent-encoded: 大智 保成 江岸 社区 江汉, and pinyin initials.
local words = {"%E5%A4%A7%E6%99%BA", "%E4%BF%9D%E6%88%90", "%E6%B1%9F%E5%B2%B8", "%E7%A4%BE%E5%8C%BA", "%E6%B1%9F%E6%B1%89", "dzjd", "bcsq", "jh"}

local function get(path, token)
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. (token or admin) })
end

function init(args)
  admin, resident, grid, community, street, pause = args[1], args[2], args[3], args[4], args[5], tonumber(args[6])
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  add(20, function() return get("/api/v1/nodes/" .. grid) end)
  add(10, function() return get("/api/v1/nodes/" .. community .. "/children") end)
  add(15, function() return get("/api/v1/cases?node_id=" .. street .. "&limit=20") end)
  add(8, function() return get("/api/v1/nodes/search?q=" .. words[math.random(#words)]) end)
  add(8, function() return get("/api/v1/nodes/" .. community .. "/measures") end)
  add(6, function() return get("/api/v1/nodes/" .. street .. "/figures") end)
  add(6, function() return get("/api/v1/nodes/" .. street .. "/situation") end)
  add(6, function() return get("/api/v1/nodes/" .. grid .. "/persons?limit=20") end)
  -- The ledger of evaluated cases: an export takes the whole list (its limit set aside), so an
  -- export of every case would grow with the soak's own intake (every report lands here).
  add(3, function() return get("/api/v1/cases?node_id=" .. community .. "&state=evaluated&format=xlsx") end)
  add(8, function()
    local body = string.format('{"kind":"complaint","category":"%s","title":"浸泡测试诉求","lng":%.6f,"lat":%.6f}',
                               categories[math.random(#categories)], 114.275 + math.random() * 0.02,
                               30.580 + math.random() * 0.016)
    return wrk.format("POST", "/api/v1/cases", {
      ["Authorization"] = "Bearer " .. resident, ["Content-Type"] = "application/json" }, body)
  end)
  ok, client_errors, server_errors = 0, 0, 0
end

function delay()
  return pause
end

function request()
  return mix[math.random(#mix)]()
end

function response(status)
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  else
    ok = ok + 1
  end
end

function done()
  local sum = { ok = 0, client_errors = 0, server_errors = 0 }
  for _, t in ipairs(threads) do
    for k in pairs(sum) do sum[k] = sum[k] + (t:get(k) or 0) end
  end
  io.write(string.format("==> answers: %d 2xx/3xx, %d 4xx, %d 5xx\n", sum.ok, sum.client_errors, sum.server_errors))
end
