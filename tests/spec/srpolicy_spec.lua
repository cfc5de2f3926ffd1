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

-- Segment types C-K (RFC 9831) and the other sub-TLVs, as ExaBGP encodes
-- them.  The same bytes are decoded to ExaBGP's JSON in
-- tests/event/test_tunnel.c, so building and decoding agree.
describe("sr-policy segment types", function()
	local function tunnel(text)
		local _, _, tun = parse("distinguisher 0 color 1 endpoint 10.0.0.1 " .. text, "ipv4")
		return hex(tun)
	end
	local function list(text)   -- the segment list sub-TLV value, reserved octet and weight 1 skipped
		local t = tunnel("segment-list weight 1 " .. text)
		assert.equal("000F", t:sub(1, 4))
		assert.equal("80", t:sub(9, 10))
		assert.equal("00", t:sub(15, 16))                   -- reserved
		assert.equal("0906000000000001", t:sub(17, 32))     -- weight 1
		return t:sub(33)
	end

	it("type-c with algorithm and SID: A flag, S bit on the last MPLS label", function()
		assert.equal("030A4080C0000201" .. "03E81100",
			list("segment type-c ipv4 192.0.2.1 algorithm 128 sid 16001"))
		assert.equal("0306000" .. "0C0000201", list("segment type-c ipv4 192.0.2.1 algorithm 0"))
	end)
	it("only the last type-a label has the bottom-of-stack bit", function()
		assert.equal("0106000003E81000" .. "0106000003E82100",
			list("segment type-a mpls 16001 segment type-a mpls 16002"))
	end)
	it("type-d, type-e, type-f, type-h with MPLS SIDs (no S bit)", function()
		assert.equal("0416" .. "4002" .. "20010DB8000000000000000000000001" .. "03E81000",
			list("segment type-d ipv6 2001:db8::1 algorithm 2 sid 16001"))
		assert.equal("050E0000" .. "00000007" .. "C0000201" .. "03E81000",
			list("segment type-e local-if-id 7 ipv4 192.0.2.1 sid 16001"))
		assert.equal("060A0000" .. "C0000201" .. "C0000202",
			list("segment type-f local 192.0.2.1 remote 192.0.2.2"))
		assert.equal("08220000" .. "20010DB8000000000000000000000001" .. "20010DB8000000000000000000000002",
			list("segment type-h local 2001:db8::1 remote 2001:db8::2"))
	end)
	it("type-g and type-j carry interface ids", function()
		local addrs = "00000001" .. "FE800000000000000000000000000001" .. "00000002" .. "FE800000000000000000000000000002"
		assert.equal("072A0000" .. addrs, list("segment type-g local-if-id 1 local-ipv6 fe80::1 remote-if-id 2 remote-ipv6 fe80::2"))
		assert.equal("0F4250" .. "05" .. addrs .. "FC000000000000000000000000000001" .. "0041000020100800",
			list("segment type-j local-if-id 1 local-ipv6 fe80::1 remote-if-id 2 remote-ipv6 fe80::2 algorithm 5 "
				.. "sid fc00::1 endpoint-behavior 0x41 32 16 8 0"))
	end)
	it("type-i and type-k with SRv6 SIDs", function()
		assert.equal("0E12" .. "0000" .. "20010DB8000000000000000000000001",
			list("segment type-i ipv6 2001:db8::1 algorithm 0"))
		assert.equal("0E22" .. "0000" .. "20010DB8000000000000000000000001" .. "FC000000000000000000000000000001",
			list("segment type-i ipv6 2001:db8::1 algorithm 0 sid fc00::1"))
		assert.equal("1032" .. "4001" .. "20010DB8000000000000000000000001" .. "20010DB8000000000000000000000002"
			.. "FC000000000000000000000000000001",
			list("segment type-k local 2001:db8::1 remote 2001:db8::2 algorithm 1 sid fc00::1"))
	end)
	it("sub-TLVs in the order written; binding-sid null; priority", function()
		assert.equal("000F0010" .. "0F020A00" .. "0D020000" .. "0C06000000000005",
			tunnel("priority 10 binding-sid null preference 5"))
	end)
	it("refuses malformed segments", function()
		local bad = {
			"segment-list segment type-c ipv4 192.0.2.1",                 -- algorithm missing
			"segment-list segment type-c ipv6 2001::1 algorithm 0",
			"segment-list segment type-d ipv6 2001::1 algorithm 300",
			"segment-list segment type-e local-if-id x ipv4 192.0.2.1",
			"segment-list segment type-f local 192.0.2.1 remote 2001::1",
			"segment-list segment type-i ipv6 2001::1 algorithm 0 endpoint-behavior 1 2 3 4 5",
			"segment-list segment type-c ipv4 192.0.2.1 algorithm 0 sid 1048576",
			"segment-list segment type-z",
			"binding-sid srv6 fc00::1",
		}
		for _, b in ipairs(bad) do
			assert.has_error(function() tunnel(b) end, nil, b)
		end
	end)
end)

describe("sr-policy API commands", function()
	local H = require "api_helper"
	local m, run
	before_each(function()
		m, run = H.setup()
		m.lb_api_route_raw = function(ann, fam, nlri, len, pid, h)
			m.calls[#m.calls + 1] = string.format("%s %s %s attrs=%s", ann == 1 and "announce" or "withdraw",
				fam, hex(nlri:sub(1, tonumber(len))), hex(m.blobs[h + 1] or ""))
			return 0
		end
	end)
	it("announces with the tunnel encapsulation attribute in code order", function()
		assert.is_true((run("announce ipv4 sr-policy distinguisher 0 color 100 endpoint 10.0.0.1 next-hop 192.0.2.1 "
			.. "preference 100 binding-sid mpls 24000 segment-list weight 1 segment type-a mpls 16001 local-preference 100")))
		assert.equal("announce ipv4 sr-policy 6000000000000000640A000001 attrs=40030004C00002014005000400000064"
			.. "C0170028000F00240C060000000000640D06100005DC01008000110009060000000000010106000003E81100", m.calls[#m.calls])
	end)
	it("withdraws by distinguisher, color and endpoint", function()
		assert.is_true((run("withdraw ipv6 sr-policy distinguisher 0 color 100 endpoint 2001:db8::1")))
		assert.equal("withdraw ipv6 sr-policy C0000000000000006420010DB8000000000000000000000001 attrs=", m.calls[#m.calls])
	end)
	it("answers an error on bad input", function()
		local ok, err = run("announce ipv4 sr-policy distinguisher 0 color 1 endpoint 10.0.0.1 segment-list segment type-q")
		assert.is_false(ok); assert.matches("segment type", err)
		ok, err = run("announce ipv4 sr-policy distinguisher 0 color 1 endpoint 10.0.0.1")
		assert.is_false(ok); assert.matches("next%-hop missing", err)
	end)
end)
