-- The address families' configuration syntax beyond unicast, as ExaBGP
-- accepts it: l2vpn { vpls }, announce { l2vpn { vpls } }, announce
-- ipvX { multicast | nlri-mpls | labeled-unicast | mpls-vpn | flow | flow-vpn },
-- static multicast groups, static attributes ... nlri and sr-policy, flow
-- and l2vpn routes inherited from templates, and the errors of each.
package.path = "tests/spec/?.lua;" .. package.path
local H = require "config_helper"

local hex = H.hex

-- "family nlri attrs" of every route of neighbor i (NLRI in hex when raw)
local function lines(text, i)
	local cfg, errs, _, sink = H.parse(text)
	assert.is_nil(errs and errs[1])
	local out = {}
	for _, r in ipairs(sink.lists[cfg.neighbors[i or 1].routes]) do
		out[#out + 1] = r.family .. " " .. (r.raw and hex(r.nlri) or r.nlri) .. " " .. hex(r.blob)
	end
	return out, cfg
end

local NH = "4003000401010101"   -- NEXT_HOP 1.1.1.1

describe("l2vpn vpls (RFC 4761)", function()
	-- RD 1.2.3.4:5 (type 1), VE 5, offset 1, size 8, label base 10702 (BoS)
	local VPLS = "l2vpn vpls 00110001010203040005000500010008029CE1 "
	it("one-statement form, lines continued with a backslash (conf-l2vpn)", function()
		local r = lines(H.neighbor("l2vpn {\n vpls \\\n  rd 1.2.3.4:5 \\\n  endpoint 5 base 10702 offset 1 size 8 \\\n"
			.. "  next-hop 1.1.1.1 origin igp;\n}"))
		assert.same({ VPLS .. "4001000100" .. NH }, r)
	end)
	it("block form with a name, attributes in it", function()
		local r = lines(H.neighbor("l2vpn {\n vpls site5 {\n  endpoint 5;\n  base 10702;\n  offset 1;\n  size 8;\n"
			.. "  rd 1.2.3.4:5;\n  next-hop 1.1.1.1;\n  extended-community [ target:54591:6 l2info:19:0:1500:111 ];\n }\n"
			.. " vpls { endpoint 6; base 16; offset 1; size 8; route-distinguisher 65000:7; next-hop 1.1.1.1; }\n}"))
		assert.same({
			VPLS .. NH .. "C01000100002D53F00000006800A130005DC006F",
			"l2vpn vpls 00110000FDE800000007000600010008000101 " .. NH,
		}, r)
	end)
	it("announce { l2vpn { vpls ...; } }", function()
		local r = lines(H.neighbor("announce { l2vpn { vpls endpoint 5 base 10702 offset 1 size 8 rd 1.2.3.4:5 next-hop 1.1.1.1; } }"))
		assert.same({ VPLS .. NH }, r)
	end)
	it("watchdog and withdraw on a vpls route", function()
		local cfg, errs, routes = H.parse(H.neighbor("l2vpn { vpls endpoint 5 base 1 offset 1 size 8 rd 1:1 next-hop 1.1.1.1 watchdog w withdraw; }"))
		assert.is_nil(errs and errs[1])
		assert.equal("w", routes[1].watchdog)
		assert.is_true(routes[1].withdraw)
		assert.same({ "w" }, cfg.neighbors[1].watchdogs)
	end)
	it("family { l2vpn vpls; l2vpn evpn; bgp-ls bgp-ls; bgp-ls bgp-ls-vpn; }", function()
		local _, cfg = lines(H.neighbor("family { l2vpn vpls; l2vpn evpn; bgp-ls bgp-ls; bgp-ls bgp-ls-vpn; ipv6 labeled-unicast; }"))
		assert.same({ "l2vpn vpls", "l2vpn evpn", "bgp-ls bgp-ls", "bgp-ls bgp-ls-vpn", "ipv6 nlri-mpls" },
			cfg.neighbors[1].families)
	end)
	it("family { all; } is every family ExaBGP knows, in its order", function()
		local _, cfg = lines(H.neighbor("family { all; }"))
		assert.same({ "ipv4 unicast", "ipv4 multicast", "ipv4 nlri-mpls", "ipv4 mup", "ipv4 mpls-vpn",
			"ipv4 mcast-vpn", "ipv4 flow", "ipv4 flow-vpn", "ipv4 rtc", "ipv6 unicast", "ipv6 multicast",
			"ipv6 nlri-mpls", "ipv6 mup", "ipv6 mpls-vpn", "ipv6 mcast-vpn", "ipv6 flow", "ipv6 flow-vpn",
			"l2vpn vpls", "l2vpn evpn", "bgp-ls bgp-ls", "bgp-ls bgp-ls-vpn", "ipv4 sr-policy", "ipv6 sr-policy" },
			cfg.neighbors[1].families)
		local _, m = lines(H.neighbor("family { minimal; }"))
		assert.same({ "ipv4 unicast", "ipv6 unicast" }, m.neighbors[1].families)
	end)
end)

describe("announce ipv4|ipv6 families other than unicast", function()
	it("multicast (SAFI 2), v4 and v6, split", function()
		local r = lines(H.neighbor("announce {\n ipv4 {\n  multicast 232.1.0.0/16 next-hop 1.1.1.1 med 7;\n"
			.. "  multicast 10.0.0.0/23 next-hop 1.1.1.1 split /24;\n }\n"
			.. " ipv6 { multicast ff0e::/16 next-hop 1.1.1.1; }\n}"))
		assert.same({
			"ipv4 multicast 10E801 " .. NH .. "8004000400000007",
			"ipv4 multicast 180A0000 " .. NH,
			"ipv4 multicast 180A0001 " .. NH,
			"ipv6 multicast 10FF0E " .. NH,
		}, r)
	end)
	it("nlri-mpls, labeled-unicast and mpls-vpn", function()
		local r = lines(H.neighbor("announce {\n ipv4 {\n  nlri-mpls 10.2.0.0/24 next-hop 1.1.1.1 label 20;\n"
			.. "  labeled-unicast 10.2.1.0/24 next-hop 1.1.1.1 label [ 20 30 ] path-information 7;\n"
			.. "  mpls-vpn 10.3.0.0/24 next-hop 1.1.1.1 rd 1:1 label 20;\n }\n"
			.. " ipv6 { mpls-vpn 2001:db8::/32 next-hop 1.1.1.1 rd 65000:1 label 5; }\n}"))
		assert.same({
			"ipv4 nlri-mpls 300001410A0200 " .. NH,
			"ipv4 nlri-mpls 480001400001E10A0201 " .. NH,
			"ipv4 mpls-vpn 7000014100000001000000010A0300 " .. NH,
			"ipv6 mpls-vpn 780000510000FDE80000000120010DB8 " .. NH,
		}, r)
		local _, _, routes = H.parse(H.neighbor("announce { ipv4 { labeled-unicast 10.2.1.0/24 next-hop 1.1.1.1 label 1 path-information 7; } }"))
		assert.equal(7, routes[1].path_id)
	end)
	it("flow and flow-vpn in one statement", function()
		local r = lines(H.neighbor("announce {\n ipv4 {\n  flow destination 10.4.0.0/24 destination-port [ =80 =443 ] rate-limit 9600 community 1:1;\n"
			.. "  flow-vpn rd 65535:65536 source 10.0.0.3/32 redirect-to-nexthop next-hop 5.6.7.8;\n"
			.. "  flow source 10.0.0.1/32 discard interface-set [ input:1:2 ] redirect-to-nexthop-ietf 1.2.3.4;\n }\n"
			.. " ipv6 { flow destination 2001:db8::/32 next-header udp accept; }\n}"))
		assert.same({
			"ipv4 flow 0B01180A04000501509101BB C008000400010001C01000088006000046160000",
			"ipv4 flow-vpn 0E0000FFFF0001000002200A000003 4003000405060708C01000080800000000000000",
			"ipv4 flow 0602200A000001 C0100018010C01020304000007020000000140028006000000000000",
			"ipv6 flow 0A01200020010DB8038111 ",
		}, r)
	end)
end)

describe("static routes", function()
	it("a multicast group prefix goes as ipv4 multicast (ExaBGP's static), also through the batched path", function()
		local t = { "static {" }
		for i = 0, 599 do t[#t + 1] = string.format(" route 10.%d.%d.0/24 next-hop 1.1.1.1;", math.floor(i / 256), i % 256) end
		t[#t + 1] = " route 224.0.0.0/8 next-hop 1.1.1.1 split /9;"
		t[#t + 1] = " route 239.1.2.0/24 next-hop 1.1.1.1;"
		for i = 0, 299 do t[#t + 1] = string.format(" route 11.%d.%d.0/24 next-hop 1.1.1.1;", math.floor(i / 256), i % 256) end
		t[#t + 1] = " route 23.1.0.0/16 next-hop 1.1.1.1;"
		t[#t + 1] = "}"
		local r, cfg = lines(H.neighbor(table.concat(t, "\n")))
		assert.equal(904, #r)
		assert.equal(904, cfg.neighbors[1].route_count)
		assert.equal("ipv4 multicast 09E000 " .. NH, r[601])
		assert.equal("ipv4 multicast 09E080 " .. NH, r[602])
		assert.equal("ipv4 multicast 18EF0102 " .. NH, r[603])
		assert.equal("ipv4 unicast 11.0.0.0/24 " .. NH, r[604])
		assert.equal("ipv4 unicast 23.1.0.0/16 " .. NH, r[904])
		for i = 1, 600 do assert.equal("ipv4 unicast", r[i]:match("^%S+ %S+")) end
	end)
	it("announce ipv4 { unicast } keeps a multicast group in unicast (ExaBGP)", function()
		assert.same({ "ipv4 unicast 224.1.0.0/16 " .. NH },
			lines(H.neighbor("announce { ipv4 { unicast 224.1.0.0/16 next-hop 1.1.1.1; } }")))
	end)
	it("attributes ... nlri P P", function()
		local r = lines(H.neighbor("static { attributes next-hop 1.1.1.1 med 5 nlri 10.0.0.0/24 10.0.1.1 225.0.0.0/8 2001:db8::/32; }"))
		local A = NH .. "8004000400000005"
		assert.same({ "ipv4 unicast 10.0.0.0/24 " .. A, "ipv4 unicast 10.0.1.1/32 " .. A,
			"ipv4 multicast 08E1 " .. A, "ipv6 unicast 2001:db8::/32 " .. A }, r)
	end)
	it("sr-policy (the AFI is the endpoint's)", function()
		local r = lines(H.neighbor("static { sr-policy distinguisher 0 color 100 endpoint 2001:db8::1 next-hop 1.1.1.1"
			.. " preference 100 segment-list weight 1 segment type-a mpls 16001; }"))
		assert.equal("ipv6 sr-policy", r[1]:match("^%S+ %S+"))
	end)
end)

describe("templates", function()
	local T = "template {\n neighbor t {\n  flow { route a { match { destination 10.0.0.0/24; } then { discard; } } }\n"
		.. "  l2vpn { vpls endpoint 1 base 1 offset 1 size 1 rd 1:1 next-hop 1.1.1.1; }\n }\n}\n"
	local FLOW_T = "ipv4 flow 0501180A0000 C01000088006000000000000"
	local VPLS_T = "l2vpn vpls 00110000000100000001000100010001000011 " .. NH
	it("flow and l2vpn routes of a template reach the inheriting neighbors, before their own", function()
		local r = lines(T .. H.neighbor("inherit t;\nflow { route b { match { destination 10.0.1.0/24; } then { discard; } } }"))
		assert.same({ FLOW_T, VPLS_T, "ipv4 flow 0501180A0001 C01000088006000000000000" }, r)
		r = lines(T .. H.neighbor("flow { route b { match { destination 10.0.1.0/24; } then { discard; } } }\ninherit t;"))
		assert.same({ FLOW_T, VPLS_T, "ipv4 flow 0501180A0001 C01000088006000000000000" }, r)
		local two = T .. H.neighbor("inherit t;") .. H.neighbor("inherit t;"):gsub("127.0.0.1 {", "127.0.0.2 {", 1)
		assert.same({ FLOW_T, VPLS_T }, lines(two, 2))
	end)
end)

describe("family errors", function()
	local cases = {
		{ "l2vpn { route 1; }", "t.conf:6:9: unknown l2vpn statement 'route' (vpls expected)" },
		{ "l2vpn { vpls base 1 offset 1 size 1 rd 1:1 next-hop 1.1.1.1; }", "t.conf:6:9: vpls: endpoint expected" },
		{ "l2vpn { vpls endpoint 1 base x offset 1 size 1 rd 1:1 next-hop 1.1.1.1; }", "t.conf:6:30: invalid vpls base 'x' (0..1048575)" },
		{ "l2vpn { vpls endpoint 1 base 1 offset 1 size 1 rd 1.1:x next-hop 1.1.1.1; }", "t.conf:6:51: invalid route-distinguisher '1.1:x'" },
		{ "l2vpn { vpls endpoint 1 base 1 offset 1 size 1 rd 1:1; }", "t.conf:6:9: vpls route has no next-hop" },
		{ "l2vpn { vpls endpoint 1 base 1 offset 1 size 1 rd 1:1 next-hop 1.1.1.1 label 5; }", "t.conf:6:9: vpls routes take no label (the label base is 'base')" },
		{ "l2vpn { vpls endpoint 1 base 1 offset 1 size 1 rd 1:1 next-hop 1.1.1.1 split /24; }", "t.conf:6:78: split applies to IP prefixes, not to vpls routes" },
		{ "l2vpn { vpls endpoint 1 base 1 offset 1 size 1 rd 1:1 rd 2:2 next-hop 1.1.1.1; }", "t.conf:6:55: rd given twice" },
		{ "l2vpn {\n vpls s {\n  endpoint 1;\n  med { 1; }\n }\n}", "t.conf:9:3: unexpected block in vpls" },
		{ "l2vpn {\n vpls s {\n  endpoint 1;\n  size 1\n }\n}", "t.conf:10:2: ';' expected before '}'" },
		{ "announce { l2vpn { route 1; } }", "t.conf:6:20: unknown announce l2vpn statement 'route' ('vpls ...;' expected)" },
		{ "announce { ipv5 { } }", "t.conf:6:12: unknown family 'ipv5' in announce (ipv4, ipv6 or l2vpn)" },
		{ "announce { ipv4 { multicast 10.0.0.0/8 next-hop 1.1.1.1 rd 1:1; } }", "t.conf:6:57: ipv4 multicast routes take no rd" },
		{ "announce { ipv4 { nlri-mpls 10.0.0.0/8 next-hop 1.1.1.1 rd 1:1 label 1; } }", "t.conf:6:57: ipv4 nlri-mpls routes take no rd" },
		{ "announce { ipv4 { mpls-vpn 10.0.0.0/8 next-hop 1.1.1.1 label 1; } }", "t.conf:6:19: ipv4 mpls-vpn route has no rd" },
		{ "announce { ipv4 { multicast 2001:db8::/32 next-hop 1.1.1.1; } }", "t.conf:6:29: prefix 2001:db8::/32 is not ipv4" },
		{ "announce { ipv4 { multicast 10.0.0.0/33 next-hop 1.1.1.1; } }", "t.conf:6:29: invalid prefix '10.0.0.0/33'" },
		{ "announce { ipv4 { multicast 10.0.0.0/8 med 1; } }", "t.conf:6:19: ipv4 multicast route has no next-hop" },
		{ "announce { ipv4 { multicast 10.0.0.0/8 next-hop 1.1.1.1 med x; } }", "t.conf:6:61: invalid med 'x'" },
		{ "announce { ipv4 { multicast; } }", "t.conf:6:19: multicast expects a prefix" },
		{ "announce { ipv4 { multicast 10.0.0.0/8 { next-hop 1.1.1.1; } } }", "t.conf:6:40: ';' expected after multicast route" },
		{ "announce { ipv4 { multicast 10.0.0.0/8 next-hop 1.1.1.1 split /4; } }", "t.conf:6:63: cannot split /8 into /4" },
		{ "announce { ipv4 { flow destination 2001:db8::/32 discard; } }", "t.conf:6:19: flow route is not ipv4" },
		{ "announce { ipv4 { flow destination 10.0.0.0/8 protocol [ =foo ]; } }", "t.conf:6:47: invalid value 'foo' in '=foo'" },
		{ "announce { ipv4 { flow destination 10.0.0.0/8 discard community [ x ]; } }", "t.conf:6:67: invalid community 'x'" },
		{ "announce { ipv4 { flow destination 10.0.0.0/8 rate-limit; } }", "t.conf:6:47: rate-limit: value expected" },
		{ "announce { ipv4 { flow destination 10.0.0.0/8 interface-set [ sideways:1:1 ]; } }", "t.conf:6:47: invalid interface-set 'sideways:1:1' ([transitive:|non-transitive:]input|output|input-output:ASN:GROUP)" },
		{ "announce { ipv4 { flow destination 10.0.0.0/8 redirect-to-nexthop-ietf x; } }", "t.conf:6:47: redirect-to-nexthop-ietf: invalid address 'x'" },
		{ "flow { route { match { source 10.0.0.1/32; } then { community [ 1:x ]; } } }", "t.conf:6:65: invalid community '1:x'" },
		{ "static { attributes next-hop 1.1.1.1 med 1; }", "t.conf:6:10: attributes without 'nlri PREFIX...' (an UPDATE without routes) is not supported" },
		{ "static { attributes next-hop 1.1.1.1 nlri 10.0.0.0/8 1.2.3; }", "t.conf:6:54: invalid prefix '1.2.3'" },
		{ "family { all; ipv4 unicast; }", "t.conf:6:15: 'all' cannot be used with any other family" },
		{ "family { ipv4 unicast; all; }", "t.conf:6:24: 'all' cannot be used with any other family" },
		{ "vpls { }", "t.conf:6:1: unknown neighbor section 'vpls' (vpls routes go in 'l2vpn { vpls ...; }')" },
	}
	for _, c in ipairs(cases) do
		it(c[2], function()
			local cfg, errs = H.parse(H.neighbor(c[1]))
			assert.is_nil(cfg)
			assert.equal(c[2], errs[1])
		end)
	end
end)
