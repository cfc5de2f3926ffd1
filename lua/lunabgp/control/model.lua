-- The configuration's `lua { }` / `script NAME { }` blocks (cfg.scripts,
-- lua/lunabgp/config/policy.lua) as event scripts for the control state:
-- runs in the configuration's state, returns a Lua table literal that the
-- control state loads (lunabgp.control.scripts()).  A block's source is
-- padded with blank lines so that error lines are the configuration file's.
local M = {}

local format, concat = string.format, table.concat

local function basename(p) return (p or "?"):match("([^/]+)$") end

-- -> list of { name, file, line, source, chunkname [, path] } (specs use it
-- directly); path: the block's own file, which reload_script() re-reads.
function M.list(cfg)
	local out = {}
	for _, s in ipairs(cfg and cfg.scripts or {}) do
		local src, file, line = s.code, s.file, s.line or 1
		if s.path then
			local fh, err = io.open(s.path, "rb")
			src = fh and fh:read("*a") or format("error(%q, 0)", "cannot read " .. s.path .. ": " .. tostring(err))
			if fh then fh:close() end
			file, line = s.path, 1
		end
		local name = s.kind == "script" and s.name or format("lua@%s:%d", basename(s.file), s.line or 0)
		out[#out + 1] = { name = name, file = file, line = line, path = s.path,
			source = string.rep("\n", line - 1) .. (src or ""), chunkname = "@" .. file }
	end
	return out
end

function M.serialise(cfg)
	local parts = { "return {\n" }
	for _, s in ipairs(M.list(cfg)) do
		parts[#parts + 1] = format("{ name = %q, file = %q, line = %d, source = %q, chunkname = %q, path = %s },\n",
			s.name, s.file, s.line, s.source, s.chunkname, s.path and format("%q", s.path) or "nil")
	end
	parts[#parts + 1] = "}\n"
	return concat(parts)
end

return M
