-- ExaBGP's process API: one command line -> verbs executed in C
-- (c/session/api_exec.c, through the FFI).  c/embed/api.c calls
--   require("lunabgp.api").execute(line, process)
-- for every line a helper writes.  Return values:
--   true             the command succeeded: C acknowledges it ("done")
--   false            already answered (or nothing to answer)
--   "create", TEXT   create a neighbor from configuration TEXT (done in C,
--                    outside the FFI call, because it runs the config parser)
-- A malformed or unknown command raises error("what is wrong"): C answers
-- "error" with the reason and logs the helper and the line.  Nothing is
-- changed by a failing command: every argument is checked before a verb runs.
--
-- Speed: `announce route P next-hop NH ...` is matched by one LPeg pattern
-- with string captures only; the attribute text is compiled once (the
-- configuration's attribute parser) and cached with its interned attribute
-- handle, so a million lines sharing attributes cost one compile.
local grammar = require "lunabgp.api.grammar"
local attributes = require "lunabgp.config.attributes"
local lexer = require "lunabgp.config.lexer"
local ip = require "lunabgp.config.ip"
local vpn = require "lunabgp.config.vpn"   -- rd / label / bgp-prefix-sid words
local cdef = require "lunabgp.api.cdef"
local flow_api = require "lunabgp.api.flow"
local mvpn_api = require "lunabgp.api.mvpn"   -- mcast-vpn, vpls
local operational = require "lunabgp.config.operational"

local M = {}
local C                  -- the verbs (native or a mock)
local type, tonumber, error, concat = type, tonumber, error, table.concat

local ACK_ON, ACK_OFF, ACK_SILENCE = 0, 1, 2   -- enum api_ack_mode

-- ----- attribute cache --------------------------------------------------------
local cache, ncache = {}, 0
local CACHE_MAX = 65536

local function cache_reset()
	for _, e in pairs(cache) do
		if e.h and e.h >= 0 and C then C.lb_api_attrs_release(e.h) end
	end
	cache, ncache = {}, 0
end

local function fail(_, msg) error(msg, 0) end

-- Compile attribute text (ExaBGP route attribute words) into a cache entry.
local function entry(text)
	local e = cache[text]
	if e then return e end
	local toks, endpos = lexer.tokens(text)
	if endpos <= #text then error("cannot parse '" .. text:sub(endpos) .. "'", 0) end
	local r = attributes.compile(toks, 0, fail, endpos)
	if ncache >= CACHE_MAX then cache_reset() end
	e = { blob = r.blob, path_id = r.path_id or 0, split = r.split or 0, nh = r.nh, h = -1, raw = r.raw }
	cache[text] = e
	ncache = ncache + 1
	return e
end

local function handle(e)
	local h = e.h
	if h < 0 then
		h = C.lb_api_attrs(e.blob, #e.blob)
		if h < 0 then error(C.error_text(), 0) end
		e.h = h
	end
	return h
end

local function check(rc)
	if rc < 0 then error(C.error_text(), 0) end
	return rc
end

-- announce/withdraw one prefix with attribute text
-- Routes whose NLRI a family module builds (labels, RD: config/vpn.lua).
local function route_raw(announce, prefix, e, family)
	local b, _, v = ip.prefix(prefix)
	if not b then error("invalid prefix '" .. prefix .. "'", 0) end
	local fam, nlri = e.raw.build(e.raw, prefix, family or (v == 4 and "ipv4" or "ipv6"))
	if announce and not e.nh then error("announce route " .. prefix .. ": next-hop missing", 0) end
	check(C.lb_api_route_raw(announce and 1 or 0, fam, nlri, #nlri, e.path_id, announce and handle(e) or -1))
	return true
end

local function route(announce, prefix, text, family)
	local e = entry(text)
	if e.raw then return route_raw(announce, prefix, e, family and ("ipv" .. family)) end
	if announce then
		if not e.nh then error("announce route " .. prefix .. ": next-hop missing", 0) end
		check(C.lb_api_route(1, prefix, e.path_id, handle(e), e.split, family or 0))
	else
		check(C.lb_api_route(0, prefix, e.path_id, -1, e.split, family or 0))
	end
	return true
end

-- ----- per-helper state -----------------------------------------------------------
local state = setmetatable({}, { __mode = "k" })
local default_version = tonumber(os.getenv("exabgp_api_version") or os.getenv("exabgp.api.version") or "") or 6

local function st(proc)
	local key = proc or false
	local s = state[key]
	if not s then
		s = { version = default_version }
		state[key] = s
	end
	return s
end

-- ----- selectors ------------------------------------------------------------------
local function asn(v, what)
	local n = attributes.asn(v)
	if not n then error("invalid " .. what .. " '" .. v .. "'", 0) end
	return n
end

local function apply_selectors(sels)
	for i, s in ipairs(sels) do
		local local_ip, local_as, peer_as, rid, fam = nil, -1, -1, nil, nil
		for k = 2, #s, 2 do
			local key, v = s[k], s[k + 1]
			if key == "local-ip" then local_ip = v
			elseif key == "local-as" then local_as = asn(v, "local-as")
			elseif key == "peer-as" then peer_as = asn(v, "peer-as")
			elseif key == "router-id" then rid = v
			elseif key == "family-allowed" then fam = v end
		end
		C.lb_api_select(i == 1 and 1 or 0, s[1], local_ip, local_as, peer_as, rid, fam)
	end
end

-- ----- commands -------------------------------------------------------------------
local UNSUPPORTED_FAMILY = {
	flow = true, vpls = true, evpn = true, ["mpls-vpn"] = true, ["nlri-mpls"] = true, ["mcast-vpn"] = true,
	mup = true, ["sr-policy"] = true, ["bgp-ls"] = true, rtc = true, multicast = true, labeled = true,
}

local version_text = os.getenv("exabgp_version") or os.getenv("exabgp.version")

local function uuid()
	if not M._uuid then
		local f = io.open("/proc/sys/kernel/random/uuid")
		M._uuid = f and f:read("*l") or string.format("%08x-0000-4000-8000-%012x", os.time(), math.random(0, 2 ^ 40))
		if f then f:close() end
	end
	return M._uuid
end

local function need(w, i, what)
	local v = w[i]
	if not v then error(what .. " expected", 0) end
	return v
end

local function afi_safi(w, i)
	local afi, safi = w[i], w[i + 1]
	if afi and not safi then error("'" .. afi .. "': AFI and SAFI expected", 0) end
	return afi, safi
end

local announce_kinds = {}

announce_kinds.route = function(ann, w, line, at)
	local prefix = need(w, at + 1, "prefix")
	return route(ann, prefix, grammar.after(line, at + 1, w.from))
end

local function attributes_form(ann, w, line, at)
	local text = grammar.after(line, at, w.from)
	local attrs, prefixes = grammar.attributes_nlri:match(" " .. text)
	if not attrs then error("'nlri PREFIX ...' expected after the attributes", 0) end
	local e = entry(attrs)
	if ann and not e.nh then error("next-hop missing", 0) end
	if e.raw then
		for _, p in ipairs(prefixes) do route_raw(ann, p, e) end
		return true
	end
	for _, p in ipairs(prefixes) do check(C.lb_api_prefix_valid(p, 0)) end
	for _, p in ipairs(prefixes) do
		check(C.lb_api_route(ann and 1 or 0, p, e.path_id, ann and handle(e) or -1, e.split, 0))
	end
	return true
end
announce_kinds.attribute = attributes_form
announce_kinds.attributes = attributes_form

-- `ipv4|ipv6 multicast|nlri-mpls|mpls-vpn PREFIX ...`: the SAFI names the
-- family (a plain prefix for multicast, labels and RD for the others from
-- config/vpn.lua), never the unicast table.
local function prefix_family(ann, version, safi, prefix, text)
	local afi = "ipv" .. version
	local b, len, v = ip.prefix(prefix)
	if not b then error("invalid prefix '" .. prefix .. "'", 0) end
	if v ~= version then error("prefix " .. prefix .. " is not " .. afi, 0) end
	local e = entry(text)
	if ann and not e.nh then error("announce " .. afi .. " " .. safi .. " " .. prefix .. ": next-hop missing", 0) end
	local raw = e.raw
	if safi == "multicast" and raw then error(afi .. " multicast routes take no rd or label", 0) end
	if safi == "nlri-mpls" and (not raw or raw.rd) then error(afi .. " nlri-mpls routes need a label and take no rd", 0) end
	if safi == "mpls-vpn" and not (raw and raw.rd) then error(afi .. " mpls-vpn routes need an rd", 0) end
	local prefixes = { prefix }
	if e.split ~= 0 then
		if e.split < len or e.split > #b * 8 then error("cannot split /" .. len .. " into /" .. e.split, 0) end
		if e.split - len > 20 then error("split into more than 2^20 prefixes", 0) end
		prefixes = ip.split(b, len, e.split)
	end
	local h = ann and handle(e) or -1
	for _, p in ipairs(prefixes) do
		local fam, nlri
		if safi == "multicast" then fam, nlri = afi .. " multicast", vpn.nlri(p, {}, nil)
		else fam, nlri = raw.build(raw, p, afi) end
		check(C.lb_api_route_raw(ann and 1 or 0, fam, nlri, #nlri, e.path_id, h))
	end
	return true
end

local function ip_family(version)
	return function(ann, w, line, at)
		local safi = need(w, at + 1, "SAFI")
		if safi == "flow" or safi == "flow-vpn" then   -- api/flow.lua
			return flow_api.line(C, ann, "ipv" .. version, safi, grammar.after(line, at + 1, w.from))
		end
		if safi == "mcast-vpn" then   -- api/mvpn.lua
			return mvpn_api.line(C, ann, "ipv" .. version, grammar.after(line, at + 1, w.from))
		end
		if safi == "mup" then   -- api/mup.lua
			return require("lunabgp.api.mup").line(C, ann, "ipv" .. version, grammar.after(line, at + 1, w.from))
		end
		if safi == "sr-policy" then   -- api/srpolicy.lua
			return require("lunabgp.api.srpolicy").line(C, ann, "ipv" .. version, grammar.after(line, at + 1, w.from))
		end
		if safi == "labeled-unicast" then safi = "nlri-mpls" end
		if safi == "multicast" or safi == "nlri-mpls" or safi == "mpls-vpn" then
			return prefix_family(ann, version, safi, need(w, at + 2, "prefix"), grammar.after(line, at + 2, w.from))
		end
		if safi ~= "unicast" and not attributes.families["ipv" .. version .. " " .. safi] then
			error("family ipv" .. version .. " " .. safi .. " is not supported yet", 0)
		end
		local prefix = need(w, at + 2, "prefix")
		return route(ann, prefix, grammar.after(line, at + 2, w.from), version)
	end
end
announce_kinds.ipv4 = ip_family(4)
announce_kinds.ipv6 = ip_family(6)
announce_kinds.flow = function(ann, w, line, at)   -- flow route { match { } then { } }
	return flow_api.command(C, ann, grammar.after(line, at, w.from))
end
announce_kinds.vpls = function(ann, w, line, at)   -- vpls rd .. endpoint .. (api/mvpn.lua)
	return mvpn_api.vpls(C, ann, grammar.after(line, at, w.from))
end

announce_kinds.watchdog = function(ann, w, _, at)
	check(C.lb_api_watchdog(ann and 1 or 0, need(w, at + 1, "watchdog name")))
	return true
end

announce_kinds.eor = function(ann, w, _, at)
	if not ann then error("withdraw eor: End-of-RIB can only be announced", 0) end
	local afi, safi = afi_safi(w, at + 1)
	check(C.lb_api_eor(afi, safi))
	return true
end

announce_kinds["route-refresh"] = function(ann, w, _, at)
	if not ann then error("withdraw route-refresh: only announce makes sense", 0) end
	local afi, safi = afi_safi(w, at + 1)
	check(C.lb_api_refresh(afi or "ipv4", safi or "unicast"))
	return true
end

-- announce operational adm|asm|rpcq|rpcp|apcq|apcp|lpcq|lpcp afi .. safi ..
-- (config/operational.lua); the words after `operational` are read with the
-- configuration's lexer so that a quoted advisory keeps its spaces.
announce_kinds.operational = function(ann, w, line, at)
	if not ann then error("withdraw operational: OPERATIONAL messages can only be announced", 0) end
	local text = grammar.after(line, at, w.from)
	local toks, endpos = lexer.tokens(text)
	if endpos <= #text then error("operational: cannot parse '" .. text:sub(endpos) .. "'", 0) end
	local m = operational.parse(toks, 1, fail)
	check(C.lb_api_operational(m.what, m.afi, m.safi, m.router_id, m.sequence or 0, m.counter or 0,
		m.advisory, m.advisory and #m.advisory or 0))
	return true
end

local function announce(ann)
	return function(w, line, at)
		local kind = need(w, at + 1, ann and "what to announce" or "what to withdraw")
		local h = announce_kinds[kind]
		if h then return h(ann, w, line, at + 1) end
		if UNSUPPORTED_FAMILY[kind] or UNSUPPORTED_FAMILY[w[at + 2] or ""] then
			error("'" .. kind .. "' routes are not supported yet", 0)
		end
		error("unknown " .. (ann and "announce" or "withdraw") .. " '" .. kind .. "'", 0)
	end
end

local commands = {}
commands.announce = announce(true)
commands.withdraw = announce(false)

commands.teardown = function(w, _, at)
	local code = tonumber(need(w, at + 1, "notification subcode"))
	if not code or code < 0 or code > 255 or code % 1 ~= 0 then error("invalid teardown code '" .. w[at + 1] .. "'", 0) end
	check(C.lb_api_teardown(code))
	return true
end

local function show_neighbor(w, at)
	local mode, json = 0, false
	for i = at, #w do
		local x = w[i]
		if x == "summary" then mode = 0
		elseif x == "extensive" then mode = 1
		elseif x == "configuration" then mode = 2
		elseif x == "json" then json = true
		elseif x == "text" then json = false
		elseif i == at and (x:find("[.:]") or x == "*") then
			C.lb_api_select(1, x, nil, -1, -1, nil, nil)
		else error("show neighbor: unexpected '" .. x .. "'", 0) end
	end
	check(C.lb_api_show_neighbor(mode, json and 1 or 0))
	return true
end

local function show_rib(w, at)
	local dir = w[at]
	if dir ~= "in" and dir ~= "out" then error("adj-rib: 'in' or 'out' expected", 0) end
	local ext, json = 0, 0
	for i = at + 1, #w do
		local x = w[i]
		if x == "extensive" then ext = 1
		elseif x == "json" then json = 1
		elseif x == "text" then json = 0
		else error("show adj-rib: unexpected '" .. x .. "'", 0) end
	end
	check(C.lb_api_show_rib(dir == "in" and 1 or 0, ext, json))
	return true
end

commands.show = function(w, _, at)
	local what = need(w, at + 1, "neighbor or adj-rib")
	if what == "neighbor" or what == "neighbors" then return show_neighbor(w, at + 2) end
	if what == "adj-rib" then return show_rib(w, at + 2) end
	error("show: unknown '" .. what .. "'", 0)
end

local function rib_op(op)
	return function(w, _, at)
		local what, dir = w[at + 1], w[at + 2]
		if what ~= "adj-rib" or (dir ~= "in" and dir ~= "out") or w[at + 3] then
			error("'adj-rib in' or 'adj-rib out' expected", 0)
		end
		if op == 1 and dir == "in" then error("flush adj-rib in: only the Adj-RIB-Out can be flushed", 0) end
		check(C.lb_api_rib(op, dir == "in" and 1 or 0))
		return true
	end
end
commands.clear = rib_op(0)
commands.flush = rib_op(1)

local function no_args(f)
	return function(w, line, at, proc)
		if w[at + 1] then error("'" .. w[at] .. "' takes no argument", 0) end
		return f(w, line, at, proc)
	end
end

local function status_line(text) C.lb_api_write(text) end

commands.shutdown = no_args(function()
	status_line("shutdown in progress"); check(C.lb_api_daemon(0)); return true
end)
commands.reload = no_args(function()
	status_line("reload in progress"); check(C.lb_api_daemon(1)); return true
end)
commands.restart = no_args(function()
	status_line("restart in progress"); check(C.lb_api_daemon(2)); return true
end)
commands.version = no_args(function()
	status_line(version_text and ("exabgp " .. version_text) or "lunabgp " .. (M.version or "0.1.0"))
	return true
end)
commands.reset = no_args(function(_, _, _, proc)
	local s = st(proc)
	s.group = nil
	C.lb_api_hold(0)
	status_line("asynchronous queue cleared")
	return true
end)
commands["enable-ack"] = no_args(function() C.lb_api_set_ack(ACK_ON); return true end)
-- disable-ack is itself acknowledged (process.c answers the command that
-- switched acks off), silence-ack is not.
commands["disable-ack"] = no_args(function() C.lb_api_set_ack(ACK_OFF); return true end)
commands["silence-ack"] = no_args(function() C.lb_api_set_ack(ACK_SILENCE); return false end)
commands["enable-sync"] = no_args(function(_, _, _, proc) st(proc).sync = true; C.lb_api_set_sync(1); return true end)
commands["disable-sync"] = no_args(function(_, _, _, proc) st(proc).sync = false; C.lb_api_set_sync(0); return true end)

commands.ping = function(_, _, _, _)
	status_line("pong " .. uuid() .. " active=true")
	return true
end
commands.bye = function() return true end

local ffi = require "ffi"
pcall(ffi.cdef, "int getpid(void);")
commands.status = function()
	status_line("lunabgp daemon status")
	status_line("Version: " .. (version_text or M.version or "0.1.0"))
	status_line("UUID: " .. uuid())
	status_line("PID: " .. tostring(ffi.C.getpid()))
	status_line("Peers: " .. tostring(C.lb_api_peer_count()))
	return true
end

local HELP = {
	"[neighbor IP [local-ip IP] [local-as ASN] [peer-as ASN] [router-id IP] [family-allowed F]] COMMAND",
	"announce|withdraw route PREFIX next-hop IP|self [ATTRIBUTES]",
	"announce|withdraw attributes ATTRIBUTES nlri PREFIX ...",
	"announce|withdraw ipv4|ipv6 unicast PREFIX next-hop IP [ATTRIBUTES]",
	"announce|withdraw watchdog NAME",
	"announce eor [AFI SAFI]",
	"announce route-refresh AFI SAFI",
	"announce operational asm|adm afi AFI safi SAFI advisory TEXT",
	"announce operational rpcq|apcq|lpcq afi AFI safi SAFI sequence N",
	"announce operational rpcp|apcp|lpcp afi AFI safi SAFI sequence N counter N",
	"teardown SUBCODE",
	"show neighbor [summary|extensive|configuration] [json]",
	"show adj-rib in|out [extensive] [json]",
	"flush adj-rib out | clear adj-rib in|out",
	"create neighbor IP [local-address IP] [local-as ASN] [peer-as ASN] [router-id IP] [api PROCESS]",
	"delete neighbor IP",
	"reload | restart | shutdown | version | help | reset | ping | status",
	"enable-ack | disable-ack | silence-ack | enable-sync | disable-sync",
	"v6: peer SELECTOR ..., daemon shutdown|reload|restart|status, session ack|sync enable|disable|silence,",
	"    session ping|bye|reset, system help|version|queue-status|api version 4|6,",
	"    rib show|flush|clear in|out, peer create|delete, peer SELECTOR routes list|add|remove, group start|end",
}
commands.help = function()
	for _, l in ipairs(HELP) do status_line(l) end
	return true
end

-- create neighbor IP key value ... [api PROCESS] [family AFI SAFI]
local function create_text(w, at)
	local addr = need(w, at, "neighbor address")
	if not addr:find("[.:]") then error("invalid neighbor address '" .. addr .. "'", 0) end
	local body, apis, fams = {}, {}, {}
	local i = at + 1
	while i <= #w do
		local k, v = w[i], w[i + 1]
		if not v then error("create neighbor: value expected after '" .. k .. "'", 0) end
		if k == "api" or k == "process" then
			apis[#apis + 1] = v
			i = i + 2
		elseif k == "family" then
			local safi = need(w, i + 2, "SAFI")
			fams[#fams + 1] = v .. " " .. safi .. ";"
			i = i + 3
		elseif k:match("^[%a%-]+$") and not v:find("[;{}]") then
			body[#body + 1] = k .. " " .. v .. ";"
			i = i + 2
		else
			error("create neighbor: unexpected '" .. k .. "'", 0)
		end
	end
	if #fams > 0 then body[#body + 1] = "family { " .. concat(fams, " ") .. " }" end
	if #apis > 0 then body[#body + 1] = "api { processes [ " .. concat(apis, " ") .. " ]; }" end
	return "neighbor " .. addr .. " { " .. concat(body, " ") .. " }\n"
end

commands.create = function(w, _, at)
	if w[at + 1] ~= "neighbor" then error("create: 'neighbor' expected", 0) end
	return "create", create_text(w, at + 2)
end

commands.delete = function(w, _, at)
	if w[at + 1] ~= "neighbor" then error("delete: 'neighbor' expected", 0) end
	local addr = need(w, at + 2, "neighbor address")
	if C.lb_api_select(1, addr, nil, -1, -1, nil, nil) == 0 then error("no neighbor " .. addr, 0) end
	check(C.lb_api_neighbor_delete())
	return true
end

-- v6 ------------------------------------------------------------------------------
commands.daemon = function(w, line, at, proc)
	local x = need(w, at + 1, "shutdown, reload, restart or status")
	if w[at + 2] then error("daemon " .. x .. ": no argument expected", 0) end
	local f = ({ shutdown = commands.shutdown, reload = commands.reload, restart = commands.restart,
	             status = commands.status })[x]
	if not f then error("daemon: unknown '" .. x .. "'", 0) end
	return f(w, line, at + 1, proc)
end

commands.session = function(w, line, at, proc)
	local x, y = need(w, at + 1, "ack, sync, ping, bye or reset"), w[at + 2]
	if x == "ack" or x == "sync" then
		local f = commands[(y or "?") .. "-" .. x]
		if not f then error("session " .. x .. ": enable, disable" .. (x == "ack" and " or silence" or "") .. " expected", 0) end
		return f(w, line, at + 2, proc)
	end
	local f = ({ ping = commands.ping, bye = commands.bye, reset = commands.reset })[x]
	if not f then error("session: unknown '" .. x .. "'", 0) end
	return f(w, line, at + 1, proc)
end

commands.system = function(w, line, at, proc)
	local x = need(w, at + 1, "help, version, queue-status or api")
	if x == "help" then return commands.help(w, line, at + 1, proc) end
	if x == "version" then return commands.version(w, line, at + 1, proc) end
	if x == "queue-status" then status_line("no queued messages"); return true end
	if x == "api" and w[at + 2] == "version" then
		local v = w[at + 3]
		if w[at + 4] then error("system api version: one argument expected", 0) end
		local s = st(proc)
		-- C owns the helper's format (process.c): answers and events follow it
		local cur = C.lb_api_api_version(0)
		if cur > 0 then s.version = cur end
		if not v then status_line("API version: " .. s.version); return true end
		v = tonumber(v)
		if v ~= 4 and v ~= 6 then error("API version must be 4 or 6", 0) end
		check(C.lb_api_api_version(v))
		s.version = v
		status_line("API version set to " .. v)
		return true
	end
	error("system: unknown '" .. x .. "'", 0)
end

commands.rib = function(w, line, at)
	local op, dir = need(w, at + 1, "show, flush or clear"), w[at + 2]
	if op == "show" then return show_rib(w, at + 2) end
	if op == "flush" or op == "clear" then
		local shifted = { "x", "adj-rib", dir, w[at + 3] }
		return commands[op](shifted, line, 1)
	end
	error("rib: unknown '" .. op .. "'", 0)
end

commands.routes = function(w, line, at)
	local op = need(w, at + 1, "list, add or remove")
	if op == "list" then
		local t = { "out" }
		for i = at + 2, #w do t[#t + 1] = w[i] end
		return show_rib(t, 1)
	end
	local ann = op == "add" or op == "announce"
	if not ann and op ~= "remove" and op ~= "withdraw" then error("routes: unknown '" .. op .. "'", 0) end
	local kind = w[at + 2]
	if kind and announce_kinds[kind] then return announce_kinds[kind](ann, w, line, at + 2) end
	-- "routes add PREFIX next-hop ..." (route implied)
	return route(ann, need(w, at + 2, "prefix"), grammar.after(line, at + 2, w.from))
end

-- Verbs that act (change routes, sessions, the daemon, or write output) are
-- replaced by checks for a group's dry run; the others (selection, prefix
-- and attribute checks) run for real: they have no effect of their own.
local dry_verbs
local ACTING = {
	lb_api_route_raw = true, lb_api_watchdog = true, lb_api_eor = true, lb_api_refresh = true,
	lb_api_operational = true,
	lb_api_teardown = true, lb_api_rib = true, lb_api_daemon = true, lb_api_neighbor_delete = true,
	lb_api_set_ack = true, lb_api_set_sync = true, lb_api_write = true, lb_api_show_rib = true,
	lb_api_show_neighbor = true, lb_api_hold = true, lb_api_answer = true,
}
dry_verbs = function(real)
	local d = {
		lb_api_route = function(_, prefix, _, _, split, family)
			if real.lb_api_prefix_valid(prefix, family) ~= 0 then return -1 end
			local plen = tonumber(prefix:match("/(%d+)$") or "")
			if split ~= 0 and plen and (split < plen or split - plen > 20) then return -1 end
			return 0
		end,
		lb_api_api_version = function(v) return v ~= 0 and v or real.lb_api_api_version(0) end,
	}
	d.__real = real   -- api/handles.lua keeps its cache on the real verbs
	return setmetatable(d, { __index = function(_, k)
		if ACTING[k] then return function() return 0 end end
		return real[k]
	end })
end

commands.group = function(w, _, at, proc)
	local x = w[at + 1]
	local s = st(proc)
	if x == "start" then
		if s.group then error("group already started", 0) end
		s.group = {}
		return true
	elseif x == "end" then
		local lines = s.group
		if not lines then error("group end without group start", 0) end
		s.group = nil
		-- all or nothing: every line is first run against verbs that check
		-- but do not act; the first failure rejects the whole group
		local real = C
		C = dry_verbs(real)
		local ok, err = pcall(function()
			for i, l in ipairs(lines) do
				local ok1, e1 = pcall(M.run, l, proc, true)
				if not ok1 then error(("group line %d '%s': %s"):format(i, l, tostring(e1)), 0) end
			end
		end)
		C = real
		if not ok then error(err, 0) end
		-- applied together: flushes are held until every line ran
		C.lb_api_hold(1)
		local ok, err = pcall(function()
			for _, l in ipairs(lines) do M.run(l, proc, true) end
		end)
		C.lb_api_hold(0)
		if not ok then error(err, 0) end
		return true
	end
	error("group: 'start' or 'end' expected", 0)
end

-- ----- dispatch -------------------------------------------------------------------
local selectors, words = grammar.selectors, grammar.words
local hot = grammar.route

-- Parse and run one line (begin already done).  `grouped` lines never answer
-- individually.
function M.run(line, proc, grouped)
	C.lb_api_begin(proc)
	local verb, prefix, rest = hot:match(line)
	if verb then return route(verb == "announce", prefix, rest) end
	local first = line:match("^%s*(%S*)")
	if first == "" then return false end             -- empty line: nothing to answer
	if first:sub(1, 1) == "#" then return true end   -- comment
	-- v6 peer create / delete, before "peer" is taken as a selector
	local v6a, v6b = line:match("^%s*peer%s+(%S+)%s*(%S*)")
	if v6a == "create" then
		local w = words:match(line)
		if not w then error("cannot parse the command", 0) end
		return "create", create_text(w, 3)
	elseif v6a == "delete" or v6b == "delete" then
		local w = words:match(line)
		return commands.delete({ "delete", "neighbor", v6a == "delete" and w[3] or w[2] }, line, 1)
	end
	local at = 1
	local sels, pos = selectors:match(line)
	local tail = line
	if sels then
		apply_selectors(sels)
		tail = line:sub(pos)
	end
	local w = words:match(tail)
	if not w or not w[1] then error("command expected after the neighbor selector", 0) end
	local f = commands[w[1]]
	if not f then error("unknown command '" .. w[1] .. "'", 0) end
	w.from = 1
	-- `after` counts words in the tail
	local real_line = tail
	return f(w, real_line, at, proc)
end

function M.execute(line, proc)
	if not C then M.bind() end
	local s = state[proc or false]
	if s and s.group then
		local w = line:match("^%s*group%s+(%S+)")
		if w ~= "end" and w ~= "start" then
			s.group[#s.group + 1] = line
			return true
		end
	end
	return M.run(line, proc)
end

-- Use the executable's verbs, or a table of functions (specs).
function M.bind(t)
	if C then cache_reset() end
	C = t or cdef.native()
	if not C.error_text then
		local f = C.lb_api_error
		C.error_text = function() local e = f(); return type(e) == "string" and e or tostring(e) end
	end
	state = setmetatable({}, { __mode = "k" })
	cache, ncache = {}, 0
end

M.cache_size = function() return ncache end

return M
