-- lunabgp.config: ExaBGP configuration files -> lunabgp's configuration model
-- (docs/config-model.md).  Static routes never become Lua tables: they go to
-- a sink (see table_sink/count_sink below; the daemon passes an FFI one).
--
--   local cfg, errs = config.parse_files({ "a.conf" }, sink)
--   local cfg, errs = config.parse_string(text, name, sink)
-- On error cfg is nil and errs lists "file:line:col: message" strings.
local lexer = require "lunabgp.config.lexer"
local neighbor = require "lunabgp.config.neighbor"

local M = {}
local MAX_ERRORS = 50

-- Parser context: one per source text.
local Ctx = {}
Ctx.__index = Ctx

function Ctx:fail(pos, msg, fatal)
	error({ lunabgp_config = true, ctx = self, pos = pos, msg = msg, fatal = fatal }, 0)
end

function Ctx:format(e)
	if type(e) == "table" and e.lunabgp_config then
		local c = e.ctx or self
		local line, col = lexer.line_col(c.src, e.pos or 1)
		return string.format("%s:%d:%d: %s", c.name, line, col, e.msg)
	end
	local line, col = lexer.line_col(self.src, self.last_pos or 1)
	return string.format("%s:%d:%d: internal error: %s", self.name, line, col, tostring(e))
end

-- Record a non-fatal error and carry on; fatal ones propagate.
function Ctx:record(e)
	if type(e) == "table" and e.fatal then error(e, 0) end
	local errs = self.state.errs
	errs[#errs + 1] = self:format(e)
	if #errs >= MAX_ERRORS then
		self:fail(e.pos or 1, "too many errors", true)
	end
end

-- Next statement at pos: tokens {pos, text, ...}, terminator position,
-- terminator (';', '{', '}', 'EOF'), position after it.
function Ctx:stmt(pos)
	local toks, tpos, term, npos = lexer.statement(self.src, pos)
	if term == "BADQUOTE" then
		local q = self.src:find("[\"']", tpos)
		self:fail(q or tpos, "unterminated quoted string", true)
	end
	if toks[1] then self.last_pos = toks[1] end
	return toks, tpos, term, npos
end

-- Skip the rest of a block whose '{' is before pos; returns the position after its '}'.
function Ctx:skip_block(pos)
	local depth = 1
	while true do
		local _, tpos, term, npos = self:stmt(pos)
		if term == "{" then depth = depth + 1
		elseif term == "}" then depth = depth - 1
		elseif term == "EOF" then self:fail(tpos, "block not closed (missing '}')", true) end
		pos = npos
		if depth == 0 then return pos end
	end
end

-- Run handler(toks, term, tpos, npos) for each statement of a block that
-- starts at pos (after its '{'; open_pos nil for the top level).  A handler
-- returns the position after what it consumed (for a '{' statement, after
-- the matching '}'), or nil to mean npos.  Errors in one statement are
-- recorded, the statement (or its block) is skipped and parsing continues.
function Ctx:block(pos, open_pos, handler)
	while true do
		local toks, tpos, term, npos = self:stmt(pos)
		if term == "EOF" then
			if open_pos then self:fail(open_pos, "block not closed (missing '}')", true) end
			return npos
		end
		if term == "}" and #toks == 0 then
			if not open_pos then self:fail(tpos, "unexpected '}'", true) end
			return npos
		end
		if #toks == 0 then
			if term == "{" then self:fail(tpos, "unexpected '{'", true) end
			pos = npos
		else
			if term == "}" then
				self:record({ lunabgp_config = true, ctx = self, pos = tpos, msg = "';' expected before '}'" })
				if not open_pos then self:fail(tpos, "unexpected '}'", true) end
				return npos
			end
			local ok, r = pcall(handler, toks, term, tpos, npos)
			if ok then
				pos = r or npos
			else
				self:record(r)
				pos = (term == "{") and self:skip_block(npos) or npos
			end
		end
	end
end

-- Join a statement's words from index i (word index, 1-based).
function Ctx:words(toks, from)
	local out = {}
	for i = from * 2, #toks, 2 do out[#out + 1] = toks[i] end
	return out
end

local function dirname(path)
	return path:match("^(.*)/[^/]*$") or "."
end

local function parse_text(state, src, name)
	local ctx = setmetatable({ src = src, name = name, dir = dirname(name), state = state,
		sink = state.sink, cache = state.cache, cache_n = state.cache_n }, Ctx)
	local ok, e = pcall(function()
		ctx:block(1, nil, function(toks, term, tpos, npos)
			return neighbor.top(ctx, toks, term, tpos, npos)
		end)
	end)
	state.cache, state.cache_n = ctx.cache, ctx.cache_n
	if not ok then
		local errs = state.errs
		local msg = ctx:format(e)
		if errs[#errs] ~= msg then errs[#errs + 1] = msg end
	end
end

local function new_state(sink)
	return {
		sink = sink or M.count_sink(), errs = {}, cache = {}, cache_n = 0,
		cfg = { processes = {}, neighbors = {}, scripts = {} }, templates = {},
	}
end

local function finish(state)
	local ok, e = pcall(neighbor.check, state)
	if not ok then state.errs[#state.errs + 1] = "internal error: " .. tostring(e) end
	if #state.errs > 0 then return nil, state.errs end
	return state.cfg
end

function M.parse_string(text, name, sink)
	local state = new_state(sink)
	parse_text(state, text, name or "<string>")
	return finish(state)
end

function M.parse_files(files, sink)
	local state = new_state(sink)
	for _, f in ipairs(files) do
		local fh, err = io.open(f, "rb")
		if not fh then
			state.errs[#state.errs + 1] = string.format("%s:0:0: cannot read: %s", f, tostring(err))
		else
			local text = fh:read("*a")
			fh:close()
			parse_text(state, text, f)
		end
	end
	return finish(state)
end

-- A sink keeping every route in tables (specs, `validate`).
-- routes[handle] = { {family=, nlri=, path_id=, blob=, watchdog=, withdraw=}, ... }
function M.table_sink()
	local s = { lists = {} }
	function s:routes_new()
		self.lists[#self.lists + 1] = {}
		return #self.lists
	end
	function s:route(h, family, nlri, path_id, blob, watchdog, withdraw)
		local l = self.lists[h]
		l[#l + 1] = { family = family, nlri = nlri, path_id = path_id, blob = blob,
			watchdog = watchdog, withdraw = withdraw }
	end
	-- NLRI in wire form (family modules): kept as bytes, raw = true
	function s:route_raw(h, family, nlri, path_id, blob, watchdog, withdraw)
		local l = self.lists[h]
		l[#l + 1] = { family = family, nlri = nlri, raw = true, path_id = path_id, blob = blob,
			watchdog = watchdog, withdraw = withdraw }
	end
	return s
end

-- A sink that only counts (validation of big files, benchmarks).
function M.count_sink()
	local s = { count = 0, handles = 0, blobs = {}, nblobs = 0 }
	function s:routes_new()
		self.handles = self.handles + 1
		return self.handles
	end
	function s:route(_, _, _, _, blob)
		self.count = self.count + 1
		if not self.blobs[blob] then self.blobs[blob] = true; self.nblobs = self.nblobs + 1 end
	end
	s.route_raw = s.route
	-- n routes sharing blob at once (pos: where each prefix starts in src)
	function s:routes(_, _, _, _, n, _, blob)
		self.count = self.count + n
		if not self.blobs[blob] then self.blobs[blob] = true; self.nblobs = self.nblobs + 1 end
		return n
	end
	return s
end

return M
