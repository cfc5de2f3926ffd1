#!/usr/bin/env luajit
-- Reactive helper of ExaBGP's api-rr test (../shared/conformance/exabgp/api/api-rr.script.txt):
-- announce two routes, ask for a ROUTE-REFRESH, check the speaker's JSON
-- reports of the two UPDATEs the test peer replays, then announce a third.
package.path = arg[0]:match("^(.*)/[^/]*$") .. "/?.lua;" .. package.path
local io_ = require "lineio"
local POISON = "announce route 255.255.255.255/32 next-hop 255.255.255.255"

local function step(cmd)
	io_.send(cmd)
	io_.sleep(0.2)
	local line = io_.readline(5)
	if not line or not line:find("done", 1, true) then
		io_.send(POISON)
		os.exit(1)
	end
end

io_.sleep(0.2)
step("announce route 192.168.0.0/32 next-hop 10.0.0.0")
step("announce route 192.168.0.1/32 next-hop 10.0.0.1")
step("announce route-refresh ipv4 unicast")
local a = io_.readline(5) or ""
local b = io_.readline(5) or ""
if a:find('"nlri": "192.168.0.0/32"', 1, true) and b:find('"nlri": "192.168.0.1/32"', 1, true) then
	io_.send("announce route 192.168.0.2/32 next-hop 10.0.0.1")
else
	io_.send(POISON)
end
for _ = 1, 15 do
	local line, why = io_.readline(1)
	if why == "eof" or (line and (line == "" or line:find("shutdown", 1, true))) then break end
end
