-- config/mup.lua: MUP NLRI (SAFI 85, route types 1-4) and the SRv6 services
-- of the Prefix-SID attribute built from ExaBGP's words; bytes from the
-- conf-srv6-mup, conf-srv6-mup-v3 and api-ipv4 vectors.
local mup = require "lunabgp.config.mup"
local attributes = require "lunabgp.config.attributes"
local lexer = require "lunabgp.config.lexer"

local function hex(s) return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end)) end
local function fail(_, m) error(m, 0) end
local function parse(text, afi) return mup.parse(lexer.tokens(text), afi, fail, 1) end

describe("mup NLRI", function()
	it("builds the four route types", function()
		local fam, nlri = parse("mup-isd 10.0.1.0/24 rd 100:100 next-hop 2001::1", "ipv4")
		assert.equal("ipv4 mup", fam)
		assert.equal("0100010C0000006400000064180A0001", hex(nlri))
		_, nlri = parse("mup-dsd 2001::1 rd 100:100", "ipv6")
		assert.equal("01000218000000640000006420010000000000000000000000000001", hex(nlri))
		_, nlri = parse("mup-t1st 192.168.0.2/32 rd 100:100 teid 12345 qfi 9 endpoint 10.0.0.1 source 10.0.1.1", "ipv4")
		assert.equal("0100031C000000640000006420C0A800020000303909200A000001200A000101", hex(nlri))
		_, nlri = parse("mup-t2st 10.0.0.1 rd 100:100 teid 12345/23", "ipv4")
		assert.equal("010004100000006400000064370A000001003039", hex(nlri))
		_, nlri = parse("mup-t2st 10.0.0.1 rd 100:100 teid 0/0", "ipv4")
		assert.equal("0100040D0000006400000064200A000001", hex(nlri))
	end)
	it("maps an IPv4 next hop of an ipv6 route", function()
		local _, _, at = parse("mup-t2st 2001::1 rd 100:100 teid 12345/32 next-hop 10.0.0.2", "ipv6")
		assert.equal("::ffff:10.0.0.2", at[4])
	end)
	it("refuses bad input", function()
		assert.has_error(function() parse("mup-foo 10.0.0.0/24 rd 1:1", "ipv4") end)
		assert.has_error(function() parse("mup-isd 10.0.0.0/24", "ipv4") end)
		assert.has_error(function() parse("mup-isd 2001::/64 rd 1:1", "ipv4") end)
		assert.has_error(function() parse("mup-t2st 10.0.0.1 rd 1:1 teid 300/8", "ipv4") end)
		assert.has_error(function() parse("mup-t1st 10.0.0.1/32 rd 1:1 teid 1 qfi 9", "ipv4") end)
	end)
end)

describe("bgp-prefix-sid-srv6 and the mup extended community", function()
	it("encodes an l3-service with its SID structure", function()
		local e = attributes.compile(lexer.tokens("next-hop 2001::1 extended-community [ target:10:10 mup:10:10 ] "
			.. "bgp-prefix-sid-srv6 ( l3-service 2001:db8:1:1:: 0x48 [64,24,16,0,0,0] )"), 0, fail)
		assert.matches("C01000100002000A0000000A0C00000A0000000A", hex(e.blob), 1, true)
		assert.matches("C02800250500220001001E0020010DB800010001000000000000000000004800010006401810000000",
			hex(e.blob), 1, true)
	end)
	it("refuses malformed services", function()
		assert.has_error(function() attributes.compile(lexer.tokens("bgp-prefix-sid-srv6 ( l4-service 2001:: )"), 0, fail) end)
		assert.has_error(function()
			attributes.compile(lexer.tokens("bgp-prefix-sid-srv6 ( l3-service 2001:: 0x48 [64,24,16] )"), 0, fail)
		end)
		assert.has_error(function() attributes.compile(lexer.tokens("bgp-prefix-sid-srv6 ( l3-service 10.0.0.1 )"), 0, fail) end)
	end)
end)
