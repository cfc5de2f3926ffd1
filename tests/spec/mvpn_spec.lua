-- config/mvpn.lua and config/l2vpn.lua: MVPN (RFC 6514 types 5-7) and VPLS
-- (RFC 4761) NLRI built in wire form from ExaBGP's words; bytes from the
-- conf-mvpn, api-mvpn and api-vpls vectors.
local mvpn = require "lunabgp.config.mvpn"
local l2vpn = require "lunabgp.config.l2vpn"
local attributes = require "lunabgp.config.attributes"
local lexer = require "lunabgp.config.lexer"

local function hex(s) return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end)) end
local function fail(_, m) error(m, 0) end
local function words(at)
	local w = {}
	for i = 2, #at, 2 do w[#w + 1] = at[i] end
	return table.concat(w, " ")
end

describe("mcast-vpn NLRI", function()
	it("builds a shared-join (type 6) and keeps the attributes apart", function()
		local fam, nlri, at = mvpn.parse(lexer.tokens("shared-join rp 10.99.199.1 group 239.251.255.228 rd 65000:99999 "
			.. "source-as 65000 next-hop 10.10.6.3 extended-community [ target:192.168.94.12:5 ]"), "ipv4", fail, 1)
		assert.equal("ipv4 mcast-vpn", fam)
		assert.equal("06160000FDE80001869F0000FDE8200A63C70120EFFBFFE4", hex(nlri))
		assert.equal("next-hop 10.10.6.3 extended-community [ target:192.168.94.12:5 ]", words(at))
		local e = attributes.compile(at, 0, fail)
		assert.equal(4, e.nh)
	end)
	it("builds source-join (type 7) and source-ad (type 5) for IPv6", function()
		local _, nlri = mvpn.parse(lexer.tokens("source-join source fd12::2 group ff0e::1 rd 65000:99999 source-as 65000"),
			"ipv6", fail, 1)
		assert.equal("072E0000FDE80001869F0000FDE880FD12000000000000000000000000000280FF0E0000000000000000000000000001", hex(nlri))
		local fam, nlri5 = mvpn.parse(lexer.tokens("source-ad source fd12::4 group ff0e::1 rd 65000:99999"), "ipv6", fail, 1)
		assert.equal("ipv6 mcast-vpn", fam)
		assert.equal("052A0000FDE80001869F80FD12000000000000000000000000000480FF0E0000000000000000000000000001", hex(nlri5))
	end)
	it("rejects what does not fit the route type or the AFI", function()
		local function bad(text, afi)
			return pcall(mvpn.parse, lexer.tokens(text), afi or "ipv4", fail, 1)
		end
		assert.is_false(bad("join source 1.2.3.4 group 239.1.1.1 rd 1:1"))
		assert.is_false(bad("source-ad source 1.2.3.4 group 239.1.1.1"))                  -- no rd
		assert.is_false(bad("source-join source 1.2.3.4 group 239.1.1.1 rd 1:1"))         -- no source-as
		assert.is_false(bad("source-ad source 1.2.3.4 group 239.1.1.1 rd 1:1 source-as 1"))
		assert.is_false(bad("shared-join source 1.2.3.4 group 239.1.1.1 rd 1:1 source-as 1"))
		assert.is_false(bad("source-ad source fd00::1 group 239.1.1.1 rd 1:1"))           -- IPv6 in ipv4
		assert.is_false(bad("source-ad source 1.2.3.4 group 239.1.1.1 rd x:1"))
		assert.is_false(bad("source-ad source 1.2.3.4 group", "ipv4"))
	end)
end)

describe("vpls NLRI", function()
	it("builds RFC 4761 NLRI (api-vpls bytes)", function()
		local fam, nlri, at = l2vpn.parse(lexer.tokens("rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 "
			.. "next-hop 192.168.201.1 origin igp"), fail, 1)
		assert.equal("l2vpn vpls", fam)
		assert.equal("00110001C0A8C901007B000500010008029CE1", hex(nlri))
		assert.equal("next-hop 192.168.201.1 origin igp", words(at))
	end)
	it("rejects missing or out-of-range fields", function()
		assert.is_false(pcall(l2vpn.parse, lexer.tokens("rd 1:1 endpoint 5 base 10702 offset 1"), fail, 1))
		assert.is_false(pcall(l2vpn.parse, lexer.tokens("rd 1:1 endpoint 5 base 2000000 offset 1 size 8"), fail, 1))
		assert.is_false(pcall(l2vpn.parse, lexer.tokens("endpoint 5 base 1 offset 1 size 8"), fail, 1))
	end)
end)
