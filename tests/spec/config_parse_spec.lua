-- lunabgp.config: ExaBGP configuration files (conformance configs, model, blobs).
package.path = "tests/spec/?.lua;" .. package.path
local config = require "lunabgp.config"
local H = require "config_helper"

local SUPPORTED = {
	"encoding/api-watchdog.conf", "encoding/conf-attributes.conf", "encoding/conf-cap-link-local-nexthop.conf",
	"encoding/conf-cap-software-version.conf", "encoding/conf-ebgp.conf", "encoding/conf-extended-attributes.conf",
	"encoding/conf-generic-attribute.conf", "encoding/conf-group.conf", "encoding/conf-ipself4.conf",
	"encoding/conf-ipv46routes4family.conf", "encoding/conf-ipv46routes6family.conf", "encoding/conf-ipv6grouping.conf",
	"encoding/conf-llnh-lla-only.conf", "encoding/conf-llnh-update.conf", "encoding/conf-name.conf",
	"encoding/conf-new-v4.conf", "encoding/conf-no-asn4.conf", "encoding/conf-path-information.conf",
	"encoding/conf-template.conf", "encoding/conf-unknowncap.conf", "encoding/unknown-message.conf",
	"api/api-ack-control.conf", "api/api-add-remove.conf", "api/api-announce-processes-match.conf",
	"api/api-announce.conf", "api/api-announcement.conf", "api/api-attributes-path.conf", "api/api-attributes.conf",
	"api/api-eor.conf", "api/api-health.conf", "api/api-healthcheck-module.conf", "api/api-healthcheck-withdraw.conf",
	"api/api-multi-neighbor.conf", "api/api-multiple-api.conf", "api/api-multisession.conf", "api/api-nexthop.conf",
	"api/api-notification.conf", "api/api-peer-lifecycle.conf", "api/api-reload.1.conf", "api/api-reload.2.conf",
	"api/api-rib.conf", "api/api-rr.conf", "api/api-silence-ack.conf", "api/api-teardown.conf",
	-- config/vpn.lua: labeled unicast, VPN, Prefix-SID
	"encoding/conf-addpath.conf", "encoding/conf-parity.conf", "encoding/conf-prefix-sid.conf",
	"encoding/extended-nexthop.conf", "api/api-api.conf", "api/api-attributes-vpn.conf", "api/api-vpnv4.conf",
	-- config/flow.lua: FlowSpec
	"encoding/conf-flow.conf", "api/api-broken-flow.conf", "api/api-flow.conf",
	-- config/mvpn.lua, config/l2vpn.lua: MVPN, VPLS
	"encoding/conf-mvpn.conf", "api/api-mvpn.conf", "api/api-vpls.conf",
	-- config/mup.lua: MUP, SRv6 Prefix-SID
	"encoding/conf-srv6-mup.conf", "encoding/conf-srv6-mup-v3.conf", "api/api-ipv4.conf",
	-- config/srpolicy.lua: SR Policy
	"encoding/conf-sr-policy.conf",
}
-- configurations not supported yet must fail cleanly (none left today)
local UNSUPPORTED = {
}

local function parse_file(rel)
	local sink = config.table_sink()
	local cfg, errs = config.parse_files({ H.conformance .. "/" .. rel }, sink)
	return cfg, errs, sink
end

describe("ExaBGP conformance configurations", function()
	for _, rel in ipairs(SUPPORTED) do
		it("parses " .. rel, function()
			local cfg, errs = parse_file(rel)
			assert.is_nil(errs and errs[1])
			assert.is_table(cfg)
		end)
	end
	for _, rel in ipairs(UNSUPPORTED) do
		it("rejects " .. rel .. " cleanly", function()
			local cfg, errs = parse_file(rel)
			assert.is_nil(cfg)
			assert.is_true(#errs >= 1)
			for _, e in ipairs(errs) do
				assert.matches("^.+%.conf:%d+:%d+: .*not supported yet", e)
			end
		end)
	end
end)

local function blob_of(rel, nlri)
	local cfg, errs, sink = parse_file(rel)
	assert.is_nil(errs and errs[1])
	for _, r in ipairs(sink.lists[cfg.neighbors[1].routes]) do
		if r.nlri == nlri then return r end
	end
	error("no route " .. nlri)
end

describe("attribute blobs", function()
	it("conf-attributes: generic large-community gets canonical flags", function()
		assert.equal("40030004FFFFFFFF" .. "C0200018" .. "000000010000000200000003" .. "0000000A0000000B0000000C",
			H.hex(blob_of("encoding/conf-attributes.conf", "10.0.0.7/32").blob))
	end)
	it("conf-ebgp: announce ipv4 unicast with local-preference", function()
		assert.equal("400300040A0001FE40050004000000C8", H.hex(blob_of("encoding/conf-ebgp.conf", "10.0.0.0/24").blob))
	end)
	it("conf-extended-attributes: every extended community form", function()
		local want = {
			["10.0.0.1/32"] = "00030064000003E8", ["10.0.0.2/32"] = "000200C8000007D0",
			["10.0.0.3/32"] = "0003012C00011D28", ["10.0.0.4/32"] = "0002019000012110",
			["10.0.0.5/32"] = "0103000113641388", ["10.0.0.6/32"] = "0102000113C81770",
			["10.0.0.7/32"] = "010307070707" .. "1B58", ["10.0.0.8/32"] = "0102080808081F40",
			["10.0.0.9/32"] = "0003232809090909", ["10.0.0.10/32"] = "000203E80A0A0A0A",
			["10.0.0.11/32"] = "0103000115BC2AF8", ["10.0.0.12/32"] = "0102000116202EE0",
			["10.0.0.13/32"] = "8008051400014438", ["10.0.0.14/32"] = "8008057800014820",
			["10.0.0.15/32"] = "800A010234567890",
		}
		for nlri, ec in pairs(want) do
			local n = tonumber(nlri:match("^10%.0%.0%.(%d+)"))
			local nh = string.format("0F0F0F%02X", n)
			assert.equal("40030004" .. nh .. "C0100008" .. ec,
				H.hex(blob_of("encoding/conf-extended-attributes.conf", nlri).blob))
		end
	end)
	it("conf-generic-attribute: known code normalised, unknown keeps its flags (extended-length too)", function()
		assert.equal("40030004C0A80164" .. "8004000400000064",
			H.hex(blob_of("encoding/conf-generic-attribute.conf", "100.100.100.100/32").blob))
		assert.equal("40030004C0A80164" .. "6099000400000064",
			H.hex(blob_of("encoding/conf-generic-attribute.conf", "101.101.101.101/32").blob))
		assert.equal("40030004C0A80164" .. "7099000400000064",
			H.hex(blob_of("encoding/conf-generic-attribute.conf", "111.111.111.111/32").blob))
	end)
	it("conf-no-asn4: as-path with 4-octet ASNs", function()
		assert.equal("4002000602010000006440030004" .. "0A00FFFE",
			H.hex(blob_of("encoding/conf-no-asn4.conf", "10.0.1.0/24").blob))
	end)
	it("builds every attribute kind", function()
		local _, errs, routes = H.parse(H.neighbor([[
  static {
    route 10.1.0.0/16 next-hop 192.0.2.1 origin egp as-path [ 1 2 ( 3 4 ) ] med 5 local-preference 6
      atomic-aggregate aggregator ( 65000:1.2.3.4 ) community [ 65000:1 no-export blackhole ]
      originator-id 9.9.9.9 cluster-list [ 1.1.1.1 2.2.2.2 ] large-community [ 1:2:3 ] aigp 10;
  }]]))
		assert.is_nil(errs and errs[1])
		assert.equal("40010001" .. "01" .. "40020014" .. "020200000001000000020102000000030000000" .. "4"
			.. "40030004C0000201" .. "8004000400000005" .. "4005000400000006" .. "40060000"
			.. "C007000800" .. "00FDE801020304" .. "C008000CFDE80001FFFF029AFFFFFF01" .. "8009000409090909"
			.. "800A00080101010102020202" .. "801A000B01000B000000000000000A" .. "C020000C000000010000000200000003",
			H.hex(routes[1].blob))
	end)
	it("sorts communities, extended and large communities by value (ExaBGP)", function()
		local _, errs, routes = H.parse(H.neighbor([[
  static { route 10.0.3.0/24 next-hop 10.0.255.254 community [ 30740:30740 30740:0 ]
    extended-community [ target:65000:2 target:65000:1 ] large-community [ 2:1:1 1:2:2 ]; }]]))
		assert.is_nil(errs and errs[1])
		assert.equal("400300040A00FFFE" .. "C008000878140000" .. "78147814"
			.. "C01000100002FDE800000001" .. "0002FDE800000002"
			.. "C0200018" .. "000000010000000200000002" .. "000000020000000100000001", H.hex(routes[1].blob))
	end)
	it("shares one blob string for identical attribute text", function()
		local _, _, routes = H.parse(H.neighbor("static { route 10.0.0.0/24 next-hop 1.1.1.1 med 1; route 10.0.1.0/24 next-hop 1.1.1.1 med 1;\nroute 10.0.2.0/24 { next-hop 1.1.1.1; med 1; } }"))
		assert.equal(3, #routes)
		assert.is_true(rawequal(routes[1].blob, routes[2].blob))
		assert.is_true(rawequal(routes[1].blob, routes[3].blob))
	end)
end)

describe("route forms", function()
	it("next-hop self is an empty NEXT_HOP", function()
		local _, _, routes = H.parse(H.neighbor("static { route 10.0.0.0/32 next-hop self; }"))
		assert.equal("40030000", H.hex(routes[1].blob))
	end)
	it("split /N expands the prefix", function()
		local cfg, _, routes = H.parse(H.neighbor("static { route 10.0.0.0/24 next-hop 1.1.1.1 split /26; }"))
		assert.equal(4, #routes)
		assert.equal(4, cfg.neighbors[1].route_count)
		assert.equal("10.0.0.192/26", routes[4].nlri)
	end)
	it("path-information as IPv4 or integer", function()
		local _, _, routes = H.parse(H.neighbor("static { route 10.0.0.10 next-hop 1.1.1.1 path-information 0.0.0.2;\n route 10.0.0.11 next-hop 1.1.1.1 path-information 7; }"))
		assert.equal(2, routes[1].path_id)
		assert.equal(7, routes[2].path_id)
		assert.equal("10.0.0.10/32", routes[1].nlri)
	end)
	it("watchdog and withdraw", function()
		local cfg, _, routes = H.parse(H.neighbor("static { route 77.77.77.77 next-hop 1.2.3.4 watchdog dnsr withdraw; }"))
		assert.equal("dnsr", routes[1].watchdog)
		assert.is_true(routes[1].withdraw)
		assert.same({ "dnsr" }, cfg.neighbors[1].watchdogs)
	end)
	it("IPv6 routes with IPv6 and IPv4 next hops", function()
		local _, errs, routes = H.parse(H.neighbor("static { route 2001:db8::/32 next-hop 2001:db8::1;\n route 2001:db8:1::1 next-hop 1.2.3.4; }"))
		assert.is_nil(errs and errs[1])
		assert.equal("ipv6 unicast", routes[1].family)
		assert.equal("2001:db8:1::1/128", routes[2].nlri)
		assert.equal("400300102001" .. "0DB8000000000000000000000001", H.hex(routes[1].blob))
	end)
end)

describe("neighbor model", function()
	it("resolves templates, defaults, capabilities, api and processes", function()
		local cfg, errs, routes = H.parse([[
process watch { run ./run/watch.run --flag; encoder json; }
template {
  neighbor base {
    local-as 65000; peer-as 65001; hold-time 90;
    family { ipv4 unicast; ipv6 unicast; }
    capability { graceful-restart; add-path send/receive; route-refresh; asn4 disable; }
    api mon { processes [ watch ]; neighbor-changes; receive { parsed; update; } send { packets; } }
    static { route 1.0.0.0/8 next-hop 1.1.1.1; }
  }
}
neighbor 192.0.2.1 {
  inherit base;
  local-address 192.0.2.2;
  hold-time 30;
  passive;
  static { route 2.0.0.0/8 next-hop 1.1.1.1; }
}
]], "/etc/lunabgp/x.conf")
		assert.is_nil(errs and errs[1])
		local p = cfg.processes[1]
		assert.same({ "/etc/lunabgp/run/watch.run", "--flag" }, p.run)
		assert.equal("json", p.encoder)
		local n = cfg.neighbors[1]
		assert.equal("192.0.2.1", n.address)
		assert.equal(11, n.line)
		assert.equal(30, n.hold_time)
		assert.equal(65000, n.local_as)
		assert.equal("192.0.2.2", n.router_id)
		assert.is_true(n.passive)
		assert.is_true(n.group_updates)
		assert.same({ "ipv4 unicast", "ipv6 unicast" }, n.families)
		assert.is_true(n.capability.graceful_restart)
		assert.is_false(n.capability.asn4)
		assert.equal("send/receive", n.capability.add_path)
		assert.equal("mon", n.api[1].name)
		assert.same({ "watch" }, n.api[1].processes)
		assert.is_true(n.api[1].receive.update)
		assert.is_true(n.api[1].send.packets)
		assert.equal(2, #routes)
		assert.equal(2, n.route_count)
	end)
end)

describe("TCP-MD5 statements", function()
	it("md5-password (quoted or not), md5-base64 true/false/auto, md5-ip", function()
		local cfg, errs = H.parse(H.neighbor('md5-password "my key";\nmd5-ip 127.0.0.1;'))
		assert.is_nil(errs and errs[1])
		local n = cfg.neighbors[1]
		assert.equal("my key", n.md5_password)
		assert.is_false(n.md5_base64)
		assert.equal("127.0.0.1", n.md5_ip)
		cfg = H.parse(H.neighbor("md5 c2VjcmV0;\nmd5-base64 true;"))
		assert.equal("c2VjcmV0", cfg.neighbors[1].md5_password)
		assert.is_true(cfg.neighbors[1].md5_base64)
		cfg = H.parse(H.neighbor("md5-password abc123;\nmd5-base64 auto;"))
		assert.equal("auto", cfg.neighbors[1].md5_base64)
	end)
	it("refuses other md5-base64 values", function()
		local cfg, errs = H.parse(H.neighbor("md5-base64 maybe;"))
		assert.is_nil(cfg)
		assert.equal("t.conf:6:12: 'md5-base64' expects true, false or auto, not 'maybe'", errs[1])
	end)
end)

describe("template route order", function()
	local function nlris(routes)
		local out = {}
		for i, r in ipairs(routes) do out[i] = r.nlri end
		return out
	end
	local T = [[
template {
  neighbor a { static { route 1.0.0.0/24 next-hop 1.1.1.1; route 1.0.1.0/24 next-hop 1.1.1.1; } }
  neighbor b { announce { ipv4 { unicast 2.0.0.0/24 next-hop 1.1.1.1; } } }
  neighbor c { inherit a; static { route 3.0.0.0/24 next-hop 1.1.1.1; } }
}
]]
	it("conf-new-v4: inherited routes first, then the neighbor's own", function()
		local cfg, errs, sink = parse_file("encoding/conf-new-v4.conf")
		assert.is_nil(errs and errs[1])
		local routes = sink.lists[cfg.neighbors[1].routes]
		assert.same({ "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24", "10.0.4.0/24", "10.0.5.0/24",
			"10.0.6.0/24", "10.0.7.0/24", "10.0.8.0/24" }, nlris(routes))
		assert.equal(8, cfg.neighbors[1].route_count)
	end)
	it("several templates in inherit order, before the neighbor's routes", function()
		local cfg, errs, routes = H.parse(T .. H.neighbor("inherit [ b a ];\nstatic { route 9.0.0.0/24 next-hop 1.1.1.1; }"))
		assert.is_nil(errs and errs[1])
		assert.same({ "2.0.0.0/24", "1.0.0.0/24", "1.0.1.0/24", "9.0.0.0/24" }, nlris(routes))
		assert.equal(4, cfg.neighbors[1].route_count)
	end)
	it("inherit written after the neighbor's routes still goes first", function()
		local cfg, errs, routes = H.parse(T .. H.neighbor("inherit a;\nstatic { route 9.0.0.0/24 next-hop 1.1.1.1; }\ninherit b;\nstatic { route 9.0.1.0/24 next-hop 1.1.1.1; }"))
		assert.is_nil(errs and errs[1])
		assert.same({ "1.0.0.0/24", "1.0.1.0/24", "2.0.0.0/24", "9.0.0.0/24", "9.0.1.0/24" }, nlris(routes))
		assert.equal(5, cfg.neighbors[1].route_count)
	end)
	it("a template inheriting a template: the inner one's routes first", function()
		local _, errs, routes = H.parse(T .. H.neighbor("static { route 9.0.0.0/24 next-hop 1.1.1.1; }\ninherit c;"))
		assert.is_nil(errs and errs[1])
		assert.same({ "1.0.0.0/24", "1.0.1.0/24", "3.0.0.0/24", "9.0.0.0/24" }, nlris(routes))
	end)
end)

describe("errors", function()
	local cases = {
		{ H.neighbor("static { route 10.0.0.0/24 next-hop 1.1.1.1 xyz 3; }"), "t.conf:6:45: unknown attribute 'xyz'" },
		{ H.neighbor("static { route 10.0.0.0/24 next-hop 1.1.1; }"), "t.conf:6:37: invalid next-hop '1.1.1'" },
		{ H.neighbor('description "oops;'), "t.conf:6:13: unterminated quoted string" },
		{ "neighbor 127.0.0.1 {\n local-as 1;\n", "t.conf:1:20: block not closed (missing '}')" },
		{ "}\n", "t.conf:1:1: unexpected '}'" },
		{ H.neighbor("frobnicate 3;"), "t.conf:6:1: unknown neighbor statement 'frobnicate'" },
		{ "peers { }\n", "t.conf:1:1: unknown section 'peers'" },
		{ "neighbor 127.0.0.1 {\n local-as 1x;\n peer-as 1;\n}\n", "t.conf:2:11: invalid ASN '1x'" },
		{ H.neighbor("hold-time 2;"), "t.conf:6:11: hold-time must be 0 or at least 3 (RFC 4271 section 4.2)" },
		{ H.neighbor("inherit nothere;"), "t.conf:6:9: unknown template 'nothere'" },
		{ H.neighbor("family { ipv4 frobcast; }"), "t.conf:6:10: unknown family 'ipv4 frobcast'" },
		{ H.neighbor("capability { teleport; }"), "t.conf:6:14: unknown capability 'teleport'" },
		{ H.neighbor("static { route 10.0.0.0/24 next-hop 1.1.1.1 community [ 65536:1 ]; }"), "t.conf:6:57: invalid community '65536:1'" },
		{ H.neighbor("static { route 10.0.0.0/24 med 1; }"), "t.conf:6:10: route 10.0.0.0/24 has no next-hop" },
		{ H.neighbor("api { processes [ ghost ]; }"), "t.conf:6:5: api refers to unknown process 'ghost'" },
		{ H.neighbor("static { route 10.0.0.0/33 next-hop 1.1.1.1; }"), "t.conf:6:16: invalid prefix '10.0.0.0/33'" },
		{ "neighbor 127.0.0.1 {\n peer-as 1;\n}\n", "t.conf:1:1: neighbor 127.0.0.1: local-as is not set" },
		{ H.neighbor("static { route 10.0.0.0/24 next-hop 1.1.1.1 as-path [ 1 x ]; }"), "t.conf:6:57: invalid ASN 'x' in as-path" },
		{ H.neighbor("static { route 10.0.0.0/24 next-hop 1.1.1.1 split /20; }"), "t.conf:6:51: cannot split /24 into /20" },
		{ H.neighbor("static {\n route 10.0.0.0/24 {\n  next-hop 1.1.1.1;\n  origin bgp;\n }\n}"), "t.conf:9:10: invalid origin 'bgp' (igp, egp or incomplete)" },
	}
	for _, c in ipairs(cases) do
		it(c[2], function()
			local cfg, errs = H.parse(c[1])
			assert.is_nil(cfg)
			assert.equal(c[2], errs[1])
		end)
	end
	it("reports several errors and never throws", function()
		local cfg, errs = H.parse(H.neighbor("static {\n route 10.0.0.0/24 next-hop 1.1.1.1 foo;\n route 10.0.1.0/24 next-hop 1.1.1.1 bar;\n}"))
		assert.is_nil(cfg)
		assert.equal(2, #errs)
		assert.matches("unknown attribute 'bar'", errs[2])
	end)
	it("reports unreadable files", function()
		local cfg, errs = config.parse_files({ "/nonexistent/x.conf" })
		assert.is_nil(cfg)
		assert.matches("^/nonexistent/x.conf:0:0: cannot read", errs[1])
	end)
end)

describe("example configurations in etc/", function()
	for _, f in ipairs { "etc/simple.conf", "etc/ipv6.conf" } do
		it("parses " .. f, function()
			local sink = config.table_sink()
			local cfg, errs = config.parse_files({ f }, sink)
			assert.is_nil(errs and errs[1])
			assert.is_true(cfg.neighbors[1].route_count > 0)
		end)
	end
end)

describe("batched route lines (one attribute text repeated)", function()
	local function lines(from, to, text, fmt)
		local t = {}
		for i = from, to do t[#t + 1] = string.format(fmt or "    route 10.%d.%d.0/24 %s;\n", math.floor(i / 256) % 256, i % 256, text) end
		return table.concat(t)
	end
	it("gives every route, in order, to table, count and batched sinks alike", function()
		local body = "static {\n" .. lines(0, 1999, "next-hop 192.0.2.1")
			.. "    route 10.200.0.1 next-hop 192.0.2.1;\n" .. lines(2000, 2999, "next-hop 192.0.2.1 med 5")
			.. lines(3000, 3999, "next-hop 192.0.2.1") .. "}"
		local cfg, errs, routes = H.parse(H.neighbor(body))
		assert.is_nil(errs and errs[1])
		assert.equal(4001, #routes)
		assert.equal(4001, cfg.neighbors[1].route_count)
		assert.equal("10.0.0.0/24", routes[1].nlri)
		assert.equal("10.7.207.0/24", routes[2000].nlri)
		assert.equal("10.200.0.1/32", routes[2001].nlri)
		assert.equal("10.15.159.0/24", routes[4001].nlri)
		assert.is_true(rawequal(routes[1].blob, routes[4001].blob))
		assert.is_false(rawequal(routes[1].blob, routes[2002].blob))
		local sink = config.count_sink()
		local c2 = config.parse_string(H.neighbor(body), "t.conf", sink)
		assert.equal(4001, sink.count)
		assert.equal(4001, c2.neighbors[1].route_count)
		assert.equal(2, sink.nblobs)
	end)
	it("reports a bad prefix inside a run with its line and keeps the others", function()
		local body = "static {\n" .. lines(0, 999, "next-hop 192.0.2.1")
			.. "    route 10.300.0.0/24 next-hop 192.0.2.1;\n" .. lines(1000, 1999, "next-hop 192.0.2.1")
			.. "    route 10.1.0.0/33 next-hop 192.0.2.1;\n" .. "}"
		for _, sink in ipairs { config.table_sink(), config.count_sink() } do
			local cfg, errs = config.parse_string(H.neighbor(body), "t.conf", sink)
			assert.is_nil(cfg)
			assert.equal(2, #errs)
			assert.matches("^t%.conf:1007:11: invalid prefix '10%.300%.0%.0/24'", errs[1])
			assert.matches("^t%.conf:2008:11: invalid prefix '10%.1%.0%.0/33'", errs[2])
		end
	end)
	it("a sink that stops early gets the rest through the per-line path", function()
		local got = {}
		local sink = config.table_sink()
		function sink:routes(h, family, src, pos, n, path_id, blob)
			-- take 10 at most, then refuse one (as C does on a prefix it rejects)
			local k = math.min(n, 10)
			for i = 1, k do
				got[#got + 1] = src:match("^[^ ]+", pos[i])
				self:route(h, family, got[#got], path_id, blob)
			end
			return k, k < n and "refused" or nil
		end
		local body = "static {\n" .. lines(0, 299, "next-hop 192.0.2.1") .. "}"
		local cfg, errs = config.parse_string(H.neighbor(body), "t.conf", sink)
		assert.is_nil(errs and errs[1])
		local l = sink.lists[cfg.neighbors[1].routes]
		assert.equal(300, #l)
		assert.equal(300, cfg.neighbors[1].route_count)
		for i, r in ipairs(l) do assert.equal(string.format("10.%d.%d.0/24", math.floor((i - 1) / 256), (i - 1) % 256), r.nlri) end
	end)
end)
