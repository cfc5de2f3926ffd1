-- docs/lua.md checked against the code, both ways: every function, method
-- and library the policy and control environments export is documented, and
-- every function the doc's tables list exists.  A new function without a
-- line in the doc (or a doc line for a removed one) fails here.
local control = require "lunabgp.control"
local sandbox = require "lunabgp.control.sandbox"
local ok_policy, policy = pcall(require, "lunabgp.policy")

local function read(path)
	local fh = assert(io.open(path, "rb"))
	local s = fh:read("*a")
	fh:close()
	return s
end

local doc = read("docs/lua.md")
local split = assert(doc:find("\n# Event scripts", 1, true), "docs/lua.md: '# Event scripts' heading")
local policy_doc, control_doc = doc:sub(1, split), doc:sub(split)

-- The text of a '## Heading' section (up to the next heading of level 1-2).
local function section(text, heading)
	local a = assert(text:find("\n## " .. heading, 1, true), "docs/lua.md: no section '" .. heading .. "'")
	local b = text:find("\n##? ", a + 1)
	return text:sub(a, b or #text)
end

-- Names mentioned inside `backticks`: identifiers, and `lib.a/b/c` as lib.a, lib.b, lib.c.
local function mentioned(text)
	local set = {}
	for span in text:gmatch("`([^`]+)`") do
		for id in span:gmatch("[%a_][%w_]*") do set[id] = true end
		for lib, rest in span:gmatch("([%a_][%w_]*)%.([%w_/]+)") do
			for f in rest:gmatch("[%w_]+") do set[lib .. "." .. f] = true end
		end
	end
	return set
end

-- Functions named in the first column of the doc's tables: `name(...)` or `name{...}`.
local function table_functions(text)
	local set = {}
	for line in text:gmatch("[^\n]+") do
		line = line:gsub("\\|", "/")          -- `a \| b` inside a cell
		local cell = line:match("^|%s*([^|]*)|")
		if cell then
			for span in cell:gmatch("`([^`]+)`") do
				local name = span:match("^([%a_][%w_]*)%s*[%({]")
				if name then set[name] = true end
			end
		end
	end
	return set
end

local function sorted_missing(list)
	table.sort(list)
	return table.concat(list, ", ")
end

-- Every key of env (functions and tables; for the tables given, their
-- fields too) must be mentioned.
local function undocumented_env(env, names, deep)
	local miss = {}
	for k, v in pairs(env) do
		if k ~= "_G" and (type(v) == "function" or type(v) == "table") then
			if not names[k] then miss[#miss + 1] = k end
			if deep[k] and type(v) == "table" then
				for f in pairs(v) do
					if not names[k .. "." .. f] then miss[#miss + 1] = k .. "." .. f end
				end
			end
		end
	end
	return miss
end

describe("docs/lua.md: policies", function()
	if not ok_policy then
		pending("lunabgp.policy does not load here: " .. tostring(policy))
		return
	end
	local route = section(policy_doc, "The route")
	it("documents every route method, and every documented one exists", function()
		local doc_methods = {}
		for m in route:gmatch("`r:([%a_][%w_]*)%(") do doc_methods[m] = true end
		local miss, extra = {}, {}
		for m in pairs(policy.methods) do if not doc_methods[m] then miss[#miss + 1] = m end end
		for m in pairs(doc_methods) do if not policy.methods[m] then extra[#extra + 1] = m end end
		assert.are.equal("", sorted_missing(miss), "route methods missing from docs/lua.md")
		assert.are.equal("", sorted_missing(extra), "r:methods in docs/lua.md that do not exist")
	end)
	it("documents every name of the policy environment", function()
		local env = policy.make_env()
		local miss = undocumented_env(env, mentioned(route), { os = true, lunabgp = true })
		assert.are.equal("", sorted_missing(miss), "policy environment names missing from docs/lua.md")
	end)
end)

describe("docs/lua.md: event scripts and the control socket", function()
	local script_api, repl_api = control.api_for_docs()
	local functions = section(control_doc, "Functions")
	local events = section(control_doc, "Event scripts")
	local documented = table_functions(functions)
	for k in pairs(table_functions(events)) do documented[k] = true end

	it("documents every function of scripts and REPL chunks, and every documented one exists", function()
		local miss, extra, seen = {}, {}, {}
		for _, api in ipairs { script_api, repl_api } do
			for k, v in pairs(api) do
				if type(v) == "function" and not documented[k] and not seen[k] then miss[#miss + 1] = k end
				seen[k] = true
			end
		end
		for k in pairs(documented) do
			if script_api[k] == nil and repl_api[k] == nil then extra[#extra + 1] = k end
		end
		assert.are.equal("", sorted_missing(miss), "functions missing from docs/lua.md's tables")
		assert.are.equal("", sorted_missing(extra), "functions in docs/lua.md's tables that do not exist")
	end)

	it("documents every event of on(), and every documented one exists", function()
		local doc_events, miss, extra = {}, {}, {}
		for e in events:gmatch('`on%("([%w_]+)"') do doc_events[e] = true end
		for e in pairs(control.EVENTS) do if not doc_events[e] then miss[#miss + 1] = e end end
		for e in pairs(doc_events) do if not control.EVENTS[e] then extra[#extra + 1] = e end end
		assert.are.equal("", sorted_missing(miss), "events missing from docs/lua.md")
		assert.are.equal("", sorted_missing(extra), "events in docs/lua.md that do not exist")
	end)

	it("documents every name of the sandbox", function()
		local env = sandbox.env({}, {})
		local names = mentioned(section(control_doc, "Sandbox and limits"))
		local miss = undocumented_env(env, names, { os = true })
		assert.are.equal("", sorted_missing(miss), "sandbox names missing from docs/lua.md")
	end)
end)
