-- Attribute handles for API routes of the family command modules (flow,
-- mvpn/vpls, mup): the C side interns a blob once (lb_api_attrs) and the
-- handle is cached by the blob's bytes, so repeated attribute text costs one
-- table lookup.  At most 4096 are kept; past that they are released at once.
local M = {}

local handles, nhandles = {}, 0
local bound   -- the verbs the handles belong to (api.bind may swap them)

function M.get(C, blob)
	-- a group's dry run (api/init.lua) proxies the verbs: the handles still
	-- belong to the real ones
	local real = C.__real or C
	if bound ~= real then handles, nhandles, bound = {}, 0, real end
	local h = handles[blob]
	if h then return h end
	if nhandles >= 4096 then
		for _, x in pairs(handles) do real.lb_api_attrs_release(x) end
		handles, nhandles = {}, 0
	end
	h = real.lb_api_attrs(blob, #blob)
	if h < 0 then error(real.error_text(), 0) end
	handles[blob] = h
	nhandles = nhandles + 1
	return h
end

return M
