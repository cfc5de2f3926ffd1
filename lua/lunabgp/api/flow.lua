-- FlowSpec commands of the process API (ExaBGP's forms):
--   announce|withdraw flow route [NAME] { match { ... } then { ... } }
--   announce|withdraw ipv4|ipv6 flow|flow-vpn destination-ipv4 P source-ipv4 P
--       protocol [ =udp =tcp ] ... rd X next-hop IP extended-community [ rate-limit:0 ] ...
-- The NLRI and attributes are built by config/flow.lua and handed to C with
-- lb_api_route_raw; a withdrawal passes its attributes too (ExaBGP sends
-- them, api-broken-flow.ci).
local flow = require "lunabgp.config.flow"
local attributes = require "lunabgp.config.attributes"
local lexer = require "lunabgp.config.lexer"

local M = {}
local char = string.char

local handle = require("lunabgp.api.handles").get

local function send(C, ann, r)
	local family, nlri, blob = flow.finish(r, function(msg) error(msg, 0) end)
	local rc = C.lb_api_route_raw(ann and 1 or 0, family, nlri, #nlri, 0, handle(C, blob))
	if rc < 0 then error(C.error_text(), 0) end
	return true
end

-- `flow route { ... }`: text is what follows "flow".
function M.command(C, ann, text)
	local function fail(_, msg) error(msg, 0) end
	local stmt = function(p) return lexer.statement(text, p) end
	local toks, _, term, npos = stmt(1)
	if toks[2] ~= "route" or term ~= "{" then error("'flow route { match { ... } then { ... } }' expected", 0) end
	local r, after = flow.route_body(stmt, fail, npos)
	local rest = lexer.statement(text, after)
	if rest and #rest > 0 then error("unexpected text after the flow route", 0) end
	return send(C, ann, r)
end

-- Extended communities written as ExaBGP prints them for flows.
local EXT = {
	["redirect-to-nexthop"] = "\8\0\0\0\0\0\0\0",
	["copy-to-nexthop"] = "\8\0\0\0\0\0\0\1",
}

local function ext_item(r, s, fail)
	if EXT[s] then r.ext[#r.ext + 1] = EXT[s]; return end
	local n, pk = s:match("^rate%-limit:(%d+%.?%d*)(:?p?a?c?k?e?t?s?)$")
	if n then
		flow.action(r, { 0, "rate-limit", 0, n, 0, pk == ":packets" and "packets" or nil }, fail)
		return
	end
	local v, why = attributes.ext_community(s)
	if not v then fail(why or ("invalid extended-community '" .. s .. "'")) end
	r.ext[#r.ext + 1] = v
end

-- `ipv4 flow ...`: words after the SAFI.
function M.line(C, ann, afi, safi, text)
	local toks, endpos = lexer.tokens(text)
	if endpos <= #text then error("cannot parse '" .. text:sub(endpos) .. "'", 0) end
	local fail = function(msg) error(msg, 0) end
	local r = flow.new()
	if afi == "ipv6" then r.v6 = true end
	local i = 2
	local function word() local w = toks[i]; i = i + 2; return w end
	local function values()
		local w = word()
		if w ~= "[" then return { w } end
		local out = {}
		while true do
			local x = word()
			if not x then fail("']' expected") end
			if x == "]" then return out end
			out[#out + 1] = x
		end
	end
	while toks[i] do
		local w = word()
		if w == "rd" or w == "route-distinguisher" then
			flow.rd(r, word(), fail)
		elseif w == "extended-community" then
			for _, s in ipairs(values()) do ext_item(r, s, fail) end
		elseif w == "next-hop" then
			flow.action(r, { 0, "next-hop", 0, word() }, fail)
		elseif flow.is_component(w) then
			flow.match(r, w, values(), fail)
		else
			-- a route attribute: hand its words to config/attributes.lua
			local at = r.attr_toks
			at[#at + 1] = toks[i - 3]
			at[#at + 1] = w
			-- take words up to the next known keyword
			while toks[i] and not flow.is_component(toks[i]) and toks[i] ~= "rd"
				and toks[i] ~= "extended-community" and toks[i] ~= "next-hop" and not attributes.handlers[toks[i]] do
				at[#at + 1] = toks[i - 1]
				at[#at + 1] = toks[i]
				i = i + 2
			end
		end
	end
	if safi == "flow-vpn" and not r.rd then r.rd = char(0, 0, 0, 0, 0, 0, 0, 0) end
	return send(C, ann, r)
end

return M
