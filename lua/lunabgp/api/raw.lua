-- The commands of the families whose NLRI a configuration module builds in
-- wire form (MVPN, VPLS, MUP, SR Policy): the words after the family are
-- read with the configuration's lexer, the family module returns the NLRI
-- and the attribute words, and lb_api_route_raw gets both.  A withdrawal
-- passes its own attributes: ExaBGP sends those with it (api-vpls.ci).
local attributes = require "lunabgp.config.attributes"
local lexer = require "lunabgp.config.lexer"

local M = {}

local handle = require("lunabgp.api.handles").get

function M.fail(_, msg) error(msg, 0) end

-- text -> tokens and the end position (for attribute errors)
function M.tokens(text)
	local toks, endpos = lexer.tokens(text)
	if endpos <= #text then error("cannot parse '" .. text:sub(endpos) .. "'", 0) end
	return toks, endpos
end

-- Compile the attribute words `at`, let `finish` (optional) add to the
-- blob what the family builds itself (SR Policy's tunnel attribute), send.
function M.send(C, ann, family, nlri, at, endpos, what, finish)
	local e = attributes.compile(at, 0, M.fail, endpos)
	if ann and not e.nh then error(what .. ": next-hop missing", 0) end
	local blob = (ann and finish) and finish(e.blob) or e.blob
	local rc = C.lb_api_route_raw(ann and 1 or 0, family, nlri, #nlri, e.path_id or 0, handle(C, blob))
	if rc < 0 then error(C.error_text(), 0) end
	return true
end

return M
