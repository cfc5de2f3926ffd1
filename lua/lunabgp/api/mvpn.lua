-- MVPN and VPLS commands of the process API (ExaBGP's forms):
--   announce|withdraw ipv4|ipv6 mcast-vpn source-ad|shared-join|source-join ... ATTRIBUTES
--   announce|withdraw vpls rd RD endpoint N base N offset N size N ATTRIBUTES
-- The NLRI comes from config/mvpn.lua and config/l2vpn.lua; api/raw.lua
-- sends it with the attributes.
local mvpn = require "lunabgp.config.mvpn"
local l2vpn = require "lunabgp.config.l2vpn"
local raw = require "lunabgp.api.raw"

local M = {}

-- `ipv4 mcast-vpn ...`: text is what follows the SAFI.
function M.line(C, ann, afi, text)
	local toks, endpos = raw.tokens(text)
	local family, nlri, at = mvpn.parse(toks, afi, raw.fail, 1)
	return raw.send(C, ann, family, nlri, at, endpos, "mcast-vpn")
end

-- `vpls ...`: text is what follows "vpls".
function M.vpls(C, ann, text)
	local toks, endpos = raw.tokens(text)
	local family, nlri, at = l2vpn.parse(toks, raw.fail, 1)
	return raw.send(C, ann, family, nlri, at, endpos, "vpls")
end

return M
