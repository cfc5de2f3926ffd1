-- The policy runtime: runs inside the policy lua_State (c/embed/policy.c),
-- never in the daemon's.  Trusted code: it holds `ffi`; policy code gets
-- only the sandbox environment built here (../shared/LUA.md 7.7) and route
-- handles whose methods are defined below (docs/lua.md lists them).
local ffi = require "ffi"
local instrument = require "lunabgp.policy.instrument"

local C = ffi.C
local M = {}

local B                    -- struct lb_policy_batch * (C global)
local env                  -- the sandbox, shared by every lua/script block
local named = {}           -- script NAME { ... return function ... }
local cur_peer             -- r:peer() of the running batch

local VERDICT = { accept = 1, reject = 2 }
local E = { local_pref = 1, med = 2, origin = 3, community_add = 5, community_del = 6,
	large_add = 7, ext_add = 8, prepend = 9 }
local ORIGIN = { [0] = "igp", [1] = "egp", [2] = "incomplete", igp = 0, egp = 1, incomplete = 2 }
local STATUS = { [-1] = "route handle used outside its batch", [-2] = "too many edits on one route",
	[-3] = "bad argument" }

local function check(rc)
	if rc ~= 0 then error(STATUS[rc] or "policy helper failed", 3) end
end

local function u32(v, what)
	if type(v) ~= "number" or v < 0 or v > 4294967295 or v % 1 ~= 0 then
		error(what .. ": expected an integer 0..4294967295, got " .. tostring(v), 3)
	end
	return v
end

local fam_names = {}
local methods = {}

function methods.prefix(r)
	local s = C.lb_rt_prefix(r)
	if s == nil then error(STATUS[-1], 2) end
	return ffi.string(s)
end
function methods.plen(r) return C.lb_rt_plen(r) end
function methods.family(r)
	local f = C.lb_rt_family(r)
	local n = fam_names[f]
	if not n then
		local s = C.lb_policy_family_name(f)
		n = s ~= nil and ffi.string(s) or "?"
		fam_names[f] = n
	end
	return n
end
function methods.peer(r) return cur_peer end
function methods.aspath_has(r, asn) return C.lb_rt_aspath_has(r, u32(asn, "aspath_has")) ~= 0 end
function methods.aspath_len(r) return C.lb_rt_aspath_len(r) end
function methods.has_community(r, a, b)
	return C.lb_rt_has_community(r, u32(a, "has_community"), u32(b, "has_community")) ~= 0
end
function methods.med(r) local v = C.lb_rt_med(r); if v < 0 then return nil end return v end
function methods.local_pref(r) local v = C.lb_rt_local_pref(r); if v < 0 then return nil end return v end
function methods.origin(r) return ORIGIN[C.lb_rt_origin(r)] end
function methods.next_hop(r)
	local s = C.lb_rt_next_hop(r)
	if s == nil then return nil end
	return ffi.string(s)
end
function methods.accept(r) check(C.lb_rt_set_verdict(r, 1)) end
function methods.reject(r) check(C.lb_rt_set_verdict(r, 2)) end
function methods.verdict(r)
	local v = C.lb_rt_verdict(r)
	return v == 1 and "accept" or v == 2 and "reject" or nil
end
function methods.set_local_pref(r, v) check(C.lb_rt_edit(r, 1, u32(v, "set_local_pref"), 0, 0)) end
function methods.set_med(r, v) check(C.lb_rt_edit(r, 2, u32(v, "set_med"), 0, 0)) end
function methods.set_origin(r, o)
	local n = type(o) == "string" and ORIGIN[o:lower()] or o
	if type(n) ~= "number" then error("set_origin: igp, egp or incomplete expected", 2) end
	check(C.lb_rt_edit(r, 3, n, 0, 0))
end
function methods.set_next_hop(r, ip)
	if type(ip) ~= "string" then error("set_next_hop: an address or 'self' expected", 2) end
	check(C.lb_rt_set_next_hop(r, ip))
end
function methods.add_community(r, a, b)
	check(C.lb_rt_edit(r, 5, u32(a, "add_community"), u32(b, "add_community"), 0))
end
function methods.remove_community(r, a, b)
	check(C.lb_rt_edit(r, 6, u32(a, "remove_community"), u32(b, "remove_community"), 0))
end
function methods.add_large_community(r, a, b, c)
	check(C.lb_rt_edit(r, 7, u32(a, "add_large_community"), u32(b, "add_large_community"),
		u32(c, "add_large_community")))
end
-- add_ext_community("target:65000:100" | "origin:65000:100") or (high, low):
-- the 8 bytes as two 32-bit halves (RFC 4360).
function methods.add_ext_community(r, x, y)
	local hi, lo
	if type(x) == "string" then
		local kind, a, b = x:match("^(%a+):(%d+):(%d+)$")
		local sub = kind == "target" and 2 or kind == "origin" and 3 or nil
		if not sub then error("add_ext_community: 'target:A:B', 'origin:A:B' or two numbers expected", 2) end
		a, b = tonumber(a), tonumber(b)
		if a <= 0xffff and b <= 0xffffffff then
			hi = 0x00000000 + sub * 0x10000 + a; lo = b            -- 2-octet AS specific
		elseif a <= 0xffffffff and b <= 0xffff then
			hi = 0x02000000 + sub * 0x10000 + math.floor(a / 0x10000)
			lo = (a % 0x10000) * 0x10000 + b                      -- 4-octet AS specific
		else
			error("add_ext_community: value out of range", 2)
		end
	else
		hi, lo = u32(x, "add_ext_community"), u32(y, "add_ext_community")
	end
	check(C.lb_rt_edit(r, 8, hi, lo, 0))
end
function methods.prepend(r, asn, n)
	n = n or 1
	if type(n) ~= "number" or n < 1 or n > 64 or n % 1 ~= 0 then error("prepend: count 1..64", 2) end
	check(C.lb_rt_edit(r, 9, u32(asn, "prepend"), n, 0))
end

-- ----- prefix sets (c/embed/prefix_set.c; docs/lua.md "Prefix sets") -------

local loading = false       -- true while a block's top level runs (M.load)
local pset_methods = {}
function pset_methods.match(s, r)
	if type(r) == "string" then return pset_methods.contains(s, r) end
	local v = C.lb_pset_match(s, r)
	if v < 0 then error(STATUS[-1], 2) end
	return v == 1
end
function pset_methods.contains(s, text)
	if type(text) ~= "string" then error("contains: a prefix text expected", 2) end
	local v = C.lb_pset_contains(s, text)
	if v < 0 then error("contains: " .. ffi.string(C.lb_pset_error()), 2) end
	return v == 1
end
function pset_methods.size(s) return C.lb_pset_size(s) end

local function pset_add(set, list, where, depth)
	if depth > 8 then error("prefix_set: lists nested too deeply", 3 + depth) end
	for i, e in ipairs(list) do
		if type(e) == "table" then
			pset_add(set, e, where .. i .. ".", depth + 1)
		elseif type(e) ~= "string" then
			error("prefix_set: entry " .. where .. i .. ": a string expected, got " .. type(e), 3 + depth)
		elseif C.lb_pset_add(set, e) ~= 0 then
			error("prefix_set: entry " .. where .. i .. ": " .. ffi.string(C.lb_pset_error()), 3 + depth)
		end
	end
end

-- lunabgp.prefix_set{ "10.0.0.0/8 le 24", "2001:db8::/32 ge 48 le 64", other_list, ... }
local function prefix_set(list)
	if not loading then
		error("prefix_set: build prefix sets when the configuration loads (a block's top level), not while routes flow", 2)
	end
	if type(list) ~= "table" then error("prefix_set: a list of prefixes expected", 2) end
	local set = C.lb_pset_new()
	if set == nil then error("prefix_set: out of memory", 2) end
	set = ffi.gc(set, C.lb_pset_free)
	pset_add(set, list, "", 0)
	return set
end

local function route_tostring(r)
	if C.lb_rt_valid(r) == 0 then return "route (stale)" end
	return "route " .. methods.prefix(r)
end

-- ----- sandbox ------------------------------------------------------------

local function copy(t, except)
	local o = {}
	for k, v in pairs(t) do if not (except and except[k]) then o[k] = v end end
	return o
end

local function budget_slow()
	if C.lb_policy_tick() ~= 0 then error("policy time budget exceeded", 2) end
end

local function make_env()
	local e = {}
	for _, k in ipairs { "assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall", "select",
		"tonumber", "tostring", "type", "unpack", "rawequal", "rawget", "rawset", "rawlen",
		"setmetatable", "getmetatable" } do
		e[k] = _G[k]
	end
	e.string = copy(string, { dump = true })
	e.table = copy(table)
	e.math = copy(math)
	e.bit = copy(bit)
	e.os = { time = os.time, clock = os.clock, date = os.date }
	e.print = function(...)
		local t = {}
		for i = 1, select("#", ...) do t[i] = tostring((select(i, ...))) end
		C.lb_policy_print(table.concat(t, "\t"))
	end
	-- source text only (bytecode is refused), instrumented, in the sandbox
	e.load = function(src, name)
		if type(src) ~= "string" then return nil, "load: only source text is accepted" end
		local text, err = instrument.chunk(src, 1)
		if not text then return nil, err end
		local f, lerr = load(text, name or "=load", "t", e)
		if not f then return nil, lerr end
		return f(B, budget_slow)
	end
	e.lunabgp = {
		-- '<CLOCK_MONOTONIC seconds> <count>' written atomically (tmp + rename):
		-- the benchmark kit's rx_done stamp
		stamp = function(path, count)
			if type(path) ~= "string" then error("stamp: a path expected", 2) end
			return C.lb_policy_stamp(path, tonumber(count) or 0) == 0
		end,
		prefix_set = prefix_set,
	}
	-- Event-script registrations (on, allow) belong to the control state
	-- (lunabgp.control); the same blocks run here too, where they do nothing.
	e.on = function() end
	e.allow = function() end
	e._G = e
	return e
end

-- For tests/spec/lua_docs_spec.lua (docs/lua.md must list exactly these):
-- the route methods and a fresh sandbox environment.
M.methods = methods
M.make_env = make_env

-- ----- loading ------------------------------------------------------------

-- cdef: LB_POLICY_CDEF from c/embed/policy_ffi.h
function M.init(cdef)
	ffi.cdef(cdef)
	B = C.lb_policy_batch_get()
	ffi.metatype("struct lb_route_view", { __index = methods, __tostring = route_tostring })
	ffi.metatype("struct lb_pset", { __index = pset_methods, __len = pset_methods.size,
		__tostring = function(s) return "prefix set (" .. C.lb_pset_size(s) .. " entries)" end })
	string.dump = nil
	getmetatable("").__metatable = "string"
	env = make_env()
	return true
end

-- Compile and run one `lua { }` / `script NAME { }` block.  file, line: where
-- the code starts in the configuration (error lines point there); path: a
-- separate file (script NAME { file PATH; }).  Returns nil or an error text.
function M.load(kind, name, file, line, code, path)
	if path then
		local fh, err = io.open(path, "rb")
		if not fh then return file .. ":" .. line .. ": cannot read " .. path .. ": " .. tostring(err) end
		code = fh:read("*a")
		fh:close()
		file, line = path, 1
	end
	local text, err = instrument.chunk(code, line)
	if not text then return file .. ":" .. line .. ": " .. err end
	local f, lerr = load(text, "@" .. file, "t", env)
	if not f then return lerr end
	loading = true
	local ok, r = pcall(f, B, budget_slow)
	loading = false
	if not ok then return tostring(r) end
	if kind == "script" then
		if type(r) == "function" then named[name] = r
		elseif r ~= nil then return file .. ":" .. line .. ": script " .. name .. " returned a " .. type(r) .. ", not a function" end
	end
	return nil
end

local function lookup(name)
	local f = named[name]
	if f then return f end
	f = rawget(env, name)
	if type(f) == "function" then return f end
	return nil
end

-- One function over the routes C left in the batch (B.routes, B.n): a
-- generated loop per function, so each has its own trace with the call
-- inlined (functions shared by several chains share it).
local runners = setmetatable({}, { __mode = "k" })
local function runner(f)
	local r = runners[f]
	if not r then
		r = assert(load("local B, f = ...\nreturn function()\n" ..
			"local routes = B.routes\nfor i = 0, B.n - 1 do f(routes[i]) end\nend\n",
			"=policy runner", "t", {}))(B, f)
		runners[f] = r
	end
	return r
end

-- A chain `import f1 f2 f3;` as one generated function: the batch passes
-- f1, then C's lb_policy_step counts what f1 did (per-function counters,
-- time) and leaves only the routes f1 did not accept or reject for f2, and
-- so on: each route still meets the functions in order and stops at the
-- first verdict.
function M.chain(names)
	local fns, src = {}, { "local step" }
	for i, n in ipairs(names) do
		local f = lookup(n)
		if not f then return nil, "unknown policy function '" .. n .. "'" end
		fns[i] = runner(f)
		src[#src + 1] = ", f" .. i
	end
	src[#src + 1] = " = ...\nreturn function()\n"
	for i = 1, #fns do
		src[#src + 1] = "if step(" .. (i - 1) .. ") == 0 then return end f" .. i .. "()\n"
	end
	src[#src + 1] = "step(" .. #fns .. ")\nend\n"
	local gen = assert(load(table.concat(src), "=chain " .. table.concat(names, " "), "t", {}))
	return gen(C.lb_policy_step, unpack(fns))
end

-- One batch: C filled B (routes, n) and armed the budget.
function M.run(chain, peer)
	cur_peer = peer
	chain()
end

M.env = function() return env end
return M
