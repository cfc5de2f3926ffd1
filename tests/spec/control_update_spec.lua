-- The compact text of a received UPDATE (c/session/ctl_update.c) as the
-- table on("update") handlers get (lunabgp.control.parse_update): routes
-- are tab-separated, since the text of labeled, VPN, EVPN or SR Policy
-- routes holds spaces.
local control = require "lunabgp.control"

describe("control parse_update", function()
	it("keeps each route's text whole", function()
		local u = control.parse_update(
			"a ipv4 mpls-vpn\t101.1.101.1\t1.4.0.0/16 label 1000 (16001) rd 65000:1\t10.0.0.0/24 label [ 100 (1600) 200 (3201) ] rd 1:1\n"
			.. "w ipv4 rtc\trtc wildcard\trtc 65000:target:65000:1\n"
			.. "t origin igp as-path [ ] extended-community target:65001:1\n")
		local a = u.announce["ipv4 mpls-vpn"]
		assert.equal("101.1.101.1", a.next_hop)
		assert.same({ "1.4.0.0/16 label 1000 (16001) rd 65000:1", "10.0.0.0/24 label [ 100 (1600) 200 (3201) ] rd 1:1" },
			{ a[1], a[2] })
		assert.equal(2, #a)
		assert.same({ "rtc wildcard", "rtc 65000:target:65000:1" }, u.withdraw["ipv4 rtc"])
		assert.equal("origin igp as-path [ ] extended-community target:65001:1", u.attributes)
	end)

	it("reads unicast routes as before", function()
		local u = control.parse_update("a ipv4 unicast\t192.0.2.1\t10.1.0.0/24\t10.1.1.0/24\ne ipv6 unicast\n")
		assert.same({ next_hop = "192.0.2.1", "10.1.0.0/24", "10.1.1.0/24" }, u.announce["ipv4 unicast"])
		assert.equal("ipv6 unicast", u.eor)
	end)
end)
