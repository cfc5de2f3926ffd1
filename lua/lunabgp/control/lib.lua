-- The functions event scripts and control-socket chunks call (docs/lua.md).
-- Those that wait yield the calling task to the loop through the scheduler;
-- none blocks.  M.new(ctx) builds one set of functions; ctx gives the
-- scheduler, core, and who is calling (a script or the REPL).
local M = {}

local concat, format, tostring, type = table.concat, string.format, tostring, type

-- ExaBGP attribute words for announce{...} fields.
local function list_words(v)
	if type(v) == "table" then
		local t = {}
		for i, x in ipairs(v) do t[i] = tostring(x) end
		return "[ " .. concat(t, " ") .. " ]"
	end
	return tostring(v)
end

local ATTRS = {
	{ "next_hop", "next-hop" }, { "origin", "origin" }, { "local_preference", "local-preference" },
	{ "med", "med" }, { "as_path", "as-path", list_words }, { "community", "community", list_words },
	{ "large_community", "large-community", list_words },
	{ "extended_community", "extended-community", list_words }, { "path_id", "path-information" },
	{ "atomic_aggregate", "atomic-aggregate", false },
}

local function check_word(v, what)
	v = tostring(v)
	if v:find("[;{}\n]") then error(what .. ": unexpected character in '" .. v .. "'", 3) end
	return v
end

-- announce{prefix=, next_hop=, ...} / withdraw{prefix=} -> an API line.
function M.route_line(verb, r)
	if type(r) ~= "table" then error(verb .. "{prefix=..., ...} expects a table", 3) end
	if not r.prefix then error(verb .. ": prefix missing", 3) end
	local w = {}
	if r.neighbor then w[#w + 1] = "neighbor " .. check_word(r.neighbor, "neighbor") end
	w[#w + 1] = verb .. " route " .. check_word(r.prefix, "prefix")
	if verb == "announce" then
		if not r.next_hop then error("announce: next_hop missing", 3) end
		for _, a in ipairs(ATTRS) do
			local v = r[a[1]]
			if v ~= nil and v ~= false then
				if a[3] == false then w[#w + 1] = a[2]
				else w[#w + 1] = a[2] .. " " .. check_word((a[3] or tostring)(v), a[1]) end
			end
		end
		if r.attributes then w[#w + 1] = check_word(r.attributes, "attributes") end
	elseif r.path_id then
		w[#w + 1] = "path-information " .. check_word(r.path_id, "path_id")
	end
	return concat(w, " ")
end

function M.new(ctx)
	local S, core, run_api = ctx.sched, ctx.core, ctx.run_api
	local L = {}

	local function text_of(...)
		local t = {}
		for i = 1, select("#", ...) do t[i] = tostring((select(i, ...))) end
		return concat(t, "\t")
	end

	function L.sleep(s)
		s = tonumber(s) or 0
		if s < 0 then s = 0 end
		S:wait("timer", s)
	end

	function L.now() return core.now() end

	-- lunabgp.prefix_set{...}: the policies' prefix sets (docs/lua.md), here
	-- for prefix texts only (set:contains, set:match of a text); lets one
	-- block hold both a policy using a set and event handlers.
	local pset_mt = {}
	pset_mt.__index = {
		contains = function(s, text)
			if type(text) ~= "string" then error("contains: a prefix text expected", 2) end
			local v, err = core.pset_contains(s[1], text)
			if v == nil then error("contains: " .. err, 2) end
			return v
		end,
		size = function(s) return core.pset_size(s[1]) end,
	}
	pset_mt.__index.match = pset_mt.__index.contains
	pset_mt.__len = function(s) return core.pset_size(s[1]) end
	pset_mt.__tostring = function(s) return "prefix set (" .. core.pset_size(s[1]) .. " entries)" end
	local function pset_add(u, list, where, depth)
		for i, e in ipairs(list) do
			if type(e) == "table" and depth < 8 then
				pset_add(u, e, where .. i .. ".", depth + 1)
			elseif type(e) ~= "string" then
				error("prefix_set: entry " .. where .. i .. ": a string expected, got " .. type(e), 3 + depth)
			else
				local ok, err = core.pset_add(u, e)
				if not ok then error("prefix_set: entry " .. where .. i .. ": " .. err, 3 + depth) end
			end
		end
	end
	L.lunabgp = {
		prefix_set = function(list)
			if type(list) ~= "table" then error("prefix_set: a list of prefixes expected", 2) end
			local u = core.pset_new()
			pset_add(u, list, "", 0)
			return setmetatable({ u }, pset_mt)
		end,
	}

	-- stamp(path [, n]): writes '<CLOCK_MONOTONIC seconds> <n>' atomically
	-- (tmp + rename); no io needed.  Errors raise.
	function L.stamp(path, n)
		if type(path) ~= "string" then error("stamp(PATH [, n]) expects a path", 2) end
		local ok, err = core.stamp(path, tonumber(n) or 0)
		if not ok then error(err, 2) end
		return true
	end

	function L.log(...) core.log("notice", ctx.prefix() .. text_of(...)) end

	-- print: to the control client that runs the chunk, else the log.
	function L.print(...)
		local t = S:running()
		local text = text_of(...)
		if t and t.client then core.send(t.client, "O", text .. "\n")
		else core.log("notice", ctx.prefix() .. text) end
	end

	function L.neighbors() return core.neighbors() end

	-- api("show neighbor summary") -> the command's output (string);
	-- errors raise.
	function L.api(line)
		if type(line) ~= "string" then error("api(COMMAND) expects a string", 2) end
		return run_api(line)
	end

	function L.announce(r) run_api(M.route_line("announce", r)); return true end
	function L.withdraw(r) run_api(M.route_line("withdraw", r)); return true end

	-- rib(peer, "in"|"out") -> list of route lines as `show adj-rib` prints them.
	function L.rib(peer, dir)
		dir = dir or "out"
		if dir ~= "in" and dir ~= "out" then error("rib(peer, \"in\"|\"out\")", 2) end
		local line = "show adj-rib " .. dir
		if peer then line = "neighbor " .. check_word(peer, "peer") .. " " .. line end
		local out = run_api(line)
		local t = {}
		for l in out:gmatch("[^\n]+") do t[#t + 1] = l end
		return t
	end

	-- tcp_check(address, port, timeout) -> true | false, reason.  A
	-- non-blocking connect; the task waits for it in the loop.
	function L.tcp_check(host, port, timeout)
		timeout = tonumber(timeout) or 1
		local fd, connected = core.tcp_connect(tostring(host), tonumber(port) or 0)
		if not fd then return false, connected end
		local t = S:running()
		local closed = false
		local function close() if not closed then closed = true; core.close(fd) end end
		if t then t.cleanup[#t.cleanup + 1] = close end
		if connected then close(); return true end
		local what = S:wait("io", timeout, fd, "w")
		if what == "timeout" then close(); return false, "timeout" end
		local err = core.sock_error(fd)
		close()
		if err then return false, err end
		return true
	end

	-- exec_check(command, timeout) -> true | false, exit code ("timeout").
	-- Only in scripts allowed `exec`.
	function L.exec_check(cmd, timeout)
		if not ctx.allow.exec then
			error("exec_check: not allowed for this script (add `allow exec;` to its block)", 2)
		end
		if type(cmd) ~= "string" then error("exec_check(COMMAND, timeout)", 2) end
		timeout = tonumber(timeout) or 5
		local pid, err = core.spawn(cmd)
		if not pid then return false, err end
		local what, code = S:wait("child", timeout, pid)
		if what == "timeout" then return false, "timeout" end
		return code == 0, code
	end

	return L
end

return M
