-- FlowSpec (RFC 8955, RFC 8956) in ExaBGP's syntax -> NLRI in wire form and
-- an attribute blob, for sink:route_raw (configuration) and
-- lb_api_route_raw (API):
--
--   flow {
--     route NAME {
--       rd 65535:65536; next-hop 1.2.3.4;
--       match { source 10.0.0.1/32; destination-port [ >8080&<8088 =3128 ]; protocol [ udp tcp ]; }
--       then { rate-limit 9600; redirect 65500:12345; community [ 30740:0 ]; }
--     }
--   }
--
-- The traffic actions of `then` are extended communities (RFC 8955 section 7,
-- RFC 7674 redirect-to-IP drafts as ExaBGP writes them); any other word of
-- `then` is a route attribute (config/attributes.lua).
local attributes = require "lunabgp.config.attributes"
local ip = require "lunabgp.config.ip"
local vpn = require "lunabgp.config.vpn"

local M = {}
local char, byte, floor, concat, sort, tonumber = string.char, string.byte, math.floor, table.concat, table.sort, tonumber
local u16, u32, number = attributes.u16, attributes.u32, attributes.number

for _, f in ipairs { "ipv4 flow", "ipv6 flow", "ipv4 flow-vpn", "ipv6 flow-vpn" } do
	attributes.families[f] = true
end

-- component types (RFC 8955 section 4.2.2, RFC 8956 section 3)
local DST, SRC, PROTO, PORT, DPORT, SPORT, ICMPT, ICMPC, TCPF, PLEN, DSCP, FRAG, LABEL =
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13

local PROTOCOLS = { icmp = 1, igmp = 2, tcp = 6, egp = 8, udp = 17, rsvp = 46, gre = 47, esp = 50,
	ah = 51, ospf = 89, ipip = 94, pim = 103, sctp = 132 }
local ICMP_TYPES = { ["echo-reply"] = 0, unreachable = 3, redirect = 5, ["echo-request"] = 8,
	["router-advertisement"] = 9, ["router-solicit"] = 10, ["time-exceeded"] = 11,
	["parameter-problem"] = 12, timestamp = 13, ["timestamp-reply"] = 14, photuris = 40,
	["experimental-mobility"] = 41, ["extended-echo-request"] = 42, ["extended-echo-reply"] = 43,
	["experimental-one"] = 253, ["experimental-two"] = 254 }
local ICMP_CODES = { ["network-unreachable"] = 0, ["host-unreachable"] = 1, ["protocol-unreachable"] = 2,
	["port-unreachable"] = 3, ["fragmentation-needed"] = 4, ["source-route-failed"] = 5,
	["destination-network-unknown"] = 6, ["destination-host-unknown"] = 7, ["source-host-isolated"] = 8,
	["destination-network-prohibited"] = 9, ["destination-host-prohibited"] = 10,
	["network-unreachable-for-tos"] = 11, ["host-unreachable-for-tos"] = 12,
	["communication-prohibited-by-filtering"] = 13, ["host-precedence-violation"] = 14,
	["precedence-cutoff-in-effect"] = 15, ["redirect-for-network"] = 0, ["redirect-for-host"] = 1,
	["redirect-for-tos-and-net"] = 2, ["redirect-for-tos-and-host"] = 3,
	["ttl-eq-zero-during-transit"] = 0, ["ttl-eq-zero-during-reassembly"] = 1,
	["required-option-missing"] = 1, ["ip-header-bad"] = 2 }
local TCP_FLAGS = { fin = 0x01, syn = 0x02, rst = 0x04, push = 0x08, ack = 0x10, urg = 0x20, urgent = 0x20,
	ece = 0x40, cwr = 0x80, ns = 0x100 }
local FRAGMENTS = { ["dont-fragment"] = 1, ["is-fragment"] = 2, ["first-fragment"] = 4, ["last-fragment"] = 8 }

-- word -> { type, kind, names/limit, v6only, v4only }
local COMPONENTS = {
	source = { SRC, "prefix" }, ["source-ipv4"] = { SRC, "prefix" }, ["source-ipv6"] = { SRC, "prefix" },
	destination = { DST, "prefix" }, ["destination-ipv4"] = { DST, "prefix" },
	["destination-ipv6"] = { DST, "prefix" },
	protocol = { PROTO, "num", PROTOCOLS, 255 }, ["next-header"] = { PROTO, "num", PROTOCOLS, 255, v6 = true },
	port = { PORT, "num", nil, 65535 }, ["destination-port"] = { DPORT, "num", nil, 65535 },
	["source-port"] = { SPORT, "num", nil, 65535 },
	["icmp-type"] = { ICMPT, "num", ICMP_TYPES, 255 }, ["icmp-code"] = { ICMPC, "num", ICMP_CODES, 255 },
	["tcp-flags"] = { TCPF, "bin", TCP_FLAGS, 0xffff },
	["packet-length"] = { PLEN, "num", nil, 65535 },
	dscp = { DSCP, "num", nil, 63 }, ["traffic-class"] = { DSCP, "num", nil, 255, v6 = true },
	fragment = { FRAG, "bin", FRAGMENTS, 0xff },
	["flow-label"] = { LABEL, "num", nil, 0xfffff, v6 = true },
}
-- the widest value each type carries (RFC 8955 4.2.2): 1, 2 or 4 bytes
local WIDE = { [PROTO] = 1, [ICMPT] = 1, [ICMPC] = 1, [DSCP] = 1, [FRAG] = 1, [LABEL] = 4 }

local function value_bytes(v, t)
	local max = WIDE[t] or 2
	if v < 256 then return 0x00, char(v) end
	if v < 65536 and max >= 2 then return 0x10, u16(v) end
	if max >= 4 then return 0x20, u32(v) end
	return nil
end

local NUMOP = { ["="] = 1, [">"] = 2, [">="] = 3, ["<"] = 4, ["<="] = 5, ["!="] = 6, ["!"] = 6 }
local BINOP = { [""] = 0, ["="] = 1, ["!"] = 2, ["!="] = 3 }

-- "tcp" / "3128" / "0x10" / "syn+ack" -> number or nil
local function named_value(s, names, max, bits)
	if bits then
		local v = 0
		for part in s:gmatch("[^+]+") do
			local p = part:lower()
			local n = names[p] or number(p, max)
			if not n then return nil end
			v = v + n
		end
		return v <= max and v or nil
	end
	local n = names and names[s:lower()] or number(s, max)
	return n
end

-- One token "<op><value>(&<op><value>)*" -> list of { op, value } (op has
-- the AND bit for the terms after the first).
local function terms(tok, spec, fail)
	local out = {}
	local first = true
	for term in tok:gmatch("[^&]+") do
		local opt, val = term:match("^([!=<>]*)(.*)$")
		local op
		if spec[2] == "bin" then
			op = BINOP[opt]
		else
			op = opt == "" and 1 or NUMOP[opt]
		end
		if not op then fail("invalid operator '" .. opt .. "' in '" .. tok .. "'") end
		local v = named_value(val, spec[3], spec[4], spec[2] == "bin")
		if not v then fail("invalid value '" .. val .. "' in '" .. tok .. "'") end
		if not first then op = op + 0x40 end
		first = false
		out[#out + 1] = { op, v }
	end
	if #out == 0 then fail("value expected") end
	return out
end

-- Prefix "10.0.0.0/24", "2001:db8::/32" or "::1/128/120" (IPv6 offset).
local function prefix(s, fail)
	local p, off = s:match("^(.+/%d+)/(%d+)$")
	if not p then p = s end
	local b, len, v = ip.prefix(p)
	if not b then fail("invalid prefix '" .. s .. "'") end
	off = tonumber(off or "0")
	if v == 4 and off ~= 0 then fail("an offset is only for IPv6 prefixes: '" .. s .. "'") end
	if off > len then fail("offset beyond the prefix length: '" .. s .. "'") end
	local n = floor((len + 7) / 8)
	local bytes = { byte(b, 1, n) }
	if len % 8 ~= 0 then bytes[n] = bytes[n] - bytes[n] % 2 ^ (8 - len % 8) end
	local body = char(unpack(bytes))
	-- ExaBGP's IPv6 layout: length, offset, ceil(length/8) bytes
	if v == 6 then return char(len, off) .. body, 6 end
	return char(len) .. body, 4
end

function M.is_component(w) return COMPONENTS[w] ~= nil end

-- A new route being built.
function M.new()
	return { comps = {}, ext = {}, ext6 = {}, attr_toks = {}, v6 = false, v4 = false }
end

-- A match statement: word and its value tokens (strings; "[" "]" allowed).
function M.match(r, word, vals, fail)
	local spec = COMPONENTS[word]
	if not spec then fail("unknown flow match '" .. word .. "'") end
	if spec.v6 then r.v6 = true end
	local list = {}
	for _, s in ipairs(vals) do
		if s ~= "[" and s ~= "]" and s ~= "," then list[#list + 1] = s end
	end
	if #list == 0 then fail(word .. ": value expected") end
	local t = spec[1]
	local c = r.comps[t] or {}
	r.comps[t] = c
	if spec[2] == "prefix" then
		if #list ~= 1 then fail(word .. " takes one prefix") end
		if c[1] then fail(word .. " given twice") end
		local b, v = prefix(list[1], fail)
		if v == 6 then r.v6 = true else r.v4 = true end
		c[1] = b
		return
	end
	for _, s in ipairs(list) do
		for _, tv in ipairs(terms(s, spec, fail)) do
			local lenbits, vb = value_bytes(tv[2], t)
			if not lenbits then fail(word .. ": value " .. tv[2] .. " too large") end
			c[#c + 1] = { tv[1] + lenbits, vb }
		end
	end
end

local float32 = attributes.float32   -- RFC 8955 section 7.1 rates

local function ext(r, bytes) r.ext[#r.ext + 1] = bytes end

local function set_nh(r, s, fail)
	local b = ip.parse(s)
	if not b then fail("invalid next-hop '" .. tostring(s) .. "'") end
	r.nh = b
end

-- A then statement: word and value tokens.  Returns true if handled here.
local ACTIONS = {}
ACTIONS.discard = function(r) ext(r, "\128\6\0\0" .. float32(0)) end
ACTIONS.accept = function() end
ACTIONS["rate-limit"] = function(r, v, fail)
	local n = tonumber(v[1] or "")
	if not n or n < 0 then fail("rate-limit: number expected") end
	if v[2] == "packets" then ext(r, "\128\12\0\0" .. float32(n))   -- draft-ietf-idr-flowspec-v2 0x0c
	else ext(r, "\128\6\0\0" .. float32(n)) end
end
ACTIONS.redirect = function(r, v, fail)
	local s = v[1] or fail("redirect: target expected")
	local a, n = s:match("^([^:]+):(%d+)$")
	if a then
		local aip = ip.v4(a)
		if aip then
			local x = number(n, 65535) or fail("redirect: value too large")
			return ext(r, "\129\8" .. aip .. u16(x))
		end
		local as = attributes.asn(a) or fail("redirect: invalid ASN '" .. a .. "'")
		if as > 65535 then
			local x = number(n, 65535) or fail("redirect: value too large")
			return ext(r, "\130\8" .. u32(as) .. u16(x))
		end
		local x = number(n, 4294967295) or fail("redirect: value too large")
		return ext(r, "\128\8" .. u16(as) .. u32(x))
	end
	-- an address: redirect to that next hop (ExaBGP: next-hop + redirect-to-nexthop)
	set_nh(r, s, fail)
	ext(r, "\8\0\0\0\0\0\0\0")
end
ACTIONS["redirect-to-nexthop"] = function(r) ext(r, "\8\0\0\0\0\0\0\0") end
ACTIONS["copy-to-nexthop"] = function(r) ext(r, "\8\0\0\0\0\0\0\1") end
ACTIONS.copy = function(r, v, fail)
	set_nh(r, v[1], fail)
	ext(r, "\8\0\0\0\0\0\0\1")
end
ACTIONS.mark = function(r, v, fail)
	local n = number(v[1], 63) or fail("mark: DSCP 0..63 expected")
	ext(r, "\128\9\0\0\0\0\0" .. char(n))
end
ACTIONS.action = function(r, v, fail)
	local bits = ({ sample = 2, terminal = 1, ["sample-terminal"] = 3, ["terminal-sample"] = 3 })[v[1] or ""]
	if not bits then fail("action: sample, terminal or sample-terminal expected") end
	ext(r, "\128\7\0\0\0\0\0" .. char(bits))
end
ACTIONS["next-hop"] = function(r, v, fail) set_nh(r, v[1], fail) end
-- RFC 7674's successor (draft-ietf-idr-flowspec-redirect-ip): the target
-- address in the community, IPv4 type 0x01 subtype 0x0c, IPv6 the same
-- subtype in the IPv6 extended communities (RFC 5701, attribute 25).
ACTIONS["redirect-to-nexthop-ietf"] = function(r, v, fail)
	local b, ver = ip.parse(v[1] or "")
	if not b then fail("redirect-to-nexthop-ietf: invalid address '" .. tostring(v[1]) .. "'") end
	if ver == 4 then return ext(r, "\1\12" .. b .. "\0\0") end
	r.ext6[#r.ext6 + 1] = "\0\12" .. b .. "\0\0"
end
-- interface-set [ [transitive:|non-transitive:]input|output|input-output:ASN:GROUP ... ]
-- (draft-ietf-idr-flowspec-interfaceset): type 0x07 (0x47 non-transitive),
-- subtype 0x02, ASN(4), direction(2 bits) + group id(14 bits).
local DIRECTIONS = { input = 1, output = 2, ["input-output"] = 3 }
ACTIONS["interface-set"] = function(r, v, fail)
	local any = false
	for _, s in ipairs(v) do
		if s ~= "[" and s ~= "]" and s ~= "," then
			any = true
			local parts = {}
			for x in s:gmatch("[^:]+") do parts[#parts + 1] = x end
			local t = 0x07
			if #parts == 4 then
				local tr = table.remove(parts, 1)
				if tr == "non-transitive" then t = 0x47
				elseif tr ~= "transitive" then fail("interface-set: transitive or non-transitive expected, not '" .. tr .. "'") end
			end
			local dir, as, group = DIRECTIONS[parts[1] or ""], number(parts[2], 4294967295), number(parts[3], 16383)
			if #parts ~= 3 or not dir or not as or not group then
				fail("invalid interface-set '" .. s .. "' ([transitive:|non-transitive:]input|output|input-output:ASN:GROUP)")
			end
			ext(r, char(t, 2) .. u32(as) .. u16(dir * 16384 + group))
		end
	end
	if not any then fail("interface-set: value expected") end
end

-- A then (or route-level attribute) statement, tokens as {pos, text, ...}.
function M.action(r, toks, fail)
	local word = toks[2]
	local h = ACTIONS[word]
	if h then
		local vals = {}
		for i = 4, #toks, 2 do vals[#vals + 1] = toks[i] end
		return h(r, vals, fail)
	end
	local at = r.attr_toks
	for i = 1, #toks do at[#at + 1] = toks[i] end
end

function M.rd(r, s, fail)
	r.rd = vpn.rd(s) or fail("invalid route-distinguisher '" .. tostring(s) .. "'")
end

-- Finish: family name, NLRI bytes, attribute blob.  fail(msg) raises;
-- pfail(pos, msg), when given, reports attribute errors at their word.
function M.finish(r, fail, pfail)
	if r.v4 and r.v6 then fail("flow route mixes IPv4 and IPv6 components") end
	local parts = { r.rd or "" }
	for t = 1, 13 do
		local c = r.comps[t]
		if c and #c > 0 then
			parts[#parts + 1] = char(t)
			if t == DST or t == SRC then
				parts[#parts + 1] = c[1]
			else
				for i, rule in ipairs(c) do
					local op = rule[1]
					if i == #c then op = op + 0x80 end
					parts[#parts + 1] = char(op) .. rule[2]
				end
			end
		end
	end
	local body = concat(parts)
	if #body == #(r.rd or "") then fail("flow route without any match") end
	if #body > 4095 then fail("flow route too long") end
	local nlri = #body < 240 and (char(#body) .. body) or (u16(0xF000 + #body) .. body)
	local family = (r.v6 and "ipv6" or "ipv4") .. (r.rd and " flow-vpn" or " flow")
	-- attributes: the generic words, then our extended communities and next hop
	local blob = ""
	if #r.attr_toks > 0 then
		blob = attributes.compile(r.attr_toks, 0, pfail or function(_, msg) fail(msg) end).blob
	end
	local attrs, i = {}, 1
	while i <= #blob do
		local code, len = byte(blob, i + 1), byte(blob, i + 2) * 256 + byte(blob, i + 3)
		attrs[code] = blob:sub(i, i + 3 + len)
		i = i + 4 + len
	end
	if r.nh then attrs[3] = char(0x40, 3) .. u16(#r.nh) .. r.nh end
	if #r.ext > 0 then
		local all = {}
		local old = attrs[16]
		if old then
			for k = 5, #old, 8 do all[#all + 1] = old:sub(k, k + 7) end
		end
		for _, e in ipairs(r.ext) do all[#all + 1] = e end
		sort(all)
		local v = concat(all)
		attrs[16] = char(0xC0, 16) .. u16(#v) .. v
	end
	if #r.ext6 > 0 then   -- IPv6 address specific extended communities (RFC 5701)
		local all = {}
		local old = attrs[25]
		if old then
			for k = 5, #old, 20 do all[#all + 1] = old:sub(k, k + 19) end
		end
		for _, e in ipairs(r.ext6) do all[#all + 1] = e end
		sort(all)
		local v = concat(all)
		attrs[25] = char(0xC0, 25) .. u16(#v) .. v
	end
	local codes = {}
	for code in pairs(attrs) do codes[#codes + 1] = code end
	sort(codes)
	local out = {}
	for _, code in ipairs(codes) do out[#out + 1] = attrs[code] end
	return family, nlri, concat(out)
end

-- Statements of a `route { ... }` body given a statement reader:
-- stmt(pos) -> toks, tpos, term, npos; fail(pos, msg) raises.
function M.route_body(stmt, fail, pos)
	local r = M.new()
	while true do
		local toks, tpos, term, npos = stmt(pos)
		if term == "EOF" then fail(tpos, "flow route not closed (missing '}')") end
		if term == "}" and #toks == 0 then return r, npos end
		local word = toks[2]
		local f = function(msg) fail(toks[1] or tpos, msg) end
		if term == "{" and (word == "match" or word == "then" or word == "scope") then
			pos = npos
			while true do
				local t2, tp2, term2, np2 = stmt(pos)
				if term2 == "EOF" then fail(tp2, word .. " block not closed (missing '}')") end
				pos = np2
				if term2 == "}" and #t2 == 0 then break end
				if term2 ~= ";" and not (term2 == "}" and #t2 > 0) then fail(tp2, "';' expected") end
				if #t2 > 0 then
					local f2 = function(msg) fail(t2[1], msg) end
					if word == "match" then
						local vals = {}
						for i = 4, #t2, 2 do vals[#vals + 1] = t2[i] end
						M.match(r, t2[2], vals, f2)
					else
						M.action(r, t2, f2)
					end
				end
				if term2 == "}" then break end
			end
		elseif term == ";" and (word == "rd" or word == "route-distinguisher") then
			M.rd(r, toks[4], f)
			pos = npos
		elseif term == ";" and word then
			M.action(r, toks, f)   -- next-hop and route attributes at route level
			pos = npos
		elseif term == ";" then
			pos = npos
		else
			fail(toks[1] or tpos, "unexpected '" .. tostring(word or term) .. "' in flow route")
		end
	end
end

-- Extended communities as ExaBGP prints them for flows (the API's one-line
-- form repeats what it received): copy-to-nexthop, rate-limit:N[:packets],
-- and every form of config/attributes.lua (redirect-to-nexthop included).
local function ext_item(r, s, fail)
	if s == "copy-to-nexthop" then r.ext[#r.ext + 1] = "\8\0\0\0\0\0\0\1"; return end
	local n, pk = s:match("^rate%-limit:(%d+%.?%d*)(:?p?a?c?k?e?t?s?)$")
	if n then
		ACTIONS["rate-limit"](r, { n, pk == ":packets" and "packets" or nil }, fail)
		return
	end
	local v, why = attributes.ext_community(s)
	if not v then fail(why or ("invalid extended-community '" .. s .. "'")) end
	r.ext[#r.ext + 1] = v
end

-- Traffic actions in the one-line form and how many values each takes
-- (rate-limit may add a unit: bytes or packets).
local LINE_ACTIONS = { accept = 0, discard = 0, ["redirect-to-nexthop"] = 0, ["copy-to-nexthop"] = 0,
	["rate-limit"] = 1, redirect = 1, copy = 1, mark = 1, action = 1, ["next-hop"] = 1,
	["redirect-to-nexthop-ietf"] = 1, ["interface-set"] = "list" }

-- One route in the one-statement form, the words after the SAFI:
--   flow|flow-vpn [rd RD] MATCH... ACTION... ATTRIBUTES...
-- as `announce { ipv4|ipv6 { flow ...; } }` and the API's
-- `announce ipv4|ipv6 flow ...` write it.  toks: {pos, text, ...}; afi
-- "ipv4"/"ipv6"; safi "flow"/"flow-vpn"; fail(pos, msg) raises.  Returns
-- the route for M.finish.
function M.line(toks, afi, safi, fail)
	local r = M.new()
	if afi == "ipv6" then r.v6 = true end
	local i = 2
	local function word() local w = toks[i]; i = i + 2; return w end
	local function values(what, p)
		local w = word()
		if not w then fail(p, what .. ": value expected") end
		if w ~= "[" then return { w } end
		local out = {}
		while true do
			local x = word()
			if not x then fail(p, "']' expected") end
			if x == "]" then return out end
			out[#out + 1] = x
		end
	end
	local function keyword(w)
		return w and (COMPONENTS[w] or LINE_ACTIONS[w] or w == "rd" or w == "route-distinguisher"
			or w == "extended-community" or attributes.handlers[w])
	end
	while toks[i] do
		local p = toks[i - 1]
		local w = word()
		local f = function(msg) fail(p, msg) end
		if w == "rd" or w == "route-distinguisher" then
			M.rd(r, word(), f)
		elseif w == "extended-community" then
			for _, s in ipairs(values(w, p)) do ext_item(r, s, f) end
		elseif COMPONENTS[w] then
			M.match(r, w, values(w, p), f)
		elseif LINE_ACTIONS[w] == "list" then
			ACTIONS[w](r, values(w, p), f)
		elseif LINE_ACTIONS[w] then
			local v = {}
			for k = 1, LINE_ACTIONS[w] do
				v[k] = word()
				if not v[k] then fail(p, w .. ": value expected") end
			end
			if w == "rate-limit" and (toks[i] == "packets" or toks[i] == "bytes") then v[2] = word() end
			ACTIONS[w](r, v, f)
		else
			-- a route attribute: its words, up to the next keyword, go to
			-- config/attributes.lua (which reports unknown words)
			local at = r.attr_toks
			at[#at + 1] = p
			at[#at + 1] = w
			while toks[i] and not keyword(toks[i]) do
				at[#at + 1] = toks[i - 1]
				at[#at + 1] = toks[i]
				i = i + 2
			end
		end
	end
	-- flow-vpn without an rd: RD 0:0 (ExaBGP's)
	if safi == "flow-vpn" and not r.rd then r.rd = char(0, 0, 0, 0, 0, 0, 0, 0) end
	return r
end

-- Configuration: `flow ...;` / `flow-vpn ...;` inside `announce { ipvX { } }`
-- (hooked in config/routes.lua).
function M.statement(ctx, nb, toks, term, tpos, afi, emit)
	local safi = toks[2]
	if term ~= ";" then ctx:fail(tpos, "';' expected after " .. safi .. " route") end
	local words = {}
	for k = 3, #toks do words[#words + 1] = toks[k] end
	local fail = function(p, msg) ctx:fail(p, msg) end
	local r = M.line(words, afi, safi, fail)
	local family, nlri, blob = M.finish(r, function(msg) ctx:fail(toks[1], msg) end, fail)
	if family:match("^%S+") ~= afi then ctx:fail(toks[1], "flow route is not " .. afi) end
	if emit and nb.routes then ctx.sink:route_raw(nb.routes, family, nlri, 0, blob, nil, false) end
	nb.route_count = (nb.route_count or 0) + 1
end

-- Configuration: `flow { route NAME { ... } ... }` after its '{'.
function M.block(ctx, nb, pos, open_pos, emit)
	local stmt = function(p) return ctx:stmt(p) end
	local fail = function(p, msg) ctx:fail(p, msg) end
	return ctx:block(pos, open_pos, function(toks, term, tpos, npos)
		if toks[2] ~= "route" or term ~= "{" then
			ctx:fail(toks[1], "flow expects 'route [NAME] {'")
		end
		local r, after = M.route_body(stmt, fail, npos)
		local family, nlri, blob = M.finish(r, function(msg) ctx:fail(toks[1], msg) end, fail)
		if emit and nb.routes then
			ctx.sink:route_raw(nb.routes, family, nlri, 0, blob, nil, false)
			nb.route_count = (nb.route_count or 0) + 1
		end
		return after
	end)
end

return M
