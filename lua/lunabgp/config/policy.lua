-- Policy statements of the configuration (docs/lua.md):
--   lua { CODE }                      top level: Lua run once at load
--   script NAME { CODE }              top level: CODE may `return function(route) ... end`
--   script NAME { file PATH; }        the same, CODE read from PATH (relative to the file)
--   import F [F...];  export F [F...];             per neighbor / template
--   import-default accept|reject;  export-default accept|reject;
--   policy-failure-limit N;           disable a chain after N failed batches in a row (0: never)
-- The Lua text is captured verbatim (braces balanced, Lua strings and
-- comments respected: lunabgp/policy/scan.lua) with the line where it
-- starts; c/embed/policy.c compiles it so that Lua's error lines are the
-- configuration file's.
local scan = require "lunabgp.policy.scan"
local lexer = require "lunabgp.config.lexer"

local M = {}

local function dirname(path) return path:match("^(.*)/[^/]*$") or "." end

-- top level `lua {` or `script NAME {`: returns the position after the '}'
function M.block(ctx, toks, term, tpos, npos)
	local kind = toks[2]
	local name
	if kind == "script" then
		if term ~= "{" or #toks ~= 4 then ctx:fail(toks[1], "script expects a name and a block") end
		name = toks[4]
		if not name:match("^[%a_][%w_]*$") then ctx:fail(toks[3], "script name must be a Lua identifier, not '" .. name .. "'") end
	elseif term ~= "{" or #toks ~= 2 then
		ctx:fail(toks[1], "lua expects a block")
	end
	local close, err, epos = scan.block_end(ctx.src, npos)
	if not close then ctx:fail(epos == npos and tpos or epos, kind .. ": " .. err, true) end
	local code = ctx.src:sub(npos, close - 1)
	local line = lexer.line_col(ctx.src, npos)
	local s = { kind = kind, name = name or "lua", file = ctx.name, line = line, code = code }
	local path = code:match("^%s*file%s+[\"']?([^%s;\"']+)[\"']?%s*;%s*$")
	if path then
		if kind ~= "script" then ctx:fail(toks[1], "'file' is for script blocks") end
		if path:sub(1, 1) ~= "/" then path = dirname(ctx.name) .. "/" .. path end
		s.path, s.code = path, nil
	end
	local scripts = ctx.state.cfg.scripts
	if name then
		for _, o in ipairs(scripts) do
			if o.name == name and o.kind == "script" then ctx:fail(toks[3], "script '" .. name .. "' defined twice") end
		end
	end
	scripts[#scripts + 1] = s
	return close + 1
end

local DEFAULTS = { accept = true, reject = true }

-- neighbor/template statements; true when handled
function M.neighbor_stmt(ctx, nb, toks, term, tpos)
	local k = toks[2]
	if k ~= "import" and k ~= "export" and k ~= "import-default" and k ~= "export-default"
		and k ~= "policy-failure-limit" then return false end
	if term ~= ";" then ctx:fail(tpos, "'" .. k .. "' takes no block (';' expected)") end
	if k == "policy-failure-limit" then
		local v = tonumber(toks[4] or "")
		if #toks ~= 4 or not toks[4]:match("^%d+$") or v > 1000000 then
			ctx:fail(toks[3] or toks[1], "'policy-failure-limit' expects a number of failures 0..1000000 (0: never disable)")
		end
		nb.policy_failure_limit = v
		return true
	end
	if #toks < 4 then ctx:fail(toks[1], "'" .. k .. "' expects " .. (k:find("default") and "accept or reject" or "function names")) end
	if k:find("default") then
		local v = toks[4]
		if #toks ~= 4 or not DEFAULTS[v] then ctx:fail(toks[3], "'" .. k .. "' expects accept or reject") end
		nb[k:gsub("-", "_")] = v
		return true
	end
	local list = {}
	for i = 4, #toks, 2 do
		local v = toks[i]
		if v ~= "[" and v ~= "]" and v ~= "," then
			if not v:match("^[%a_][%w_]*$") then ctx:fail(toks[i - 1], "'" .. k .. "': '" .. v .. "' is not a function name") end
			list[#list + 1] = v
		end
	end
	nb[k] = list
	return true
end

return M
