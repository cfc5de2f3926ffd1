-- Route-bearing blocks: `static { route ...; }` and
-- `announce { ipv4 { unicast ...; } }`.
--
-- The common line `route PREFIX ATTRIBUTES;` is matched by one LPeg pattern
-- over the whole block (no Lua call per token, no table per route): its
-- match-time capture (evaluated as it matches, so nothing accumulates)
-- looks the attribute text up in a cache and hands the
-- cached blob straight to the sink.  Anything else (a `route P { ... }`
-- block, a multi-line statement, a comment inside) falls back to the
-- statement lexer, one statement at a time, then the fast path resumes.
local lpeg = require "lpeg"
local lexer = require "lunabgp.config.lexer"
local attributes = require "lunabgp.config.attributes"
local ip = require "lunabgp.config.ip"
local vpn = require "lunabgp.config.vpn"   -- registers rd / label / bgp-prefix-sid
local flow = require "lunabgp.config.flow"  -- registers the flow families (flow { route ... })
local l2vpn = require "lunabgp.config.l2vpn"
-- statements of announce ipvX { } other than `unicast`: keyword -> handler
-- (ctx, nb, toks, term, tpos, afi, emit)
local statements = require("lunabgp.config.mvpn").statements
statements.mup = require("lunabgp.config.mup").statement   -- mup mup-isd ... (config/mup.lua)
statements["sr-policy"] = require("lunabgp.config.srpolicy").statement   -- config/srpolicy.lua
for k, f in pairs(vpn.statements) do statements[k] = f end   -- multicast, nlri-mpls, mpls-vpn
statements.flow = flow.statement   -- flow / flow-vpn WORDS (config/flow.lua)
statements["flow-vpn"] = flow.statement

local P, S, R, C, Cp, Cc, Ct = lpeg.P, lpeg.S, lpeg.R, lpeg.C, lpeg.Cp, lpeg.Cc, lpeg.Ct

-- statements of static { } other than `route`: keyword -> handler
-- (ctx, nb, toks, term, tpos, emit); below.
local static_statements = {}

local M = {}

local CACHE_MAX = 200000

-- The state of the block being parsed; set before each bulk match.
local cur -- { ctx=, nb=, sink=, handle=, cache=, emit=bool, count= }

local digit = R"09"
local octet = P"25" * R"05" + P"2" * R"04" * digit + P"1" * digit * digit + R"19" * digit + digit
local v4 = octet * "." * octet * "." * octet * "." * octet * -(digit + P".")
local mask4 = P"3" * R"02" + R"12" * digit + digit
local v6ish = (R("09", "af", "AF") + S":.")^1 * P":" * (R("09", "af", "AF") + S":.")^0
local v6ish2 = (R("09", "af", "AF") + S".")^0 * P":" * (R("09", "af", "AF") + S":.")^0
local sp = S" \t"
local V4 = "ipv4 unicast"
local prefix = C(v4 * "/" * mask4) * Cc"ipv4 unicast"
	+ C(v4) * Cc"ipv4 host"
	+ C((v6ish2) * ("/" * digit^1)^-1) * Cc"ipv6 check"
local attrch = 1 - S";{}#\"'\n"

-- An IPv4 multicast group address (224.0.0.0/4, RFC 5771): ExaBGP sends a
-- static route for one in the ipv4 multicast family (SAFI 2).
local function mcast4(prefix_text)
	if prefix_text:byte(1) ~= 50 then return false end   -- '2'
	local a = tonumber(prefix_text:match("^%d+"))
	return a >= 224 and a <= 239
end

-- One prefix to the sink: the unicast text form, or SAFI 2 in wire form.
local function put(c, family, prefix_text, e, mc)
	if mc then
		c.sink:route_raw(c.handle, "ipv4 multicast", vpn.nlri(prefix_text, {}, nil), e.path_id, e.blob,
			e.watchdog, e.withdraw)
	else
		c.sink:route(c.handle, family, prefix_text, e.path_id, e.blob, e.watchdog, e.withdraw)
	end
end

local function emit(e, prefix_text, family, pos)
	local c = cur
	if not e.nh then
		c.ctx:fail(pos, "route " .. prefix_text .. " has no next-hop")
	end
	if e.watchdog and not c.watchdog_seen[e.watchdog] then
		c.watchdog_seen[e.watchdog] = true
		c.nb.watchdogs[#c.nb.watchdogs + 1] = e.watchdog
	end
	if e.raw then   -- labels, RD...: the family module builds the NLRI
		local fam, nlri = e.raw.build(e.raw, prefix_text, family)
		if c.emit then c.sink:route_raw(c.handle, fam, nlri, e.path_id, e.blob, e.watchdog, e.withdraw) end
		c.count = c.count + 1
		return
	end
	local mc = c.static and family == V4 and mcast4(prefix_text)
	if e.split then
		local b, len = ip.prefix(prefix_text)
		if e.split < len or e.split > #b * 8 then
			c.ctx:fail(e.split_pos or pos, "cannot split /" .. len .. " into /" .. e.split)
		end
		if e.split - len > 20 then c.ctx:fail(e.split_pos or pos, "split into more than 2^20 prefixes") end
		if c.emit then
			for _, p in ipairs(ip.split(b, len, e.split)) do put(c, family, p, e, mc) end
		end
		c.count = c.count + 2 ^ (e.split - len)
		return
	end
	if c.emit then put(c, family, prefix_text, e, mc) end
	c.count = c.count + 1
end

local function compile_tokens(toks, base, endpos)
	local ctx = cur.ctx
	return attributes.compile(toks, base, function(p, msg) ctx:fail(p, msg) end, endpos)
end

local function lookup_text(text, apos)
	local c = cur
	local e = c.cache[text]
	if e then return e end
	local toks = lexer.tokens(text)
	e = compile_tokens(toks, apos - 1, apos + #text)
	e.plain = e.nh ~= nil and not e.split and not e.watchdog and not e.raw
	if c.cache_n >= CACHE_MAX then c.cache, c.cache_n = {}, 0; c.ctx.cache = c.cache end
	c.cache[text] = e
	c.cache_n = c.cache_n + 1
	return e
end

-- canonical family + prefix text from the fast-path capture
local function check_prefix(prefix_text, family, pos)
	if family == "ipv4 unicast" then return prefix_text, family end
	if family == "ipv4 host" then return prefix_text .. "/32", "ipv4 unicast" end
	local b, len, v = ip.prefix(prefix_text)
	if not b then cur.ctx:fail(pos, "invalid prefix '" .. prefix_text .. "'") end
	if v == 4 then
		return prefix_text:find("/", 1, true) and prefix_text or prefix_text .. "/32", "ipv4 unicast"
	end
	if not prefix_text:find("/", 1, true) then prefix_text = prefix_text .. "/128" end
	return prefix_text, "ipv6 unicast"
end

-- A route line that passed the fast pattern but needs care: unusual prefix
-- form, uncached attributes, split, watchdog, no next-hop, or validation
-- only.  spos is the position of the statement (for errors).
local function careful(spos, prefix_text, kind, text)
	cur.stmt_pos = spos
	local apos = cur.ctx.src:find(text, spos + 6, true) or spos
	local e = cur.cache[text] or lookup_text(text, apos)
	local family = "ipv4 unicast"
	if kind ~= V4 then prefix_text, family = check_prefix(prefix_text, kind, spos + 6) end
	if cur.afi and cur.afi .. " unicast" ~= family then
		cur.ctx:fail(spos, "prefix " .. prefix_text .. " is not " .. cur.afi)
	end
	emit(e, prefix_text, family, spos)
end

local skip = lexer.skip
-- Fast lines are captured 128 at a time into one table: (prefix, kind, text)
-- triples.  LPeg evaluates captures at the end of a match, so one match per
-- chunk keeps memory flat; a Lua call per route from inside LPeg (Cmt)
-- measured twice as slow as this loop, which LuaJIT compiles.
local CHUNK = 128
local function line_of(keyword, cap)
	local pfx = cap and prefix or (v4 * "/" * mask4 + v4 + v6ish2 * ("/" * digit^1)^-1)
	local text = cap and C(attrch^0) or attrch^0
	return skip * P(keyword) * sp^1 * pfx * sp^1 * text * P";"
end
local chunks = {}
for _, kw in ipairs { "route", "unicast" } do
	chunks[kw] = {
		fast = Ct(line_of(kw, true)^-CHUNK) * Cp(),
		-- statement positions of the same lines, computed only when needed
		where = Ct((skip * Cp() * line_of(kw, false))^-CHUNK),
	}
end

-- Runs of lines that repeat one attribute text T (the originate shape:
-- a million `route P next-hop NH;`): once the per-line path saw T twice in
-- a row on plain routes, a pattern with T as a literal matches up to BATCH
-- such lines and captures one position per line, where its prefix starts
-- (the prefix ends at the first blank): no string, no table per route.
-- The sink gets the positions and parses the prefixes itself (sink:routes,
-- the daemon's in C); the prefix is only checked loosely here, so the sink
-- may stop at one it rejects, and that line goes through the per-line
-- path, which reports the error with its position.
local BATCH = 512
-- (multicast groups, 224-239, are left to the per-line path: see put)
local pfx_loose = {
	["ipv4 unicast"] = -((P"22" * R"49" + P"23" * digit) * P".") * digit * (digit + P".")^0 * ("/" * digit^1)^-1,
	["ipv6 unicast"] = (R("09", "af", "AF") + S":.")^1 * ("/" * digit^1)^-1,
}
local batch_cache, batch_n = {}, 0
local function batch_pattern(keyword, family, text)
	local key = keyword .. "\0" .. family .. "\0" .. text
	local pat = batch_cache[key]
	if pat then return pat end
	if batch_n >= 256 then batch_cache, batch_n = {}, 0 end
	local line = skip * P(keyword) * sp^1 * Cp() * pfx_loose[family] * sp^1 * P(text) * P";"
	pat = { many = Ct(line^-BATCH) * Cp(), one = line / 0 * Cp() }
	batch_cache[key] = pat
	batch_n = batch_n + 1
	return pat
end

-- The prefix text of a batch entry as sink:route wants it (always /LEN).
local function batch_nlri(src, s, family)
	local t = src:match("^[^ \t]+", s)
	if not t:find("/", 1, true) then t = t .. (family == V4 and "/32" or "/128") end
	return t
end

-- The loose batch pattern let the prefix through: a sink that does not
-- check prefixes itself (all but the daemon's) gets only strict ones.
local strict = {
	["ipv4 unicast"] = v4 * ("/" * mask4)^-1 * sp,
}

-- Hand n batched routes to the sink; returns how many it took (fewer: the
-- next one is invalid) and the error text then.
local function batch_emit(sink, handle, family, src, tt, n, e)
	if not sink.checks_prefixes then
		local ok = strict[family]
		for i = 1, n do
			if not ok:match(src, tt[i]) then n = i - 1; break end
		end
		if n == 0 then return 0 end
	end
	if sink.routes then
		return sink:routes(handle, family, src, tt, n, e.path_id, e.blob)
	end
	for i = 1, n do
		local okr, err = pcall(sink.route, sink, handle, family,
			batch_nlri(src, tt[i], family), e.path_id, e.blob, nil, e.withdraw)
		if not okr then return i - 1, err end
	end
	return n
end

local function join(toks, from)
	local parts = {}
	for i = from, #toks, 2 do parts[#parts + 1] = toks[i] end
	return table.concat(parts, " ")
end

-- A route statement seen by the statement lexer (slow path).
-- toks: {pos, text, ...}; toks[2] is the keyword, toks[4] the prefix.
local function slow_route(ctx, toks, term, tpos, npos, afi)
	local kw = toks[2]
	if #toks < 4 then ctx:fail(toks[1], kw .. " expects a prefix") end
	local ptext, ppos = toks[4], toks[3]
	local b, _, v = ip.prefix(ptext)
	if not b then ctx:fail(ppos, "invalid prefix '" .. ptext .. "'") end
	if afi and ((afi == "ipv4") ~= (v == 4)) then
		ctx:fail(ppos, "prefix " .. ptext .. " is not " .. afi)
	end
	local family = v == 4 and "ipv4 unicast" or "ipv6 unicast"
	if not ptext:find("/", 1, true) then ptext = ptext .. (v == 4 and "/32" or "/128") end
	local at = {}
	for i = 5, #toks do at[#at + 1] = toks[i] end
	local endpos = tpos
	if term == "{" then
		-- route P { attr ...; attr ...; }
		local pos = npos
		while true do
			local st, stpos, sterm, snext = ctx:stmt(pos)
			if sterm == "}" and #st == 0 then npos = snext; break end
			if sterm == "EOF" then ctx:fail(tpos, "route block not closed", true) end
			if sterm == "{" then ctx:fail(stpos, "unexpected '{' in route block") end
			if sterm == "}" then ctx:fail(stpos, "';' expected before '}'") end
			for i = 1, #st do at[#at + 1] = st[i] end
			endpos = stpos
			pos = snext
		end
	elseif term ~= ";" then
		ctx:fail(tpos, "';' expected after route")
	end
	local key = join(at, 2)
	local e = cur.cache[key]
	if not e then
		e = compile_tokens(at, 0, endpos)
		e.plain = e.nh ~= nil and not e.split and not e.watchdog and not e.raw
		cur.cache[key] = e
		cur.cache_n = cur.cache_n + 1
	end
	emit(e, ptext, family, toks[1])
	return npos
end

local function new_state(ctx, nb, emit_routes)
	ctx.cache = ctx.cache or {}
	ctx.cache_n = ctx.cache_n or 0
	return {
		ctx = ctx, nb = nb, sink = ctx.sink, handle = nb.routes, emit = emit_routes,
		cache = ctx.cache, cache_n = ctx.cache_n, count = 0, watchdog_seen = nb._watchdog_seen,
	}
end

local function finish_state(st)
	st.ctx.cache_n = st.cache_n
	st.nb.route_count = (st.nb.route_count or 0) + st.count
end

-- Parse a block of route lines starting after its '{'; keyword is "route"
-- (static) or "unicast" (announce ipvX).  Returns the position after '}'.
local function route_block(ctx, nb, pos, open_pos, keyword, afi, emit_routes)
	local st = new_state(ctx, nb, emit_routes)
	local saved = cur
	cur = st
	local ch = chunks[keyword]
	local fast, where = ch.fast, ch.where
	local src = ctx.src
	local v4ok = afi ~= "ipv6"
	st.afi = afi
	st.static = keyword == "route"   -- static: multicast groups go as SAFI 2 (see put)
	local batch, batch_e, batch_fam -- the repeated-text pattern, its entry and family
	local reserved = false
	local ok, res = pcall(function()
		while true do
			local tt, np, n
			if batch then
				tt, np = batch.many:match(src, pos)
				n = #tt
				if n == 0 then batch = nil end
			end
			if batch then
				local c = cur
				local took = batch_emit(c.sink, c.handle, batch_fam, src, tt, n, batch_e)
				c.count = c.count + took
				if took < n then
					-- the per-line path takes the rejected line and reports it
					for _ = 1, took do pos = batch.one:match(src, pos) end
					batch = nil
				else
					if not reserved and c.sink.reserve and n == BATCH then
						-- size the sink's table once for what the rest of the
						-- source may hold at this line length
						reserved = true
						c.sink:reserve(c.handle, math.floor((#src - np) / ((np - pos) / n)))
					end
					pos = np
				end
			else
			tt, np = fast:match(src, pos)
			n = #tt
			if n > 0 then
				local c = cur
				local cache, sink, handle, emit_routes, static = c.cache, c.sink, c.handle, c.emit, c.static
				local spos -- statement positions of this chunk, on demand
				local last_text, repeated
				for i = 1, n, 3 do
					local text = tt[i + 2]
					local e = cache[text]
					if e and e.plain and emit_routes and v4ok and tt[i + 1] == V4 and not (static and mcast4(tt[i])) then
						sink:route(handle, V4, tt[i], e.path_id, e.blob, nil, e.withdraw)
						c.count = c.count + 1
						repeated = text == last_text
						last_text = text
					else
						spos = spos or where:match(src, pos)
						local okc, err = pcall(careful, spos[(i + 2) / 3], tt[i], tt[i + 1], text)
						if not okc then ctx:record(err) end
						cache = c.cache
						last_text, repeated = nil, false
					end
				end
				pos = np
				if repeated and not cache[last_text].withdraw then
					batch, batch_e, batch_fam = batch_pattern(keyword, V4, last_text), cache[last_text], V4
				end
			else
				local toks, tpos, term, npos = ctx:stmt(pos)
				if term == "}" and #toks == 0 then return npos end
				if term == "EOF" then ctx:fail(open_pos, "block not closed (missing '}')", true) end
				if #toks == 0 and term == ";" then
					pos = npos
				elseif #toks == 0 then
					ctx:fail(tpos, "unexpected '" .. term .. "'", true)
				elseif toks[2] ~= keyword and keyword == "unicast" and statements[toks[2]] then
					local okr, err = pcall(statements[toks[2]], ctx, nb, toks, term, tpos, afi, emit_routes)
					if not okr then ctx:record(err) end
					pos = term == "{" and ctx:skip_block(npos) or npos
				elseif keyword == "route" and static_statements[toks[2]] then
					local okr, err = pcall(static_statements[toks[2]], ctx, nb, toks, term, tpos, emit_routes)
					if not okr then ctx:record(err) end
					pos = term == "{" and ctx:skip_block(npos) or npos
				elseif toks[2] ~= keyword then
					local okr, err = pcall(ctx.fail, ctx, toks[1],
						keyword == "route" and ("unknown statement '" .. toks[2] .. "' in static block (route expected)")
						or ("unsupported family '" .. (afi or "?") .. " " .. toks[2] .. "' (not supported yet)"))
					ctx:record(err)
					pos = term == "{" and ctx:skip_block(npos) or npos
				else
					cur.stmt_pos = toks[1]
					local okr, r = pcall(slow_route, ctx, toks, term, tpos, npos, afi)
					if okr then pos = r else
						ctx:record(r)
						pos = term == "{" and ctx:skip_block(npos) or npos
					end
				end
			end
			end
		end
	end)
	cur = saved
	finish_state(st)
	if not ok then error(res, 0) end
	return res
end

-- `sr-policy ...;` in static (ExaBGP's): the family's AFI is the endpoint's.
static_statements["sr-policy"] = function(ctx, nb, toks, term, tpos, emit_routes)
	local afi = "ipv4"
	for i = 4, #toks - 2, 2 do
		if toks[i] == "endpoint" then
			local _, v = ip.parse(toks[i + 2])
			if v == 6 then afi = "ipv6" end
			break
		end
	end
	return statements["sr-policy"](ctx, nb, toks, term, tpos, afi, emit_routes)
end

-- `attributes ATTRIBUTES nlri P1 P2 ...;` in static (ExaBGP's): the
-- prefixes share the attributes, each one as a `route` would be.
static_statements.attributes = function(ctx, _, toks, term, tpos)
	if term ~= ";" then ctx:fail(tpos, "';' expected after attributes") end
	local at, k = {}, nil
	for i = 4, #toks, 2 do
		if toks[i] == "nlri" then k = i; break end
		at[#at + 1] = toks[i - 1]
		at[#at + 1] = toks[i]
	end
	if not k or k == #toks then
		ctx:fail(toks[1], "attributes without 'nlri PREFIX...' (an UPDATE without routes) is not supported")
	end
	local e = compile_tokens(at, 0, toks[k - 1])
	for i = k + 2, #toks, 2 do
		local ptext, ppos = toks[i], toks[i - 1]
		local b, _, v = ip.prefix(ptext)
		if not b then ctx:fail(ppos, "invalid prefix '" .. ptext .. "'") end
		if not ptext:find("/", 1, true) then ptext = ptext .. (v == 4 and "/32" or "/128") end
		emit(e, ptext, v == 4 and V4 or "ipv6 unicast", ppos)
	end
end

function M.static_block(ctx, nb, pos, open_pos, emit_routes)
	return route_block(ctx, nb, pos, open_pos, "route", nil, emit_routes)
end

-- announce { ipv4 { unicast ...; } ipv6 { ... } l2vpn { vpls ...; } }
function M.announce_block(ctx, nb, pos, open_pos, emit_routes)
	return ctx:block(pos, open_pos, function(toks, term, tpos, npos)
		local afi = toks[2]
		if term ~= "{" or #toks ~= 2 then
			ctx:fail(toks[1], "announce expects 'ipv4 {', 'ipv6 {' or 'l2vpn {'")
		end
		if afi == "l2vpn" then
			return ctx:block(npos, tpos, function(t, te, tp, np)
				if t[2] ~= "vpls" or te ~= ";" then
					ctx:fail(t[1], "unknown announce l2vpn statement '" .. t[2] .. "' ('vpls ...;' expected)")
				end
				return l2vpn.statement(ctx, nb, t, te, tp, np, emit_routes)
			end)
		end
		if afi ~= "ipv4" and afi ~= "ipv6" then
			ctx:fail(toks[1], "unknown family '" .. afi .. "' in announce (ipv4, ipv6 or l2vpn)")
		end
		return route_block(ctx, nb, npos, tpos, "unicast", afi, emit_routes)
	end)
end

return M
