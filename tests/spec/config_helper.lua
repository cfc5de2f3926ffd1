-- Shared helpers for the config specs.
local H = {}
local src = os.getenv("LUNABGP_SOURCE")
H.shared = (src and src .. "/../shared" or "../shared")
H.conformance = H.shared .. "/conformance/exabgp"

function H.hex(s)
	return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end))
end

-- parse text with a table sink; returns cfg, errs, routes of neighbor 1
function H.parse(text, name)
	local config = require "lunabgp.config"
	local sink = config.table_sink()
	local cfg, errs = config.parse_string(text, name or "t.conf", sink)
	local routes = cfg and cfg.neighbors[1] and sink.lists[cfg.neighbors[1].routes] or {}
	return cfg, errs, routes, sink
end

function H.neighbor(body)
	return "neighbor 127.0.0.1 {\n  router-id 1.2.3.4;\n  local-address 127.0.0.1;\n  local-as 1;\n  peer-as 1;\n"
		.. body .. "\n}\n"
end

return H
