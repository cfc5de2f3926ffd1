-- A mock of the C verbs (c/session/api_exec.h) for the api specs: records
-- every call as a string, validates prefixes like C does.
local H = {}

local function hex(s)
	return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end))
end
H.hex = hex

function H.mock()
	local m = { calls = {}, written = {}, blobs = {}, err = "", selected = 1, acks = {} }
	local function rec(s) m.calls[#m.calls + 1] = s end
	local function prefix_ok(p, fam)
		local a, len = p:match("^([%x:.]+)/?(%d*)$")
		if not a then m.err = "invalid prefix '" .. p .. "'"; return false end
		local v6 = a:find(":") ~= nil
		if not v6 and not a:match("^%d+%.%d+%.%d+%.%d+$") then m.err = "invalid prefix '" .. p .. "'"; return false end
		if not v6 then
			for o in a:gmatch("%d+") do
				if tonumber(o) > 255 then m.err = "invalid prefix '" .. p .. "'"; return false end
			end
		end
		if (fam == 4 and v6) or (fam == 6 and not v6) then m.err = "prefix '" .. p .. "' is not an IPv" .. fam .. " prefix"; return false end
		return true
	end
	m.lb_api_error = function() return m.err end
	m.lb_api_begin = function() m.selected = 1; return 1 end
	m.lb_api_select = function(reset, addr, lip, las, pas, rid, fam)
		rec(string.format("select %d %s %s %s %s %s %s", reset, addr, tostring(lip), tostring(las),
			tostring(pas), tostring(rid), tostring(fam)))
		return 1
	end
	m.lb_api_selected = function() return m.selected end
	m.lb_api_attrs = function(blob)
		m.blobs[#m.blobs + 1] = blob
		return #m.blobs - 1
	end
	m.lb_api_attrs_release = function() end
	m.lb_api_prefix_valid = function(p, fam) return prefix_ok(p, fam) and 0 or -1 end
	m.lb_api_route = function(ann, p, pid, h, split, fam)
		if not prefix_ok(p, fam) then return -1 end
		rec(string.format("%s %s pid=%d split=%d%s", ann == 1 and "announce" or "withdraw", p, pid, split,
			ann == 1 and (" attrs=" .. hex(m.blobs[h + 1])) or ""))
		return 0
	end
	m.lb_api_watchdog = function(ann, name) rec((ann == 1 and "announce" or "withdraw") .. " watchdog " .. name); return 0 end
	m.lb_api_eor = function(a, s) rec("eor " .. tostring(a) .. " " .. tostring(s)); return 0 end
	m.lb_api_refresh = function(a, s) rec("refresh " .. a .. " " .. s); return 0 end
	m.lb_api_teardown = function(c) rec("teardown " .. c); return 0 end
	m.lb_api_rib = function(op, dir) rec((op == 0 and "clear" or "flush") .. " " .. (dir == 1 and "in" or "out")); return 0 end
	m.lb_api_show_neighbor = function(mode, json) rec("show neighbor " .. mode .. " " .. json); return 0 end
	m.lb_api_show_rib = function(dir, ext, json) rec("show rib " .. dir .. " " .. ext .. " " .. json); return 0 end
	m.lb_api_daemon = function(op) rec("daemon " .. op); return 0 end
	m.lb_api_hold = function(on) rec("hold " .. on) end
	m.lb_api_write = function(l) m.written[#m.written + 1] = l end
	m.lb_api_answer = function(ok) m.acks[#m.acks + 1] = ok end
	m.lb_api_set_ack = function(mode) rec("ack " .. mode) end
	m.version = 6
	m.lb_api_api_version = function(v)
		if v ~= 0 then rec("api version " .. v); m.version = v end
		return m.version
	end
	m.lb_api_process_name = function() return "test" end
	m.lb_api_neighbor_delete = function() rec("delete"); return 0 end
	m.lb_api_peer_count = function() return 1 end
	return m
end

-- bind a fresh mock; returns it and a runner: run(line) -> ok, result|error
function H.setup()
	local api = require "lunabgp.api"
	local m = H.mock()
	api.bind(m)
	local function run(line, proc)
		local ok, r, extra = pcall(api.execute, line, proc)
		return ok, r, extra
	end
	return m, run, api
end

return H
