-- The control socket's chunk handling (lua/lunabgp/control/repl.lua) and
-- the sandbox (lua/lunabgp/control/sandbox.lua).
local repl = require "lunabgp.control.repl"
local sandbox = require "lunabgp.control.sandbox"

describe("control repl: API command or Lua", function()
	it("takes ExaBGP commands as API", function()
		for _, c in ipairs { "show neighbor summary", "announce route 10.0.0.0/24 next-hop 1.2.3.4",
			"neighbor 127.0.0.2 teardown 2", "version", "  help  ", "withdraw route 10.0.0.0/24" } do
			assert.equal("api", repl.classify(c), c)
		end
	end)
	it("takes Lua as Lua, even when it starts with an API word", function()
		for _, c in ipairs { "return 6*7", "announce{prefix='10.0.0.0/24', next_hop='1.2.3.4'}",
			"announce({prefix='x'})", "version = 2", "show.x = 1", "neighbors()", "x = 1", "6*7",
			'status "x"' } do
			assert.equal("lua", repl.classify(c), c)
		end
	end)
	it("read-only sockets accept show-type commands only", function()
		assert.is_true(repl.readonly_ok("show neighbor summary"))
		assert.is_true(repl.readonly_ok("neighbor 127.0.0.2 show adj-rib out"))
		assert.is_true(repl.readonly_ok("rib show in"))
		assert.is_false(repl.readonly_ok("shutdown"))
		assert.is_false(repl.readonly_ok("announce route 10.0.0.0/24 next-hop 1.2.3.4"))
		assert.is_false(repl.readonly_ok("neighbor 127.0.0.2 teardown 2"))
		assert.is_false(repl.readonly_ok("return 1"))
	end)
end)

describe("control repl: compile", function()
	local env = sandbox.env({}, {})
	it("an expression returns its value", function()
		local f = assert(repl.compile("6*7", env))
		assert.equal(42, f())
	end)
	it("a statement runs", function()
		local f = assert(repl.compile("x = 5", env))
		f()
		assert.equal(5, env.x)
	end)
	it("incomplete input asks for more", function()
		for _, c in ipairs { "for i = 1, 2 do", "function f()", "x = [[abc", "local t = {", "if x then",
			"return (1 +" } do
			local f, err = repl.compile(c, env)
			assert.is_nil(f)
			assert.equal("incomplete", err, c)
		end
	end)
	it("a syntax error is reported", function()
		local f, err = repl.compile("x = = 1", env)
		assert.is_nil(f)
		assert.matches("unexpected symbol", err)
	end)
	it("lines joined complete the chunk", function()
		assert.equal("incomplete", select(2, repl.compile("for i = 1, 2 do", env)))
		assert.is_function(repl.compile("for i = 1, 2 do\n y = i\nend", env))
	end)
end)

describe("control repl: pretty printing", function()
	it("scalars", function()
		assert.equal("42", repl.results(42))
		assert.equal('"a\\nb"', repl.results("a\nb"))
		assert.equal("nil", repl.results(nil))
		assert.equal("1\ntrue\n2.5", repl.results(1, true, 2.5))
		assert.equal("", repl.results())
	end)
	it("tables sorted, nested, with cycles cut", function()
		local t = { b = 2, a = { 1, 2 }, ["not id"] = 3 }
		t.self = t
		local s = repl.pretty(t)
		assert.matches('a = {\n    1,\n    2,\n  },', s, 1, true)
		assert.matches('%["not id"%] = 3', s)
		assert.matches("self = <cycle>", s, 1, true)
		assert.is_true(s:find("a =") < s:find("b ="))
	end)
	it("big tables are cut", function()
		local t = {}
		for i = 1, 2000 do t[i] = i end
		assert.matches("%.%.%.", repl.pretty(t, 10))
	end)
end)

describe("control repl: completion", function()
	local env = sandbox.env({ neighbors = function() end, announce = function() end }, {})
	env.mytable = { alpha = 1, beta = 2 }
	it("globals and API keywords at the start", function()
		local c = repl.complete("neigh", env)
		assert.same({ "neighbor", "neighbors" }, c)
	end)
	it("fields of tables, through the path", function()
		assert.same({ "string.find", "string.format" }, repl.complete("x = string.f", env))
		assert.same({ "mytable.alpha" }, repl.complete("mytable.al", env))
	end)
	it("string methods after ':'", function()
		local c = repl.complete("s = ('x'):up", { })
		assert.same({}, c)   -- ("x") is no name: nothing to look up
		env.s = "text"
		assert.same({ "s:upper" }, repl.complete("s:up", env))
	end)
	it("through an __index table (the REPL env inherits)", function()
		local child = setmetatable({}, { __index = env })
		assert.same({ "mytable.alpha" }, repl.complete("mytable.al", child))
	end)
end)

describe("control sandbox", function()
	local env = sandbox.env({}, {})
	local function run(src, ...) return assert(load(src, "=t", "t", env))(...) end
	it("has the safe globals", function()
		assert.equal("abc", run("return string.lower('ABC')"))
		assert.equal(3, run("return math.max(1, 3)"))
		assert.is_number(run("return os.time()"))
	end)
	it("has no io, os.execute, debug, ffi, require, collectgarbage, getfenv", function()
		for _, k in ipairs { "io", "debug", "ffi", "require", "collectgarbage", "getfenv", "setfenv",
			"dofile", "loadfile", "package", "jit", "newproxy", "module" } do
			assert.is_nil(env[k], k)
		end
		assert.is_nil(run("return os.execute"))
		assert.is_nil(run("return os.exit"))
		assert.is_nil(run("return os.getenv"))
	end)
	it("string.dump is gone, also as a method", function()
		assert.is_nil(run("return string.dump"))
		assert.is_nil(run("return ('x').dump"))
		assert.equal("string", run("return getmetatable('')"))
	end)
	it("load takes text only, into the sandbox", function()
		assert.has_error(function() run("return load('return 1', 'x', 'b')") end)
		local f = run("return load('return io')")
		assert.is_nil(f())
		local bc = string.char(27) .. "LJ\2"
		assert.is_nil((run("return load(...)", bc)))
	end)
	it("allow adds libraries back, per environment", function()
		local e2 = sandbox.env({}, { io = true, os = true })
		assert.equal(io, e2.io)
		assert.equal(os.execute, e2.os.execute)
		assert.is_nil(env.io)
	end)
	it("_G is the environment itself", function()
		run("x_from_chunk = 1")
		assert.equal(1, env.x_from_chunk)
		assert.is_nil(rawget(_G, "x_from_chunk"))
		assert.equal(env, run("return _G"))
	end)
end)
