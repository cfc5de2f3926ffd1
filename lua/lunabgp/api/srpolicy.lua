-- SR Policy commands of the process API (ExaBGP's form):
--   announce ipv4|ipv6 sr-policy distinguisher N color N endpoint IP next-hop IP
--       [preference N] ... segment-list weight N segment type-a mpls L ... ATTRIBUTES
--   withdraw ipv4|ipv6 sr-policy distinguisher N color N endpoint IP
-- The NLRI and the Tunnel Encapsulation attribute come from
-- config/srpolicy.lua; api/raw.lua sends them.
local srpolicy = require "lunabgp.config.srpolicy"
local raw = require "lunabgp.api.raw"

local M = {}

-- `ipv4 sr-policy ...`: text is what follows the SAFI.
function M.line(C, ann, afi, text)
	local toks, endpos = raw.tokens(text)
	local family, nlri, tunnel, at = srpolicy.parse(toks, afi, raw.fail, 1)
	return raw.send(C, ann, family, nlri, at, endpos, "sr-policy",
		function(blob) return srpolicy.with_tunnel(blob, tunnel) end)
end

return M
