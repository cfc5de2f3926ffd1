-- OPERATIONAL messages (ExaBGP's draft-ietf-idr-operational-message):
-- the neighbor's `operational { }` block and `capability { operational; }`
-- (lua/lunabgp/config), and `announce operational ...` (lua/lunabgp/api).
package.path = "tests/spec/?.lua;" .. package.path
local C = require "config_helper"
local A = require "api_helper"

describe("config operational", function()
	it("capability { operational; } and its enable/disable forms", function()
		local cfg = assert(C.parse(C.neighbor("capability { operational; }")))
		assert.is_true(cfg.neighbors[1].capability.operational)
		cfg = assert(C.parse(C.neighbor("capability { operational enable; }")))
		assert.is_true(cfg.neighbors[1].capability.operational)
		cfg = assert(C.parse(C.neighbor("capability { operational disable; }")))
		assert.is_false(cfg.neighbors[1].capability.operational)
		cfg = assert(C.parse(C.neighbor("")))
		assert.is_false(cfg.neighbors[1].capability.operational)
	end)

	it("ExaBGP's operational section (qa/self/operational)", function()
		local cfg, errs = C.parse(C.neighbor([[
  capability { operational; }
  operational {
    asm afi ipv4 safi unicast advisory 'Thank you for peering, noc email is noc@isp.com';
    adm afi ipv6 safi unicast advisory "two  spaces # not a comment";
    rpcq afi ipv4 safi unicast sequence 1;
    RPCP AFI ipv4 SAFI unicast sequence 1 counter 4294967295;
    lpcq router-id 10.0.0.1 afi ipv4 safi flow sequence 7;
  }]]))
		assert.is_nil(errs)
		local ops = cfg.neighbors[1].operational
		assert.equal(5, #ops)
		assert.same({ what = "asm", afi = "ipv4", safi = "unicast",
			advisory = "Thank you for peering, noc email is noc@isp.com" }, ops[1])
		assert.equal("two  spaces # not a comment", ops[2].advisory)
		assert.same({ what = "rpcq", afi = "ipv4", safi = "unicast", sequence = 1 }, ops[3])
		assert.same({ what = "rpcp", afi = "ipv4", safi = "unicast", sequence = 1, counter = 4294967295 }, ops[4])
		assert.same({ what = "lpcq", afi = "ipv4", safi = "flow", sequence = 7, router_id = "10.0.0.1" }, ops[5])
	end)

	local function err_of(body)
		local cfg, errs = C.parse(C.neighbor("operational {\n" .. body .. "\n}"))
		assert.is_nil(cfg)
		return errs[1]
	end

	it("reports bad statements as file:line:col", function()
		-- the neighbor header takes 5 lines, `operational {` is line 6
		assert.equal("t.conf:7:1: unknown operational message 'nop' (asm, adm, rpcq, rpcp, apcq, apcp, lpcq or lpcp)",
			err_of("nop afi ipv4 safi unicast;"))
		assert.equal("t.conf:7:15: operational rpcq: 'safi' expected, not 'sequence'",
			err_of("rpcq afi ipv4 sequence 1 safi unicast;"))
		assert.equal("t.conf:7:10: operational rpcq: unknown AFI 'ipv5'", err_of("rpcq afi ipv5 safi unicast sequence 1;"))
		assert.equal("t.conf:7:20: operational rpcq: unknown SAFI 'anycast'",
			err_of("rpcq afi ipv4 safi anycast sequence 1;"))
		assert.equal("t.conf:7:47: operational rpcp: counter must be a number in 0..4294967295, not '4294967296'",
			err_of("rpcp afi ipv4 safi unicast sequence 1 counter 4294967296;"))
		assert.equal("t.conf:7:20: operational rpcp: missing sequence, counter", err_of("rpcp afi ipv4 safi unicast;"))
		assert.equal("t.conf:7:27: operational adm: value expected after 'advisory'",
			err_of("adm afi ipv4 safi unicast advisory;"))
		assert.equal("t.conf:7:39: operational lpcq: unexpected 'extra'",
			err_of("lpcq afi ipv4 safi unicast sequence 1 extra 2;"))
		assert.equal("t.conf:7:15: operational asm: invalid router-id '1.2.3'",
			err_of("asm router-id 1.2.3 afi ipv4 safi unicast advisory x;"))
		assert.matches("advisory of 2051 bytes", err_of("asm afi ipv4 safi unicast advisory " .. ("x"):rep(2051) .. ";"))
		assert.is_nil(select(2, C.parse(C.neighbor("operational { asm afi ipv4 safi unicast advisory "
			.. ("x"):rep(2050) .. "; }"))))
	end)
end)

describe("api announce operational", function()
	local m, run
	before_each(function()
		m, run = A.setup()
		m.lb_api_operational = function(what, afi, safi, rid, seq, counter, adv, len)
			m.calls[#m.calls + 1] = table.concat({ what, afi, safi, tostring(rid), tostring(seq), tostring(counter),
				tostring(adv), tostring(len) }, "|")
			return 0
		end
	end)

	it("sends every kind with ExaBGP's syntax", function()
		assert.is_true((run('announce operational adm afi ipv4 safi unicast advisory "this is dynamic message #1"')))
		assert.is_true((run("announce operational asm afi ipv4 safi unicast advisory 'we SHOULD not send asm'")))
		assert.is_true((run("announce operational rpcq afi ipv4 safi unicast sequence 1")))
		assert.is_true((run("announce operational rpcp afi ipv4 safi unicast sequence 1 counter 200")))
		assert.is_true((run("announce operational apcq afi ipv6 safi unicast sequence 2")))
		assert.is_true((run("announce operational apcp afi ipv4 safi unicast sequence 2 counter 150")))
		assert.is_true((run("announce operational lpcq afi ipv4 safi unicast sequence 3 router-id 9.9.9.9")))
		assert.is_true((run("announce operational lpcp afi ipv4 safi unicast sequence 3 counter 250")))
		assert.same({
			"adm|ipv4|unicast|nil|0|0|this is dynamic message #1|26",
			"asm|ipv4|unicast|nil|0|0|we SHOULD not send asm|22",
			"rpcq|ipv4|unicast|nil|1|0|nil|0",
			"rpcp|ipv4|unicast|nil|1|200|nil|0",
			"apcq|ipv6|unicast|nil|2|0|nil|0",
			"apcp|ipv4|unicast|nil|2|150|nil|0",
			"lpcq|ipv4|unicast|9.9.9.9|3|0|nil|0",
			"lpcp|ipv4|unicast|nil|3|250|nil|0",
		}, m.calls)
	end)

	it("goes to the selected neighbors (v4 and v6 forms)", function()
		assert.is_true((run("neighbor 127.0.0.2 announce operational rpcq afi ipv4 safi unicast sequence 5")))
		assert.is_true((run("peer 127.0.0.3 announce operational rpcq afi ipv4 safi unicast sequence 6")))
		assert.same({
			"select 1 127.0.0.2 nil -1 -1 nil nil", "rpcq|ipv4|unicast|nil|5|0|nil|0",
			"select 1 127.0.0.3 nil -1 -1 nil nil", "rpcq|ipv4|unicast|nil|6|0|nil|0",
		}, m.calls)
	end)

	it("answers error on bad syntax and sends nothing", function()
		local function bad(line, pat)
			local ok, err = run(line)
			assert.is_false(ok, line)
			assert.matches(pat, err)
		end
		bad("announce operational", "operational message expected")
		bad("announce operational ns afi ipv4 safi unicast", "unknown operational message 'ns'")
		bad("announce operational rpcq afi ipv4 safi unicast", "missing sequence")
		bad("announce operational rpcq afi ipv4 safi unicast sequence x", "sequence must be a number")
		bad("announce operational rpcq safi unicast afi ipv4 sequence 1", "'afi' expected, not 'safi'")
		bad('announce operational adm afi ipv4 safi unicast advisory "unterminated', "cannot parse")
		bad("withdraw operational rpcq afi ipv4 safi unicast sequence 1", "can only be announced")
		assert.same({}, m.calls)
	end)

	it("is not sent during a group's dry run, only when the group is applied", function()
		assert.is_true((run("group start")))
		assert.is_true((run("announce operational rpcq afi ipv4 safi unicast sequence 1")))
		assert.same({}, m.calls)
		assert.is_true((run("group end")))
		assert.same({ "hold 1", "rpcq|ipv4|unicast|nil|1|0|nil|0", "hold 0" }, m.calls)
	end)
end)
