-- config/vpn.lua: labeled / VPN NLRI built in wire form, RD and Prefix-SID.
local vpn = require "lunabgp.config.vpn"
local attributes = require "lunabgp.config.attributes"
local lexer = require "lunabgp.config.lexer"

local function hex(s) return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end)) end

describe("vpn NLRI", function()
	it("builds RFC 4364 VPNv4 NLRI (api-vpnv4 bytes)", function()
		local fam, nlri = vpn.build({ rd = vpn.rd("65000:1"), labels = { 1000 } }, "1.4.0.0/16", "ipv4 unicast")
		assert.equal("ipv4 mpls-vpn", fam)
		assert.equal("68003E810000FDE8000000010104", hex(nlri))
	end)
	it("builds labeled unicast with several labels", function()
		local fam, nlri = vpn.build({ labels = { 100, 200 } }, "10.0.0.0/24", "ipv4 unicast")
		assert.equal("ipv4 nlri-mpls", fam)
		assert.equal("48000640000C810A0000", hex(nlri))
	end)
	it("parses the three RD types", function()
		assert.equal("0000FDE800000001", hex(vpn.rd("65000:1")))
		assert.equal("0001010203040005", hex(vpn.rd("1.2.3.4:5")))
		assert.equal("0002FA56EA000007", hex(vpn.rd("4200000000:7")))
		assert.is_nil(vpn.rd("x:1"))
	end)
	it("compiles bgp-prefix-sid with SRGB (conf-prefix-sid bytes)", function()
		local toks = lexer.tokens("next-hop 1.1.1.1 label 800002 bgp-prefix-sid [ 300, [ ( 800000,4096 ) ( 1000000,5000 ) ] ]")
		local e = attributes.compile(toks, 0, function(_, m) error(m) end)
		assert.truthy(hex(e.blob):find("C028001B0100070000000000012C03000E00000C35000010000F4240001388", 1, true))
		assert.same({ 800002 }, e.raw.labels)
	end)
end)
