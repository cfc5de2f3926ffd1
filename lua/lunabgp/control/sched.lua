-- The control state's scheduler: every event script handler and every
-- control-socket command is a coroutine ("task").  A task that must wait
-- (sleep, a TCP probe, a command's exit) yields a request; the scheduler
-- hands it to C (core.wait: a libev timer, io or child watcher, each with a
-- timeout) and resumes the task when C calls wake(token, what, status).
-- Nothing here blocks, and a resume runs under a time budget (core.budget)
-- enforced by a count hook in C: the JIT is off in this state.
--
-- `core` is injected (C in the daemon, a table of stubs in the specs).
local M = {}

local resume, status, running, yield = coroutine.resume, coroutine.status, coroutine.running, coroutine.yield
local create = coroutine.create
local pack = function(...) return { n = select("#", ...), ... } end
local unpack = unpack or table.unpack

local YIELD = {}          -- marks requests made through M.wait
M.YIELD = YIELD

local Sched = {}
Sched.__index = Sched

function M.new(core)
	return setmetatable({ core = core, tasks = {}, waits = {}, ntoken = 0, current = nil, ntasks = 0 }, Sched)
end

local function new_token(self)
	self.ntoken = self.ntoken + 1
	return self.ntoken
end

-- opts: name, budget (seconds per resume), client (control socket id),
-- owner (a script), on_done(task, ok, ...) with ok=false: (err, traceback).
-- A task spawned from inside another task starts on the next loop
-- iteration (its own budget, and no resume nested in a resume).
function Sched:spawn(fn, opts, ...)
	opts = opts or {}
	local t = { co = create(fn), name = opts.name or "task", budget = opts.budget or self.core.budget_default or 1,
		client = opts.client, owner = opts.owner, on_done = opts.on_done, cleanup = {} }
	self.tasks[t] = true
	self.ntasks = self.ntasks + 1
	if self.current then
		t.args = pack(...)
		local tok = new_token(self)
		self.waits[tok] = t
		t.token = tok
		self.core.wait(tok, "timer", 0)
	else
		self:step(t, ...)
	end
	return t
end

local function drop(self, t)
	t.dead = true
	if self.tasks[t] then
		self.tasks[t] = nil
		self.ntasks = self.ntasks - 1
	end
	if t.token then
		self.waits[t.token] = nil
		self.core.cancel(t.token)
		t.token = nil
	end
	for i = #t.cleanup, 1, -1 do pcall(t.cleanup[i]) end
	t.cleanup = {}
end

function Sched:step(t, ...)
	if t.dead then return end
	local prev = self.current
	self.current = t
	self.core.budget(t.budget)
	local r = pack(resume(t.co, ...))
	self.core.budget(0)
	self.current = prev
	if t.dead then return end         -- killed from inside (its client went away)
	if not r[1] then
		local err = r[2]
		local tb = debug.traceback(t.co, type(err) == "string" and err or tostring(err), 0)
		drop(self, t)
		if t.on_done then t.on_done(t, false, err, tb) end
		return
	end
	if status(t.co) == "dead" then
		drop(self, t)
		if t.on_done then t.on_done(t, true, unpack(r, 2, r.n)) end
		return
	end
	local req = r[2]
	if type(req) ~= "table" or req[1] ~= YIELD then
		drop(self, t)
		local err = "coroutine.yield() outside a coroutine of your own: use sleep() to wait"
		if t.on_done then t.on_done(t, false, err, err) end
		return
	end
	local tok = new_token(self)
	self.waits[tok] = t
	t.token = tok
	self.core.wait(tok, req[2], req[3], req[4], req[5])
end

-- From C: the wait `token` ended ("timeout", "ready", "exit" + status).
function Sched:wake(tok, what, st)
	local t = self.waits[tok]
	if not t then return end
	self.waits[tok] = nil
	t.token = nil
	if t.args then
		local a = t.args
		t.args = nil
		return self:step(t, unpack(a, 1, a.n))
	end
	return self:step(t, what, st)
end

-- Stop a task now: its wait is cancelled, its cleanups run (open sockets
-- closed, children killed by C), on_done is not called.
function Sched:kill(t)
	if t and not t.dead then drop(self, t) end
end

function Sched:kill_all(pred)
	local v = {}
	for t in pairs(self.tasks) do if not pred or pred(t) then v[#v + 1] = t end end
	for _, t in ipairs(v) do drop(self, t) end
end

-- The task running now (nil on the main thread).
function Sched:running()
	local t = self.current
	if t and running() == t.co then return t end
	return nil
end

-- Wait inside a task: yields to the loop.  kind "timer" (timeout = the
-- delay), "io" (a = fd, b = "r"|"w"), "child" (a = pid).  Returns what
-- ("timeout", "ready", "exit") and the status.
function Sched:wait(kind, timeout, a, b)
	if not self:running() then
		error("this function waits, and can only be called from a script or a control command "
			.. "(not from a coroutine of your own)", 3)
	end
	return yield({ YIELD, kind, timeout, a, b })
end

return M
