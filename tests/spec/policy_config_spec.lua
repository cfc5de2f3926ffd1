-- Pure-Lua parts of policies: the configuration syntax (lua/script blocks,
-- import/export), the Lua tokenizer and the budget-check instrumentation.
local config = require "lunabgp.config"
local scan = require "lunabgp.policy.scan"
local instrument = require "lunabgp.policy.instrument"

local NB = "neighbor 127.0.0.2 { router-id 1.1.1.1; local-as 1; peer-as 2; %s }\n"

describe("policy configuration", function()
	it("captures a lua block verbatim, braces in strings and comments respected", function()
		local src = "lua {\n  -- } not the end\n  local s = \"}\" .. '{' .. [[ } ]]\n  function f(r) local t = { a = 1 } end\n}\n"
			.. NB:format("import f;")
		local cfg, errs = config.parse_string(src, "x.conf")
		assert.is_nil(errs)
		assert.equal(1, #cfg.scripts)
		local s = cfg.scripts[1]
		assert.equal("lua", s.kind)
		assert.equal(1, s.line)
		assert.truthy(s.code:find("local t = { a = 1 }", 1, true))
		assert.falsy(s.code:find("neighbor", 1, true))
		assert.same({ "f" }, cfg.neighbors[1].import)
	end)

	it("reads script NAME blocks, the file form, defaults and templates", function()
		local src = "script lp {\n return function(r) end\n}\nscript ext { file policies/x.lua; }\n"
			.. "template { neighbor t { import lp; import-default accept; } }\n"
			.. NB:format("inherit t; export lp ext; export-default reject;")
		local cfg, errs = config.parse_string(src, "/etc/lunabgp/a.conf")
		assert.is_nil(errs)
		assert.equal("lp", cfg.scripts[1].name)
		assert.equal(1, cfg.scripts[1].line)
		assert.equal("/etc/lunabgp/policies/x.lua", cfg.scripts[2].path)
		local nb = cfg.neighbors[1]
		assert.same({ "lp" }, nb.import)
		assert.equal("accept", nb.import_default)
		assert.same({ "lp", "ext" }, nb.export)
		assert.equal("reject", nb.export_default)
	end)

	it("reports errors as file:line:col", function()
		local _, errs = config.parse_string("lua {\n local s = 'x\n}\n", "e.conf")
		assert.truthy(errs[1]:match("^e%.conf:2:%d+: lua: unfinished string"))
		_, errs = config.parse_string("lua {\n function f() end\n", "e.conf")
		assert.truthy(errs[1]:match("^e%.conf:1:%d+: lua: block not closed"))
		_, errs = config.parse_string(NB:format("import-default maybe;"), "e.conf")
		assert.truthy(errs[1]:match("^e%.conf:1:%d+: 'import%-default' expects accept or reject"))
		_, errs = config.parse_string(NB:format("import 9x;"), "e.conf")
		assert.truthy(errs[1]:match("is not a function name"))
		_, errs = config.parse_string("script a { }\nscript a { }\n", "e.conf")
		assert.truthy(errs[1]:match("^e%.conf:2:%d+: script 'a' defined twice"))
	end)
end)

describe("policy-failure-limit", function()
	it("is read per neighbor and passed on by templates", function()
		local src = "template { neighbor t { policy-failure-limit 3; } }\n"
			.. NB:format("inherit t; import f;") .. NB:gsub("127.0.0.2", "127.0.0.3"):format("policy-failure-limit 0;")
		local cfg, errs = config.parse_string("lua { function f(r) end }\n" .. src, "x.conf")
		assert.is_nil(errs)
		assert.equal(3, cfg.neighbors[1].policy_failure_limit)
		assert.equal(0, cfg.neighbors[2].policy_failure_limit)
	end)
	it("refuses what is not a count", function()
		for _, v in ipairs { "x", "-1", "1.5", "2000000", "1 2" } do
			local _, errs = config.parse_string(NB:format("policy-failure-limit " .. v .. ";"), "e.conf")
			assert.truthy(errs and errs[1]:match("^e%.conf:1:%d+: 'policy%-failure%-limit' expects a number"), v)
		end
	end)
end)

describe("policy scan", function()
	it("tokenizes long strings, comments and numbers", function()
		local kinds = {}
		local src = "x = [==[ ]] ]==] --[[ c ]] 1e-5 0x1p+4 a..b :: ..."
		local i = 1
		while true do
			local k, s, e = scan.token(src, i)
			if not k then break end
			kinds[#kinds + 1] = k .. ":" .. src:sub(s, e)
			i = e + 1
		end
		assert.same({ "name:x", "punct:=", "string:[==[ ]] ]==]", "comment:--[[ c ]]", "number:1e-5",
			"number:0x1p+4", "name:a", "punct:..", "name:b", "punct:::", "punct:..." }, kinds)
	end)
end)

describe("policy instrumentation", function()
	local C = instrument.CHECK
	it("checks at the top of loop bodies, functions and labels", function()
		local out = instrument.source("while true do end")
		assert.equal("while true do" .. C .. " end", out)
		out = instrument.source("local function f(a, b) return a end")
		assert.equal("local function f(a, b)" .. C .. " return a end", out)
		out = instrument.source("repeat x = x + 1 until x > 3")
		assert.equal("repeat" .. C .. " x = x + 1 until x > 3", out)
		out = instrument.source("::top:: goto top")
		assert.equal("::top::" .. C .. " goto top", out)
		out = instrument.source("for i = 1, 3 do f(function() end) end")
		assert.equal("for i = 1, 3 do" .. C .. " f(function()" .. C .. " end) end", out)
	end)

	it("leaves strings and comments alone and keeps line numbers", function()
		local src = "s = 'do' -- while true do\nt = [[function()]]\nerror('x')"
		assert.equal(src, instrument.source(src))
		local chunk = instrument.chunk("\n\nerror('boom')", 10)
		local f = assert(load(chunk, "@p.conf"))
		local ok, err = pcall(f, { ticks = 1 }, function() end)
		assert.is_false(ok)
		assert.equal("p.conf:12: boom", err)
	end)

	it("stops a runaway loop through the budget hook, even under pcall", function()
		local B = { ticks = 1000 }
		local calls = 0
		local function slow()
			calls = calls + 1
			if calls >= 3 then error("policy time budget exceeded", 2) end
			B.ticks = 1000
		end
		local chunk = instrument.chunk("while true do pcall(function() while true do end end) end", 1)
		local f = assert(load(chunk, "=t"))
		local ok, err = pcall(f, B, function()
			if calls >= 3 then error("policy time budget exceeded", 2) end -- sticky
			slow()
		end)
		assert.is_false(ok)
		assert.truthy(err:find("budget exceeded"))
	end)
end)
