-- add-path { } (ExaBGP's neighbor block: AFI SAFI [limit N], or all) with
-- our direction word, as handed to c/embed/config_load.c (nb.add_path).
package.path = "tests/spec/?.lua;" .. package.path
local H = require "config_helper"

local function neighbor(block)
	local cfg, errs = H.parse(H.neighbor("family { ipv4 unicast; ipv4 mpls-vpn; l2vpn evpn; ipv4 flow; }\n"
		.. "capability { add-path send/receive; }\n" .. block))
	return cfg and cfg.neighbors[1], errs and errs[1]
end

describe("add-path block", function()
	it("lists families of any AFI/SAFI in order, each with its direction or false", function()
		local n, err = neighbor("add-path { ipv4 mpls-vpn; l2vpn evpn receive; ipv4 flow send limit 8; "
			.. "ipv4 labeled-unicast limit 2; }")
		assert.is_nil(err)
		local ap = n.add_path
		assert.same({ "ipv4 mpls-vpn", "l2vpn evpn", "ipv4 flow", "ipv4 nlri-mpls" }, { ap[1], ap[2], ap[3], ap[4] })
		assert.equal(4, #ap)
		assert.equal(false, ap["ipv4 mpls-vpn"])
		assert.equal("receive", ap["l2vpn evpn"])
		assert.equal("send", ap["ipv4 flow"])
		assert.equal(false, ap["ipv4 nlri-mpls"])
	end)

	it("takes all alone", function()
		local n, err = neighbor("add-path { all; }")
		assert.is_nil(err)
		assert.is_true(n.add_path.all)
		assert.equal(0, #n.add_path)
	end)

	it("refuses what ExaBGP refuses, with the position", function()
		local cases = {
			["add-path { all; ipv4 unicast; }"] = "all cannot be used with any other entry",
			["add-path { ipv4 unicast; all; }"] = "all cannot be used with any other entry",
			["add-path { ipv4 unicast; ipv4 unicast send; }"] = "duplicate add-path entry for ipv4 unicast",
			["add-path { ipv4 unicast limit 0; }"] = "limit expects 1..65535",
			["add-path { ipv4 unicast limit 65536; }"] = "limit expects 1..65535",
			["add-path { ipv4 unicast limit; }"] = "limit expects 1..65535",
			["add-path { ipv4 unicast send 3; }"] = "unexpected '3' after add-path ipv4 unicast",
			["add-path { ipv4; }"] = "add-path expects AFI SAFI",
			["add-path { ipv4 frob; }"] = "unknown family 'ipv4 frob'",
		}
		for block, want in pairs(cases) do
			local _, err = neighbor(block)
			assert.is_truthy(err, block)
			assert.is_truthy(tostring(err):find(want, 1, true), block .. " -> " .. tostring(err))
			assert.is_truthy(tostring(err):match("^t%.conf:%d+:%d+: "), block .. " -> " .. tostring(err))
		end
	end)

	it("is inherited from a template when the neighbor has none", function()
		local cfg, errs = H.parse([[
template { neighbor t { add-path { ipv4 flow; } } }
neighbor 127.0.0.1 { router-id 1.2.3.4; local-address 127.0.0.1; local-as 1; peer-as 1; inherit t;
  family { ipv4 flow; } capability { add-path send; } }
]])
		assert.is_nil(errs and errs[1])
		assert.same("ipv4 flow", cfg.neighbors[1].add_path[1])
	end)
end)
