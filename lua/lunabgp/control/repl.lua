-- The control socket's read-eval-print pieces, without I/O (busted:
-- tests/spec/control_repl_spec.lua):
--   classify(chunk)      "api" for an ExaBGP API command, else "lua"
--   compile(chunk, env)  function | nil, "incomplete" | nil, message
--   results(n, ...)      the values pretty-printed, one per line
--   complete(text, env)  candidates for the word before the cursor
local M = {}

local concat, sort, format = table.concat, table.sort, string.format

-- First words of ExaBGP's API commands (v4 and v6; lua/lunabgp/api).
M.API_WORDS = {}
for w in ([[announce withdraw neighbor peer show teardown flush clear create delete reload restart
	shutdown version help reset ping status enable-ack disable-ack silence-ack enable-sync
	disable-sync daemon session system rib group bye routes]]):gmatch("%S+") do
	M.API_WORDS[w] = true
end

-- An API command starts with one of those words followed by a space or the
-- end of the chunk; `announce{...}`, `announce(...)`, `version = 2`,
-- `show.x` are Lua.
function M.classify(chunk)
	local first, rest = chunk:match("^%s*([%a][%w%-]*)(.*)$")
	if not first or not M.API_WORDS[first] then return "lua" end
	if rest:match("^%s*$") then return "api" end
	if rest:match("^%s*[%(%{\"'%.:=%[]") or rest:match("^%s*%.%.") then return "lua" end
	if not rest:match("^%s") then return "lua" end
	return "api"
end

-- Read-only sockets: show-type commands only.
function M.readonly_ok(chunk)
	if M.classify(chunk) ~= "api" then return false end
	local w = {}
	for x in chunk:gmatch("%S+") do w[#w + 1] = x end
	local first = w[1]
	if first == "show" or first == "version" or first == "ping" or first == "status" or first == "help" then
		return true
	end
	-- neighbor X [qualifiers] show ...; v6 "rib show", "peer X routes list", "daemon status"
	if (first == "neighbor" or first == "peer") then
		for i = 2, #w do if w[i] == "show" then return true end end
		return false
	end
	if first == "rib" then return w[2] == "show" end
	if first == "daemon" then return w[2] == "status" end
	if first == "system" then return w[2] == "help" or w[2] == "version" end
	return false
end

local function incomplete(err)
	return err:find("<eof>'?$") ~= nil
end

-- An expression first (`6*7` prints 42), then a statement; a syntax error
-- at the end of input means more lines are coming (luajit.c's incomplete()).
function M.compile(chunk, env, name)
	name = name or "=stdin"
	local f = load("return " .. chunk, name, "t", env)
	if f then return f end
	local g, err = load(chunk, name, "t", env)
	if g then return g end
	if incomplete(err) then return nil, "incomplete" end
	return nil, err
end

-- ----- pretty printing ------------------------------------------------------------
local KEYWORDS = {}
for w in ([[and break do else elseif end false for function goto if in local nil not or repeat
	return then true until while]]):gmatch("%S+") do KEYWORDS[w] = true end

local function key_text(k)
	if type(k) == "string" and k:match("^[%a_][%w_]*$") and not KEYWORDS[k] then return k end
	if type(k) == "string" then return "[" .. format("%q", k) .. "]" end
	return "[" .. tostring(k) .. "]"
end

local function scalar(v)
	local t = type(v)
	if t == "string" then return format("%q", v):gsub("\\\n", "\\n") end
	if t == "number" then
		if v == math.floor(v) and math.abs(v) < 2 ^ 53 then return format("%d", v) end
		return format("%.14g", v)
	end
	return tostring(v)
end

local function pretty(v, indent, seen, depth, out, budget)
	if type(v) ~= "table" then out[#out + 1] = scalar(v); return end
	if seen[v] then out[#out + 1] = "<cycle>"; return end
	if depth > 6 then out[#out + 1] = "{...}"; return end
	seen[v] = true
	local keys, n = {}, #v
	for k in pairs(v) do
		if not (type(k) == "number" and k >= 1 and k <= n and k == math.floor(k)) then keys[#keys + 1] = k end
	end
	sort(keys, function(a, b)
		local ta, tb = type(a), type(b)
		if ta ~= tb then return ta < tb end
		if ta == "number" or ta == "string" then return a < b end
		return tostring(a) < tostring(b)
	end)
	if n == 0 and #keys == 0 then out[#out + 1] = "{}"; seen[v] = nil; return end
	local pad = indent .. "  "
	out[#out + 1] = "{\n"
	local shown = 0
	for i = 1, n do
		shown = shown + 1
		if shown > budget then out[#out + 1] = pad .. "...\n"; break end
		out[#out + 1] = pad
		pretty(v[i], pad, seen, depth + 1, out, budget)
		out[#out + 1] = ",\n"
	end
	for _, k in ipairs(keys) do
		shown = shown + 1
		if shown > budget then out[#out + 1] = pad .. "...\n"; break end
		out[#out + 1] = pad .. key_text(k) .. " = "
		pretty(v[k], pad, seen, depth + 1, out, budget)
		out[#out + 1] = ",\n"
	end
	out[#out + 1] = indent .. "}"
	seen[v] = nil
end

function M.pretty(v, max_items)
	local out = {}
	pretty(v, "", {}, 0, out, max_items or 500)
	return concat(out)
end

function M.results(...)
	local n = select("#", ...)
	local lines = {}
	for i = 1, n do lines[i] = M.pretty((select(i, ...))) end
	return concat(lines, "\n")
end

-- ----- completion --------------------------------------------------------------------
-- Look a name up in env, following __index tables (the REPL environment
-- inherits the API's); no metamethod is called.
local function lookup(t, k)
	for _ = 1, 8 do
		if type(t) ~= "table" then return nil end
		local v = rawget(t, k)
		if v ~= nil then return v end
		local mt = debug.getmetatable(t)
		t = mt and type(mt.__index) == "table" and mt.__index or nil
	end
end

local function keys_of(t, into)
	for _ = 1, 8 do
		if type(t) ~= "table" then return end
		for k in pairs(t) do if type(k) == "string" then into[k] = true end end
		local mt = debug.getmetatable(t)
		t = mt and type(mt.__index) == "table" and mt.__index or nil
	end
end

-- text: the line up to the cursor.  Returns full replacement words for the
-- last word (`string.fo` -> `string.format`).
function M.complete(text, env)
	local word = text:match("[%w_%.:]*$") or ""
	local out = {}
	local path, sep, partial = word:match("^(.*)([%.:])([%w_]*)$")
	if path then
		local v = env
		for part in path:gmatch("[^%.:]+") do
			v = lookup(v, part)
			if v == nil then return out end
		end
		local names = {}
		if type(v) == "string" then v = string end
		keys_of(v, names)
		for k in pairs(names) do
			if k:sub(1, #partial) == partial and k:match("^[%a_][%w_]*$") then out[#out + 1] = path .. sep .. k end
		end
	else
		local names = {}
		keys_of(env, names)
		for k in pairs(KEYWORDS) do names[k] = true end
		if text:match("^%s*[%w%-]*$") then
			for k in pairs(M.API_WORDS) do names[k] = true end
		end
		for k in pairs(names) do
			if k:sub(1, #word) == word then out[#out + 1] = k end
		end
	end
	sort(out)
	return out
end

return M
