-- Environments for event scripts and control-socket chunks
-- (../shared/LUA.md 7.7: an allow-list).  Scripts are the operator's code:
-- the sandbox prevents accidents (blocking the loop, os.execute, a
-- bytecode load), it is not a wall against hostile code.
--
-- allow: { io = true, os = true, debug = true, ffi = true } per script adds
-- the whole library back (`allow io, os;` in the script block).
local M = {}

local SAFE = { "assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall", "select", "tonumber",
	"tostring", "type", "unpack", "rawequal", "rawget", "rawset", "setmetatable", "getmetatable" }

local function copy(t, except)
	local c = {}
	for k, v in pairs(t) do
		if not (except and except[k]) then c[k] = v end
	end
	return c
end

-- Once per state: string.dump is reachable through ("").dump, so it goes
-- from the real string table; the string metatable is protected.
local hardened = false
function M.harden()
	if hardened then return end
	hardened = true
	string.dump = nil
	local mt = getmetatable("")
	-- already protected (the policy sandbox hardens the same string table):
	-- getmetatable then answers the protecting string
	if type(mt) == "table" then mt.__metatable = "string" end
end

-- A fresh environment: safe globals, then `api` (name -> value), then the
-- libraries the script is allowed.
function M.env(api, allow)
	M.harden()
	allow = allow or {}
	local env = {}
	for _, k in ipairs(SAFE) do env[k] = _G[k] end
	env.string = copy(string)
	env.table = copy(table)
	env.math = copy(math)
	env.bit = copy(bit)
	env.coroutine = copy(coroutine)
	env.os = { time = os.time, clock = os.clock, date = os.date, difftime = os.difftime }
	env._VERSION = _VERSION
	-- load/loadstring/dofile: text only, and in this environment by default.
	env.load = function(chunk, name, mode, e)
		if mode ~= nil and mode ~= "t" then error("load: only text chunks (mode \"t\")", 2) end
		return load(chunk, name, "t", e or env)
	end
	env.loadstring = function(s, name) return load(s, name, "t", env) end
	if allow.io then env.io = io; env.dofile = dofile; env.loadfile = loadfile end
	if allow.os then env.os = os end
	if allow.debug then env.debug = debug end
	if allow.ffi then env.ffi = require "ffi" end
	if allow.require then env.require = require end
	for k, v in pairs(api or {}) do env[k] = v end
	env._G = env
	return env
end

return M
