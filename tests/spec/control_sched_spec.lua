-- The control state's scheduler (lua/lunabgp/control/sched.lua) and the
-- script functions that wait (lua/lunabgp/control/lib.lua), driven by a
-- fake core: waits are recorded, and the spec fires them as the loop would.
local sched = require "lunabgp.control.sched"
local lib = require "lunabgp.control.lib"

local function fake_core()
	local core = { waits = {}, cancelled = {}, budgets = {}, sent = {}, logs = {}, closed = {},
		budget_default = 1, time = 0 }
	function core.wait(tok, kind, timeout, a, b) core.waits[tok] = { kind = kind, timeout = timeout, a = a, b = b } end
	function core.cancel(tok) core.cancelled[#core.cancelled + 1] = tok; core.waits[tok] = nil end
	function core.budget(s) core.budgets[#core.budgets + 1] = s end
	function core.send(id, t, text) core.sent[#core.sent + 1] = { id, t, text }; return true end
	function core.log(level, msg) core.logs[#core.logs + 1] = level .. ": " .. msg end
	function core.now() return core.time end
	function core.close(fd) core.closed[#core.closed + 1] = fd end
	return core
end

-- the single pending wait
local function pending(core)
	local tok, w = next(core.waits)
	return tok, w
end

describe("control scheduler", function()
	local core, S
	before_each(function() core = fake_core(); S = sched.new(core) end)

	it("runs a task to completion and reports its results", function()
		local got
		S:spawn(function(a) return a * 2, "x" end, { on_done = function(_, ok, r, s) got = { ok, r, s } end }, 21)
		assert.same({ true, 42, "x" }, got)
		assert.equal(0, S.ntasks)
	end)

	it("sleep yields to the loop and resumes on wake", function()
		local done
		S:spawn(function() S:wait("timer", 2); return "woke" end, { on_done = function(_, ok, r) done = r end })
		local tok, w = pending(core)
		assert.equal("timer", w.kind)
		assert.equal(2, w.timeout)
		assert.is_nil(done)
		assert.equal(1, S.ntasks)
		core.waits[tok] = nil
		S:wake(tok, "timeout", 0)
		assert.equal("woke", done)
	end)

	it("every resume runs under the task's budget, cleared after", function()
		S:spawn(function() S:wait("timer", 1) end, { budget = 0.25 })
		assert.same({ 0.25, 0 }, core.budgets)
	end)

	it("an error ends the task with a traceback; others carry on", function()
		local failed, other
		S:spawn(function() S:wait("timer", 1); other = true end)
		S:spawn(function() error("boom") end, { on_done = function(_, ok, err, tb) failed = { ok, err, tb } end })
		assert.is_false(failed[1])
		assert.matches("boom", failed[2])
		assert.matches("stack traceback", failed[3])
		local tok = pending(core)
		S:wake(tok, "timeout", 0)
		assert.is_true(other)
	end)

	it("kill cancels the wait and runs cleanups; a late wake is ignored", function()
		local cleaned, done = false, false
		local t = S:spawn(function() S:wait("io", 5, 7, "w"); done = true end)
		t.cleanup[#t.cleanup + 1] = function() cleaned = true end
		local tok = pending(core)
		S:kill(t)
		assert.same({ tok }, core.cancelled)
		assert.is_true(cleaned)
		S:wake(tok, "ready", 0)
		assert.is_false(done)
		assert.equal(0, S.ntasks)
	end)

	it("a task spawned from a task starts on the next loop iteration", function()
		local order = {}
		S:spawn(function()
			S:spawn(function(x) order[#order + 1] = "child " .. x end, {}, "arg")
			order[#order + 1] = "parent"
		end)
		assert.same({ "parent" }, order)
		local tok, w = pending(core)
		assert.equal(0, w.timeout)
		S:wake(tok, "timeout", 0)
		assert.same({ "parent", "child arg" }, order)
	end)

	it("a bare coroutine.yield from a task is an error, not a hang", function()
		local err
		S:spawn(function() coroutine.yield(1) end, { on_done = function(_, ok, e) err = e end })
		assert.matches("use sleep", err)
	end)

	it("waiting outside a task is refused", function()
		assert.has_error(function() S:wait("timer", 1) end)
		-- inside a coroutine of the user's own
		local err
		S:spawn(function()
			local co = coroutine.create(function() S:wait("timer", 1) end)
			local ok, e = coroutine.resume(co)
			err = e
		end)
		assert.matches("only be called from a script", err)
	end)
end)

describe("script functions", function()
	local core, S, L, api_lines
	before_each(function()
		core = fake_core()
		S = sched.new(core)
		api_lines = {}
		L = lib.new({ sched = S, core = core, allow = {}, prefix = function() return "script t: " end,
			run_api = function(line) api_lines[#api_lines + 1] = line; return "" end })
	end)

	it("announce/withdraw build API lines", function()
		L.announce { prefix = "192.0.2.1/32", next_hop = "self", med = 10, local_preference = 200,
			community = { "65000:1", "65000:2" }, as_path = { 65001, 65002 } }
		L.withdraw { prefix = "192.0.2.1/32", neighbor = "127.0.0.2" }
		assert.same({
			"announce route 192.0.2.1/32 next-hop self local-preference 200 med 10 as-path [ 65001 65002 ] community [ 65000:1 65000:2 ]",
			"neighbor 127.0.0.2 withdraw route 192.0.2.1/32",
		}, api_lines)
	end)

	it("announce checks its table", function()
		assert.has_error(function() L.announce { prefix = "10.0.0.0/24" } end, "announce: next_hop missing")
		assert.has_error(function() L.announce "10.0.0.0/24" end)
		assert.has_error(function() L.announce { prefix = "10.0.0.0/24; shutdown", next_hop = "1.2.3.4" } end)
	end)

	it("tcp_check: connect in progress, wait for writable, then SO_ERROR", function()
		core.tcp_connect = function() return 9, false end
		core.sock_error = function() return nil end
		local res
		S:spawn(function() res = { L.tcp_check("127.0.0.1", 80, 2) } end)
		local tok, w = pending(core)
		assert.same({ kind = "io", timeout = 2, a = 9, b = "w" }, w)
		core.waits[tok] = nil
		S:wake(tok, "ready", 2)
		assert.same({ true }, res)
		assert.same({ 9 }, core.closed)
	end)

	it("tcp_check: refused and timeout", function()
		core.tcp_connect = function() return 9, false end
		core.sock_error = function() return "Connection refused" end
		local res
		S:spawn(function() res = { L.tcp_check("127.0.0.1", 80, 2) } end)
		local tok = pending(core)
		core.waits[tok] = nil
		S:wake(tok, "ready", 2)
		assert.same({ false, "Connection refused" }, res)
		S:spawn(function() res = { L.tcp_check("127.0.0.1", 80, 2) } end)
		tok = pending(core)
		core.waits[tok] = nil
		S:wake(tok, "timeout", 0)
		assert.same({ false, "timeout" }, res)
		assert.same({ 9, 9 }, core.closed)
	end)

	it("tcp_check: the socket is closed when the task is killed", function()
		core.tcp_connect = function() return 11, false end
		local t = S:spawn(function() L.tcp_check("127.0.0.1", 80, 2) end)
		S:kill(t)
		assert.same({ 11 }, core.closed)
	end)

	it("exec_check only where allowed", function()
		local err
		S:spawn(function() L.exec_check("true", 1) end, { on_done = function(_, ok, e) err = e end })
		assert.matches("not allowed", err)
		local L2 = lib.new({ sched = S, core = core, allow = { exec = true }, prefix = function() return "" end })
		core.spawn = function() return 1234 end
		local res
		S:spawn(function() res = { L2.exec_check("exit 3", 1) } end)
		local tok, w = pending(core)
		assert.same({ kind = "child", timeout = 1, a = 1234 }, w)
		core.waits[tok] = nil
		S:wake(tok, "exit", 3)
		assert.same({ false, 3 }, res)
	end)

	it("print goes to the client of the task, else the log", function()
		S:spawn(function() L.print("a", 1) end, { client = 5 })
		assert.same({ { 5, "O", "a\t1\n" } }, core.sent)
		L.print("b")
		assert.same({ "notice: script t: b" }, core.logs)
	end)
end)
