-- config/srpolicy.lua: SR Policy NLRI (RFC 9830 2.1) and the Tunnel
-- Encapsulation attribute value (RFC 9012, tunnel type 15); bytes from the
-- conf-sr-policy vector.
local srpolicy = require "lunabgp.config.srpolicy"
local lexer = require "lunabgp.config.lexer"

local function hex(s) return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end)) end
local function fail(_, m) error(m, 0) end
local function parse(text, afi) return srpolicy.parse(lexer.tokens(text), afi, fail, 1) end

describe("sr-policy", function()
	it("builds the NLRI and an MPLS policy", function()
		local fam, nlri, tun, at = parse("distinguisher 0 color 100 endpoint 10.0.0.1 next-hop 192.0.2.1 preference 100 "
			.. "binding-sid mpls 24000 segment-list weight 1 segment type-a mpls 16001", "ipv4")
		assert.equal("ipv4 sr-policy", fam)
		assert.equal("6000000000000000640A000001", hex(nlri))
		assert.equal("000F00240C060000000000640D06100005DC01008000110009060000000000010106000003E81100", hex(tun))
		assert.equal("next-hop", at[2])
	end)
	it("builds an SRv6 policy with names", function()
		local _, nlri, tun = parse('distinguisher 1 color 200 endpoint 10.0.0.2 preference 200 srv6-binding-sid fc00::1 '
			.. 'segment-list weight 2 segment type-b srv6 fc00::1 endpoint-behavior 65 32 0 16 0 '
			.. 'policy-name "my-policy" candidate-path-name "primary"', "ipv4")
		assert.equal("6000000001000000C80A000002", hex(nlri))
		assert.equal("000F005C0C060000000000C814120000FC0000000000000000000000000000018000250009060000000000020D1A1000"
			.. "FC000000000000000000000000000001004100002000100082000A006D792D706F6C696379810008007072696D617279", hex(tun))
	end)
	it("refuses bad input", function()
		assert.has_error(function() parse("color 1 endpoint 10.0.0.1", "ipv4") end)
		assert.has_error(function() parse("distinguisher 0 color 1 endpoint 2001::1", "ipv4") end)
		assert.has_error(function() parse("distinguisher 0 color 1 endpoint 10.0.0.1 segment type-a mpls 1", "ipv4") end)
		assert.has_error(function()
			parse("distinguisher 0 color 1 endpoint 10.0.0.1 segment-list segment type-c mpls 1", "ipv4")
		end)
	end)
end)
