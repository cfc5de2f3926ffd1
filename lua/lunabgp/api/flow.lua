-- FlowSpec commands of the process API (ExaBGP's forms):
--   announce|withdraw flow route [NAME] { match { ... } then { ... } }
--   announce|withdraw ipv4|ipv6 flow|flow-vpn destination-ipv4 P source-ipv4 P
--       protocol [ =udp =tcp ] ... rd X next-hop IP extended-community [ rate-limit:0 ] ...
-- The NLRI and attributes are built by config/flow.lua and handed to C with
-- lb_api_route_raw; a withdrawal passes its attributes too (ExaBGP sends
-- them, api-broken-flow.ci).
local flow = require "lunabgp.config.flow"
local lexer = require "lunabgp.config.lexer"

local M = {}

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

-- `ipv4 flow ...`: words after the SAFI, in the configuration's
-- one-statement form (config/flow.lua's line: match words, actions,
-- extended-community items as ExaBGP prints them, attributes).
function M.line(C, ann, afi, safi, text)
	local toks, endpos = lexer.tokens(text)
	if endpos <= #text then error("cannot parse '" .. text:sub(endpos) .. "'", 0) end
	local r = flow.line(toks, afi, safi, function(_, msg) error(msg, 0) end)
	return send(C, ann, r)
end

return M
