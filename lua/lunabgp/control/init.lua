-- The control state (c/embed/control.c): event scripts and the control
-- socket's commands, all tasks of one scheduler (lunabgp.control.sched).
-- C calls, on the main thread and only from loop callbacks:
--   init(core)                       once
--   request(client, type, payload, readonly)   a frame from a client
--   client_gone(client)              the client disconnected: drop its task
--   wake(token, what, status)        a wait ended
--   event_state(peer, state, reason) a neighbor went connected/up/down
--   event_update(peer, text)         a received UPDATE (compact text, only
--                                    while core.want_updates(true))
--   scripts(serialised)              the configured scripts (start/reload)
--   stop()
local sched = require "lunabgp.control.sched"
local sandbox = require "lunabgp.control.sandbox"
local repl = require "lunabgp.control.repl"
local lib = require "lunabgp.control.lib"

local M = {}
local core, S
local clients = {}       -- id -> { pending = text, task = t }
local scripts = {}       -- name -> script
local order = {}         -- names in configuration order

-- ----- API commands ------------------------------------------------------------------
local api_mod
local function run_api(line)
	if not api_mod then api_mod = require "lunabgp.api" end
	core.api_begin()
	local ok, r = pcall(api_mod.execute, line, nil)
	local out = core.api_take()
	if not ok then error(r, 0) end
	if r == "create" then error("create neighbor: not available from scripts or the control socket yet", 0) end
	return out
end
M.run_api = run_api

-- ----- the REPL environment: shared by every client (globals persist) -----------------
local function repl_api()
	local ctx = { sched = S, core = core, run_api = run_api, allow = {}, prefix = function() return "ctl: " end }
	local L = lib.new(ctx)
	L.scripts = function() return M.status() end
	L.mem = function() return core.mem() end
	L.tasks = function() return S.ntasks end
	-- reload(): the whole configuration, as SIGUSR1 (sessions whose
	-- parameters did not change are kept); waits for it, raises if the new
	-- configuration is rejected (the old one stays, the log says why).
	L.reload = function()
		local what = S:wait("reload")
		if what ~= "done" then error("reload failed: keeping the running configuration (see the log)", 2) end
		return true
	end
	L.reload_script = function(name) return M.reload_script(name) end
	L.policies = function() return core.policies() end
	-- policy_stats([neighbor]): counters per neighbor, direction and function
	L.policy_stats = function(peer)
		local t = core.policy_stats()
		if peer == nil then return t end
		return t[peer]
	end
	-- policy_enable([neighbor [, "import"|"export"]]): chains disabled by
	-- policy-failure-limit run again; returns how many were enabled
	L.policy_enable = function(peer, dir)
		if dir ~= nil and dir ~= "import" and dir ~= "export" then
			error("policy_enable: direction 'import' or 'export' expected", 2)
		end
		if peer ~= nil and type(peer) ~= "string" then error("policy_enable: a neighbor address expected", 2) end
		return core.policy_enable(peer, dir)
	end
	return L
end

function M.init(c)
	core = c
	S = sched.new(core)
	M.sched = S
	M.env = sandbox.env(repl_api(), {})
end

-- ----- control socket -----------------------------------------------------------------
local function client(id)
	local c = clients[id]
	if not c then c = {}; clients[id] = c end
	return c
end

local function run_command(id, c, chunk, readonly)
	local fn
	if readonly then
		if not repl.readonly_ok(chunk) then
			core.send(id, "F", "read-only socket: only show commands (show, version, status, ping, help)")
			return
		end
		fn = function() return run_api(chunk) end
	elseif repl.classify(chunk) == "api" then
		fn = function()
			local out = run_api(chunk)
			return (out:gsub("\n$", ""))
		end
	end
	local api = fn ~= nil
	if not fn then
		local f, err = repl.compile(chunk, M.env)
		if not f then return nil, err end
		fn = f
	end
	core.busy(id, true)
	local ok, t = pcall(S.spawn, S, fn, { name = "ctl#" .. id, client = id, on_done = function(_, ok, ...)
		c.task = nil
		if ok then
			if api then
				local out = ...
				core.send(id, "R", out ~= "" and out or "done")
			else
				core.send(id, "R", repl.results(...))
			end
		else
			local err = ...
			core.send(id, "F", tostring(err))
		end
		core.busy(id, false)
	end })
	if not ok then
		core.busy(id, false)
		return nil, tostring(t)
	end
	if not t.dead then c.task = t end
	return true
end

function M.request(id, typ, payload, readonly)
	local c = client(id)
	if typ == "K" then                              -- cancel (Ctrl-C)
		local had = c.task or c.pending
		if c.task then S:kill(c.task); c.task = nil; core.busy(id, false) end
		c.pending = nil
		if had then core.send(id, "F", "interrupted") end
		return
	elseif typ == "T" then                          -- completion
		if readonly then core.send(id, "C", ""); return end
		core.send(id, "C", table.concat(repl.complete(payload, M.env), "\n"))
		return
	elseif typ ~= "L" and typ ~= "E" then
		core.send(id, "F", "unknown frame type '" .. typ .. "'")
		return
	end
	local chunk = payload
	if typ == "L" and c.pending then chunk = c.pending .. "\n" .. payload end
	c.pending = nil
	if chunk:match("^%s*$") then core.send(id, "R", ""); return end
	local ok, err = run_command(id, c, chunk, readonly)
	if ok then return end
	if err == "incomplete" then
		if typ == "L" then c.pending = chunk; core.send(id, "M", ""); return end
		err = "incomplete chunk (unexpected end of input)"
	end
	core.send(id, "F", err)
end

function M.client_gone(id)
	local c = clients[id]
	clients[id] = nil
	if c and c.task then S:kill(c.task) end
end

function M.wake(token, what, st) S:wake(token, what, st) end

-- ----- event scripts -------------------------------------------------------------------
-- A script: { name, file, line, source, chunkname, allow = {exec=, io=, ...},
-- restart = bool, budget = seconds }.  Its top level runs as a task and may
-- register handlers with on(); "startup" handlers and timers start when the
-- top level returned.  An error anywhere marks the script failed: its tasks
-- are stopped, the log says file:line, and with `restart` it starts again
-- after 1, 2, 4 ... 60 s.
local EVENTS = { startup = true, state = true, timer = true, update = true }

-- C builds the UPDATE text only while some running script listens.
local function want_updates()
	local any = false
	for _, s in pairs(scripts) do
		if s.status == "running" and s.handlers and #s.handlers.update > 0 then any = true; break end
	end
	if core.want_updates then core.want_updates(any) end
end

local fail

local function spawn_for(s, fn, name, ...)
	if s.status ~= "running" then return end
	local t = S:spawn(fn, { name = s.name .. ":" .. name, owner = s, budget = s.budget, on_done = function(task, ok, err, tb)
		s.tasks[task] = nil
		if not ok then fail(s, err, tb) end
	end }, ...)
	if not t.dead then s.tasks[t] = true end
	return t
end

local function stop_tasks(s)
	local v = {}
	for t in pairs(s.tasks) do v[#v + 1] = t end
	s.tasks = {}
	for _, t in ipairs(v) do S:kill(t) end
end

local start

fail = function(s, err, tb)
	if s.status ~= "running" then return end
	s.status = "failed"
	s.error = tostring(err)
	s.failures = (s.failures or 0) + 1
	core.log("err", "script " .. s.name .. " failed: " .. s.error)
	if tb then core.log("info", "script " .. s.name .. ": " .. tb) end
	stop_tasks(s)
	want_updates()
	if s.restart then
		local delay = math.min(60, 2 ^ (s.failures - 1))
		core.log("notice", string.format("script %s: restarting in %g s", s.name, delay))
		s.restart_task = S:spawn(function()
			S:wait("timer", delay)
			if scripts[s.name] == s and s.status == "failed" then start(s) end
		end, { name = s.name .. ":restart" })
	end
end

local function script_api(s)
	local ctx = { sched = S, core = core, run_api = run_api, allow = s.allow or {},
		prefix = function() return "script " .. s.name .. ": " end }
	local L = lib.new(ctx)
	-- allow("exec", "io", "os", "debug", "ffi", "restart"): at the top level
	-- only; what the script may use beyond the sandbox, and whether a
	-- failure restarts it (with back-off).
	local ALLOW = { exec = true, io = true, os = true, debug = true, ffi = true, restart = true }
	function L.allow(...)
		if not s.top then error("allow() only at the top level of the script", 2) end
		for i = 1, select("#", ...) do
			local k = select(i, ...)
			if not ALLOW[k] then error("allow: unknown '" .. tostring(k) .. "' (exec, io, os, debug, ffi, restart)", 2) end
			if k == "restart" then s.restart = true
			else
				s.allow[k] = true
				if k == "ffi" then s.env.ffi = require "ffi"
				elseif k == "io" then s.env.io = io
				elseif k == "os" then s.env.os = os
				elseif k == "debug" then s.env.debug = debug end
			end
		end
	end
	-- on("startup"|"state"|"update", fn) / on("timer", seconds, fn)
	function L.on(event, a, b)
		if not EVENTS[event] then error("on: unknown event '" .. tostring(event) .. "' (startup, state, timer, update)", 2) end
		if event == "timer" then
			local secs = tonumber(a)
			if not secs or secs <= 0 then error("on(\"timer\", SECONDS, fn): SECONDS > 0 expected", 2) end
			if type(b) ~= "function" then error("on(\"timer\", SECONDS, fn): function expected", 2) end
			s.timers[#s.timers + 1] = { secs, b }
		else
			if type(a) ~= "function" then error("on(\"" .. event .. "\", fn): function expected", 2) end
			local h = s.handlers[event]
			h[#h + 1] = a
			if event == "update" then want_updates() end
		end
	end
	return L
end

-- For tests/spec/lua_docs_spec.lua (docs/lua.md must list exactly these):
-- the events, and the functions a script and a REPL chunk get beyond the
-- sandbox.
M.EVENTS = EVENTS
function M.api_for_docs()
	return script_api({ name = "doc", allow = {}, handlers = { startup = {}, state = {}, update = {} }, timers = {} }),
		repl_api()
end

start = function(s)
	s.status = "running"
	s.error = nil
	s.tasks = {}
	s.handlers = { startup = {}, state = {}, update = {} }
	s.timers = {}
	s.allow = s.allow or {}
	local env = sandbox.env(script_api(s), s.allow)
	s.env = env
	local f, err = load(s.source, s.chunkname or ("@" .. (s.file or s.name)), "t", env)
	if not f then
		fail(s, err)
		return
	end
	spawn_for(s, function()
		s.top = true
		f()
		s.top = false
		-- top level done: startup handlers, then timers
		for _, h in ipairs(s.handlers.startup) do spawn_for(s, h, "startup") end
		for _, tm in ipairs(s.timers) do
			spawn_for(s, function()
				while true do
					S:wait("timer", tm[1])
					tm[2]()
				end
			end, "timer")
		end
	end, "main")
end

local function stop(s)
	s.status = "stopped"
	if s.restart_task then S:kill(s.restart_task) end
	stop_tasks(s)
	want_updates()
end

function M.event_state(peer, state, reason)
	for _, name in ipairs(order) do
		local s = scripts[name]
		if s and s.status == "running" then
			for _, h in ipairs(s.handlers.state) do spawn_for(s, h, "state", peer, state, reason) end
		end
	end
end

-- A received UPDATE in the compact text of c/session/ctl_update.c, as the
-- table on("update") handlers get (docs/lua.md):
--   { announce = { [family] = { next_hop = NH, PREFIX, ... } },
--     withdraw = { [family] = { PREFIX, ... } },
--     attributes = "origin igp as-path [ 65001 ] ...",  eor = family }
function M.parse_update(text)
	local u = { announce = {}, withdraw = {} }
	for line in text:gmatch("[^\n]+") do
		local k, rest = line:sub(1, 1), line:sub(3)
		if k == "a" or k == "w" then
			local fam, tail = rest:match("^([^\t]+)\t(.*)$")
			local t, nh = {}
			if k == "a" then nh, tail = tail:match("^([^\t]*)\t(.*)$") end
			local n = 0
			-- routes are tab-separated: a VPN or EVPN route's text has spaces
			for p in tail:gmatch("[^\t]+") do n = n + 1; t[n] = p end
			local into = k == "a" and u.announce or u.withdraw
			local prev = into[fam]
			if prev then for i = 1, n do prev[#prev + 1] = t[i] end
			else t.next_hop = nh; into[fam] = t end
		elseif k == "t" then
			u.attributes = (line:sub(2):gsub("^%s+", ""))
		elseif k == "e" then
			u.eor = rest
		end
	end
	return u
end

-- One table per UPDATE, shared by the handlers (treat it as read-only);
-- each handler runs as a task of its script.
function M.event_update(peer, text)
	local u
	for _, name in ipairs(order) do
		local s = scripts[name]
		if s and s.status == "running" and #s.handlers.update > 0 then
			u = u or M.parse_update(text)
			for _, h in ipairs(s.handlers.update) do spawn_for(s, h, "update", peer, u) end
		end
	end
end

-- The configured scripts (a Lua table literal built by
-- lunabgp.control.model): all restarted, as a reload starts them afresh.
local function replace(group, list)
	local keep = {}
	for _, name in ipairs(order) do
		local s = scripts[name]
		if s.group == group then stop(s); scripts[name] = nil else keep[#keep + 1] = name end
	end
	order = keep
	local new = {}
	for _, s in ipairs(list) do
		if scripts[s.name] then
			core.log("err", "script " .. s.name .. ": defined twice, the second one is ignored")
		else
			s.group = group
			scripts[s.name] = s
			order[#order + 1] = s.name
			new[#new + 1] = s
		end
	end
	for _, s in ipairs(new) do start(s) end
end

-- Scripts of the configuration, serialised (replaced at each reload).
function M.scripts(text)
	local list = {}
	if text and text ~= "" then
		local f, err = load(text, "=scripts", "t", {})
		if not f then core.log("err", "scripts: " .. err); return end
		list = f() or {}
	end
	replace("config", list)
end

-- `lunabgp --script FILE`: a script outside the configuration (exec allowed,
-- restarted on failure).  A file that cannot be read is a failed script.
function M.script_files(files)
	local list = {}
	for _, path in ipairs(files) do
		local name = path:match("([^/]+)$"):gsub("%.lua$", "")
		local fh, err = io.open(path, "rb")
		local src = fh and fh:read("*a") or ("error(" .. string.format("%q", tostring(err)) .. ", 0)")
		if fh then fh:close() end
		list[#list + 1] = { name = name, file = path, path = path, line = 1, source = src, chunkname = "@" .. path,
			allow = { exec = true }, restart = true }
	end
	replace("command-line", list)
end

-- reload_script(name): stop one script and start it again, its source
-- re-read from its file (`script NAME { file ...; }`, --script FILE) or,
-- for a block written in the configuration, the text last loaded.  Sessions,
-- policies and the other scripts are not touched.  An unreadable file
-- raises and leaves the script as it was.
function M.reload_script(name)
	local s = scripts[name]
	if not s then error("reload_script: no script '" .. tostring(name) .. "'", 2) end
	if s.path then
		local fh, err = io.open(s.path, "rb")
		if not fh then error("reload_script: cannot read " .. tostring(err), 2) end
		local src = fh:read("*a")
		fh:close()
		s.source = src
	end
	stop(s)
	s.failures = 0
	start(s)
	core.log("notice", "script " .. s.name .. ": reloaded" .. (s.path and (" from " .. s.path) or ""))
	return s.status
end

function M.status()
	local t = {}
	for _, name in ipairs(order) do
		local s = scripts[name]
		local n = 0
		for _ in pairs(s.tasks or {}) do n = n + 1 end
		t[name] = { status = s.status, error = s.error, failures = s.failures or 0, tasks = n,
			file = s.file, line = s.line }
	end
	return t
end

function M.stop()
	for _, name in ipairs(order) do stop(scripts[name]) end
	S:kill_all()
end

return M
