-- SR Policy routes (SAFI 73, RFC 9830) in ExaBGP's syntax, for
-- `announce { ipv4|ipv6 { sr-policy ...; } }`:
--   sr-policy distinguisher N color N endpoint IP next-hop IP preference N
--     [priority N] [binding-sid mpls LABEL] [srv6-binding-sid IPV6]
--     segment-list weight N segment type-a mpls LABEL
--       | segment type-b srv6 SID [endpoint-behavior B LB LN FUN ARG] ...
--     [segment-list ...] [policy-name "S"] [candidate-path-name "S"] ATTRIBUTES;
-- The NLRI (RFC 9830 2.1) and the Tunnel Encapsulation attribute (type 23,
-- RFC 9012) with the SR Policy tunnel type 15 and its sub-TLVs (RFC 9830
-- 2.4) are built here; other words are route attributes (config/attributes.lua).
local attributes = require "lunabgp.config.attributes"
local ip = require "lunabgp.config.ip"

local M = {}
local char, concat = string.char, table.concat
local u16, u32, number = attributes.u16, attributes.u32, attributes.number

for _, f in ipairs { "ipv4 sr-policy", "ipv6 sr-policy" } do
	attributes.families[f] = true
end
attributes.FLAGS[23] = 0xC0

-- sub-TLV: type:1, length:1 (types < 128) or 2 (types >= 128) (RFC 9012 2)
local function sub(t, v)
	if t >= 128 then return char(t) .. u16(#v) .. v end
	return char(t, #v) .. v
end

local function label_word(n) return u32(n * 4096 + 256) end   -- label, TC 0, S 1, TTL 0

-- toks: the words after "sr-policy" ({pos, text, ...}).  Returns family,
-- NLRI, the tunnel-encapsulation value, attribute tokens.  fail(pos, msg) raises.
function M.parse(toks, afi, fail, pos)
	local i = 1
	local function take(what, p)
		local w, wp = toks[i + 1], toks[i]
		if not w then fail(p or pos, what .. " expected") end
		i = i + 2
		return w, wp
	end
	local function num(what, max, p)
		local w, wp = take(what, p)
		local n = number(w, max)
		if not n then fail(wp, "invalid " .. what .. " '" .. w .. "'") end
		return n
	end
	local f = {}
	local pref, prio, bsid, names = nil, nil, nil, {}
	local lists, list = {}, nil
	local at = {}
	while toks[i] do
		local wp, w = toks[i], toks[i + 1]
		i = i + 2
		if w == "\\" then   -- line continuation
		elseif w == "distinguisher" or w == "color" then
			f[w] = num(w, 4294967295, wp)
		elseif w == "endpoint" then
			local s, sp = take("endpoint", wp)
			local b, v = ip.parse(s)
			if not b or ("ipv" .. v) ~= afi then fail(sp, "invalid " .. afi .. " endpoint '" .. s .. "'") end
			f.endpoint = b
		elseif w == "preference" then
			pref = num(w, 4294967295, wp)
		elseif w == "priority" then
			prio = num(w, 255, wp)
		elseif w == "binding-sid" then
			local kind = take("mpls", wp)
			if kind ~= "mpls" then fail(wp, "binding-sid expects 'mpls LABEL'") end
			bsid = sub(13, char(0x10, 0) .. label_word(num("label", 1048575, wp)))
		elseif w == "srv6-binding-sid" then
			local s, sp = take("SRv6 SID", wp)
			local b = ip.v6(s)
			if not b then fail(sp, "invalid srv6-binding-sid '" .. s .. "'") end
			bsid = sub(20, char(0, 0) .. b)
		elseif w == "policy-name" or w == "candidate-path-name" then
			names[#names + 1] = { w == "policy-name" and 130 or 129, take(w, wp) }
		elseif w == "segment-list" then
			list = { segs = {} }
			lists[#lists + 1] = list
			if toks[i + 1] == "weight" then
				i = i + 2
				list.weight = num("weight", 4294967295, wp)
			end
		elseif w == "segment" then
			if not list then fail(wp, "segment outside a segment-list") end
			local t = take("segment type", wp)
			if t == "type-a" then
				if take("mpls", wp) ~= "mpls" then fail(wp, "segment type-a expects 'mpls LABEL'") end
				list.segs[#list.segs + 1] = sub(1, char(0, 0) .. label_word(num("label", 1048575, wp)))
			elseif t == "type-b" then
				if take("srv6", wp) ~= "srv6" then fail(wp, "segment type-b expects 'srv6 SID'") end
				local s, sp = take("SRv6 SID", wp)
				local b = ip.v6(s)
				if not b then fail(sp, "invalid SRv6 SID '" .. s .. "'") end
				if toks[i + 1] == "endpoint-behavior" then
					i = i + 2
					local beh = num("endpoint behavior", 65535, wp)
					local lb, ln, fn, arg = num("LB length", 255, wp), num("LN length", 255, wp),
						num("function length", 255, wp), num("argument length", 255, wp)
					list.segs[#list.segs + 1] = sub(13, char(0x10, 0) .. b .. u16(beh) .. u16(0)
						.. char(lb, ln, fn, arg))
				else
					list.segs[#list.segs + 1] = sub(13, char(0, 0) .. b)
				end
			else
				fail(wp, "unsupported segment type '" .. tostring(t) .. "' (type-a, type-b)")
			end
		else
			at[#at + 1] = wp
			at[#at + 1] = w
		end
	end
	for _, k in ipairs { "distinguisher", "color", "endpoint" } do
		if not f[k] then fail(pos, "sr-policy: " .. k .. " expected") end
	end
	local nlri = char(64 + #f.endpoint * 8) .. u32(f.distinguisher) .. u32(f.color) .. f.endpoint
	-- sub-TLVs in ExaBGP's order: preference, priority, binding SID,
	-- segment lists, policy name, candidate path name
	local subs = {}
	if pref then subs[#subs + 1] = sub(12, char(0, 0) .. u32(pref)) end
	if prio then subs[#subs + 1] = sub(15, char(prio, 0)) end
	if bsid then subs[#subs + 1] = bsid end
	for _, l in ipairs(lists) do
		local v = { char(0) }
		if l.weight then v[#v + 1] = sub(9, char(0, 0) .. u32(l.weight)) end
		for _, s in ipairs(l.segs) do v[#v + 1] = s end
		subs[#subs + 1] = sub(128, concat(v))
	end
	table.sort(names, function(a, b) return a[1] > b[1] end)
	for _, n in ipairs(names) do subs[#subs + 1] = sub(n[1], char(0) .. n[2]) end
	local body = concat(subs)
	if #body > 65535 - 4 then fail(pos, "sr-policy tunnel encapsulation too long") end
	return afi .. " sr-policy", nlri, u16(15) .. u16(#body) .. body, at
end

-- Configuration: a `sr-policy ...;` statement inside `announce { ipvX { } }`.
function M.statement(ctx, nb, toks, term, tpos, afi, emit)
	if term ~= ";" then ctx:fail(tpos, "';' expected after sr-policy route") end
	local fail = function(p, msg) ctx:fail(p, msg) end
	local rest = {}
	for i = 3, #toks do rest[#rest + 1] = toks[i] end
	local family, nlri, tunnel, at = M.parse(rest, afi, fail, toks[1])
	local e = attributes.compile(at, 0, fail, tpos)
	if not e.nh then ctx:fail(toks[1], "sr-policy route has no next-hop") end
	-- the tunnel attribute (23) goes in code order into the compiled blob
	local blob, j, ins = e.blob, 1, nil
	while j + 3 <= #blob do   -- blob entries: flags, code, length:2, value
		if blob:byte(j + 1) > 23 then ins = j; break end
		j = j + 4 + blob:byte(j + 2) * 256 + blob:byte(j + 3)
	end
	local a23 = char(0xC0, 23) .. u16(#tunnel) .. tunnel
	if ins then blob = blob:sub(1, ins - 1) .. a23 .. blob:sub(ins) else blob = blob .. a23 end
	if emit and nb.routes then
		ctx.sink:route_raw(nb.routes, family, nlri, e.path_id, blob, e.watchdog, e.withdraw)
	end
	nb.route_count = (nb.route_count or 0) + 1
end

return M
