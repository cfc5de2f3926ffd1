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
	return { comps = {}, ext = {}, attr_toks = {}, v6 = false, v4 = false }
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

-- IEEE 754 single precision, big-endian (RFC 8955 section 7.1).
local function float32(n)
	if n == 0 then return "\0\0\0\0" end
	local m, e = math.frexp(n)
	local bits = (e - 1 + 127) * 8388608 + floor((m * 2 - 1) * 8388608 + 0.5)
	return u32(bits)
end

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

-- Finish: family name, NLRI bytes, attribute blob.
function M.finish(r, fail)
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
		blob = attributes.compile(r.attr_toks, 0, function(_, msg) fail(msg) end).blob
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

-- Configuration: `flow { route NAME { ... } ... }` after its '{'.
function M.block(ctx, nb, pos, open_pos, emit)
	local stmt = function(p) return ctx:stmt(p) end
	local fail = function(p, msg) ctx:fail(p, msg) end
	return ctx:block(pos, open_pos, function(toks, term, tpos, npos)
		if toks[2] ~= "route" or term ~= "{" then
			ctx:fail(toks[1], "flow expects 'route [NAME] {'")
		end
		local r, after = M.route_body(stmt, fail, npos)
		local family, nlri, blob = M.finish(r, function(msg) ctx:fail(toks[1], msg) end)
		if emit and nb.routes then
			ctx.sink:route_raw(nb.routes, family, nlri, 0, blob, nil, false)
			nb.route_count = (nb.route_count or 0) + 1
		end
		return after
	end)
end

return M
