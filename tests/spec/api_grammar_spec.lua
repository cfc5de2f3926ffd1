-- The process API grammar (lua/lunabgp/api) against a mock of the C verbs.
local H = require "api_helper"


describe("api announce/withdraw route", function()
	local m, run
	before_each(function() m, run = H.setup() end)

	it("announces with the configuration's attribute blob", function()
		local ok, r = run("announce route 1.1.0.0/24 next-hop 101.1.101.1")
		assert.is_true(ok); assert.is_true(r)
		assert.same({ "announce 1.1.0.0/24 pid=0 split=0 attrs=4003000465016501" }, m.calls)
	end)

	it("caches attribute text: one blob for many prefixes", function()
		for i = 1, 100 do
			assert.is_true((run("announce route 10.0." .. i .. ".0/24 next-hop 1.2.3.4 med 5")))
		end
		assert.equal(1, #m.blobs)
		assert.equal(100, #m.calls)
	end)

	it("withdraws with or without attributes (next-hop 0.0.0.0)", function()
		assert.is_true((run("withdraw route 1.1.0.0/24")))
		assert.is_true((run("withdraw route 1.1.0.0/25 next-hop 0.0.0.0")))
		assert.same({ "withdraw 1.1.0.0/24 pid=0 split=0", "withdraw 1.1.0.0/25 pid=0 split=0" }, m.calls)
	end)

	it("accepts every unicast attribute word", function()
		local ok, err = run("announce route 1.0.0.0/24 next-hop 1.2.3.4 origin egp as-path [ 1 2 ( 3 4 ) ] med 1 "
			.. "local-preference 2 atomic-aggregate aggregator ( 65000:1.2.3.4 ) community [ 1:2 no-export ] "
			.. "large-community [ 1:2:3 ] extended-community [ target:1:2 ] aigp 7 originator-id 1.1.1.1 "
			.. "cluster-list [ 2.2.2.2 ] path-information 9 attribute [ 0x63 0xC0 0x0102 ] name foo")
		assert.is_true(ok, err)
		assert.matches("pid=9", m.calls[1])
	end)

	it("splits", function()
		assert.is_true((run("announce route 1.0.0.0/21 next-hop 101.1.101.1 med 200 community [2:1] split /23")))
		assert.equal("announce 1.0.0.0/21 pid=0 split=23 attrs=400300046501650180040004000000C8C008000400020001", m.calls[1])
	end)

	it("next-hop self", function()
		assert.is_true((run("neighbor * announce route 10.0.0.1/32 next-hop self origin igp local-preference 100")))
		assert.matches("attrs=40010001004003000040050004", m.calls[2])
	end)

	it("needs a next-hop to announce", function()
		local ok, err = run("announce route 1.2.3.0/24 med 5")
		assert.is_false(ok); assert.matches("next%-hop missing", err)
		assert.same({}, m.calls)
	end)

	it("rejects a bad prefix and changes nothing", function()
		local ok, err = run("announce route 999.999.999.999/32 next-hop 1.1.1.1")
		assert.is_false(ok); assert.matches("invalid prefix", err)
		assert.same({}, m.calls)
	end)

	it("rejects an unknown attribute", function()
		local ok, err = run("announce route 1.0.0.0/24 next-hop 1.1.1.1 colour blue")
		assert.is_false(ok); assert.matches("unknown attribute 'colour'", err)
	end)

	it("announce ipv4|ipv6 unicast", function()
		assert.is_true((run("announce ipv4 unicast 10.0.1.0/24 next-hop 10.0.1.254 local-preference 200")))
		assert.is_true((run("withdraw ipv4 unicast 10.0.1.0/24 next-hop 10.0.1.254 local-preference 200")))
		assert.is_true((run("announce ipv6 unicast 2605::2/128 next-hop 2001::1")))
		local ok, err = run("announce ipv6 unicast 10.0.0.0/8 next-hop 2001::1")
		assert.is_false(ok); assert.matches("not an IPv6", err)
		ok, err = run("announce ipv4 sr-policy 10.0.1.0/24 next-hop 2001::1")
		assert.is_false(ok); assert.matches("distinguisher expected", err)   -- tests/spec/srpolicy_spec.lua
	end)

	it("announce attributes ... nlri", function()
		assert.is_true((run("announce attributes med 100 next-hop 101.1.101.1 nlri 1.0.0.1/32 1.0.0.2/32")))
		assert.equal(2, #m.calls)
		assert.is_true((run("neighbor 127.0.0.1 announce attributes path-information 1.2.3.4 next-hop 10.11.12.13 community [14:15] local-preference 16 nlri 16.17.18.19/32 20.21.22.23/32")))
		assert.matches("pid=16909060", m.calls[4])
		local ok = run("announce attributes next-hop 1.1.1.1 nlri 1.0.0.0/8 300.0.0.0/8")
		assert.is_false(ok)
		assert.equal(5, #m.calls) -- the select only: no prefix applied
	end)

	it("vpls without all its fields is refused", function()   -- flow: tests/spec/flow_spec.lua
		local ok, err = run("neighbor 127.0.0.1 announce vpls endpoint 5 base 10702")
		assert.is_false(ok); assert.matches("offset expected", err)
	end)   -- VPN routes: tests/spec/vpn_spec.lua
end)

describe("api selectors", function()
	local m, run
	before_each(function() m, run = H.setup() end)

	it("neighbor with qualifiers", function()
		assert.is_true((run("neighbor 127.0.0.1 local-as 1 peer-as 1 local-ip 127.0.0.1 router-id 1.2.3.4 announce route 1.6.0.0/21 next-hop 101.1.101.1")))
		assert.equal("select 1 127.0.0.1 127.0.0.1 1 1 1.2.3.4 nil", m.calls[1])
	end)

	it("comma-separated selectors are OR-ed", function()
		assert.is_true((run("neighbor 127.0.0.1 router-id 1.2.3.4, neighbor 127.0.0.1 announce route 1.1.0.0/25 next-hop 101.1.101.1")))
		assert.equal("select 1 127.0.0.1 nil -1 -1 1.2.3.4 nil", m.calls[1])
		assert.equal("select 0 127.0.0.1 nil -1 -1 nil nil", m.calls[2])
	end)

	it("unusual white space and family-allowed", function()
		assert.is_true((run("announce                                                                              route 1.0.0.0/24 next-hop 101.1.101.1 med 200 community [2:1]")))
		assert.is_true((run("neighbor 127.0.0.1 local-as 1 family-allowed ipv4-unicast announce                    route 1.2.0.0/24 next-hop 101.1.101.1")))
		assert.equal("select 1 127.0.0.1 nil 1 -1 nil ipv4-unicast", m.calls[2])
		assert.is_true((run("\tneighbor\t127.0.0.1\tannounce\troute\t1.3.0.0/24\tnext-hop\t1.1.1.1")))
	end)

	it("v6 peer forms", function()
		assert.is_true((run("peer * announce route 10.0.0.1/32 next-hop self med 100")))
		assert.equal("select 1 * nil -1 -1 nil nil", m.calls[1])
		assert.is_true((run("peer [127.0.0.1, 127.0.0.2 local-as 5] withdraw route 10.0.0.1/32")))
		assert.equal("select 0 127.0.0.2 nil 5 -1 nil nil", m.calls[4])
	end)

	it("a bad ASN in a selector is an error", function()
		local ok, err = run("neighbor 127.0.0.1 local-as x announce route 1.0.0.0/8 next-hop 1.1.1.1")
		assert.is_false(ok); assert.matches("invalid local%-as", err)
	end)
end)

describe("api other commands", function()
	local m, run
	before_each(function() m, run = H.setup() end)

	it("eor, route-refresh, teardown", function()
		assert.is_true((run("announce eor")))
		assert.is_true((run("announce eor ipv6 unicast")))
		assert.is_true((run("announce route-refresh ipv4 unicast")))
		assert.is_true((run("neighbor 127.0.0.1 teardown 4")))
		assert.same({ "eor nil nil", "eor ipv6 unicast", "refresh ipv4 unicast", "select 1 127.0.0.1 nil -1 -1 nil nil", "teardown 4" }, m.calls)
		local ok, err = run("teardown x")
		assert.is_false(ok); assert.matches("invalid teardown code", err)
	end)

	it("watchdog", function()
		assert.is_true((run("announce watchdog dnsr")))
		assert.is_true((run("withdraw watchdog dnsr")))
		assert.same({ "announce watchdog dnsr", "withdraw watchdog dnsr" }, m.calls)
	end)

	it("adj-rib and show", function()
		assert.is_true((run("clear adj-rib out")))
		assert.is_true((run("flush adj-rib out")))
		assert.is_true((run("clear adj-rib in")))
		assert.is_true((run("show neighbor summary")))
		assert.is_true((run("show neighbor extensive json")))
		assert.is_true((run("show adj-rib out extensive")))
		assert.is_true((run("rib show in")))
		assert.is_true((run("rib clear out")))
		assert.same({ "clear out", "flush out", "clear in", "show neighbor 0 0", "show neighbor 1 1",
			"show rib 0 1 0", "show rib 1 0 0", "clear out" }, m.calls)
		assert.is_false((run("flush adj-rib in")))
		assert.is_false((run("clear adj-rib sideways")))
	end)

	it("acks", function()
		assert.is_true(select(2, run("enable-ack")))
		assert.is_true(select(2, run("disable-ack")))
		assert.is_false(select(2, run("silence-ack")))
		assert.is_true(select(2, run("session ack enable")))
		assert.same({ "ack 0", "ack 1", "ack 2", "ack 0" }, m.calls)
	end)

	it("daemon control writes a status line", function()
		assert.is_true(select(2, run("shutdown")))
		assert.is_true(select(2, run("daemon reload")))
		assert.is_true(select(2, run("restart")))
		assert.same({ "daemon 0", "daemon 1", "daemon 2" }, m.calls)
		assert.same({ "shutdown in progress", "reload in progress", "restart in progress" }, m.written)
	end)

	it("version, help, ping, status, comments", function()
		assert.is_true(select(2, run("version")))
		assert.is_true(select(2, run("help")))
		assert.is_true(select(2, run("ping")))
		assert.is_true(select(2, run("status")))
		assert.is_true(select(2, run("# a comment")))
		local text = table.concat(m.written, "\n")
		assert.matches("pong %x+%-", text)
		assert.matches("PID: %d+", text)
		assert.matches("UUID: ", text)
	end)

	it("unknown commands are errors", function()
		local ok, err = run("frobnicate now")
		assert.is_false(ok); assert.matches("unknown command 'frobnicate'", err)
		ok, err = run("announce nothing")
		assert.is_false(ok); assert.matches("unknown announce 'nothing'", err)
	end)

	it("create and delete neighbor", function()
		local ok, what, text = run("create neighbor 127.0.0.1 local-address 127.0.0.1 local-as 1 peer-as 1 router-id 1.2.3.4 api peer-lifecycle")
		assert.is_true(ok); assert.equal("create", what)
		assert.equal("neighbor 127.0.0.1 { local-address 127.0.0.1; local-as 1; peer-as 1; router-id 1.2.3.4; api { processes [ peer-lifecycle ]; } }\n", text)
		ok, what = run("peer create 127.0.0.2 local-as 1 peer-as 2 family ipv4 unicast")
		assert.is_true(ok); assert.equal("create", what)
		assert.is_true(select(2, run("delete neighbor 127.0.0.1")))
		assert.is_true(select(2, run("peer 127.0.0.1 delete")))
		local config = require "lunabgp.config"
		local cfg, errs = config.parse_string("process peer-lifecycle { run /bin/true; }\n" .. text, "t.conf", config.count_sink())
		assert.is_truthy(cfg, errs and errs[1])
		assert.equal(1, #cfg.neighbors)
	end)

	it("api version and group", function()
		assert.is_true(select(2, run("system api version 4", "p1")))
		assert.is_false((run("system api version 5", "p1")))
		-- the switch reaches C (the helper's answer and event format)
		assert.same({ "api version 4" }, m.calls)
		assert.is_true(select(2, run("system api version", "p1")))
		assert.equal("API version: 4", m.written[#m.written])
		m.calls = {}
		assert.is_true(select(2, run("group start", "p1")))
		assert.is_true(select(2, run("announce route 1.0.0.0/24 next-hop 1.1.1.1", "p1")))
		assert.same({}, m.calls)
		assert.is_true(select(2, run("group end", "p1")))
		assert.same({ "hold 1", "announce 1.0.0.0/24 pid=0 split=0 attrs=4003000401010101", "hold 0" }, m.calls)
	end)

	it("a group is all or nothing: a bad line rejects it whole, naming the line", function()
		m.calls = {}
		assert.is_true(select(2, run("group start", "p2")))
		run("announce route 1.0.0.0/24 next-hop 1.1.1.1", "p2")
		run("withdraw route 2.0.0.0/24", "p2")
		run("announce route 10.0.0.300/24 next-hop 1.1.1.1", "p2")
		run("teardown 4", "p2")
		local ok, err = run("group end", "p2")
		assert.is_false(ok)
		assert.matches("group line 3", err)
		assert.matches("10.0.0.300", err)
		assert.same({}, m.calls)   -- nothing applied, nothing held
		-- the same group without the bad line is applied in order
		assert.is_true(select(2, run("group start", "p2")))
		run("announce route 1.0.0.0/24 next-hop 1.1.1.1", "p2")
		run("withdraw route 2.0.0.0/24", "p2")
		assert.is_true(select(2, run("group end", "p2")))
		assert.same({ "hold 1", "announce 1.0.0.0/24 pid=0 split=0 attrs=4003000401010101",
		              "withdraw 2.0.0.0/24 pid=0 split=0", "hold 0" }, m.calls)
	end)
end)
