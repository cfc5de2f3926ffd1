-- Labeled unicast (RFC 8277), VPN-IPv4/IPv6 (RFC 4364, RFC 4659),
-- multicast and RTC families in ExaBGP's route syntax:
--   route 10.0.0.0/24 next-hop 1.2.3.4 rd 65000:1 label 100;   (ipv4 mpls-vpn)
--   route 10.0.0.0/24 next-hop 1.2.3.4 label [ 100 200 ];      (ipv4 nlri-mpls)
-- and the BGP Prefix-SID attribute (RFC 8669): label index and SRGB.
-- The words are registered into attributes.handlers; the NLRI (labels, RD,
-- prefix) is built here in wire form for sink:route_raw / lb_api_route_raw.
local attributes = require "lunabgp.config.attributes"
local ip = require "lunabgp.config.ip"
local nlri_fields = require "lunabgp.config.nlri_fields"

local M = {}
local char, floor, concat, tonumber = string.char, math.floor, table.concat, tonumber
local u16, u32, number, asn = attributes.u16, attributes.u32, attributes.number, attributes.asn

local function u24(n) return char(floor(n / 65536) % 256, floor(n / 256) % 256, n % 256) end

for _, f in ipairs { "ipv4 multicast", "ipv6 multicast", "ipv4 nlri-mpls", "ipv6 nlri-mpls",
		"ipv4 mpls-vpn", "ipv6 mpls-vpn", "ipv4 rtc" } do
	attributes.families[f] = true
end

-- RD (RFC 4364 section 4.2): ASN2:NN (type 0), IP:NN (type 1), ASN4:NN (type 2).
function M.rd(s)
	if type(s) ~= "string" then return nil end
	local a, v = s:match("^([^:]+):(%d+)$")
	if not a then return nil end
	local aip = ip.v4(a)
	if aip then
		local n = number(v, 65535)
		return n and (u16(1) .. aip .. u16(n))
	end
	local as = asn(a)
	if not as then return nil end
	if as > 65535 then
		local n = number(v, 65535)
		return n and (u16(2) .. u32(as) .. u16(n))
	end
	local n = number(v, 4294967295)
	return n and (u16(0) .. u16(as) .. u32(n))
end

-- The labeled/VPN NLRI of prefix_text: <bits><labels, last with BoS><RD><prefix>.
function M.nlri(prefix_text, labels, rd)
	local b, len = ip.prefix(prefix_text)
	if not b then return nil, "invalid prefix '" .. prefix_text .. "'" end
	local out = {}
	for i, l in ipairs(labels) do
		out[#out + 1] = u24(l * 16 + (i == #labels and 1 or 0))
	end
	if rd then out[#out + 1] = rd end
	local nb = floor((len + 7) / 8)
	local pfx = b:sub(1, nb)
	if len % 8 ~= 0 and nb > 0 then   -- clear the host bits
		local m = 2 ^ (8 - len % 8)
		pfx = pfx:sub(1, nb - 1) .. char(floor(pfx:byte(nb) / m) * m)
	end
	out[#out + 1] = pfx
	local body = concat(out)
	local bits = #labels * 24 + (rd and 64 or 0) + len
	if bits > 255 then return nil, "labeled prefix too long (" .. bits .. " bits)" end
	return char(bits) .. body
end

local function build(raw, prefix_text, family)
	local afi = family:match("^(%S+)") or "ipv4"
	local labels = raw.labels or {}
	local fam
	if raw.rd then
		fam = afi .. " mpls-vpn"
		-- RFC 8277 section 2.4: a route must carry a label; ExaBGP sends 0 then
		if #labels == 0 then labels = { 0 } end
	else
		fam = afi .. " nlri-mpls"
	end
	local nlri, err = M.nlri(prefix_text, labels, raw.rd)
	if not nlri then error(err, 0) end
	return fam, nlri
end
M.build = build

local function raw_of(st)
	st.raw = st.raw or { build = build }
	return st.raw
end

local handlers = attributes.handlers
handlers.rd = function(cur, st)
	local s, p = cur:next("route-distinguisher")
	local rd = M.rd(s)
	if not rd then cur:error(p, "invalid route-distinguisher '" .. s .. "'") end
	raw_of(st).rd = rd
end
handlers["route-distinguisher"] = handlers.rd
handlers.label = function(cur, st)
	local items = cur:list("label")
	local labels = {}
	for _, it in ipairs(items) do
		local n = number(it[1], 1048575)
		if not n then cur:error(it[2], "invalid label '" .. it[1] .. "' (0..1048575)") end
		labels[#labels + 1] = n
	end
	if #labels == 0 or #labels > 8 then cur:error(items[1] and items[1][2] or cur:pos(), "label expects 1 to 8 labels") end
	raw_of(st).labels = labels
end

-- Configuration: `SAFI PREFIX ATTRIBUTES;` inside `announce { ipv4|ipv6 { } }`
-- for the prefix families other than unicast (hooked in config/routes.lua),
-- as ExaBGP's announce sections take them:
--   multicast P ...                      (SAFI 2, a plain prefix)
--   nlri-mpls P label L ...              (SAFI 4; labeled-unicast is its alias)
--   mpls-vpn P rd RD label L ...         (SAFI 128)
-- split /N works as for unicast.
local NLRI_WORDS = { rd = true, ["route-distinguisher"] = true, label = true }

local function announce_statement(ctx, nb, toks, term, tpos, afi, emit)
	local kw = toks[2]
	local safi = kw == "labeled-unicast" and "nlri-mpls" or kw
	local what = afi .. " " .. safi
	if term ~= ";" then ctx:fail(tpos, "';' expected after " .. kw .. " route") end
	local ptext, ppos = toks[4], toks[3]
	if not ptext then ctx:fail(toks[1], kw .. " expects a prefix") end
	local b, len, v = ip.prefix(ptext)
	if not b then ctx:fail(ppos, "invalid prefix '" .. ptext .. "'") end
	if "ipv" .. v ~= afi then ctx:fail(ppos, "prefix " .. ptext .. " is not " .. afi) end
	local at = {}
	for i = 5, #toks do at[#at + 1] = toks[i] end
	local fail = function(p, msg) ctx:fail(p, msg) end
	-- the NLRI words each family does not take (ExaBGP: unknown there)
	for i = 2, #at, 2 do
		local w = at[i]
		if NLRI_WORDS[w] and (safi == "multicast" or (safi == "nlri-mpls" and w ~= "label")) then
			fail(at[i - 1], what .. " routes take no " .. w)
		end
	end
	local e = attributes.compile(at, 0, fail, tpos)
	local raw = e.raw or { build = build }
	if safi == "mpls-vpn" and not raw.rd then fail(toks[1], what .. " route has no rd") end
	local prefixes = { ptext }
	if e.split then
		if e.split < len or e.split > #b * 8 then fail(e.split_pos, "cannot split /" .. len .. " into /" .. e.split) end
		if e.split - len > 20 then fail(e.split_pos, "split into more than 2^20 prefixes") end
		prefixes = ip.split(b, len, e.split)
		e = setmetatable({ split = false }, { __index = e })
	end
	for _, p in ipairs(prefixes) do
		local family, nlri
		if safi == "multicast" then
			family, nlri = afi .. " multicast", M.nlri(p, {}, nil)
		else
			local ok, f, n = pcall(build, raw, p, afi)
			if not ok then fail(ppos, tostring(f)) end
			family, nlri = f, n
		end
		nlri_fields.emit(ctx, nb, family, nlri, e, emit, toks[1], what)
	end
end

-- statement keyword -> handler, for config/routes.lua
M.statements = { multicast = announce_statement, ["nlri-mpls"] = announce_statement,
	["labeled-unicast"] = announce_statement, ["mpls-vpn"] = announce_statement }

-- bgp-prefix-sid [ INDEX ] or [ INDEX, [ ( BASE,RANGE ) ... ] ] (RFC 8669
-- section 3: Label-Index TLV 1, Originator SRGB TLV 3).
attributes.FLAGS[40] = 0xC0
handlers["bgp-prefix-sid"] = function(cur, st)
	local s, p = cur:next("bgp-prefix-sid")
	local parts = { s }
	if s == "[" then
		local depth = 1
		while depth > 0 do
			local t = cur:next("']'")
			if t == "[" then depth = depth + 1 elseif t == "]" then depth = depth - 1 end
			parts[#parts + 1] = t
		end
	end
	local text = concat(parts, " ")
	local inner = text:match("^%[(.*)%]$") or text
	local idx = tonumber(inner:match("^%s*(%d+)"))
	if not idx or idx > 4294967295 then cur:error(p, "invalid bgp-prefix-sid '" .. text .. "'") end
	local v = char(1) .. u16(7) .. char(0) .. u16(0) .. u32(idx)
	local srgb = {}
	for pair in inner:gmatch("%(([^)]*)%)") do
		local base, range = pair:match("^%s*(%d+)%s*,?%s*(%d+)%s*$")
		base, range = tonumber(base), tonumber(range)
		if not base or base > 16777215 or range > 16777215 then
			cur:error(p, "invalid SRGB '(" .. pair .. ")' in bgp-prefix-sid")
		end
		srgb[#srgb + 1] = u24(base) .. u24(range)
	end
	if #srgb > 0 then
		local body = u16(0) .. concat(srgb)
		v = v .. char(3) .. u16(#body) .. body
	end
	st.attrs[40] = v
end

return M
