-- MUP commands of the process API (ExaBGP's form):
--   announce|withdraw ipv4|ipv6 mup mup-isd|mup-dsd|mup-t1st|mup-t2st ... ATTRIBUTES
-- The NLRI and bgp-prefix-sid-srv6 come from config/mup.lua (api/raw.lua
-- sends them); a withdrawal passes its own attributes (api-ipv4.ci).
local mup = require "lunabgp.config.mup"
local raw = require "lunabgp.api.raw"

local M = {}

-- `ipv4 mup ...`: text is what follows the SAFI.
function M.line(C, ann, afi, text)
	local toks, endpos = raw.tokens(text)
	local family, nlri, at = mup.parse(toks, afi, raw.fail, 1)
	return raw.send(C, ann, family, nlri, at, endpos, "mup")
end

return M
