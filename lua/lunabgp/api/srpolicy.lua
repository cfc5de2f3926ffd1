-- SR Policy commands of the process API (ExaBGP's form):
--   announce ipv4|ipv6 sr-policy distinguisher N color N endpoint IP next-hop IP
--       [preference N] ... segment-list weight N segment type-a mpls L ... ATTRIBUTES
--   withdraw ipv4|ipv6 sr-policy distinguisher N color N endpoint IP
-- The NLRI and the Tunnel Encapsulation attribute come from
-- config/srpolicy.lua, the other attributes from config/attributes.lua;
-- lb_api_route_raw gets both.
local attributes = require "lunabgp.config.attributes"
local lexer = require "lunabgp.config.lexer"
local srpolicy = require "lunabgp.config.srpolicy"

local M = {}

local handle = require("lunabgp.api.handles").get

local function fail(_, msg) error(msg, 0) end

-- `ipv4 sr-policy ...`: text is what follows the SAFI.
function M.line(C, ann, afi, text)
	local toks, endpos = lexer.tokens(text)
	if endpos <= #text then error("cannot parse '" .. text:sub(endpos) .. "'", 0) end
	local family, nlri, tunnel, at = srpolicy.parse(toks, afi, fail, 1)
	local e = attributes.compile(at, 0, fail, endpos)
	if ann and not e.nh then error("sr-policy: next-hop missing", 0) end
	local blob = ann and srpolicy.with_tunnel(e.blob, tunnel) or e.blob
	local rc = C.lb_api_route_raw(ann and 1 or 0, family, nlri, #nlri, e.path_id or 0, handle(C, blob))
	if rc < 0 then error(C.error_text(), 0) end
	return true
end

return M
