-- MUP commands of the process API (ExaBGP's form):
--   announce|withdraw ipv4|ipv6 mup mup-isd|mup-dsd|mup-t1st|mup-t2st ... ATTRIBUTES
-- The NLRI and bgp-prefix-sid-srv6 come from config/mup.lua, the other
-- attributes from config/attributes.lua; lb_api_route_raw gets both.  A
-- withdrawal passes its own attributes: ExaBGP sends those with it
-- (api-ipv4.ci).
local attributes = require "lunabgp.config.attributes"
local lexer = require "lunabgp.config.lexer"
local mup = require "lunabgp.config.mup"

local M = {}

local handle = require("lunabgp.api.handles").get

local function fail(_, msg) error(msg, 0) end

-- `ipv4 mup ...`: text is what follows the SAFI.
function M.line(C, ann, afi, text)
	local toks, endpos = lexer.tokens(text)
	if endpos <= #text then error("cannot parse '" .. text:sub(endpos) .. "'", 0) end
	local family, nlri, at = mup.parse(toks, afi, fail, 1)
	local e = attributes.compile(at, 0, fail, endpos)
	if ann and not e.nh then error("mup: next-hop missing", 0) end
	local rc = C.lb_api_route_raw(ann and 1 or 0, family, nlri, #nlri, e.path_id or 0, handle(C, e.blob))
	if rc < 0 then error(C.error_text(), 0) end
	return true
end

return M
