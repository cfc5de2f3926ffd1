-- BGP Mobile User Plane routes (SAFI 85, draft-mpmz-bess-mup-safi section
-- 3.1, architecture type 1 "3gpp-5g") in ExaBGP's syntax, for
-- `announce { ipv4|ipv6 { mup ...; } }` and the API's `announce ipv4|ipv6 mup ...`:
--   mup mup-isd PREFIX rd RD ATTRIBUTES;                       (type 1)
--   mup mup-dsd IP rd RD ATTRIBUTES;                           (type 2)
--   mup mup-t1st PREFIX rd RD teid N qfi N endpoint IP [source IP] ATTRIBUTES;  (type 3)
--   mup mup-t2st IP rd RD teid N/BITS ATTRIBUTES;              (type 4)
-- and the SRv6 services of the Prefix-SID attribute (RFC 9252 section 2):
--   bgp-prefix-sid-srv6 ( l3-service|l2-service SID [BEHAVIOR] [ [LB,LN,FUNC,ARG,TLEN,TOFF] ] )
-- The NLRI is built here in wire form (c/wire/family_mup.c checks and prints it).
local nlri_fields = require "lunabgp.config.nlri_fields"
local attributes = require "lunabgp.config.attributes"
local ip = require "lunabgp.config.ip"
local vpn = require "lunabgp.config.vpn"

local M = {}
local char, floor, concat, tonumber = string.char, math.floor, table.concat, tonumber
local u16, u32, number = attributes.u16, attributes.u32, attributes.number

for _, f in ipairs { "ipv4 mup", "ipv6 mup" } do
	attributes.families[f] = true
end

-- route type word -> code
local TYPES = { ["mup-isd"] = 1, ["mup-dsd"] = 2, ["mup-t1st"] = 3, ["mup-t2st"] = 4 }
M.TYPES = TYPES

-- NLRI words taking one value (the route type word takes the first one).
local FIELDS = { rd = true, ["route-distinguisher"] = true, teid = true, qfi = true, endpoint = true,
	source = true }

local function split(toks, fail) return nlri_fields.split(toks, FIELDS, fail) end

local function addr(text, pos, afi, what, fail)
	local b, v = ip.parse(text or "")
	if not b or ("ipv" .. v) ~= afi then fail(pos, "invalid " .. afi .. " " .. what .. " '" .. tostring(text) .. "'") end
	return b
end

-- "P/LEN" -> length byte .. significant bytes
local function prefix(text, pos, afi, fail)
	local b, len = ip.prefix(text or "")
	if not b or (#b == 4) ~= (afi == "ipv4") then fail(pos, "invalid " .. afi .. " prefix '" .. tostring(text) .. "'") end
	return char(len) .. b:sub(1, floor((len + 7) / 8))
end

local function uint_bytes(n, nbytes)
	local t = {}
	for i = nbytes, 1, -1 do
		t[i] = char(n % 256)
		n = floor(n / 256)
	end
	return concat(t)
end

-- toks: the words after "mup" ({pos, text, ...}).  Returns family, NLRI,
-- attribute tokens.  fail(pos, msg) raises.
function M.parse(toks, afi, fail, pos)
	local tw, tp = toks[2], toks[1] or pos
	local code = TYPES[tw or ""]
	if not code then fail(tp, "mup expects mup-isd, mup-dsd, mup-t1st or mup-t2st, not '" .. tostring(tw) .. "'") end
	local val, vpos = toks[4], toks[3]
	if not val then fail(tp, tw .. " expects a value") end
	local rest = {}
	for i = 5, #toks do rest[#rest + 1] = toks[i] end
	local f, at = split(rest, fail)
	if not f.rd then fail(tp, tw .. ": rd expected") end
	local rd = vpn.rd(f.rd[1])
	if not rd then fail(f.rd[2], "invalid route-distinguisher '" .. f.rd[1] .. "'") end
	local body
	if code == 1 then
		body = rd .. prefix(val, vpos, afi, fail)
	elseif code == 2 then
		body = rd .. addr(val, vpos, afi, "address", fail)
	elseif code == 3 then
		for _, k in ipairs { "teid", "qfi", "endpoint" } do
			if not f[k] then fail(tp, tw .. ": " .. k .. " expected") end
		end
		local teid = number(f.teid[1], 4294967295)
		if not teid then fail(f.teid[2], "invalid teid '" .. f.teid[1] .. "'") end
		local qfi = number(f.qfi[1], 255)
		if not qfi then fail(f.qfi[2], "invalid qfi '" .. f.qfi[1] .. "'") end
		-- the endpoint and source may be of either family
		local ep = ip.parse(f.endpoint[1])
		if not ep then fail(f.endpoint[2], "invalid endpoint '" .. f.endpoint[1] .. "'") end
		body = rd .. prefix(val, vpos, afi, fail) .. u32(teid) .. char(qfi) .. char(#ep * 8) .. ep
		if f.source then
			local s = ip.parse(f.source[1])
			if not s then fail(f.source[2], "invalid source '" .. f.source[1] .. "'") end
			body = body .. char(#s * 8) .. s
		end
	else
		if not f.teid then fail(tp, tw .. ": teid expected") end
		local t, bits = f.teid[1]:match("^(%d+)/(%d+)$")
		t, bits = number(t, 4294967295), number(bits, 32)
		if not t or (bits < 32 and t >= 2 ^ bits) then
			fail(f.teid[2], "invalid teid '" .. f.teid[1] .. "' (TEID/BITS)")
		end
		local ep = addr(val, vpos, afi, "endpoint", fail)
		local tb = bits > 0 and uint_bytes(t, floor((bits + 7) / 8)) or ""
		body = rd .. char(#ep * 8 + bits) .. ep .. tb
	end
	if #body > 255 then fail(tp, "mup route too long") end
	-- An IPv4 next hop of an ipv6 mup route goes in MP_REACH as an
	-- IPv4-mapped IPv6 address (what ExaBGP sends, conf-srv6-mup.ci).
	if afi == "ipv6" then
		for i = 2, #at - 2, 2 do
			if at[i] == "next-hop" and ip.v4(at[i + 2]) then at[i + 2] = "::ffff:" .. at[i + 2] end
		end
	end
	return afi .. " mup", char(1) .. u16(code) .. char(#body) .. body, at
end

-- Configuration: a `mup ...;` statement inside `announce { ipvX { } }`.
function M.statement(ctx, nb, toks, term, tpos, afi, emit)
	if term ~= ";" then ctx:fail(tpos, "';' expected after mup route") end
	local fail = function(p, msg) ctx:fail(p, msg) end
	local rest = {}
	for i = 3, #toks - 1, 2 do   -- line continuations ('\\') are no words
		if toks[i + 1] ~= "\\" then
			rest[#rest + 1] = toks[i]
			rest[#rest + 1] = toks[i + 1]
		end
	end
	local family, nlri, at = M.parse(rest, afi, fail, toks[1])
	local e = attributes.compile(at, 0, fail, tpos)
	if not e.nh then ctx:fail(toks[1], "mup route has no next-hop") end
	if emit and nb.routes then
		ctx.sink:route_raw(nb.routes, family, nlri, e.path_id, e.blob, e.watchdog, e.withdraw)
	end
	nb.route_count = (nb.route_count or 0) + 1
end

-- bgp-prefix-sid-srv6 ( l3-service SID [BEHAVIOR] [ [s1,...,s6] ] ): one
-- SRv6 service TLV with one SID Information sub-TLV (RFC 9252 3.1) and,
-- when given, the SID Structure sub-sub-TLV (RFC 9252 3.2.1).
local function srv6_tlv(kind, sid, behavior, structure)
	local sub = char(0) .. sid .. char(0) .. u16(behavior) .. char(0)
	if structure then sub = sub .. char(1) .. u16(6) .. structure end
	local v = char(0) .. char(1) .. u16(#sub) .. sub
	return char(kind) .. u16(#v) .. v
end

attributes.handlers["bgp-prefix-sid-srv6"] = function(cur, st)
	local s, p = cur:next("'('")
	if s ~= "(" then cur:error(p, "bgp-prefix-sid-srv6 expects '( l3-service|l2-service SID ... )'") end
	local words = {}
	while true do
		local t = cur:next("')'")
		if t == ")" then break end
		words[#words + 1] = t
	end
	local text = concat(words, " ")
	local kw, sidt, tail = text:match("^%s*(l[23]%-service)%s+([%x:%.]+)%s*(.-)%s*$")
	if not kw then cur:error(p, "invalid bgp-prefix-sid-srv6 '( " .. text .. " )'") end
	local sid = ip.v6(sidt)
	if not sid then cur:error(p, "invalid SRv6 SID '" .. sidt .. "'") end
	local behavior = 0
	local bt, after = tail:match("^(0[xX]%x+)%s*(.-)$")
	if not bt then bt, after = tail:match("^(%d+)%s*(.-)$") end
	if bt then
		behavior = tonumber(bt)
		if behavior > 65535 then cur:error(p, "invalid endpoint behavior '" .. bt .. "'") end
		tail = after
	end
	local structure
	if tail ~= "" then
		local inner = tail:match("^%[(.*)%]$")
		local vals = {}
		for n in (inner or ""):gmatch("%d+") do vals[#vals + 1] = tonumber(n) end
		if not inner or #vals ~= 6 or inner:gsub("[%d%s,]", "") ~= "" then
			cur:error(p, "invalid SRv6 SID structure '" .. tail .. "' ([LB,LN,FUNC,ARG,TLEN,TOFF])")
		end
		for _, n in ipairs(vals) do
			if n > 255 then cur:error(p, "invalid SRv6 SID structure '" .. tail .. "'") end
		end
		structure = char(vals[1], vals[2], vals[3], vals[4], vals[5], vals[6])
	end
	st.attrs[40] = (st.attrs[40] or "") .. srv6_tlv(kw == "l3-service" and 5 or 6, sid, behavior, structure)
end

return M
