-- lunabgp.config: the originate benchmark's shape (1M `route P next-hop NH;`
-- lines in one static block) must parse fast with a counting sink.
local config = require "lunabgp.config"

describe("config parse speed", function()
	it("parses 1M static routes with count_sink in about 2 s", function()
		local t = { "neighbor 127.0.0.1 {\n  router-id 10.0.0.1;\n  local-address 127.0.0.1;\n  local-as 65000;\n"
			.. "  peer-as 65001;\n  hold-time 180;\n  passive;\n  family { ipv4 unicast; }\n  static {\n" }
		local n = 0
		for a = 1, 16 do
			for b = 0, 255 do
				for c = 0, 255 do
					n = n + 1
					t[#t + 1] = string.format("    route %d.%d.%d.0/24 next-hop 192.0.2.1;\n", a, b, c)
				end
			end
		end
		t[#t + 1] = "  }\n}\n"
		local src = table.concat(t)
		t = nil
		collectgarbage()
		local sink = config.count_sink()
		local t0 = os.clock()
		local cfg, errs = config.parse_string(src, "bench.conf", sink)
		local dt = os.clock() - t0
		print(string.format("\n%d routes (%.1f MB) parsed in %.3f s (%.0f routes/s), %d distinct blob(s)",
			n, #src / 1e6, dt, n / dt, sink.nblobs))
		assert.is_nil(errs and errs[1])
		assert.equal(n, sink.count)
		assert.equal(n, cfg.neighbors[1].route_count)
		assert.equal(1, sink.nblobs)
		assert.is_true(dt < 2.5, "too slow: " .. dt)
	end)
end)
