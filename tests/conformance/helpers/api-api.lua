#!/usr/bin/env luajit
-- Reactive helpers of ExaBGP's api-api test (api-api.script.txt); the first
-- argument names the process: expecting-a-keepalive or expecting-no-data.
package.path = arg[0]:match("^(.*)/[^/]*$") .. "/?.lua;" .. package.path
local io_ = require "lineio"
local POISON = "announce route 6.6.6.0/24 next-hop 9.9.9.9"
local which = arg[1] or "expecting-a-keepalive"

if which == "expecting-no-data" then
	local line = io_.readline(60)
	if not line or line:find("shutdown", 1, true) then
		io_.sleep(line and 3 or 0)
		os.exit(0)
	end
	io_.send(POISON)
	io_.wait_for("done", 2)
	io_.wait_for("shutdown", 5)
	os.exit(0)
end

local deadline = io_.now() + 60
while io_.now() < deadline do
	local line, why = io_.readline(deadline - io_.now())
	if not line then os.exit(why == "eof" and 0 or 1) end
	if line:find("shutdown", 1, true) then os.exit(1)
	elseif line:find("done", 1, true) or line:find("eor", 1, true) or line:find("keepalive", 1, true) then
		-- acknowledgement, End-of-RIB or keepalive report: ignored
	elseif line:find("0.0.0.0/32", 1, true) then
		io_.sleep(2)
		io_.send("announce route 6.6.6.0/24 next-hop 1.1.1.1")
		io_.wait_for("done", 2)
	else
		io_.send(POISON)
		io_.wait_for("done", 2)
		io_.sleep(3)
		os.exit(1)
	end
end
