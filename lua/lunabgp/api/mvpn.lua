-- MVPN and VPLS commands of the process API (ExaBGP's forms):
--   announce|withdraw ipv4|ipv6 mcast-vpn source-ad|shared-join|source-join ... ATTRIBUTES
--   announce|withdraw vpls rd RD endpoint N base N offset N size N ATTRIBUTES
-- The NLRI comes from config/mvpn.lua and config/l2vpn.lua, the attributes
-- from config/attributes.lua; lb_api_route_raw gets both.  A withdrawal
-- passes its own attributes: ExaBGP sends those with it (api-vpls.ci).
local attributes = require "lunabgp.config.attributes"
local lexer = require "lunabgp.config.lexer"
local mvpn = require "lunabgp.config.mvpn"
local l2vpn = require "lunabgp.config.l2vpn"

local M = {}

local handle = require("lunabgp.api.handles").get

local function fail(_, msg) error(msg, 0) end

local function tokens(text)
	local toks, endpos = lexer.tokens(text)
	if endpos <= #text then error("cannot parse '" .. text:sub(endpos) .. "'", 0) end
	return toks, endpos
end

local function send(C, ann, family, nlri, at, endpos, what)
	local e = attributes.compile(at, 0, fail, endpos)
	if ann and not e.nh then error(what .. ": next-hop missing", 0) end
	local rc = C.lb_api_route_raw(ann and 1 or 0, family, nlri, #nlri, e.path_id or 0, handle(C, e.blob))
	if rc < 0 then error(C.error_text(), 0) end
	return true
end

-- `ipv4 mcast-vpn ...`: text is what follows the SAFI.
function M.line(C, ann, afi, text)
	local toks, endpos = tokens(text)
	local family, nlri, at = mvpn.parse(toks, afi, fail, 1)
	return send(C, ann, family, nlri, at, endpos, "mcast-vpn")
end

-- `vpls ...`: text is what follows "vpls".
function M.vpls(C, ann, text)
	local toks, endpos = tokens(text)
	local family, nlri, at = l2vpn.parse(toks, fail, 1)
	return send(C, ann, family, nlri, at, endpos, "vpls")
end

return M
