-- Route attributes in ExaBGP syntax -> lunabgp's canonical attribute blob
-- (see c/wire/attrs.h): entries [flags][code][len:2][value] sorted by code,
-- each code once, AS_PATH with 4-octet ASNs, AGGREGATOR 8 bytes, NEXT_HOP
-- 4/16/32 bytes or empty for "self".
--
-- compile() also returns the per-route items that are not attributes
-- (path-information, split, watchdog, withdraw, name).  Callers cache its
-- result by the attribute text, so a million routes sharing attributes
-- compile once and share one blob string.
local ip = require "lunabgp.config.ip"

local M = {}
local char, byte, floor, tonumber, concat, sort = string.char, string.byte, math.floor, tonumber, table.concat, table.sort

local function u8(n) return char(n % 256) end
local function u16(n) return char(floor(n / 256) % 256, n % 256) end
local function u32(n)
	return char(floor(n / 16777216) % 256, floor(n / 65536) % 256, floor(n / 256) % 256, n % 256)
end
M.u16, M.u32 = u16, u32

-- Canonical flags of the attributes we build (RFC 4271 section 4.3 and the
-- RFCs defining each attribute).
local FLAGS = {
	[1] = 0x40, [2] = 0x40, [3] = 0x40, [4] = 0x80, [5] = 0x40, [6] = 0x40, [7] = 0xC0,
	[8] = 0xC0, [9] = 0x80, [10] = 0x80, [16] = 0xC0, [25] = 0xC0, [26] = 0x80, [32] = 0xC0,
}
M.FLAGS = FLAGS

-- RFC 1997, RFC 7999, RFC 8326, RFC 7611, RFC 3765, RFC 9494
local WELL_KNOWN = {
	["no-export"] = 0xFFFFFF01, ["no-advertise"] = 0xFFFFFF02, ["no-export-subconfed"] = 0xFFFFFF03,
	["nopeer"] = 0xFFFFFF04, ["no-peer"] = 0xFFFFFF04, ["blackhole"] = 0xFFFF029A,
	["graceful-shutdown"] = 0xFFFF0000, ["accept-own"] = 0xFFFF0001, ["accept-own-nexthop"] = 0xFFFF0008,
	["llgr-stale"] = 0xFFFF0006, ["no-llgr"] = 0xFFFF0007,
}

-- integer 0..max given as decimal or 0x hex
local function number(s, max)
	local n
	if type(s) ~= "string" then return nil end
	if s:match("^0[xX]%x+$") then n = tonumber(s:sub(3), 16)
	elseif s:match("^%d+$") then n = tonumber(s) end
	if n and max and n > max then return nil end
	return n
end
M.number = number

local function asn(s)
	if not s then return nil end
	local hi, lo = s:match("^(%d+)%.(%d+)$") -- asdot notation (RFC 5396)
	if hi then
		hi, lo = tonumber(hi), tonumber(lo)
		if hi > 65535 or lo > 65535 then return nil end
		return hi * 65536 + lo
	end
	return number(s, 4294967295)
end
M.asn = asn

-- A cursor over the flat token array {pos1, text1, pos2, text2, ...}.
local Cur = {}
Cur.__index = Cur

local function cursor(toks, base, fail, endpos)
	return setmetatable({ t = toks, i = 1, n = #toks, base = base or 0, fail = fail, endpos = endpos }, Cur)
end
M.cursor = cursor

function Cur:more() return self.i < self.n end
function Cur:peek() return self.t[self.i + 1] end
function Cur:pos()
	local p = self.t[self.i]
	if p then return p + self.base end
	return self.endpos or self.base
end
function Cur:next(what)
	if self.i >= self.n then self.fail(self:pos(), (what or "value") .. " expected") end
	local pos, s = self.t[self.i] + self.base, self.t[self.i + 1]
	self.i = self.i + 2
	return s, pos
end
function Cur:error(pos, msg) self.fail(pos, msg) end

-- A list "[ a b c ]" or a single word; returns list of {text, pos}.
function Cur:list(what)
	local first, fpos = self:next(what)
	local items = {}
	if first == "[" then
		while true do
			local s, p = self:next("']'")
			if s == "]" then break end
			if s ~= "," then items[#items + 1] = { s, p } end
		end
	else
		items[1] = { first, fpos }
	end
	return items
end

local function community(s)
	local w = WELL_KNOWN[s:lower()]
	if w then return w end
	local a, b = s:match("^(%w+):(%w+)$")
	if a then
		a, b = number(a, 65535), number(b, 65535)
		if a and b then return a * 65536 + b end
		return nil
	end
	return number(s, 4294967295)
end

-- IEEE 754 single precision, big-endian (RFC 8955 section 7.1 rates,
-- RFC 7153 link bandwidth).
local function float32(n)
	if n == 0 then return "\0\0\0\0" end
	local m, e = math.frexp(n)
	local bits = (e - 1 + 127) * 8388608 + floor((m * 2 - 1) * 8388608 + 0.5)
	return u32(bits)
end
M.float32 = float32

-- Extended communities (RFC 4360, RFC 5668, RFC 7153 registries).
local function ext_community(s)
	if s == "redirect-to-nexthop" then   -- ExaBGP's word for type 0x08 (flow redirect to next hop)
		return "\8\0\0\0\0\0\0\0"
	end
	if s:match("^0[xX]%x+$") then
		local hex = s:sub(3)
		if #hex ~= 16 then return nil end
		return (hex:gsub("%x%x", function(h) return char(tonumber(h, 16)) end))
	end
	local kind, rest = s:match("^([%a][%w%-]*):(.+)$")
	if not kind or not rest:find(":", 1, true) then
		-- bare "ASN:value" / "IP:value" means route target (ExaBGP)
		kind, rest = "target", s
	end
	kind = kind:lower()
	if kind == "l2info" then
		local e, c, mtu, r = rest:match("^(%d+):(%d+):(%d+):(%d+)$")
		if not e then return nil end
		e, c, mtu, r = number(e, 255), number(c, 255), number(mtu, 65535), number(r, 65535)
		if not (e and c and mtu and r) then return nil end
		return char(0x80, 0x0A, e, c) .. u16(mtu) .. u16(r)
	end
	if kind == "redirect" then
		local a, v = rest:match("^(%d+):(%d+)$")
		a, v = number(a, 65535), number(v, 4294967295)
		if not (a and v) then return nil end
		return char(0x80, 0x08) .. u16(a) .. u32(v)
	end
	if kind == "bandwidth" then   -- link bandwidth (RFC 7153 0x40 0x04): AS2, bytes/s as a float
		local a, v = rest:match("^(%d+):(%d+)$")
		a, v = number(a, 65535), number(v, 4294967295)
		if not (a and v) then return nil end
		return char(0x40, 0x04) .. u16(a) .. float32(v)
	end
	if kind == "mup" then   -- MUP extended community (draft-mpmz-bess-mup-safi 3.2): type 0x0c, AS2:N4
		local a, v = rest:match("^(%d+):(%d+)$")
		a, v = number(a, 65535), number(v, 4294967295)
		if not (a and v) then return nil end
		return char(0x0C, 0x00) .. u16(a) .. u32(v)
	end
	local sub
	local four = false
	if kind == "target" then sub = 0x02
	elseif kind == "origin" or kind == "soo" then sub = 0x03
	elseif kind == "target4" then sub, four = 0x02, true
	elseif kind == "origin4" then sub, four = 0x03, true
	else return nil, "unsupported extended-community '" .. s .. "'" end
	local a, v = rest:match("^([^:]+):([^:]+)$")
	if not a then return nil end
	-- ExaBGP's "L" suffix (a Python 2 long) asks for the 4-octet AS form
	if a:match("^%d+L$") then a, four = a:sub(1, -2), true end
	local aip, vip = ip.v4(a), ip.v4(v)
	if aip then -- IPv4-address specific: IP(4) + local(2)
		local n = number(v, 65535)
		if not n then return nil end
		return char(0x01, sub) .. aip .. u16(n)
	end
	local as = asn(a)
	if not as then return nil end
	if vip then -- two-octet AS specific with an address-looking value
		if as > 65535 then return nil end
		return char(0x00, sub) .. u16(as) .. vip
	end
	if four or as > 65535 then
		-- ExaBGP encodes 4-octet-AS route targets with type 0x01 (what its
		-- encoding tests expect on the wire), value limited to 16 bits.
		local n = number(v, 65535)
		if not n then return nil end
		return char(0x01, sub) .. u32(as) .. u16(n)
	end
	local n = number(v, 4294967295)
	if not n then return nil end
	return char(0x00, sub) .. u16(as) .. u32(n)
end
M.ext_community = ext_community

-- AS_PATH: "[ 1 2 3 ]", "( 1 2 )" set, "[ { 1 2 } ]" confed, "[ 1 ( 2 3 ) ]"
-- (ExaBGP 4 nested set), several segments in a row, or one bare ASN.
local function as_path(cur)
	local segs = {}
	local function seg(kind) local s = { kind = kind }; segs[#segs + 1] = s; return s end
	local first, fpos = cur:next("as-path")
	if first ~= "[" and first ~= "(" then
		local a = asn(first)
		if not a then cur:error(fpos, "invalid ASN '" .. first .. "' in as-path") end
		seg(2)[1] = a
		return segs
	end
	local function body(open, close, kind_plain, kind_confed)
		local s = cur:peek()
		local confed = false
		if s == "{" then confed = true; cur:next() end
		local cur_seg = seg(confed and kind_confed or kind_plain)
		while true do
			local w, wp = cur:next("'" .. close .. "'")
			if w == close then break
			elseif w == "," or w == "}" then -- separators / end of confed marker
			elseif w == "(" and open == "[" then
				-- ExaBGP 4 form: AS_SET nested in the sequence brackets
				local set = seg(1) -- AS_SET
				while true do
					local x, xp = cur:next("')'")
					if x == ")" then break end
					if x ~= "," then
						local a = asn(x)
						if not a then cur:error(xp, "invalid ASN '" .. x .. "' in as-path") end
						set[#set + 1] = a
					end
				end
				cur_seg = seg(kind_plain)
			else
				local a = asn(w)
				if not a then cur:error(wp, "invalid ASN '" .. w .. "' in as-path") end
				cur_seg[#cur_seg + 1] = a
			end
		end
	end
	local open = first
	while true do
		if open == "[" then body("[", "]", 2, 3) else body("(", ")", 1, 4) end
		local nx = cur:peek()
		if nx == "[" or nx == "(" then open = cur:next() else break end
	end
	return segs
end

local function as_path_value(segs)
	local out = {}
	for _, s in ipairs(segs) do
		local i = 1
		while i <= #s do -- RFC 4271 4.3: at most 255 ASNs per segment
			local n = math.min(255, #s - i + 1)
			out[#out + 1] = char(s.kind, n)
			for k = i, i + n - 1 do out[#out + 1] = u32(s[k]) end
			i = i + n
		end
	end
	return concat(out)
end

local function ipv4_or_number(s)
	local b = ip.v4(s)
	if b then return b end
	local n = number(s, 4294967295)
	return n and u32(n)
end

local handlers = {}
-- Family modules (config/<family>.lua) add their words here and name the
-- families they carry routes for; a handler may set st.raw = { build =
-- function(raw, prefix_text, family) -> family, nlri_bytes } for routes whose
-- NLRI is more than the prefix (labels, RD).
M.handlers = handlers
M.families = {}

handlers["next-hop"] = function(cur, st)
	local s, p = cur:next("next-hop address")
	if s == "self" then st.attrs[3] = ""; st.nh = "self"; return end
	local b, v = ip.parse(s)
	if not b then cur:error(p, "invalid next-hop '" .. s .. "'") end
	-- "next-hop G LL": IPv6 global followed by its link-local
	local nx = cur:peek()
	if v == 6 and nx and ip.v6(nx) then
		cur:next()
		b = b .. ip.v6(nx)
	end
	st.attrs[3] = b
	st.nh = v
end

handlers.origin = function(cur, st)
	local s, p = cur:next("origin")
	local v = ({ igp = 0, egp = 1, incomplete = 2 })[s:lower()]
	if not v then cur:error(p, "invalid origin '" .. s .. "' (igp, egp or incomplete)") end
	st.attrs[1] = char(v)
end

handlers["as-path"] = function(cur, st) st.attrs[2] = as_path_value(as_path(cur)) end

handlers.med = function(cur, st)
	local s, p = cur:next("med")
	local n = number(s, 4294967295)
	if not n then cur:error(p, "invalid med '" .. s .. "'") end
	st.attrs[4] = u32(n)
end

handlers["local-preference"] = function(cur, st)
	local s, p = cur:next("local-preference")
	local n = number(s, 4294967295)
	if not n then cur:error(p, "invalid local-preference '" .. s .. "'") end
	st.attrs[5] = u32(n)
end

handlers["atomic-aggregate"] = function(_, st) st.attrs[6] = "" end

handlers.aggregator = function(cur, st)
	local s, p = cur:next("aggregator")
	local paren = s == "("
	if paren then s, p = cur:next("aggregator") end
	local a, addr = s:match("^([^:]+):(.+)$")
	local as, b = asn(a), ip.v4(addr)
	if not (as and b) then cur:error(p, "invalid aggregator '" .. s .. "' (ASN:IPv4)") end
	if paren then
		local c, cp = cur:next("')'")
		if c ~= ")" then cur:error(cp, "')' expected after aggregator") end
	end
	st.attrs[7] = u32(as) .. b
end

handlers.community = function(cur, st)
	local out = {}
	for _, it in ipairs(cur:list("community")) do
		local c = community(it[1])
		if not c then cur:error(it[2], "invalid community '" .. it[1] .. "'") end
		out[#out + 1] = u32(c)
	end
	-- ExaBGP sends communities sorted by value (conf-new-v4 pins it); the
	-- big-endian bytes sort like the numbers.
	sort(out)
	st.attrs[8] = concat(out)
end

handlers["originator-id"] = function(cur, st)
	local s, p = cur:next("originator-id")
	local b = ipv4_or_number(s)
	if not b then cur:error(p, "invalid originator-id '" .. s .. "'") end
	st.attrs[9] = b
end

handlers["cluster-list"] = function(cur, st)
	local out = {}
	for _, it in ipairs(cur:list("cluster-list")) do
		local b = ipv4_or_number(it[1])
		if not b then cur:error(it[2], "invalid cluster-id '" .. it[1] .. "'") end
		out[#out + 1] = b
	end
	st.attrs[10] = concat(out)
end

handlers["extended-community"] = function(cur, st)
	local out = {}
	for _, it in ipairs(cur:list("extended-community")) do
		local v, why = ext_community(it[1])
		if not v then cur:error(it[2], why or ("invalid extended-community '" .. it[1] .. "'")) end
		out[#out + 1] = v
	end
	sort(out) -- as ExaBGP does, like communities
	st.attrs[16] = concat(out)
end

handlers["large-community"] = function(cur, st)
	local out = {}
	for _, it in ipairs(cur:list("large-community")) do
		local a, b, c = it[1]:match("^(%d+):(%d+):(%d+)$")
		a, b, c = number(a, 4294967295), number(b, 4294967295), number(c, 4294967295)
		if not (a and b and c) then cur:error(it[2], "invalid large-community '" .. it[1] .. "'") end
		out[#out + 1] = u32(a) .. u32(b) .. u32(c)
	end
	sort(out) -- as ExaBGP does, like communities
	st.attrs[32] = concat(out)
end

handlers.aigp = function(cur, st) -- RFC 7311: TLV type 1, length 11, 8-byte metric
	local s, p = cur:next("aigp")
	local n = number(s)
	if not n or n >= 2 ^ 64 then cur:error(p, "invalid aigp '" .. s .. "'") end
	local hi, lo = floor(n / 4294967296), n % 4294967296
	st.attrs[26] = char(1, 0, 11) .. u32(hi) .. u32(lo)
end

handlers.attribute = function(cur, st)
	local o, op = cur:next("'['")
	if o ~= "[" then cur:error(op, "attribute expects [ code flags value ]") end
	local code, cp = cur:next("attribute code")
	local flags, fp = cur:next("attribute flags")
	local val, vp = cur:next("attribute value")
	local c = number(code, 255)
	if not c or c == 0 then cur:error(cp, "invalid attribute code '" .. code .. "'") end
	local f = number(flags, 255)
	if not f then cur:error(fp, "invalid attribute flags '" .. flags .. "'") end
	local bytes
	if val == "]" then
		bytes = ""
	else
		local hex = val:match("^0[xX](%x*)$")
		if not hex or #hex % 2 == 1 then cur:error(vp, "invalid attribute value '" .. val .. "' (0x and an even number of hex digits)") end
		bytes = hex:gsub("%x%x", function(h) return char(tonumber(h, 16)) end)
		local cl, clp = cur:next("']'")
		if cl ~= "]" then cur:error(clp, "']' expected") end
	end
	if c == 14 or c == 15 or c == 17 or c == 18 then
		cur:error(cp, "attribute code " .. c .. " (MP_REACH/MP_UNREACH/AS4) cannot be given raw")
	end
	if #bytes > 65535 then cur:error(vp, "attribute value too long") end
	if st.attrs[c] then cur:error(cp, "attribute code " .. c .. " given twice") end
	st.attrs[c] = bytes
	-- Known codes get their canonical flags.  Unknown ones keep what was
	-- written, extended-length (0x10) included: the encoder honours it for
	-- codes it does not know (RFC 4271 section 4.3 allows the extended
	-- length for any size), which is what ExaBGP sends (conf-generic-attribute).
	st.flags[c] = FLAGS[c] or f
end

-- per-route items
handlers["path-information"] = function(cur, st)
	local s, p = cur:next("path-information")
	local b = ipv4_or_number(s)
	if not b then cur:error(p, "invalid path-information '" .. s .. "'") end
	st.path_id = byte(b, 1) * 16777216 + byte(b, 2) * 65536 + byte(b, 3) * 256 + byte(b, 4)
end
handlers.split = function(cur, st)
	local s, p = cur:next("split")
	local n = tonumber(s:match("^/(%d+)$") or "")
	if not n or n > 128 then cur:error(p, "invalid split '" .. s .. "' (/LEN)") end
	st.split, st.split_pos = n, p
end
handlers.watchdog = function(cur, st) st.watchdog = cur:next("watchdog name") end
handlers.withdraw = function(_, st) st.withdraw = true end
handlers.name = function(cur, st) st.name = cur:next("route name") end

local UNSUPPORTED = {
	rd = "route-distinguisher (VPN routes)", ["route-distinguisher"] = "route-distinguisher (VPN routes)",
	label = "label (labelled routes)", ["bgp-prefix-sid"] = "bgp-prefix-sid", ["bgp-prefix-sid-srv6"] = "bgp-prefix-sid-srv6",
	["ipv6-extended-community"] = "ipv6-extended-community",
}

-- Compile attribute tokens into an entry {blob, path_id, split, watchdog,
-- withdraw, name, nh}.  fail(pos, msg) must raise.
function M.compile(toks, base, fail, endpos)
	local cur = cursor(toks, base, fail, endpos)
	local st = { attrs = {}, flags = {}, path_id = 0, withdraw = false }
	while cur:more() do
		local w, p = cur:next()
		local h = handlers[w] or handlers[w:lower()]
		if not h then
			if UNSUPPORTED[w] then cur:error(p, "unsupported attribute '" .. w .. "': " .. UNSUPPORTED[w] .. " not supported yet") end
			cur:error(p, "unknown attribute '" .. w .. "'")
		end
		h(cur, st)
	end
	local codes = {}
	for c in pairs(st.attrs) do codes[#codes + 1] = c end
	sort(codes)
	local out = {}
	for _, c in ipairs(codes) do
		local v = st.attrs[c]
		if #v > 65535 then fail(base, "attribute " .. c .. " longer than 65535 bytes") end
		out[#out + 1] = char(st.flags[c] or FLAGS[c] or 0xC0, c) .. u16(#v) .. v
	end
	return {
		blob = concat(out), path_id = st.path_id, split = st.split, split_pos = st.split_pos,
		watchdog = st.watchdog, withdraw = st.withdraw, name = st.name, nh = st.nh, raw = st.raw,
	}
end

return M
