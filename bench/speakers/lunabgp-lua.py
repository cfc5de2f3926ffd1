"""Adapter: lunabgp with a Lua import policy (docs/lua.md), for the kit in
../shared/bench (load it with BENCH_SPEAKERS=$PWD/bench/speakers).

receive: the blast peer's routes go through `import reject_long tag lp count;`
  reject_long  rejects /25 and longer
  tag          adds community 65000:1 when the AS path contains 65001
               (bgpblast's AS: every route gets it, so every route is edited)
  lp           local-pref 200 for the peer 127.0.1.1
  count        counts accepted routes; at N writes the kit's rx_done stamp
               '<CLOCK_MONOTONIC seconds> <count>' (lunabgp.stamp: tmp + rename)
  bogons       (not in the default chain; BENCH_LUA_CHAIN='bogons reject_long
               tag lp count') rejects routes in a 6,007-entry prefix set
               (lunabgp.prefix_set) that none of the blast's routes is in
No API helper process, no JSON: the figure is decode + policy + Adj-RIB-In.

api-inject: an event script (docs/lua.md) waits for the sink's `up`, writes
  the kit's inject_start stamp (stamp(): CLOCK_MONOTONIC, tmp + rename) and
  announces the N /24s (1.0.0.0 + i*256, next hop ctx.next_hop) through the
  API's `announce attributes next-hop NH nlri P1 ... Pk` verb, BENCH_LUA_BATCH
  (default 1000) prefixes a command, sleep(0) every few batches so the loop
  (keepalives, the sink's socket) runs.  No helper process, no pipe.
The binary: $LUNABGP, else ./build/lunabgp, else lunabgp on PATH.
"""
import os
import shutil
import subprocess
import sys

import bgpbench as B


def binary():
    for cand in (os.environ.get('LUNABGP'), os.path.join(os.getcwd(), 'build', 'lunabgp'),
                 shutil.which('lunabgp')):
        if cand and os.access(cand, os.X_OK):
            return os.path.abspath(cand)
    return 'lunabgp'


POLICY = '''lua {
	function reject_long(r)
		if r:plen() > 24 then r:reject() end
	end
	function tag(r)
		if r:aspath_has(65001) then r:add_community(65000, 1) end
	end
	function lp(r)
		if r:peer() == "127.0.1.1" then r:set_local_pref(200) end
	end
	local n, target, done = 0, %d, "%s"
	function count(r)
		n = n + 1
		if n == target then lunabgp.stamp(done, n) end
	end
}
'''


# Only with 'bogons' in BENCH_LUA_CHAIN, so the default run is unchanged.
BOGONS = '''lua {
	-- a prefix set of 6,000 entries (/16, /20 le 24, /24) none of which covers
	-- the blast's 1.0.0.0-16.x /24s: every route is looked up and misses
	local list = { "0.0.0.0/8 le 32", "127.0.0.0/8 le 32", "169.254.0.0/16 le 32",
		"172.16.0.0/12 le 32", "192.168.0.0/16 le 32", "224.0.0.0/3 le 32", "100.64.0.0/10 le 32" }
	for i = 0, 5999 do
		local a, b = 20 + math.floor(i / 250), i % 250
		local k = i % 3
		list[#list + 1] = k == 0 and (a .. "." .. b .. ".0.0/16")
			or k == 1 and (a .. "." .. b .. ".16.0/20 le 24") or (a .. "." .. b .. ".1.0/24")
	end
	local BOGONS = lunabgp.prefix_set(list)
	function bogons(r)
		if BOGONS:match(r) then r:reject() end
	end
}
'''


INJECT = '''script inject {
	local N, NH, START, SINK, B = %d, "%s", "%s", "%s", %d
	local format, concat, floor = string.format, table.concat, math.floor
	on("state", function(peer, state)
		if state ~= "up" or peer ~= SINK then return end
		stamp(START, N)
		local head = "announce attributes next-hop " .. NH .. " nlri "
		local t = {}
		for i = 0, N - 1, B do
			local k = 0
			for j = i, math.min(N, i + B) - 1 do
				local a = 256 + j            -- (1.0.0.0 + j*256) >> 8
				k = k + 1
				t[k] = format("%%d.%%d.%%d.0/24", floor(a / 65536), floor(a / 256) %% 256, a %% 256)
			end
			for x = k + 1, #t do t[x] = nil end
			api(head .. concat(t, " "))
			if (i / B) %% 20 == 19 then sleep(0) end
		end
		log("injected " .. N .. " routes")
	end)
}
'''


def config(ctx):
    out = []
    if ctx.workload == 'receive':
        out.append(POLICY % (ctx.extra['rx_target'], ctx.path('rx_done')))
        if 'bogons' in os.environ.get('BENCH_LUA_CHAIN', '').split():
            out.append(BOGONS)
    if ctx.workload == 'api-inject':
        sink = ctx.sinks[0]
        out.append(INJECT % (ctx.inject, ctx.next_hop, ctx.path('inject_start'), sink.addr,
                             int(os.environ.get('BENCH_LUA_BATCH', '1000'))))
    for p in ctx.peers:
        out.append('neighbor %s {\n  router-id %s;\n  local-address %s;\n  local-as %d;\n'
                   '  peer-as %d;\n  hold-time %d;\n  passive;\n  family { ipv4 unicast; }\n' % (
                       p.addr, ctx.router_id, ctx.addr, ctx.asn, p.asn, ctx.hold))
        if p.role == 'blast' and ctx.workload == 'receive':
            # BENCH_LUA_CHAIN='count' measures the floor (one trivial function)
            out.append('  import %s;\n' % os.environ.get('BENCH_LUA_CHAIN', 'reject_long tag lp count'))
        if p.role == 'sink' and ctx.originate:
            out.append('  static {\n')
            out.extend('    route %s next-hop %s;\n' % (pfx, ctx.next_hop) for pfx in B.v4_prefixes(ctx.originate))
            out.append('  }\n')
        out.append('}\n')
    ctx.write('lunabgp.conf', ''.join(out))


def start(ctx):
    return [binary(), '--control', 'none', ctx.path('lunabgp.conf')]


def env(ctx):
    return {
        'exabgp_tcp_bind': ctx.addr,
        'exabgp_tcp_port': str(ctx.port),
        'exabgp_daemon_daemonize': 'false',
        'exabgp_log_level': 'WARNING',
    }


def version():
    try:
        out = subprocess.run([binary(), '--version'], capture_output=True, text=True, timeout=10)
        return ((out.stdout or out.stderr).strip().splitlines()[0]) + ' (Lua import policy)'
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return 'lunabgp ?'


B.adapter('lunabgp-lua', config, start, env=env, version=version, rx_push=True, inject_push=True,
          workloads={'receive', 'originate', 'api-inject'})
