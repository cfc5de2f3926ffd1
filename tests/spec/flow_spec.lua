-- config/flow.lua and api/flow.lua: FlowSpec NLRI and traffic actions in
-- wire form, checked against the bytes of ExaBGP's vectors (conf-flow.ci,
-- api-flow.ci, api-broken-flow.ci).
package.path = "tests/spec/?.lua;" .. package.path
local flow = require "lunabgp.config.flow"
local lexer = require "lunabgp.config.lexer"
local H = require "api_helper"

local hex = H.hex
local function fail(_, msg) error(msg, 0) end

-- parse "route { ... }" text with the configuration grammar
local function build(text)
	local stmt = function(p) return lexer.statement(text, p) end
	local _, _, _, npos = stmt(1)
	local r = flow.route_body(stmt, fail, npos)
	local fam, nlri, blob = flow.finish(r, function(m) error(m, 0) end)
	return fam, hex(nlri), hex(blob)
end

describe("flow NLRI (config grammar)", function()
	it("destination/source/protocol/port (conf-flow)", function()
		local fam, nlri, blob = build("route x { match { source 10.0.0.1/32; destination 10.0.0.2/32; destination-port =3128; protocol tcp; } then { discard; community [30740:0 30740:30740]; } }")
		assert.equal("ipv4 flow", fam)
		assert.equal("1301200A00000202200A00000103810605910C38", nlri)
		assert.equal("C00800087814000078147814C01000088006000000000000", blob)
	end)
	it("operator lists and AND terms", function()
		local _, nlri, blob = build("route { match { source 10.0.0.9/32; destination 192.168.0.1/32; port [ =80 =8080 ]; destination-port [ >8080&<8088 =3128 ]; source-port >1024; protocol [ udp tcp ]; } then { redirect 65500:12345; } }")
		assert.equal("250120C0A8000102200A0000090301118106040150911F9005121F90541F98910C3806920400", nlri)
		assert.equal("C01000088008FFDC00003039", blob)
	end)
	it("tcp-flags, packet-length, fragment and actions", function()
		local _, nlri = build("route { match { source 10.0.0.1/32; destination 10.0.0.2/32; destination-port =3128; protocol tcp; tcp-flags [SYN RST&FIN&!=push]; } then { discard; } }")
		assert.equal("1C01200A00000202200A00000103810605910C3809000200044001C308", nlri)
		local _, n2, b2 = build("route { match { packet-length [ >200&<300 >400&<500 ]; } then { mark 10; } }")
		assert.equal("0C0A02C854012C120190D401F4", n2)
		assert.equal("C0100008800900000000000A", b2)
		local _, n3, b3 = build("route { match { fragment [ last-fragment ]; } then { action sample-terminal; } }")
		assert.equal("030C8008", n3)
		assert.equal("C01000088007000000000003", b3)
		local _, _, b4 = build("route { match { source 10.0.1.0/24; } then { rate-limit 1000 packets; } }")
		assert.equal("C0100008800C0000447A0000", b4)
	end)
	it("IPv6 with offset, next-header, traffic-class, flow-label", function()
		local fam, nlri = build("route { match { source ::1/128/120; destination 2a02:b80:15::7aca:39ff:feae:a87a/128/0; next-header udp; traffic-class 101; flow-label 2013; } then { discard; } }")
		assert.equal("ipv6 flow", fam)
		assert.equal("300180002A020B80001500007ACA39FFFEAEA87A028078000000000000000000000000000000010381110B81650D9107DD", nlri)
	end)
	it("flow-vpn with rd and next-hop, redirect to an address", function()
		local fam, nlri, blob = build("route { rd 65535:65536; next-hop 5.6.7.8; match { source 10.0.0.3/32; } then { redirect-to-nexthop; } }")
		assert.equal("ipv4 flow-vpn", fam)
		assert.equal("0E0000FFFF0001000002200A000003", nlri)
		assert.equal("4003000405060708C01000080800000000000000", blob)
		local _, _, b2 = build("route { match { destination 192.168.0.1/32; } then { redirect 1.2.3.4; } }")
		assert.equal("4003000401020304C01000080800000000000000", b2)
	end)
	it("rejects bad input with a sentence", function()
		assert.has_error(function() build("route { match { protocol [ =foo ]; } then { discard; } }") end)
		assert.has_error(function() build("route { match { source 10.0.0.0/33; } then { discard; } }") end)
		assert.has_error(function() build("route { match { } then { discard; } }") end)
		assert.has_error(function() build("route { match { source 10.0.0.0/8; destination ::/0; } }") end)
		assert.has_error(function() build("route { match { destination-port =70000; } }") end)
	end)
end)

describe("flow API commands", function()
	local m, run
	before_each(function()
		m, run = H.setup()
		m.lb_api_route_raw = function(ann, fam, nlri, len, pid, h)
			m.calls[#m.calls + 1] = string.format("%s %s %s attrs=%s", ann == 1 and "announce" or "withdraw",
				fam, hex(nlri:sub(1, tonumber(len))), hex(m.blobs[h + 1] or ""))
			return 0
		end
	end)
	it("announce flow route { } (api-flow bytes)", function()
		assert.is_true((run("announce flow route { match { source 0.0.0.0/32; destination 0.0.0.0/32; destination-port =3128; protocol tcp; } then { rate-limit 0; } }")))
		assert.equal("announce ipv4 flow 1301200000000002200000000003810605910C38 attrs=C01000088006000000000000", m.calls[#m.calls])
	end)
	it("withdraw passes the command's attributes (api-broken-flow)", function()
		assert.is_true((run("withdraw flow route { match { source 170.170.170.170/32; destination 170.170.170.170/32; } then { rate-limit 1; } }")))
		assert.equal("withdraw ipv4 flow 0C0120AAAAAAAA0220AAAAAAAA attrs=C0100008800600003F800000", m.calls[#m.calls])
	end)
	it("the one-line form", function()
		assert.is_true((run("announce ipv4 flow destination-ipv4 192.168.0.1/32 next-hop 1.2.3.4 extended-community [redirect-to-nexthop]")))
		assert.equal("announce ipv4 flow 060120C0A80001 attrs=4003000401020304C01000080800000000000000", m.calls[#m.calls])
		assert.is_true((run("announce ipv4 flow source-ipv4 10.0.1.0/24 protocol =tcp destination-port =3128 extended-community [rate-limit:1000:packets]")))
		assert.equal("announce ipv4 flow 0C02180A000103810605910C38 attrs=C0100008800C0000447A0000", m.calls[#m.calls])
		assert.is_true((run("announce ipv4 flow source-ipv4 10.0.0.1/32 rd 65535:65536 extended-community [rate-limit:0]")))
		assert.equal("announce ipv4 flow-vpn 0E0000FFFF0001000002200A000001 attrs=C01000088006000000000000", m.calls[#m.calls])
	end)
	it("rejects malformed commands", function()
		local ok = run("announce flow route { match { source 1.1.1.1/32; } then { discard; }")
		assert.is_false(ok)
		ok = run("announce flow route { match { bogus 1; } }")
		assert.is_false(ok)
	end)
end)
