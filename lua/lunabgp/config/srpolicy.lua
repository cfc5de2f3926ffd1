-- SR Policy routes (SAFI 73, RFC 9830) in ExaBGP's syntax, for
-- `announce { ipv4|ipv6 { sr-policy ...; } }` and the API's
-- `announce ipv4|ipv6 sr-policy ...` (api/srpolicy.lua):
--   sr-policy distinguisher N color N endpoint IP next-hop IP [preference N]
--     [priority N] [binding-sid mpls LABEL | binding-sid null] [srv6-binding-sid IPV6]
--     segment-list [weight N] SEGMENT... [segment-list ...]
--     [policy-name "S"] [candidate-path-name "S"] ATTRIBUTES;
--   SEGMENT (RFC 9830 2.4.4.2, RFC 9831 section 2):
--     segment type-a mpls LABEL
--     segment type-b srv6 SID [endpoint-behavior B LB LN FUN ARG]
--     segment type-c ipv4 IP algorithm N [sid LABEL]
--     segment type-d ipv6 IP algorithm N [sid LABEL]
--     segment type-e local-if-id N ipv4 IP [sid LABEL]
--     segment type-f local IPV4 remote IPV4 [sid LABEL]
--     segment type-g local-if-id N local-ipv6 IP remote-if-id N remote-ipv6 IP [sid LABEL]
--     segment type-h local IPV6 remote IPV6 [sid LABEL]
--     segment type-i ipv6 IP algorithm N [sid SRV6 [endpoint-behavior ...]]
--     segment type-j local-if-id N local-ipv6 IP remote-if-id N remote-ipv6 IP algorithm N [sid SRV6 [endpoint-behavior ...]]
--     segment type-k local IPV6 remote IPV6 algorithm N [sid SRV6 [endpoint-behavior ...]]
-- The NLRI (RFC 9830 2.1) and the Tunnel Encapsulation attribute (type 23,
-- RFC 9012) with the SR Policy tunnel type 15 and its sub-TLVs (RFC 9830
-- 2.4, in the order written, as ExaBGP sends them) are built here; other
-- words are route attributes (config/attributes.lua).
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

-- MPLS label stack entry (RFC 3032): label, TC 0, S, TTL 0
local function label_word(n, bottom) return u32(n * 4096 + (bottom and 256 or 0)) end

local FLAG_A, FLAG_B = 0x40, 0x10   -- segment flags (RFC 9830 2.4.4.2.12)
local MPLS_MAX = 1048575

-- toks: the words after "sr-policy" ({pos, text, ...}).  Returns family,
-- NLRI, the tunnel-encapsulation value, attribute tokens.  fail(pos, msg) raises.
function M.parse(toks, afi, fail, pos)
	local i = 1
	local function peek() return toks[i + 1] end
	local function take(what, p)
		local w, wp = toks[i + 1], toks[i]
		if not w then fail(p or pos, what .. " expected") end
		i = i + 2
		return w, wp
	end
	local function word(expect, p)   -- a keyword that must come next
		local w, wp = take("'" .. expect .. "'", p)
		if w ~= expect then fail(wp, "'" .. expect .. "' expected, not '" .. w .. "'") end
	end
	local function num(what, max, p)
		local w, wp = take(what, p)
		local n = number(w, max)
		if not n then fail(wp, "invalid " .. what .. " '" .. w .. "'") end
		return n
	end
	local function addr(what, bytes, p)
		local w, wp = take(what, p)
		local b
		if bytes == 4 then b = ip.v4(w) else b = ip.v6(w) end
		if not b then fail(wp, "invalid " .. what .. " '" .. w .. "'") end
		return b
	end
	local function behavior(p)   -- SRv6 Endpoint Behavior and SID Structure (RFC 9830 2.4.4.2.4)
		local beh = num("endpoint behavior", 65535, p)
		local lb, ln, fn, arg = num("LB length", 255, p), num("LN length", 255, p),
			num("function length", 255, p), num("argument length", 255, p)
		return u16(beh) .. u16(0) .. char(lb, ln, fn, arg)
	end
	-- optional `sid LABEL` of types C-H: the label entry, S bit left to the list
	local function mpls_sid(seg, p)
		if peek() ~= "sid" then return "" end
		i = i + 2
		seg.label = num("sid", MPLS_MAX, p)
		return nil
	end
	-- optional `sid SRV6 [endpoint-behavior ...]` of types I-K
	local function srv6_sid(p)
		local flags, tail = 0, ""
		if peek() == "sid" then
			i = i + 2
			tail = addr("SRv6 SID", 16, p)
			if peek() == "endpoint-behavior" then
				i = i + 2
				flags, tail = FLAG_B, tail .. behavior(p)
			end
		elseif peek() == "endpoint-behavior" then
			fail(p, "endpoint-behavior needs a sid before it")
		end
		return flags, tail
	end
	local function algorithm(p)
		word("algorithm", p)
		local a = num("algorithm", 255, p)
		return a, a ~= 0 and FLAG_A or 0
	end

	-- one `segment type-X ...`: {type=, head=, label=, tail=} assembled by the list
	local function segment(p)
		local t, tp = take("segment type", p)
		local seg = { tail = "" }
		if t == "type-a" then
			word("mpls", tp)
			seg.type, seg.head, seg.label = 1, char(0, 0), num("label", MPLS_MAX, tp)
		elseif t == "type-b" then
			word("srv6", tp)
			local sid = addr("SRv6 SID", 16, tp)
			if peek() == "endpoint-behavior" then
				i = i + 2
				seg.type, seg.head, seg.tail = 13, char(FLAG_B, 0) .. sid, behavior(tp)
			else
				seg.type, seg.head = 13, char(0, 0) .. sid
			end
		elseif t == "type-c" or t == "type-d" then
			local v4 = t == "type-c"
			word(v4 and "ipv4" or "ipv6", tp)
			local node = addr(v4 and "IPv4 node" or "IPv6 node", v4 and 4 or 16, tp)
			local a, fl = algorithm(tp)
			seg.type, seg.head = v4 and 3 or 4, char(fl, a) .. node
			mpls_sid(seg, tp)
		elseif t == "type-e" then
			word("local-if-id", tp)
			local ifid = num("local interface id", 4294967295, tp)
			word("ipv4", tp)
			seg.type, seg.head = 5, char(0, 0) .. u32(ifid) .. addr("IPv4 node", 4, tp)
			mpls_sid(seg, tp)
		elseif t == "type-f" or t == "type-h" then
			local n = t == "type-f" and 4 or 16
			word("local", tp)
			local l = addr("local address", n, tp)
			word("remote", tp)
			seg.type, seg.head = t == "type-f" and 6 or 8, char(0, 0) .. l .. addr("remote address", n, tp)
			mpls_sid(seg, tp)
		elseif t == "type-g" or t == "type-j" then
			word("local-if-id", tp)
			local lif = num("local interface id", 4294967295, tp)
			word("local-ipv6", tp)
			local l = addr("local IPv6", 16, tp)
			word("remote-if-id", tp)
			local rif = num("remote interface id", 4294967295, tp)
			word("remote-ipv6", tp)
			local body = u32(lif) .. l .. u32(rif) .. addr("remote IPv6", 16, tp)
			if t == "type-g" then
				seg.type, seg.head = 7, char(0, 0) .. body
				mpls_sid(seg, tp)
			else
				local a, fl = algorithm(tp)
				local fb, tail = srv6_sid(tp)
				seg.type, seg.head, seg.tail = 15, char(fl + fb, a) .. body, tail
			end
		elseif t == "type-i" then
			word("ipv6", tp)
			local node = addr("IPv6 node", 16, tp)
			local a, fl = algorithm(tp)
			local fb, tail = srv6_sid(tp)
			seg.type, seg.head, seg.tail = 14, char(fl + fb, a) .. node, tail
		elseif t == "type-k" then
			word("local", tp)
			local l = addr("local IPv6", 16, tp)
			word("remote", tp)
			local r = addr("remote IPv6", 16, tp)
			local a, fl = algorithm(tp)
			local fb, tail = srv6_sid(tp)
			seg.type, seg.head, seg.tail = 16, char(fl + fb, a) .. l .. r, tail
		else
			fail(tp, "unknown segment type '" .. tostring(t) .. "' (type-a to type-k)")
		end
		return seg
	end

	-- A segment list (sub-TLV 128): reserved octet, weight, segments.  Only
	-- the last MPLS label of the list (type A, or C with a SID) carries the
	-- bottom-of-stack bit (RFC 3032), as ExaBGP encodes it.
	local function list_tlv(l)
		local last
		for k, sg in ipairs(l.segs) do
			if sg.type == 1 or (sg.type == 3 and sg.label) then last = k end
		end
		local v = { char(0) }
		if l.weight then v[#v + 1] = sub(9, char(0, 0) .. u32(l.weight)) end
		for k, sg in ipairs(l.segs) do
			local label = sg.label and label_word(sg.label, k == last) or ""
			v[#v + 1] = sub(sg.type, sg.head .. label .. sg.tail)
		end
		return sub(128, concat(v))
	end

	local f = {}
	local subs, list = {}, nil   -- sub-TLVs in the order written; list: the open one
	local at = {}
	local function close_list()
		if list then subs[list.index] = list_tlv(list); list = nil end
	end
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
			close_list()
			subs[#subs + 1] = sub(12, char(0, 0) .. u32(num(w, 4294967295, wp)))
		elseif w == "priority" then
			close_list()
			subs[#subs + 1] = sub(15, char(num(w, 255, wp), 0))
		elseif w == "binding-sid" then
			close_list()
			local kind, kp = take("'mpls LABEL' or 'null'", wp)
			if kind == "mpls" then   -- B flag: the BSID is specified (RFC 9830 2.4.2)
				subs[#subs + 1] = sub(13, char(0x10, 0) .. label_word(num("label", MPLS_MAX, wp), true))
			elseif kind == "null" then
				subs[#subs + 1] = sub(13, char(0, 0))
			else
				fail(kp, "binding-sid expects 'mpls LABEL' or 'null'")
			end
		elseif w == "srv6-binding-sid" then
			close_list()
			subs[#subs + 1] = sub(20, char(0, 0) .. addr("srv6-binding-sid", 16, wp))
		elseif w == "policy-name" or w == "candidate-path-name" then
			close_list()
			local name = take(w, wp)
			if #name > 65535 - 4 then fail(wp, w .. " too long") end
			subs[#subs + 1] = sub(w == "policy-name" and 130 or 129, char(0) .. name)
		elseif w == "segment-list" then
			close_list()
			list = { segs = {}, index = #subs + 1 }
			subs[list.index] = false   -- placeholder, keeps the written order
			if peek() == "weight" then
				i = i + 2
				list.weight = num("weight", 4294967295, wp)
			end
		elseif w == "segment" then
			if not list then fail(wp, "segment outside a segment-list") end
			list.segs[#list.segs + 1] = segment(wp)
		else
			at[#at + 1] = wp
			at[#at + 1] = w
		end
	end
	close_list()
	for _, k in ipairs { "distinguisher", "color", "endpoint" } do
		if not f[k] then fail(pos, "sr-policy: " .. k .. " expected") end
	end
	local nlri = char(64 + #f.endpoint * 8) .. u32(f.distinguisher) .. u32(f.color) .. f.endpoint
	local body = concat(subs)
	if #body > 65535 - 4 then fail(pos, "sr-policy tunnel encapsulation too long") end
	return afi .. " sr-policy", nlri, u16(15) .. u16(#body) .. body, at
end

-- The compiled attribute blob (entries: flags, code, length:2, value, in
-- code order) with the Tunnel Encapsulation attribute (23) inserted.
function M.with_tunnel(blob, tunnel)
	local j, ins = 1, nil
	while j + 3 <= #blob do
		if blob:byte(j + 1) > 23 then ins = j; break end
		j = j + 4 + blob:byte(j + 2) * 256 + blob:byte(j + 3)
	end
	local a23 = char(0xC0, 23) .. u16(#tunnel) .. tunnel
	if ins then return blob:sub(1, ins - 1) .. a23 .. blob:sub(ins) end
	return blob .. a23
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
	local blob = M.with_tunnel(e.blob, tunnel)   -- attribute 23 in code order
	if emit and nb.routes then
		ctx.sink:route_raw(nb.routes, family, nlri, e.path_id, blob, e.watchdog, e.withdraw)
	end
	nb.route_count = (nb.route_count or 0) + 1
end

return M
