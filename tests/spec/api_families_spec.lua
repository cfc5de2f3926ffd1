-- `announce|withdraw ipv4|ipv6 SAFI PREFIX ...` for the prefix families: the
-- SAFI decides the family (the unicast table is never used for them), with
-- the NLRI built by config/vpn.lua.
local H = require "api_helper"

local function hex(s) return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end)) end

describe("api prefix families", function()
	local m, run
	before_each(function()
		m, run = H.setup()
		m.lb_api_route_raw = function(ann, fam, nlri, len, pid, h)
			m.calls[#m.calls + 1] = string.format("%s %s %s pid=%d%s", ann == 1 and "announce" or "withdraw",
				fam, hex(nlri:sub(1, tonumber(len))), tonumber(pid), h >= 0 and (" attrs=" .. hex(m.blobs[h + 1])) or "")
			return 0
		end
	end)

	it("ipv4 and ipv6 multicast are multicast, not unicast", function()
		assert.is_true((run("announce ipv4 multicast 232.1.0.0/16 next-hop 10.0.0.1")))
		assert.equal("announce ipv4 multicast 10E801 pid=0 attrs=400300040A000001", m.calls[#m.calls])
		assert.is_true((run("announce ipv6 multicast ff0e::/16 next-hop 2001:db8::1 path-information 7")))
		assert.matches("^announce ipv6 multicast 10FF0E pid=7", m.calls[#m.calls])
		assert.is_true((run("withdraw ipv4 multicast 232.1.0.0/16")))
		assert.equal("withdraw ipv4 multicast 10E801 pid=0", m.calls[#m.calls])
	end)

	it("multicast splits", function()
		assert.is_true((run("announce ipv4 multicast 232.1.0.0/23 next-hop 10.0.0.1 split /24")))
		assert.equal("announce ipv4 multicast 18E80100 pid=0 attrs=400300040A000001", m.calls[#m.calls - 1])
		assert.equal("announce ipv4 multicast 18E80101 pid=0 attrs=400300040A000001", m.calls[#m.calls])
	end)

	it("nlri-mpls (and its alias labeled-unicast) and mpls-vpn", function()
		assert.is_true((run("announce ipv4 nlri-mpls 10.0.0.0/24 next-hop 1.2.3.4 label 100")))
		assert.equal("announce ipv4 nlri-mpls 300006410A0000 pid=0 attrs=4003000401020304", m.calls[#m.calls])
		assert.is_true((run("announce ipv4 labeled-unicast 10.0.0.0/24 next-hop 1.2.3.4 label 100")))
		assert.matches("^announce ipv4 nlri%-mpls ", m.calls[#m.calls])
		assert.is_true((run("announce ipv6 mpls-vpn 2001:db8::/32 next-hop ::ffff:1.2.3.4 rd 65000:1 label 5")))
		assert.matches("^announce ipv6 mpls%-vpn ", m.calls[#m.calls])
	end)

	it("refuses what the SAFI does not take", function()
		local bad = {
			{ "announce ipv4 multicast 232.1.0.0/16 next-hop 10.0.0.1 label 5", "take no rd or label" },
			{ "announce ipv4 multicast 2001::/16 next-hop 10.0.0.1", "is not ipv4" },
			{ "announce ipv4 multicast 232.1.0.0/16", "next%-hop missing" },
			{ "announce ipv4 nlri-mpls 10.0.0.0/24 next-hop 1.2.3.4", "need a label" },
			{ "announce ipv4 mpls-vpn 10.0.0.0/24 next-hop 1.2.3.4 label 5", "need an rd" },
			{ "announce ipv4 multicast 232.1.0.0/23 next-hop 10.0.0.1 split /22", "cannot split" },
		}
		for _, b in ipairs(bad) do
			local ok, err = run(b[1])
			assert.is_false(ok, b[1])
			assert.matches(b[2], err)
		end
		for _, c in ipairs(m.calls) do assert.not_matches("^announce", c) end
	end)
end)
