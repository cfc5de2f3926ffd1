-- The FFI declarations of lua/lunabgp/api/cdef.lua must match the exported
-- verbs of c/session/api_exec.h (same names, same parameter lists).
local src = os.getenv("LUNABGP_SOURCE") or "."

local function norm(s) return (s:gsub("%s+", " "):gsub(" ?([%(%),%*]) ?", "%1")) end

local function decls(text)
	local t = {}
	for ret, name, args in text:gmatch("([%w_ %*]-)%s*%f[%w_](lb_api_[%w_]+)%s*(%b())%s*;") do
		t[name] = norm(ret:match("[%w_ %*]+$") .. " " .. name .. args)
	end
	return t
end

describe("api cdef", function()
	it("matches c/session/api_exec.h", function()
		local f = assert(io.open(src .. "/c/session/api_exec.h"))
		local header = decls(f:read("*a"))
		f:close()
		local lua = decls(require("lunabgp.api.cdef").decl)
		local n = 0
		for name, d in pairs(header) do
			n = n + 1
			assert.equal(d, lua[name], name)
		end
		for name in pairs(lua) do assert.truthy(header[name], name .. " not in api_exec.h") end
		assert.is_true(n > 20)
	end)
end)
